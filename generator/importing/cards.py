"""Card layouts (卡片式): each power a block of rows, its name as the block's heading and then label |
value pairs (类别 | 行政检查, 实施主体 | 国土局 | 行使层级 | 本级保留 …), as some counties publish their
lists. Read into the same powers and ledger as a table, through the same field handlers.
"""

from __future__ import annotations

from .rows import Reader, _Row
from .sheets import Sheet
from .tables import Column, Table, header_key


def _pairs(sheet: Sheet, r: int) -> list[tuple[int, int | None]]:
    """(label column, value column or None) of row r when it is a label row: its first typed cell is
    a known label, and labels and values alternate."""
    cols = [c for c in range(sheet.width) if sheet.typed(r, c)]
    if not cols or header_key(sheet.text(r, cols[0])) is None:
        return []
    pairs, i = [], 0
    while i < len(cols):
        label = cols[i]
        if header_key(sheet.text(r, label)) is None:
            return []
        value = cols[i + 1] if i + 1 < len(cols) and header_key(sheet.text(r, cols[i + 1])) is None else None
        pairs.append((label, value))
        i += 2 if value is not None else 1
    return pairs


def is_card_sheet(sheet: Sheet) -> bool:
    labelled = [r for r in range(len(sheet.rows)) if _pairs(sheet, r)]
    return len(labelled) >= 3 and len({header_key(sheet.text(r, _pairs(sheet, r)[0][0])) for r in labelled}) >= 2


def _heading(sheet: Sheet, r: int) -> str | None:
    texts = {sheet.text(r, c) for c in range(sheet.width) if sheet.text(r, c)}
    typed = [c for c in range(sheet.width) if sheet.typed(r, c)]
    return sheet.text(r, typed[0]) if len(texts) == 1 and len(typed) == 1 and not _pairs(sheet, r) else None


def read_cards(reader: Reader, sheet: Sheet) -> None:
    out, ledger = reader.out, reader.ledger
    table = Table(sheet, range(0, 0), [])
    out.tables.append(table)
    rows = [r for r in range(len(sheet.rows)) if any(sheet.typed(r, c) for c in range(sheet.width))]
    power = None
    for i, r in enumerate(rows):
        pairs = _pairs(sheet, r)
        if not pairs:
            name = _heading(sheet, r)
            following = rows[i + 1] if i + 1 < len(rows) else None
            if name and following is not None and _pairs(sheet, following):  # a card's heading
                row = _Row(sheet, r, {"name": name}, {"name": (r, _first(sheet, r))})
                power = reader.new_power(name, name, row)
                ledger.add(sheet.name, r, _first(sheet, r), name, "imported", f"事项「{name}」的事项名称",
                           "卡片式：块标题是事项名称")
                continue
            reader.mark_row(sheet, r, "layout", "标题")
            continue
        for label, value in pairs:
            key = header_key(sheet.text(r, label))
            table.columns.append(Column(label, key, sheet.text(r, label), cells=[(r, label)]))
            ledger.add(sheet.name, r, label, sheet.text(r, label), "layout", f"卡片标签 → {key}")
            if value is None or power is None:
                continue
            text = sheet.text(r, value)
            row = _Row(sheet, r, {key: text}, {key: (r, value)})
            if key == "category":
                reader._category(power, None, row, None)
                power["_category"] = text
                continue
            column = Column(value, key, sheet.text(r, label))
            reader._apply(power, column, key, text, row)


def _first(sheet: Sheet, r: int) -> int:
    return next(c for c in range(sheet.width) if sheet.typed(r, c))
