"""A whole workbook read: which sheets hold a power list, which hold its responsibility list (责任清单,
joined to the powers by code, name or 序号), and which hold only notes; the result is the unit's
powers and a ledger that accounts for every typed cell of every sheet.
"""

from __future__ import annotations

import re

from .cards import is_card_sheet, read_cards
from .citations import Library
from .rows import Imported, Reader, _Row, finish, slot
from .sheets import Sheet, ref
from .tables import Table, find_table, row_kind

DUTY_KEYS = {"responsibilities", "accountability"}
POWER_KEYS = {"basis", "category", "legal_limit", "promised_limit", "fee", "sub_items"}


# the power fields a table's column keys fill: what a new edition may replace in the unit's file
FIELDS_OF = {"category": ("category",), "name": ("name",), "sub_items": ("sub_items",), "basis": ("basis",),
             "responsibilities": ("responsibilities",), "accountability": ("accountability",),
             "office": ("office",), "exercise_level": ("exercise_level",),
             "legal_limit": ("legal_limit", "limit_unit"), "promised_limit": ("promised_limit", "limit_unit"),
             "fee": ("fee", "fee_basis"), "fee_basis": ("fee_basis",), "phone": ("phone",),
             "complaint_phone": ("complaint_phone",), "address": ("address",), "office_hours": ("office_hours",),
             "result": ("result",), "remarks": ("remarks",), "audience": ("audience",)}


def columns_of(out: Imported) -> set[str]:
    """The power fields the workbook's columns cover (a card layout: the labels it uses)."""
    keys = {c.key for t in out.tables for c in t.columns if c.key}
    return {f for k in keys for f in FIELDS_OF.get(k, ())} | {"name", "category"}


def is_duty_table(table: Table) -> bool:
    """A 责任清单 sheet: responsibilities or accountability, and nothing that only a power list has."""
    keys = table.keys()
    return bool(keys & DUTY_KEYS) and not (keys & POWER_KEYS)


def import_workbook(sheets: list[Sheet], unit_name: str, library: Library, taken: set[str] = frozenset(),
                    header_rows: int | None = None, known: dict[str, str] | None = None) -> Imported:
    out = Imported()
    reader = Reader(unit_name, library, out)
    tables, duty_tables, cards = [], [], []
    for sheet in sheets:
        table = find_table(sheet, header_rows)
        if (table is None or "name" not in table.keys()) and is_card_sheet(sheet):
            cards.append(sheet)
            continue
        if table is None:
            for r, c in sheet.typed_cells():
                out.unit_notes.append(f"{sheet.name}!{ref(r, c)}: {sheet.text(r, c)}")
                out.ledger.add(sheet.name, r, c, sheet.text(r, c), "ignored", "单位的内部备注",
                               "这张工作表没有可识别的表头（如 填表说明）")
            continue
        tables.append(table)
    powers_seen = any(not is_duty_table(t) for t in tables)
    for table in tables:
        if powers_seen and is_duty_table(table):
            duty_tables.append(table)
        else:
            reader.read_table(table)
    for sheet in cards:
        read_cards(reader, sheet)
    for table in duty_tables:
        _join(reader, table)
    finish(out, set(taken), known)
    return out


def _key(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def _join(reader: Reader, table: Table) -> None:
    """Give each row of a 责任清单 sheet to the power it names: by code, else by name, else by 序号."""
    out, sheet = reader.out, table.sheet
    out.tables.append(table)
    by_code = {_key(p["code"]): p for p in out.powers if p.get("code")}
    by_name = {}
    for p in out.powers:
        by_name.setdefault(_key(p["name"]), p)
        by_name.setdefault(_key(p["_main"]), p)
    by_index = {_key(p["_index"]): p for p in out.powers if p.get("_index")}
    for r in range(table.header.start):
        reader.mark_row(sheet, r, "layout", "标题")
    reader.headers(table)
    previous = None
    for r in range(table.header.stop, len(sheet.rows)):
        kind = row_kind(table, r)
        if kind == "blank":
            continue
        if kind == "header":
            reader.mark_row(sheet, r, "layout", "重复的表头")
            continue
        if kind != "data":
            reader.note_row(sheet, r)
            continue
        row = reader._row(table, r, previous)
        previous = row
        v = row.values
        power = (by_code.get(_key(v.get("code", ""))) or by_name.get(_key(v.get("name", "")))
                 or by_index.get(_key(v.get("index", ""))))
        how = ("事项编码" if v.get("code") and by_code.get(_key(v["code"])) is power else
               "事项名称" if v.get("name") and by_name.get(_key(v["name"])) is power else "序号")
        reader.keep_notes(row, power)
        if power is None:
            reader._orphan(table, row, "责任清单的这一行在权力清单中找不到对应的事项（按编码、名称、序号）")
            continue
        for column in table.columns:
            key = slot(table, column)
            if key not in v or not sheet.typed(*row.where[key]):
                continue
            text, (rr, cc) = v[key], row.where[key]
            if key in ("code", "name", "index", "sub_items"):
                out.ledger.add(sheet.name, rr, cc, text, "layout", f"对应事项「{power['name']}」（按{how}）")
            elif key in power["_values"] and power["_values"][key] != text:
                reader._extra(power, table, _Row(sheet, r, {key: text}, {key: (rr, cc)}),
                              "责任清单中的值与权力清单不同")
            elif key in power["_values"]:
                out.ledger.add(sheet.name, rr, cc, text, "imported", f"事项「{power['name']}」（与权力清单相同）")
            else:
                reader._apply(power, column, key, text, row)
