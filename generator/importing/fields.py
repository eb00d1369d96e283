"""Cells with a grammar of their own, read into a power's fields: legal bases, numbered 责任事项 and
追责情形, time limits, fees, phones, the exercise level, the implementing body. Each handler writes the
field and records the cell in the ledger (imported, normalised, split, or asked for review).
"""

from __future__ import annotations

import re

from ..responsibility import ACCOUNTABILITY_LEAD
from . import cells
from .citations import read_basis
from .sheets import ref

LEVEL_WORDS = re.compile(r"^(省级|市级|县级|乡级|镇级|乡镇级|国家级|部级|区级|设区的市级|省、市、县级|市、县级"
                         r"|[省市县区乡镇、]+级|[省市县区乡镇、]+)$")  # 乡镇, 省、市、县: as the list writes it
ACCOUNTABILITY_LEADS = re.compile(r"^.{0,80}?下列情形.{0,40}?[:：]")


# 法定：20日 承诺：5日 / 法定时限20个工作日，承诺时限5个工作日: both limits in one cell, each labelled
_LIMIT_LABEL = r"(?:办理|办结)?(?:时限|期限)?"
_BOTH_LIMITS = re.compile(rf"法定{_LIMIT_LABEL}\s*[：:为]?\s*(?P<legal_limit>[^，,；;、\s]+?)\s*[，,；;、\s]*"
                          rf"承诺{_LIMIT_LABEL}\s*[：:为]?\s*(?P<promised_limit>\S+?)[。.；;]?")

class FieldReaders:
    """Mixed into rows.Reader: ``self.ledger``, ``self.library`` and ``self.unit_name`` are its."""


    def _field_basis(self, power, column, text, sheet, r, c, label):
        reading = read_basis(text, self.library)
        for citation in reading.citations:
            if citation not in power.setdefault("basis", []):
                power["basis"].append(citation)
        notes = [f"《{s.title}》：{s.reason}" for s in reading.sources if s.new and (not s.certain or not s.level)]
        if reading.leftover:
            add_note(power, f"原表「{column.label}」（{sheet.name}!{ref(r, c)}）未能完全解析：{text}")
            self.ledger.add(sheet.name, r, c, text, "review", f"{label}; 原文在内部备注",
                            "有未能归入依据名称、条款、文号或条文摘录的文字"
                            + ("；" + "；".join(notes) if notes else ""))
        elif notes:
            self.ledger.add(sheet.name, r, c, text, "review", label, "；".join(notes))
        else:
            many = len(reading.citations) > 1
            note = "；".join(([f"{len(reading.citations)} 项依据"] if many else []) + reading.normalised)
            self.ledger.add(sheet.name, r, c, text, "split" if many else "normalised" if note else "imported",
                            label, note)

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
            add_note(power, f"原表追责情形的引语（{sheet.name}!{ref(r, c)}）：{lead}")
            self.ledger.add(sheet.name, r, c, text, "review", f"{label}; 引语在内部备注",
                            "引语与通用表述不同，网站印通用引语：请核对")
            return
        self.ledger.add(sheet.name, r, c, text, "split" if split else "imported", label,
                        (f"{len(parts)} 种情形" if split else "") + ("; 引语为通用表述" if lead else ""))

    def _limit(self, key, power, column, text, sheet, r, c, label):
        both = _BOTH_LIMITS.fullmatch(text.strip())
        if both:  # 法定：20日 承诺：5日 in one cell: each limit as its label says
            self.ledger.add(sheet.name, r, c, text, "split", label, "法定时限和承诺时限写在同一格：分别记录")
            for part_key in ("legal_limit", "promised_limit"):
                self._limit(part_key, power, column, both[part_key], sheet, r, c, label)
            return
        if cells.says_none(text):
            self.ledger.add(sheet.name, r, c, text, "normalised", label, "表中写明没有时限：不记时限")
            return
        found = cells.limit(text, column.unit)
        unit = power.get("limit_unit")
        # a bare number (20), its unit in neither the cell, the header nor the power's other limit: working
        # or calendar days is the office's to say, so it is not published as either
        bare = found.days and not found.unit and not unit
        if found.days is None or bare or (found.unit and unit and found.unit != unit):
            why = found.note if found.days is None else \
                "没有写单位（工作日还是自然日）：请在原表写明单位（如 20个工作日）后重新导入，或在 YAML 中写明" \
                if bare else f"与另一时限的单位（{unit}）不同"
            add_note(power, f"原表「{column.label}」（{sheet.name}!{ref(r, c)}）：{text}")
            self.ledger.add(sheet.name, r, c, text, "review", f"{label}; 原文在内部备注", why)
            return
        power[key] = found.days
        if found.unit and found.unit != "工作日":
            power["limit_unit"] = found.unit
        elif found.unit:
            power.setdefault("limit_unit", "工作日")
        if key == "legal_limit" and found.days == 0:
            self.ledger.add(sheet.name, r, c, text, "review", label,
                            "法定时限写作即办：记为 0; 法律法规很少规定即办，请核对所依据的条款")
            return
        if not found.unit and found.days:  # the unit of the power's other limit, written in its cell
            self.ledger.add(sheet.name, r, c, text, "review", label,
                            f"没有写单位：按同一事项另一时限的单位（{unit}）记录，请核对")
            return
        self.ledger.add(sheet.name, r, c, text, "normalised" if found.note else "imported", label, found.note)

    def _field_legal_limit(self, *args):
        self._limit("legal_limit", *args)

    def _field_promised_limit(self, *args):
        self._limit("promised_limit", *args)

    def _field_limit(self, power, column, text, sheet, r, c, label):
        if _BOTH_LIMITS.fullmatch(text.strip()):  # the cell says which is which, whatever the header
            return self._limit("legal_limit", power, column, text, sheet, r, c, label)
        found = cells.limit(text, column.unit)
        add_note(power, f"原表「{column.label}」（{sheet.name}!{ref(r, c)}）：{text}")
        self.ledger.add(sheet.name, r, c, text, "review", f"事项「{power['name']}」的内部备注",
                        f"表头「{column.label}」没有写明是法定时限还是承诺时限"
                        + (f"（读作 {found.days} {found.unit or ''}）" if found.days is not None else "")
                        + ": 请把表头改为 法定时限 或 承诺时限 后重新导入")

    def _field_audience(self, power, column, text, sheet, r, c, label):
        words = [w for w in re.split(r"[、，,；;/\s]+|或者|和|及|或", text) if w]
        known = {"自然人": "个人", "公民": "个人", "个人": "个人", "法人": "法人",
                 "其他组织": "其他组织", "非法人组织": "其他组织", "内部": "内部"}
        mapped = [known.get(w) for w in words]
        if words and all(mapped):
            power["audience"] = list(dict.fromkeys(mapped))
            same = power["audience"] == words
            self.ledger.add(sheet.name, r, c, text, "imported" if same else "normalised", label,
                            "" if same else f"{text} → {'、'.join(power['audience'])}")
            return
        add_note(power, f"原表「{column.label}」（{sheet.name}!{ref(r, c)}）：{text}")
        self.ledger.add(sheet.name, r, c, text, "review", f"事项「{power['name']}」的内部备注",
                        "服务对象只能写 个人、法人、其他组织、内部：请改写")

    def _field_fee(self, power, column, text, sheet, r, c, label):
        fee, basis, note = cells.fee(text)
        if fee is None:
            power["fee_basis"] = basis
            self.ledger.add(sheet.name, r, c, text, "review", f"事项「{power['name']}」的收费依据", note)
            return
        if re.sub(r"\s+", "", fee) in ("无", "否", "没有", "/", "-", "—"):
            fee, note = "不收费", f"{text} → 不收费"
        power["fee"] = fee
        if basis:
            power["fee_basis"] = basis
        self.ledger.add(sheet.name, r, c, text, "split" if basis else "normalised" if note else "imported",
                        label, note)

    def _field_phone(self, power, column, text, sheet, r, c, label, key="phone"):
        value, note = cells.phone(text)
        power[key] = value
        self.ledger.add(sheet.name, r, c, text, "normalised" if note else "imported", label, note)

    def _field_complaint_phone(self, *args):
        self._field_phone(*args, key="complaint_phone")

    def _field_exercise_level(self, power, column, text, sheet, r, c, label):
        t = re.sub(r"\s+", "", text)
        level = t.removesuffix("行使").removesuffix("实施")
        if LEVEL_WORDS.match(level):
            power["exercise_level"] = level
            self.ledger.add(sheet.name, r, c, text, "imported" if level == t else "normalised", label,
                            "" if level == t else f"{t} → {level}")
            return
        add_note(power, f"原表「{column.label}」（{sheet.name}!{ref(r, c)}）：{text}")
        self.ledger.add(sheet.name, r, c, text, "review", f"事项「{power['name']}」的内部备注",
                        "不是行使层级（如 县级、市级）：请改写")

    def _field_body(self, power, column, text, sheet, r, c, label):
        bare = re.sub(r"[（(](法定机关|授权组织|受委托单位|受委托组织)[)）]$", "", re.sub(r"\s+", "", text))
        if bare != re.sub(r"\s+", "", text) and bare == re.sub(r"\s+", "", self.unit_name):
            self.ledger.add(sheet.name, r, c, text, "review", "实施主体",
                            "即本单位；括号中是实施主体性质，写在单位的 nature 字段（默认 法定机关），请核对")
            return
        if re.sub(r"\s+", "", text) == re.sub(r"\s+", "", self.unit_name):
            self.ledger.add(sheet.name, r, c, text, "layout", "实施主体", "即本单位（--name）")
            return
        add_note(power, f"原表「{column.label}」（{sheet.name}!{ref(r, c)}）：{text}")
        self.ledger.add(sheet.name, r, c, text, "review", f"事项「{power['name']}」的内部备注",
                        f"实施主体不是导入的单位「{self.unit_name}」：这一行也许属于另一个单位")

    # ------------------------------------------------------------------ rows that continue a power


def _stage(part: str) -> dict:
    m = re.match(r"^(.{1,12}?)(?:责任)?[:：]\s*(.+)$", part, re.S)
    if m and not m.group(1).endswith(("《", "第")):
        return {"stage": m.group(1).removesuffix("责任").removesuffix("阶段"), "duty": m.group(2).strip()}
    if part.startswith("其他") and len(part) > 8:  # 其他法律法规规章文件规定应履行的责任
        return {"stage": "其他", "duty": part}
    if len(part) <= 8:  # a bare stage name (1.受理 2.审查 ...): the stage is all the office wrote
        return {"stage": part.removesuffix("责任"), "duty": part}
    return {"stage": "责任事项", "duty": part}


def add_note(power: dict, text: str) -> None:
    power["internal_notes"] = f"{power['internal_notes']}\n{text}" if power.get("internal_notes") else text
