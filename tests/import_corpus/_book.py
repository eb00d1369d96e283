"""Small helpers the layout builders share: a workbook without its default sheet, cells written with
wrapping on, merged ranges written as the office merged them. Not a layout (not in LAYOUTS)."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.worksheet.worksheet import Worksheet

WRAP = Alignment(wrap_text=True, vertical="center")


def new_book() -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    return wb


def put(ws: Worksheet, ref: str, value, to: str | None = None) -> None:
    """Write value at ref; with to, merge ref:to (the value stays in the top-left cell)."""
    ws[ref] = value
    ws[ref].alignment = WRAP
    if to:
        ws.merge_cells(f"{ref}:{to}")


def row(ws: Worksheet, r: int, values: list, first_col: int = 1) -> None:
    """Write one row from first_col on; None leaves a cell empty."""
    for i, v in enumerate(values):
        if v is not None:
            c = ws.cell(row=r, column=first_col + i, value=v)
            c.alignment = WRAP
