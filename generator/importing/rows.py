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
from ..responsibility import ACCOUNTABILITY_LEAD
from ..vocabulary import CATEGORY_PREFIX
from . import cells
from .citations import Library, read_basis
from .ledger import Ledger
from .sheets import Sheet, ref
from .tables import CATEGORIES, Column, Table, category_in, row_kind

FIELD_NAME = {"category": "职权类型", "name": "事项名称", "sub_items": "子项", "code": "事项编码", "basis": "实施依据",
              "responsibilities": "责任事项", "accountability": "追责情形", "office": "承办机构", "body": "实施主体",
              "exercise_level": "行使层级", "legal_limit": "法定时限", "promised_limit": "承诺时限", "fee": "收费标准",
              "fee_basis": "收费依据", "phone": "联系电话", "complaint_phone": "监督投诉电话", "address": "办理地点",
              "office_hours": "办理时间", "result": "办理结果", "remarks": "备注", "sub_code": "子项编码"}
ACCOUNTABILITY_LEADS = re.compile(r"^.{0,80}?下列情形.{0,40}?[:：]")
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


class Reader:
    def __init__(self, unit_name: str, library: Library, out: Imported):
        self.unit_name, self.library, self.out = unit_name, library, out
        self.ledger = out.ledger

    # ------------------------------------------------------------------ tables

    def read_table(self, table: Table) -> None:
        sheet = table.sheet
        self.out.tables.append(table)
        for r in range(table.header.start):  # title rows
            for c in range(sheet.width):
                if sheet.typed(r, c):
                    self.ledger.add(sheet.name, r, c, sheet.text(r, c), "layout", "标题")
        for column in table.columns:
            for (r, c) in column.cells:
                target = f"表头 → {FIELD_NAME.get(column.key, '序号') if column.key != 'index' else '序号'}" \
                    if column.key else "表头 (未识别的列, 内容不公开)"
                self.ledger.add(sheet.name, r, c, sheet.text(r, c), "layout", target)
        category, previous, last_power = table.category, None, None
        for r in range(table.header.stop, len(sheet.rows)):
            kind = row_kind(table, r)
            if kind == "blank":
                continue
            if kind in ("notes", "section"):
                for c in range(sheet.width):
                    if sheet.typed(r, c):
                        text = sheet.text(r, c)
                        if kind == "section":
                            category = category_in(text) or category
                            self.ledger.add(sheet.name, r, c, text, "layout", "分类标题行",
                                            f"其下各行的职权类型: {category}" if category else "")
                        else:
                            self.out.unit_notes.append(f"{sheet.name}!{ref(r, c)}: {text}")
                            self.ledger.add(sheet.name, r, c, text, "ignored", "单位的内部备注 (说明行)")
                continue
            row = self._row(table, r, previous)
            previous = row
            last_power = self._power_row(table, row, category, last_power)

    def _row(self, table: Table, r: int, previous: _Row | None) -> _Row:
        sheet, values, where = table.sheet, {}, {}
        for column in table.columns:
            text = sheet.text(r, column.index)
            if not text:
                continue
            key = column.key or f"?{column.index}"
            source = sheet.source(r, column.index)
            if cells.is_ditto(text) and (r, column.index) not in sheet.origin:
                above = previous.values.get(key) if previous else None
                if above:
                    self.ledger.add(sheet.name, r, column.index, text, "copied",
                                    f"同「{column.label}」上一行", f"复制为: {above[:40]}")
                    text, source = above, previous.where[key]
                else:
                    self.ledger.add(sheet.name, r, column.index, text, "review", "内部备注",
                                    "同上, 但上一行这一列是空的")
                    continue
            values[key], where[key] = text, source
        return _Row(sheet, r, values, where)

    # ------------------------------------------------------------------ one row

    def _power_row(self, table: Table, row: _Row, category: str | None, last: dict | None) -> dict | None:
        v, sheet = row.values, row.sheet
        name, sub = v.get("name", ""), v.get("sub_items", "")
        name_typed = "name" in row.where and row.where["name"] == (row.r, table.column("name").index) \
            if table.column("name") else False
        own_code = v.get("sub_code") or (v.get("code") if last and last.get("_code_cell") != row.where.get("code")
                                         and v.get("code") and v.get("code") != last.get("code") else None)
        same = last is not None and (not name or (not name_typed and name == last["_main"])
                                     or (name == last["_main"] and sub and not own_code))
        if same and sub and not own_code:
            power = last
            self._sub_item(power, row, table)
            return power
        if not name:
            if last is None:
                self._orphan(table, row, "没有事项名称, 也不属于上面的事项")
                return None
            self._extra(last, table, row, "没有事项名称: 按上一事项的续行处理")
            return last
        main = name
        if sub and own_code:  # a sub-item with its own code is a power of its own
            name = sub if main in sub else f"{main}（{sub}）"
        power = {"code": None, "name": name, "category": None, "_main": main, "_category": v.get("category"),
                 "_row": (sheet.name, row.r),
                 "_code_cell": row.where.get("code"), "_values": {}}
        self.out.powers.append(power)
        self._category(power, table, row, category)
        for column in table.columns:
            key = column.key or f"?{column.index}"
            if key in v and key != "category":
                self._apply(power, column, key, v[key], row)
        if sub and not own_code:
            power["sub_items"] = [sub]
        return power

    def _category(self, power: dict, table: Table, row: _Row, category: str | None) -> None:
        text = row.values.get("category", "")
        cell = row.where.get("category")
        if text:
            found = category_in(text) if text not in CATEGORIES else text
            if found:
                self.ledger.add(row.sheet.name, *cell, text, "imported" if found == text else "normalised",
                                "职权类型", "" if found == text else f"{text} → {found}")
                power["category"] = found
                return
            self.ledger.add(row.sheet.name, *cell, text, "review", f"事项「{power['name']}」的职权类型",
                            "无法识别的职权类型: 原文写入 category, check 会指出并列出可用的类型")
            power["category"] = text
            return
        if category:
            power["category"] = category
            return
        power["category"] = "待核实"  # refused by check with the list of categories: the office answers

    def _apply(self, power: dict, column: Column, key: str, text: str, row: _Row) -> None:
        sheet, (r, c) = row.sheet, row.where[key]
        label = f"事项「{power['name']}」的{FIELD_NAME.get(key, column.label)}"
        add = self.ledger.add
        if key.startswith("?"):
            _note(power, f"原表「{column.label}」({sheet.name}!{ref(r, c)}): {text}")
            add(sheet.name, r, c, text, "internal", f"事项「{power['name']}」的内部备注")
            return
        if key == "index":
            power["_index"] = text
            add(sheet.name, r, c, text, "layout", "序号", "序号不导入: 事项按表中顺序排列")
            return
        if key == "sub_items":
            add(sheet.name, r, c, text, "imported", f"事项「{power['name']}」的子项" if not row.values.get("sub_code")
                and power["name"] == power["_main"] else f"事项「{power['name']}」的名称")
            return
        if key in ("name", "code", "sub_code"):
            if key == "sub_code":
                power["code"] = text
            elif key == "code" and not row.values.get("sub_code"):
                power["code"] = text
            add(sheet.name, r, c, text, "imported",
                label if key != "sub_code" else f"事项「{power['name']}」的事项编码")
            return
        if cells.is_reference(text):
            _note(power, f"原表「{column.label}」({sheet.name}!{ref(r, c)}): {text}")
            add(sheet.name, r, c, text, "review", f"事项「{power['name']}」的内部备注",
                "指向附件或其他文件, 不是内容本身: 请把所指的内容写入相应字段")
            return
        power["_values"][key] = text
        handler = getattr(self, f"_field_{key}", None)
        if handler:
            handler(power, column, text, sheet, r, c, label)
        else:
            power[key] = text
            add(sheet.name, r, c, text, "imported", label)

    # ------------------------------------------------------------------ fields with a grammar

    def _field_basis(self, power, column, text, sheet, r, c, label):
        reading = read_basis(text, self.library)
        for citation in reading.citations:
            if citation not in power.setdefault("basis", []):
                power["basis"].append(citation)
        notes = [f"《{s.title}》: {s.reason}" for s in reading.sources if s.new and (not s.certain or not s.level)]
        if reading.leftover:
            _note(power, f"原表「{column.label}」({sheet.name}!{ref(r, c)}) 未能完全解析: {text}")
            self.ledger.add(sheet.name, r, c, text, "review", f"{label}; 原文在内部备注",
                            "有未能归入依据名称、条款、文号或条文摘录的文字"
                            + ("; " + "; ".join(notes) if notes else ""))
        elif notes:
            self.ledger.add(sheet.name, r, c, text, "review", label, "; ".join(notes))
        else:
            many = len(reading.citations) > 1
            self.ledger.add(sheet.name, r, c, text, "split" if many else "imported", label,
                            f"{len(reading.citations)} 项依据" if many else "")

    def _field_responsibilities(self, power, column, text, sheet, r, c, label):
        parts, split = cells.items(text)
        power["responsibilities"] = [_stage(p) for p in parts]
        self.ledger.add(sheet.name, r, c, text, "split" if split else "imported", label,
                        f"{len(parts)} 个环节" if split else "")

    def _field_accountability(self, power, column, text, sheet, r, c, label):
        m = ACCOUNTABILITY_LEADS.match(text.strip())
        lead, body = (m.group(0), text.strip()[m.end():]) if m else ("", text)
        parts, split = cells.items(body)
        power["accountability"] = parts or [text.strip()]
        if lead and re.sub(r"\s+", "", lead) != re.sub(r"\s+", "", ACCOUNTABILITY_LEAD):
            _note(power, f"原表追责情形的引语 ({sheet.name}!{ref(r, c)}): {lead}")
            self.ledger.add(sheet.name, r, c, text, "review", f"{label}; 引语在内部备注",
                            "引语与通用表述不同, 网站印通用引语: 请核对")
            return
        self.ledger.add(sheet.name, r, c, text, "split" if split else "imported", label,
                        (f"{len(parts)} 种情形" if split else "") + ("; 引语为通用表述" if lead else ""))

    def _limit(self, key, power, column, text, sheet, r, c, label):
        if cells.says_none(text):
            self.ledger.add(sheet.name, r, c, text, "normalised", label, "表中写明没有时限: 不记时限")
            return
        found = cells.limit(text, column.unit)
        unit = power.get("limit_unit")
        if found.days is None or (found.unit and unit and found.unit != unit):
            why = found.note if found.days is None else f"与另一时限的单位 ({unit}) 不同"
            _note(power, f"原表「{column.label}」({sheet.name}!{ref(r, c)}): {text}")
            self.ledger.add(sheet.name, r, c, text, "review", f"{label}; 原文在内部备注", why)
            return
        power[key] = found.days
        if found.unit and found.unit != "工作日":
            power["limit_unit"] = found.unit
        elif found.unit:
            power.setdefault("limit_unit", "工作日")
        if not found.unit and found.days:
            self.ledger.add(sheet.name, r, c, text, "review", label,
                            "没有写单位 (工作日还是自然日): 按 limit_unit 的默认值工作日记录, 请核对")
            return
        self.ledger.add(sheet.name, r, c, text, "normalised" if found.note else "imported", label, found.note)

    def _field_legal_limit(self, *args):
        self._limit("legal_limit", *args)

    def _field_promised_limit(self, *args):
        self._limit("promised_limit", *args)

    def _field_fee(self, power, column, text, sheet, r, c, label):
        fee, basis, note = cells.fee(text)
        power["fee"] = fee
        if basis:
            power["fee_basis"] = basis
        self.ledger.add(sheet.name, r, c, text, "split" if basis else "imported", label, note)

    def _field_phone(self, power, column, text, sheet, r, c, label, key="phone"):
        value, note = cells.phone(text)
        power[key] = value
        self.ledger.add(sheet.name, r, c, text, "normalised" if note else "imported", label, note)

    def _field_complaint_phone(self, *args):
        self._field_phone(*args, key="complaint_phone")

    def _field_body(self, power, column, text, sheet, r, c, label):
        if re.sub(r"\s+", "", text) == re.sub(r"\s+", "", self.unit_name):
            self.ledger.add(sheet.name, r, c, text, "layout", "实施主体", "即本单位 (--name)")
            return
        _note(power, f"原表「{column.label}」({sheet.name}!{ref(r, c)}): {text}")
        self.ledger.add(sheet.name, r, c, text, "review", f"事项「{power['name']}」的内部备注",
                        f"实施主体不是导入的单位「{self.unit_name}」: 这一行也许属于另一个单位")

    # ------------------------------------------------------------------ rows that continue a power

    def _sub_item(self, power: dict, row: _Row, table: Table) -> None:
        sheet = row.sheet
        for column in table.columns:
            key = column.key or f"?{column.index}"
            if key not in row.values or not sheet.typed(row.r, column.index):
                continue  # merged copies were accounted for at their own cell
            text, (r, c) = row.values[key], (row.r, column.index)
            if key == "category" and category_in(text) in (power["category"], None) and text == power["_category"]:
                self.ledger.add(sheet.name, r, c, text, "imported", f"事项「{power['name']}」(与上一行相同)")
            elif key == "sub_items":
                if text not in power.setdefault("sub_items", []):
                    power["sub_items"].append(text)
                self.ledger.add(sheet.name, r, c, text, "imported", f"事项「{power['name']}」的子项")
            elif key == "index":
                self.ledger.add(sheet.name, r, c, text, "layout", "序号")
            elif key == "name" or power["_values"].get(key) == text:
                self.ledger.add(sheet.name, r, c, text, "imported", f"事项「{power['name']}」(与上一行相同)")
            elif key not in power["_values"] and key in ("basis", "responsibilities", "accountability", "remarks"):
                self._apply(power, column, key, text, row)
            else:
                _note(power, f"子项「{row.values['sub_items']}」的「{column.label}」({sheet.name}!{ref(r, c)}): {text}")
                self.ledger.add(sheet.name, r, c, text, "review", f"事项「{power['name']}」的内部备注",
                                "子项有自己的值, 与所属事项不同: 请决定是拆为单独的事项, 还是统一")

    def _extra(self, power: dict, table: Table, row: _Row, why: str) -> None:
        for key, (r, c) in row.where.items():
            if row.sheet.typed(r, c):
                text = row.values[key]
                _note(power, f"{row.sheet.name}!{ref(r, c)}: {text}")
                self.ledger.add(row.sheet.name, r, c, text, "review", f"事项「{power['name']}」的内部备注", why)

    def _orphan(self, table: Table, row: _Row, why: str) -> None:
        for key, (r, c) in row.where.items():
            if row.sheet.typed(r, c):
                self.out.unit_notes.append(f"{row.sheet.name}!{ref(r, c)}: {row.values[key]}")
                self.ledger.add(row.sheet.name, r, c, row.values[key], "review", "单位的内部备注", why)


def _stage(part: str) -> dict:
    m = re.match(r"^(.{1,10}?)(?:责任)?[:：]\s*(.+)$", part, re.S)
    if m and not m.group(1).endswith(("《", "第")):
        return {"stage": m.group(1).removesuffix("责任"), "duty": m.group(2).strip()}
    if len(part) <= 8:  # a bare stage name (1.受理 2.审查 ...): the stage is all the office wrote
        return {"stage": part.removesuffix("责任"), "duty": part}
    return {"stage": "责任事项", "duty": part}


def _note(power: dict, text: str) -> None:
    power["internal_notes"] = f"{power['internal_notes']}\n{text}" if power.get("internal_notes") else text


def finish(out: Imported, taken: set[str]) -> None:
    """Codes for powers the sheet gives none (the category's letters + a number no unit uses), and the
    working keys removed."""
    used = set(taken) | {p["code"] for p in out.powers if p["code"]}
    counters: dict[str, int] = {}
    for power in out.powers:
        for key in ("_main", "_row", "_code_cell", "_values", "_index", "_category"):
            power.pop(key, None)
        if not power["code"]:
            prefix = CATEGORY_PREFIX.get(power["category"], "QT")
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
