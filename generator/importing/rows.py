"""A workbook's tables read into a unit's powers (YAML-ready dicts), recording every typed cell in the
ledger: where it went, what was normalised, split or copied, and what a person must look at.

What the importer does not understand is never published: it goes, with its sheet and cell, into
the power's (or the unit's) internal notes, which the site leaves out, and into the report.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

from ..model import Power
from ..vocabulary import CATEGORY_PREFIX
from . import cells
from .citations import Library
from .fields import FieldReaders, add_note
from .ledger import Ledger
from .sheets import Sheet, ref
from .tables import CATEGORIES, Column, Table, category_in, row_kind

FIELD_NAME = {"category": "职权类型", "name": "事项名称", "sub_items": "子项", "code": "事项编码", "basis": "实施依据",
              "responsibilities": "责任事项", "accountability": "追责情形", "office": "承办机构", "body": "实施主体",
              "exercise_level": "行使层级", "legal_limit": "法定时限", "promised_limit": "承诺时限", "fee": "收费标准",
              "fee_basis": "收费依据", "phone": "联系电话", "complaint_phone": "监督投诉电话", "address": "办理地点",
              "office_hours": "办理时间", "result": "办理结果", "remarks": "备注", "sub_code": "子项编码",
              "audience": "服务对象", "limit": "时限（未写明法定或承诺）", "index": "序号"}
SUB_ITEMS_IN_NAME = re.compile(r"[（(](新立|设立|延续|变更|注销|转让|新办|换证|补证)[)）]"
                              r"|(新立|设立|延续|变更|注销|转让)(、(新立|设立|延续|变更|注销|转让))+")
# the fields a sub-item row may repeat; a different value there is the sub-item's own, kept and asked
ONE_PER_POWER = ("office", "legal_limit", "promised_limit", "fee", "fee_basis", "phone", "complaint_phone",
                 "exercise_level", "address", "office_hours", "result")


@dataclass
class Imported:
    powers: list[dict] = field(default_factory=list)
    unit_notes: list[str] = field(default_factory=list)  # notes rows, rows that belong to no power
    ledger: Ledger = field(default_factory=Ledger)
    tables: list[Table] = field(default_factory=list)
    generated_codes: list[str] = field(default_factory=list)


@dataclass
class _Row:
    """One data row, its values by key after 同上 is resolved."""

    sheet: Sheet
    r: int
    values: dict[str, str]
    where: dict[str, tuple[int, int]]  # key -> the cell the value was typed in
    notes: list[str] = field(default_factory=list)  # cells kept for review (a 同上 with nothing to copy)


NUMBER_CODE = ("这一列的编码在 Excel 中是数字格式：以 0 开头的编码在输入时就丢了开头的 0，请核对各项编码；"
               "把单元格设为“文本”后重新输入可保留")


def _repeats(power: dict, key: str, text: str) -> bool:
    """Whether a row's value is the item's own again (its code, name, category or another field)."""
    if key in ("code", "sub_code"):
        return text == power.get("code")
    if key == "name":
        return text == power["_main"]
    return key == "index" or power["_values"].get(key) == text or (key == "category" and text == power["_category"])


def _sub_items(text: str) -> list[str]:
    """A 子项 cell's sub-items: one, or a numbered list (1.… 2.… 3.…, one cell) split into its items."""
    return [cells.unnumbered(item) for item in cells.items(text)[0]]


def _sub_power_name(main: str, sub: str) -> str:
    return sub if main in sub else f"{main}（{sub}）"


class Reader(FieldReaders):
    def __init__(self, unit_name: str, library: Library, out: Imported):
        self.unit_name, self.library, self.out = unit_name, library, out
        self.ledger = out.ledger
        self._last_index: dict[int, str] = {}
        self._number_codes: set[tuple[str, int]] = set()  # (sheet, column) of codes Excel holds as numbers

    # ------------------------------------------------------------------ tables

    def read_table(self, table: Table) -> None:
        sheet = table.sheet
        self.out.tables.append(table)
        for r in range(table.header.start):  # title rows
            for c, text in sheet.typed_in(r):
                if re.search(r"[（(｛{]\s*填写|填写.{0,8}[)）}｝]", text):
                    self.out.unit_notes.append(f"{sheet.name}!{ref(r, c)}: {text}")
                    self.ledger.add(sheet.name, r, c, text, "review", "单位的内部备注",
                                    "表格模板的占位文字，没有填写")
                else:
                    self.ledger.add(sheet.name, r, c, text, "layout", "标题")
        self.headers(table)
        category, previous, last_power = table.category, None, None
        for r in range(table.header.stop, len(sheet.rows)):
            kind = row_kind(table, r)
            if kind == "blank":
                continue
            if kind == "header":
                self.mark_row(sheet, r, "layout", "重复的表头")
                continue
            if kind == "notes":
                self.note_row(sheet, r)
                continue
            if kind == "section":
                for c, text in sheet.typed_in(r):
                    category = category_in(text) or category
                    self.ledger.add(sheet.name, r, c, text, "layout", "分类标题行",
                                    f"其下各行的职权类型：{category}" if category else "")
                continue
            row = self._row(table, r, previous)
            previous = row
            last_power = self._power_row(table, row, category, last_power)
            self.keep_notes(row, last_power)

    def mark_row(self, sheet: Sheet, r: int, status, target: str) -> None:
        """Every typed cell of row ``r`` into the ledger, all with one status (a title, a repeated header)."""
        for c, text in sheet.typed_in(r):
            self.ledger.add(sheet.name, r, c, text, status, target)

    def note_row(self, sheet: Sheet, r: int) -> None:
        """A notes row: kept, unpublished, in the unit's internal notes."""
        for c, text in sheet.typed_in(r):
            self.out.unit_notes.append(f"{sheet.name}!{ref(r, c)}: {text}")
            self.ledger.add(sheet.name, r, c, text, "ignored", "单位的内部备注（说明行）")

    def headers(self, table: Table) -> None:
        sheet = table.sheet
        for column in table.columns:
            for (r, c) in column.cells:
                text = sheet.text(r, c)
                if column.key:
                    target = f"表头 → {FIELD_NAME.get(column.key, column.key)}"
                elif column.context:
                    target = "表头 → 所属主项或子项（写入内部备注）"
                else:
                    target = "表头（未识别的列，内容不公开）"
                status = "review" if column.question else "layout" if column.key else "internal"
                self.ledger.add(sheet.name, r, c, text, status, target, column.question)

    def _row(self, table: Table, r: int, previous: _Row | None) -> _Row:
        sheet, values, where, notes = table.sheet, {}, {}, []
        for column in table.columns:
            text = sheet.text(r, column.index)
            if not text:
                continue
            key = slot(table, column)
            source = sheet.source(r, column.index)
            if cells.is_ditto(text) and (r, column.index) not in sheet.origin:
                above = previous.values.get(key) if previous else None
                if above and cells.is_reference(above):
                    self._unresolved(sheet, r, column, text, f"同上，但上一行这一列是「{above}」，不是内容", notes)
                    continue
                if above:
                    self.ledger.add(sheet.name, r, column.index, text, "copied",
                                    f"同「{column.label}」上一行", f"复制为：{above[:40]}")
                    text, source = above, previous.where[key]
                else:
                    why = ("同上，但上一行这一列没有内容（上一行是子项行，或也是未能复制的同上）：请写明"
                           if previous else "同上，但上面没有数据行")
                    self._unresolved(sheet, r, column, text, why, notes)
                    continue
            values[key], where[key] = text, source
        return _Row(sheet, r, values, where, notes)

    def _unresolved(self, sheet: Sheet, r: int, column: Column, text: str, why: str, notes: list[str]) -> None:
        """A 同上 that cannot be copied: kept, with its cell, for the power's internal notes, and asked."""
        notes.append(f"原表「{column.label}」（{sheet.name}!{ref(r, column.index)}）：{text}（{why}）")
        self.ledger.add(sheet.name, r, column.index, text, "review", "内部备注", why)

    def keep_notes(self, row: _Row, power: dict | None) -> None:
        """The row's cells kept for review into the power's internal notes (the unit's, without a power)."""
        for text in row.notes:
            if power is not None:
                add_note(power, text)
            else:
                self.out.unit_notes.append(text)

    # ------------------------------------------------------------------ one row

    def _power_row(self, table: Table, row: _Row, category: str | None, last: dict | None) -> dict | None:
        v = row.values
        name, sub = v.get("name", ""), v.get("sub_items", "")
        name_typed = "name" in row.where and row.where["name"] == (row.r, table.column("name").index) \
            if table.column("name") else False
        # a code of its own on a row of the item above (its name repeated or merged): a sub-item that is a
        # power of its own; a row with a name of its own starts an item, whose code it is
        own_code = v.get("sub_code") or (v.get("code") if last and last.get("_code_cell") != row.where.get("code")
                                         and v.get("code") and v.get("code") != last.get("code")
                                         and (not name or name == last["_main"]) else None)
        same = last is not None and (not name or (not name_typed and name == last["_main"])
                                     or (name == last["_main"] and sub and not own_code))
        if same and sub and not own_code:
            power = last
            self._sub_item(power, row, table)
            return power
        if same and name and not name_typed and not own_code:  # under the item's merged name, no sub-item
            self._continued(last, row, table)
            return last
        if not name:
            if last is None:
                self._orphan(table, row, "没有事项名称，也不属于上面的事项")
                return None
            self._extra(last, table, row, "没有事项名称：按上一事项的续行处理")
            return last
        main = name
        if sub and own_code:  # a sub-item with its own code is a power of its own
            name = _sub_power_name(main, sub)
            if last is not None and last["_main"] == main and last["name"] == main \
                    and len(last.get("sub_items", ())) == 1:
                self._own_power(last)  # so was the one above: only this row's code tells
        power = self.new_power(name, main, row)
        self._category(power, table, row, category)
        if sub and not own_code:
            power["sub_items"] = _sub_items(sub)
        for column in table.columns:
            key = slot(table, column)
            if key in v and key != "category":
                self._apply(power, column, key, v[key], row)
        return power

    def _own_power(self, power: dict) -> None:
        """A power read with one sub-item turns out to be a sub-item with its own code."""
        old, (sub,) = power["name"], power.pop("sub_items")
        power["name"] = _sub_power_name(power["_main"], sub)
        sheet, r = power["_row"]
        for key, e in list(self.ledger.entries.items()):
            if e.sheet == sheet and e.row == r and f"「{old}」" in e.target:
                target = e.target.replace(f"「{old}」", f"「{power['name']}」")
                self.ledger.entries[key] = dataclasses.replace(e, target=target.replace("的子项", "的名称"))

    def new_power(self, name: str, main: str, row: _Row) -> dict:
        power = {"code": None, "name": name, "category": None, "_main": main,
                 "_category": row.values.get("category"), "_row": (row.sheet.name, row.r),
                 "_code_cell": row.where.get("code"), "_values": {}, "_where": {}}
        self.out.powers.append(power)
        return power

    def _category(self, power: dict, table: Table | None, row: _Row, category: str | None) -> None:
        text = row.values.get("category", "")
        cell = row.where.get("category")
        if text:
            text = re.sub(r"\s+", "", text) if re.sub(r"\s+", "", text) in CATEGORIES else text
            found = category_in(text) if text not in CATEGORIES else text
            if found:
                raw = row.values["category"]
                self.ledger.add(row.sheet.name, *cell, raw, "imported" if found == raw else "normalised",
                                "职权类型", "" if found == raw else f"{raw} → {found}")
                power["category"] = found
                return
            add_note(power, f"原表「职权类型」（{row.sheet.name}!{ref(*cell)}）：{text}")
            self.ledger.add(row.sheet.name, *cell, text, "review", f"事项「{power['name']}」的内部备注",
                            "不是可选的职权类型：不写 category (check 报 PL616 并列出可选类型)，原文在内部备注")
            return
        if category:
            power["category"] = category
            return
        # not stated: left out, never guessed; check refuses it (PL616) and a draft shows 未列明
        if "name" in row.where:
            self.ledger.add(row.sheet.name, *row.where["name"], row.values["name"], "review",
                            f"事项「{power['name']}」的职权类型",
                            "表中没有职权类型（没有类型列、分类标题行，工作表名也不是类型）：不写 category，请填写")

    def _apply(self, power: dict, column: Column, key: str, text: str, row: _Row) -> None:
        sheet, (r, c) = row.sheet, row.where[key]
        field_key = key.split("#")[0]  # basis#7: a second basis column
        label = f"事项「{power['name']}」的{FIELD_NAME.get(field_key, column.label)}"
        add = self.ledger.add
        if key.startswith("?"):
            add_note(power, f"原表「{column.label}」（{sheet.name}!{ref(r, c)}）：{text}")
            if column.context:
                add(sheet.name, r, c, text, "review", f"事项「{power['name']}」的内部备注",
                    "所属主项或子项：本表按业务办理项导入，请核对")
            else:
                add(sheet.name, r, c, text, "internal", f"事项「{power['name']}」的内部备注")
            return
        if key == "index":
            power["_index"] = text
            last = self._last_index.get(id(column))
            self._last_index[id(column)] = text
            if last and text.isdigit() and last.isdigit() and int(text) <= int(last):
                add(sheet.name, r, c, text, "review", "序号",
                    f"序号从 {last} 回到 {text}（各类别分别编号？）：序号不导入，也不能用来对应责任清单")
            else:
                add(sheet.name, r, c, text, "layout", "序号", "序号不导入：事项按表中顺序排列")
            return
        if key == "sub_items":
            count = len(power.get("sub_items", ()))
            add(sheet.name, r, c, text, "split" if count > 1 else "imported",
                f"事项「{power['name']}」的子项" if not row.values.get("sub_code") and power["name"] == power["_main"]
                else f"事项「{power['name']}」的名称", f"{count} 个子项" if count > 1 else "")
            return
        if key == "name" and SUB_ITEMS_IN_NAME.search(text):
            add(sheet.name, r, c, text, "review", label,
                "名称中列出了几种情形（新立、延续、变更 …）：如为子项，请写入子项")
            return
        if key in ("name", "code", "sub_code"):
            if key == "sub_code":
                power["code"] = text
            elif key == "code" and not row.values.get("sub_code"):
                power["code"] = text
            target = label if key != "sub_code" else f"事项「{power['name']}」的事项编码"
            number = key != "name" and sheet.kind(r, c) == "number"
            if number and (sheet.name, c) not in self._number_codes:
                self._number_codes.add((sheet.name, c))  # asked once per column: the first such code
                add(sheet.name, r, c, text, "review", target, NUMBER_CODE)
            else:
                add(sheet.name, r, c, text, "imported", target, "数字格式" if number else "")
            return
        if cells.is_reference(text):
            add_note(power, f"原表「{column.label}」（{sheet.name}!{ref(r, c)}）：{text}")
            add(sheet.name, r, c, text, "review", f"事项「{power['name']}」的内部备注",
                "指向附件或其他文件，不是内容本身：请把所指的内容写入相应字段")
            return
        power["_values"][key] = text
        power["_where"][key] = (r, c)
        handler = getattr(self, f"_field_{field_key}", None)
        if handler:
            handler(power, column, text, sheet, r, c, label)
        else:
            power[field_key] = text
            add(sheet.name, r, c, text, "imported", label)
        if sheet.kind(r, c) == "date":  # no field of a power is a date: Excel made one of what was typed
            add(sheet.name, r, c, text, "review", label,
                f"此格在 Excel 中是日期格式，读作 {text}：如原意不是日期，请把单元格设为“文本”后重新输入，再导入")

    # ------------------------------------------------------------------ sub-items and stray rows

    def _sub_item(self, power: dict, row: _Row, table: Table) -> None:
        sheet = row.sheet
        for column in table.columns:
            key = slot(table, column)
            if key not in row.values or not sheet.typed(row.r, column.index):
                continue  # merged copies were accounted for at their own cell
            text, (r, c) = row.values[key], (row.r, column.index)
            if key == "category" and category_in(text) in (power["category"], None) and text == power["_category"]:
                self.ledger.add(sheet.name, r, c, text, "imported", f"事项「{power['name']}」（与上一行相同）")
            elif key == "sub_items":
                for item in _sub_items(text):
                    if item not in power.setdefault("sub_items", []):
                        power["sub_items"].append(item)
                self.ledger.add(sheet.name, r, c, text, "imported", f"事项「{power['name']}」的子项")
            elif key == "index":
                self.ledger.add(sheet.name, r, c, text, "layout", "序号")
            elif key == "name" or power["_values"].get(key) == text:
                first = self.ledger.entries.get((sheet.name, *power["_where"].get(key, (-1, -1))))
                same = first.status if first and first.status in ("review", "internal") else "imported"
                self.ledger.add(sheet.name, r, c, text, same, f"事项「{power['name']}」（与上一行相同）",
                                first.note if same != "imported" else "")
            elif key.startswith("basis") or (key not in power["_values"]
                                              and key in ("responsibilities", "accountability", "remarks")):
                self._apply(power, column, key, text, row)  # a sub-item's basis is a basis of its power
            else:
                where = f"{sheet.name}!{ref(r, c)}"
                add_note(power, f"子项「{row.values['sub_items']}」的「{column.label}」（{where}）：{text}")
                self.ledger.add(sheet.name, r, c, text, "review", f"事项「{power['name']}」的内部备注",
                                "子项有自己的值，与所属事项不同：请决定是拆为单独的事项，还是统一")

    def _continued(self, power: dict, row: _Row, table: Table) -> None:
        """A row under the item's merged name and code with no sub-item: a further basis is the item's;
        anything else of its own is kept for review, since the merge may span a row too many (the row's
        own name and code were merged away in Excel). It had become a second power of the same code."""
        sheet = row.sheet
        merged = ref(*sheet.source(*row.where["name"]))
        cells_typed = [(column, slot(table, column)) for column in table.columns
                       if slot(table, column) in row.values and sheet.typed(row.r, column.index)]
        # a value of its own besides a basis: another item, whose basis is not this one's either
        own = any(not key.startswith("basis") and not _repeats(power, key, row.values[key]) for _, key in cells_typed)
        for column, key in cells_typed:
            text, (r, c) = row.values[key], (row.r, column.index)
            if key.startswith("basis") and not own:
                self._apply(power, column, key, text, row)
            elif key == "index":
                self.ledger.add(sheet.name, r, c, text, "layout", "序号")
            elif not key.startswith("basis") and _repeats(power, key, text):
                self.ledger.add(sheet.name, r, c, text, "imported", f"事项「{power['name']}」（与上一行相同）")
            else:
                add_note(power, f"{sheet.name}!{ref(r, c)}（「{column.label}」）: {text}")
                self.ledger.add(sheet.name, r, c, text, "review", f"事项「{power['name']}」的内部备注",
                                f"本行的事项名称来自合并单元格 {merged}，却有自己的「{column.label}」："
                                "合并单元格可能多跨了本行（本行自己的名称和编码已被合并掉），请改正原表后重新导入")

    def _extra(self, power: dict, table: Table, row: _Row, why: str) -> None:
        for key, (r, c) in row.where.items():
            if row.sheet.typed(r, c):
                text = row.values[key]
                add_note(power, f"{row.sheet.name}!{ref(r, c)}: {text}")
                self.ledger.add(row.sheet.name, r, c, text, "review", f"事项「{power['name']}」的内部备注", why)

    def _orphan(self, table: Table, row: _Row, why: str) -> None:
        for key, (r, c) in row.where.items():
            if row.sheet.typed(r, c):
                self.out.unit_notes.append(f"{row.sheet.name}!{ref(r, c)}: {row.values[key]}")
                self.ledger.add(row.sheet.name, r, c, row.values[key], "review", "单位的内部备注", why)


def slot(table: Table, column: Column) -> str:
    """A column's key in a row's values: its field, unless an earlier column has that field too (设定依据
    and 实施依据 both give the basis), or it is a column no field is known for."""
    if not column.key:
        return f"?{column.index}"
    return column.key if table.column(column.key) is column else f"{column.key}#{column.index}"


def finish(out: Imported, taken: set[str], known: dict[str, str] | None = None) -> None:
    """Codes for powers the sheet gives none: the code the unit's file already gives a power of that
    name (``known``, a new edition of the same list), else the category's letters + a number no unit
    uses; and the working keys removed."""
    known = known or {}
    for power in out.powers:
        if not power["code"] and known.get(power["name"]):
            power["code"] = known[power["name"]]
    used = set(taken) | {p["code"] for p in out.powers if p["code"]}
    counters: dict[str, int] = {}
    for power in out.powers:
        for key in ("_main", "_row", "_code_cell", "_values", "_index", "_category", "_where"):
            power.pop(key, None)
        if power.get("category") is None:  # not stated: left out (PL616), never guessed
            power.pop("category", None)
        if not power["code"]:
            prefix = CATEGORY_PREFIX.get(power.get("category"), "QT")
            while True:
                counters[prefix] = counters.get(prefix, 0) + 1
                code = f"{prefix}{counters[prefix]:05d}000"
                if code not in used:
                    break
            power["code"] = code
            used.add(code)
            out.generated_codes.append(f"{power['name']}: {code}")
    order = {name: i for i, name in enumerate(POWER_FIELDS)}
    out.powers[:] = [dict(sorted(p.items(), key=lambda kv: order.get(kv[0], len(order)))) for p in out.powers]


POWER_FIELDS = [f.name for f in dataclasses.fields(Power)]
