"""Spreadsheets in and out (导入 / 导出): an office's existing power-list workbook read into catalogue
data with every non-empty cell accounted for, and the catalogue written back as a workbook that the
import reads again.

Stages, each a module: ``sheets`` (the workbook's cells, merged ranges and where each value came from)
→ ``tables`` (where the headers are, what each column holds, which rows belong together) → ``cells``
(the grammar of one cell: 同上, numbered lists, limits, fees, references to attachments) and
``levels`` (a cited source's level from its title or order number) → ``rows`` (powers as YAML-ready
data) with a ``ledger`` of every cell → ``report`` (text and an annotated copy of the workbook).
``canonical`` and ``merge`` hold the round trip: the layout ``powerlist export`` writes, and a new
edition merged into the YAML a project already has.
"""
