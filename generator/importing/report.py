"""The import report (导入报告): a text summary for the terminal, the whole ledger for a file, and an
annotated copy of the clerk's own workbook (``--report 导入报告.xlsx``): each typed cell coloured by
what happened to it and commented with where it went, a status column beside each table, and two
sheets in front, the summary and the ledger, so the clerk reviews the import in Excel or WPS.
"""

from __future__ import annotations

import io
from pathlib import Path

from .citations import Library
from .ledger import STATUS_TEXT, Ledger
from .rows import FIELD_NAME, Imported

FILLS = {"imported": "C6EFCE", "normalised": "DDEBF7", "split": "DDEBF7", "copied": "DDEBF7",
         "review": "FFC7CE", "internal": "FFEB9C", "ignored": "D9D9D9"}  # layout cells keep their own look


def summary_lines(out: Imported, library: Library, source: str, target: str) -> list[str]:
    ledger = out.ledger
    counts = ledger.counts()
    subs = sum(len(p.get("sub_items", [])) for p in out.powers)
    lines = [f"导入 {source} → {target}",
             f"生成 {len(out.powers)} 项职权，子项 {subs} 个；"
             f"原表共 {sum(counts.values())} 个非空单元格，每一个的去向见下（逐格台账）"]
    lines.append("  " + "；".join(f"{STATUS_TEXT[s][0]} {n}" for s, n in counts.items() if n))
    for table in out.tables:
        rows = f"第 {table.header.start + 1} 行" if len(table.header) == 1 else \
            f"第 {table.header.start + 1}-{table.header.stop} 行"
        lines.append(f"工作表「{table.sheet.name}」：表头在{rows}"
                     + (f"，职权类型取自工作表名「{table.category}」" if table.category else ""))
        shown = set()
        for column in table.columns:
            if (column.label, column.key) in shown:  # a card layout repeats its labels in every card
                continue
            shown.add((column.label, column.key))
            where = FIELD_NAME.get(column.key, "序号") if column.key else "未识别（内容保留在内部备注中，不公开发布）"
            unit = f"（单位：{column.unit}）" if column.unit else ""
            lines.append(f"  {column.label} → {where}{unit}")
        lines += [f"  需核对：{p}" for p in table.problems]
    if library.new:
        lines.append(f"法律依据：新登记 {len(library.new)} 项（效力层级及其来由；推定的请核对）：")
        lines += [f"  《{s.title}》{s.level or '待核实'}：{s.reason}" for s in library.new]
    if out.generated_codes:
        lines.append(f"事项编码：{len(out.generated_codes)} 项原表没有编码，按类别字母 + 序号生成（可改为本地编码）：")
        lines += [f"  {g}" for g in out.generated_codes]
    review = ledger.review()
    if review:
        lines.append(f"需核对的单元格（{len(review)} 个）：")
        lines += [f"  {e.sheet}!{e.cell} 「{_short(e.text)}」：{e.note or e.target}（{e.target}）" for e in review]
    return lines


def ledger_lines(ledger: Ledger) -> list[str]:
    lines = ["逐格台账（工作表!单元格  状态  去向  说明  原文）："]
    for e in sorted(ledger.entries.values(), key=lambda e: (e.sheet, e.row, e.col)):
        lines.append(f"  {e.sheet}!{e.cell}\t{STATUS_TEXT[e.status][0]}\t{e.target}\t{e.note}\t{_short(e.text, 60)}")
    return lines


def _short(text: str, n: int = 30) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= n else flat[:n] + "…"


def annotated_workbook(original: Path, out: Imported, summary: list[str]) -> bytes:
    """The clerk's workbook, annotated: fills, comments and a status column; summary and ledger in front."""
    import openpyxl
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill

    book = openpyxl.load_workbook(original)
    ledger = out.ledger
    worst: dict[tuple[str, int], str] = {}
    order = list(STATUS_TEXT)
    for e in ledger.entries.values():
        ws = book[e.sheet]
        cell = ws.cell(row=e.row + 1, column=e.col + 1)
        word = STATUS_TEXT[e.status][0]
        comment = Comment(f"{word}: {e.target}" + (f"\n{e.note}" if e.note else ""), "powerlist")
        comment.width, comment.height = 320, 110
        cell.comment = comment
        if e.status in FILLS:
            cell.fill = PatternFill("solid", start_color=FILLS[e.status], end_color=FILLS[e.status])
        if e.status != "layout":
            key = (e.sheet, e.row)
            if key not in worst or order.index(e.status) > order.index(worst[key]):
                worst[key] = e.status
    for table in out.tables:
        ws = book[table.sheet.name]
        col = table.sheet.width + 1
        if table.header.stop:  # a card layout has no header row: the column goes unlabelled
            ws.cell(row=table.header.stop, column=col, value="导入状态").font = Font(bold=True)
        for (sheet, r), status in worst.items():
            if sheet == table.sheet.name and r >= table.header.stop:
                ws.cell(row=r + 1, column=col, value=STATUS_TEXT[status][0]).fill = PatternFill(
                    "solid", start_color=FILLS.get(status, "FFFFFF"), end_color=FILLS.get(status, "FFFFFF"))
        ws.column_dimensions[openpyxl.utils.get_column_letter(col)].width = 12
    front = book.create_sheet("导入报告", 0)
    front.column_dimensions["A"].width = 120
    for i, line in enumerate(summary, 1):
        front.cell(row=i, column=1, value=line).alignment = Alignment(wrap_text=False)
    front.cell(row=1, column=1).font = Font(bold=True, size=13)
    row = len(summary) + 2
    front.cell(row=row, column=1, value="颜色说明：").font = Font(bold=True)
    for status, (word, meaning) in STATUS_TEXT.items():
        row += 1
        c = front.cell(row=row, column=1, value=f"{word}: {meaning}")
        if status in FILLS:
            c.fill = PatternFill("solid", start_color=FILLS[status], end_color=FILLS[status])
    sheet = book.create_sheet("逐格台账", 1)
    sheet.append(["工作表", "单元格", "状态", "去向", "说明", "原文"])
    for c in sheet[1]:
        c.font = Font(bold=True)
    for e in sorted(ledger.entries.values(), key=lambda e: (e.sheet, e.row, e.col)):
        sheet.append([e.sheet, e.cell, STATUS_TEXT[e.status][0], e.target, e.note, e.text])
        for c in sheet[sheet.max_row]:  # long texts wrap within their column, for screen and paper
            c.alignment = Alignment(wrap_text=True, vertical="top")
        if e.status in FILLS:
            sheet.cell(row=sheet.max_row, column=3).fill = PatternFill(
                "solid", start_color=FILLS[e.status], end_color=FILLS[e.status])
    sheet.auto_filter.ref = f"A1:F{sheet.max_row}"
    sheet.freeze_panes = "A2"
    for letter, width in zip("ABCDEF", (14, 8, 10, 36, 50, 60)):
        sheet.column_dimensions[letter].width = width
    for ws in (front, sheet):  # printed for review meetings: landscape, one page wide
        ws.page_setup.orientation = "landscape"
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    book.active = 0
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
