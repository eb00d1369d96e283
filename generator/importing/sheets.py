"""The workbook's cells: each sheet's texts row by row, merged ranges filled, and where each value
came from, so that every non-empty cell the clerk typed can be accounted for once.

A workbook is refused before it is unpacked when it is larger than any power list (``TooLarge``).
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import iterparse

# What a real power list needs, many times over (a province's list has a few thousand rows and some
# twenty columns); a file beyond these is refused before it is opened, so that no workbook can take
# the machine's memory or time: a 5 KB file can declare a merged range of 17 billion cells, and a 300 KB
# zip can unpack to 300 MB.
MAX_UNPACKED = 32 * 1024 * 1024  # bytes of all the parts of the .xlsx unpacked (a county list: 1-5 MB)
MAX_PARTS = 2_000
MAX_ROWS = 50_000
MAX_COLUMNS = 200


class TooLarge(Exception):
    """The workbook is larger than any power list; the message says what and how to fix it."""


class SheetMissing(Exception):
    """``--sheet`` names a sheet the workbook does not have: args (name, the sheet names)."""


@dataclass
class Sheet:
    """One worksheet. ``rows[r][c]`` is the text at 0-based (r, c), a merged range's value copied to
    every cell it covers; ``origin`` maps a covered cell to the range's top-left cell (only cells
    that are copies appear in it)."""

    name: str
    rows: list[list[str]]
    origin: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    spans: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)  # top-left -> (rows, cols)
    # cells Excel holds as a number or a date, not as text: a code typed as a number lost its leading
    # zeros, and 5-10 typed into a cell may have become a date, before the file reached us
    kinds: dict[tuple[int, int], str] = field(default_factory=dict)  # (r, c) -> "number" | "padded" | "date"

    def kind(self, r: int, c: int) -> str | None:
        return self.kinds.get(self.source(r, c))

    def text(self, r: int, c: int) -> str:
        return self.rows[r][c] if r < len(self.rows) and c < len(self.rows[r]) else ""

    def typed(self, r: int, c: int) -> bool:
        """Whether (r, c) holds a value the clerk typed there (not a merged copy), and it is not empty."""
        return bool(self.text(r, c)) and (r, c) not in self.origin

    def source(self, r: int, c: int) -> tuple[int, int]:
        return self.origin.get((r, c), (r, c))

    def typed_in(self, r: int) -> list[tuple[int, str]]:
        """(c, text) of every non-empty typed cell of row ``r``, left to right."""
        return [(c, self.text(r, c)) for c in range(self.width) if self.typed(r, c)]

    def typed_cells(self):
        """(r, c) of every non-empty typed cell, in reading order."""
        for r, row in enumerate(self.rows):
            for c, value in enumerate(row):
                if value and (r, c) not in self.origin:
                    yield r, c

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)


def ref(r: int, c: int) -> str:
    """The A1 name of 0-based (r, c)."""
    letters, n = "", c + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{r + 1}"


def check_package(path: Path) -> None:
    """Refuse a workbook larger than MAX_* before openpyxl unpacks it (TooLarge), reading the zip's
    directory and streaming each sheet's XML once; zipfile.BadZipFile for a file that is no zip."""
    with zipfile.ZipFile(path) as package:
        parts = package.infolist()
        unpacked = sum(p.file_size for p in parts)
        if len(parts) > MAX_PARTS or unpacked > MAX_UNPACKED:
            raise TooLarge(f"解压后 {unpacked / 2**20:,.0f} MB、{len(parts):,} 个部件，超过导入上限 "
                           f"({MAX_UNPACKED // 2**20} MB、{MAX_PARTS:,} 个); 请另存为只含权力清单的工作簿")
        cell = re.compile(r"([A-Z]{1,3})(\d+)$")
        for part in parts:
            if not (part.filename.startswith("xl/worksheets/") and part.filename.endswith(".xml")):
                continue
            with package.open(part) as stream:  # the sizes the directory claims are checked as it unpacks
                for _, element in iterparse(stream):
                    tag = element.tag.rsplit("}", 1)[-1]
                    if tag in ("c", "mergeCell"):
                        for name in (element.get("r") or element.get("ref") or "").split(":"):
                            m = cell.match(name)
                            if m and (int(m.group(2)) > MAX_ROWS or _column(m.group(1)) > MAX_COLUMNS):
                                raise TooLarge(f"工作表 {part.filename} 用到了单元格 {name}，超过导入上限 "
                                               f"({MAX_ROWS:,} 行、{MAX_COLUMNS} 列);"
                                               " 请删除多余的行列和合并单元格后重试")
                    if tag in ("row", "mergeCell"):
                        element.clear()


def _column(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def read_workbook(path: Path, names: list[str] | None = None) -> list[Sheet]:
    """The workbook's visible sheets (or the ``names`` asked for, in that order)."""
    import openpyxl

    check_package(path)
    book = openpyxl.load_workbook(path, data_only=True)
    formulas = openpyxl.load_workbook(path, data_only=False)
    if names:
        missing = [n for n in names if n not in book.sheetnames]
        if missing:
            raise SheetMissing(missing[0], book.sheetnames)
        chosen = [book[n] for n in names]
    else:
        chosen = [ws for ws in book.worksheets if ws.sheet_state == "visible"]
    return [_sheet(ws, formulas[ws.title]) for ws in chosen]


def _sheet(ws, formulas) -> Sheet:
    rows, kinds = [], {}
    for r, row in enumerate(ws.iter_rows()):
        texts = []
        for c, cell in enumerate(row):
            kind = _kind(cell)
            if kind:
                kinds[(r, c)] = kind
            texts.append(_text(cell.value, cell.number_format if kind == "padded" else None))
        rows.append(texts)
    for r, row in enumerate(formulas.iter_rows()):  # a formula never calculated has no cached value
        for c, cell in enumerate(row):
            if r < len(rows) and c < len(rows[r]) and not rows[r][c] \
                    and isinstance(cell.value, str) and cell.value.startswith("="):
                rows[r][c] = cell.value
    width = max((len(r) for r in rows), default=0)
    for row in rows:
        row.extend([""] * (width - len(row)))
    sheet = Sheet(ws.title, rows, kinds=kinds)
    for merged in sorted(ws.merged_cells.ranges, key=lambda m: (m.min_row, m.min_col)):
        top = (merged.min_row - 1, merged.min_col - 1)
        if top[0] >= len(rows) or top[1] >= width:
            continue
        sheet.spans[top] = (merged.max_row - merged.min_row + 1, merged.max_col - merged.min_col + 1)
        value = rows[top[0]][top[1]]
        for r in range(merged.min_row - 1, min(merged.max_row, len(rows))):
            for c in range(merged.min_col - 1, min(merged.max_col, width)):
                if (r, c) != top:
                    rows[r][c] = value
                    sheet.origin[(r, c)] = top
    return sheet


def _kind(cell) -> str | None:
    """What Excel holds in a cell when it is not text: "date", "number", or "padded" (a whole number
    shown zero-padded by its number format 0000000, so read as shown, nothing lost)."""
    value = cell.value
    if isinstance(value, (dt.date, dt.datetime)):
        return "date"
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return None
    padded = re.fullmatch(r"0{2,}", cell.number_format or "") and float(value).is_integer() and value >= 0
    return "padded" if padded else "number"


def _text(value, padding: str | None = None) -> str:
    """A cell's value as text; ``padding``: the number format a padded number is shown in."""
    if value is None:
        return ""
    if padding:
        return str(int(value)).zfill(len(padding))  # shown zero-padded (0430001): the code as read
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()
