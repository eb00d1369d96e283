"""The three documents offices file and publish, as tables: pure functions of the model.

- 职权目录 (duty catalogue): one row per power, grouped by unit and category;
- 风险点及防控措施登记表 (risk register): one row per risk point, by level, then unit;
- 责任清单 (responsibility list): one row per power and stage, plus its accountability cases.

Every output format (PDF booklet, XLSX, CSV, JSON) is made from these same tables, so they agree.
Only public fields appear: never the roster (persons), never anything marked private.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..derived import LEVEL_ORDER, effective_responsibilities, ordered_powers, risk_count
from ..index import Index
from ..model import Power
from ..responsibility import ACCOUNTABILITY_LEAD
from ..wording import (
    LEVEL_LABEL,
    NOT_STATED,
    OWN_MARK,
    STANDARD_MARK,
    citation,
    fee_text,
    limit_phrase,
    remedies_shown,
    remedy_text,
    stated,
    visits_text,
)


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    width: float  # characters, for spreadsheets; relative width in the PDF


@dataclass
class Table:
    name: str  # the document's Chinese name, also the sheet name
    slug: str  # file names: catalogue.csv ...
    columns: list[Column]
    rows: list[dict] = field(default_factory=list)


CATALOGUE_COLUMNS = [
    Column("index", "序号", 6), Column("unit", "实施主体", 18), Column("code", "事项编码", 13),
    Column("name", "事项名称", 28), Column("sub_items", "子项", 12), Column("category", "职权类型", 10),
    Column("basis", "实施依据", 44), Column("office", "承办机构", 16), Column("legal_limit", "法定时限", 11),
    Column("promised_limit", "承诺时限", 11), Column("fee", "收费标准", 12), Column("phone", "联系电话", 14),
    Column("complaint_phone", "监督投诉电话", 14), Column("risk_points", "风险点数（★）", 8),
    Column("exercise_level", "行使层级", 8), Column("case_type", "办件类型", 8), Column("visits", "到现场次数", 8),
    Column("online_url", "网上办理入口", 24), Column("result", "办理结果", 16), Column("remedies", "救济渠道", 30),
    Column("remarks", "备注", 30),
]
RISK_COLUMNS = [
    Column("index", "序号", 6), Column("unit", "单位", 18), Column("section", "科室", 14),
    Column("powers", "权力事项", 26), Column("step", "环节", 14), Column("description", "风险点", 30),
    Column("manifestation", "表现形式", 24), Column("type", "风险类型", 10), Column("level", "等级", 10),
    Column("measures", "防控措施", 40), Column("owner", "责任岗位/责任领导", 18),
]
RESPONSIBILITY_COLUMNS = [
    Column("index", "序号", 6), Column("unit", "实施主体", 18), Column("code", "事项编码", 13),
    Column("name", "事项名称", 26), Column("stage", "环节", 10), Column("duty", "责任事项", 60),
    Column("source", "来源", 10),
]


def tables(index: Index) -> dict[str, Table]:
    """The three documents by slug (catalogue, risks, responsibilities)."""
    return {t.slug: t for t in (catalogue(index), risk_register(index), responsibilities(index))}


def catalogue(index: Index) -> Table:
    table = Table("职权目录", "catalogue", CATALOGUE_COLUMNS)
    for unit, p in ordered_powers(index.project):
        table.rows.append({
            "index": len(table.rows) + 1, "unit": unit.name, "unit_id": unit.id, "code": p.code, "name": p.name,
            "sub_items": "、".join(p.sub_items), "category": stated(p.category),
            "basis": "；".join(citation(index.sources.get(c.source), c.source, c.article) for c in p.basis),
            # absent as on the power's page: 未列明, not an empty cell that reads as "none"
            "office": stated(p.office), "legal_limit": limit_phrase(p.legal_limit, p.limit_unit) or NOT_STATED,
            "promised_limit": limit_phrase(p.promised_limit, p.limit_unit) or NOT_STATED, "fee": fee_text(p),
            "phone": p.phone or unit.phone or NOT_STATED,
            "complaint_phone": p.complaint_phone or unit.complaint_phone or NOT_STATED,
            "risk_points": risk_count(index.flow_of(p)),
            "exercise_level": p.exercise_level or "", "case_type": p.case_type or "",
            "visits": "" if p.visits is None else visits_text(p.visits), "online_url": p.online_url or "",
            "result": p.result or "", "remedies": "；".join(remedy_text(r) for r in p.remedies),
            "remarks": p.remarks or "",
            "guide": service_guide(p),
        })
    return table


def service_guide(p: Power) -> list[tuple[str, str]]:
    """The service-guide facts (办事指南要素) the office wrote for a power, for the booklet's line under
    its row; 救济渠道 of an external power reads 未列明 when none is written, as on its page."""
    facts = [("行使层级", p.exercise_level), ("办件类型", p.case_type),
             ("到现场次数", None if p.visits is None else visits_text(p.visits)), ("网上办理入口", p.online_url),
             ("办理结果", p.result)]
    remedies = remedies_shown(p)
    if remedies is not None:
        facts.append(("救济渠道", "；".join(remedies) or NOT_STATED))
    return [(label, value) for label, value in facts if value]


# A flow's powers named in a row, a statement or a page: at most this many, then how many in all. A
# flow that hundreds of powers share (a general penalty procedure) named every one of them in each risk
# row of the register (a cell over pages of the booklet), each step of a post statement, each of their
# power pages. The open data keeps the whole list; the site folds the rest (render/site.py, posts.py).
LISTED_POWERS = 20


def powers_shown(names: list[str]) -> str:
    """A row's powers as the booklet prints them: all, or the first LISTED_POWERS and how many."""
    if len(names) <= LISTED_POWERS:
        return "、".join(names)
    return "、".join(names[:LISTED_POWERS]) + f"等 {len(names)} 项（同一流程，见职权目录）"


def risk_register(index: Index) -> Table:
    project = index.project
    unit_rank = {u.id: i for i, u in enumerate(project.units)}
    entries = []
    for flow in project.flows:
        unit = index.units.get(flow.unit)
        for step_index, step in enumerate(flow.steps):
            for risk_index, risk in enumerate(step.risks):
                post = unit.post(step.post) if unit else None
                owner = unit.post(risk.owner) if unit else None
                entries.append(((LEVEL_ORDER[risk.level], unit_rank.get(flow.unit, len(unit_rank)), flow.id,
                                 step_index, risk_index), {
                    "unit": unit.name if unit else flow.unit, "unit_id": flow.unit,
                    "section": post.section if post else "",
                    "powers": "、".join(p.name for _, p in index.flow_users.get(flow.id, [])),
                    "powers_shown": powers_shown([p.name for _, p in index.flow_users.get(flow.id, [])]),
                    "flow": flow.id, "step": step.name, "description": risk.description,
                    "manifestation": risk.manifestation or "", "type": risk.type, "level": LEVEL_LABEL[risk.level],
                    "level_key": risk.level, "measures": "；".join(risk.measures),
                    "owner": owner.name if owner else risk.owner,
                }))
    table = Table("风险点及防控措施登记表", "risks", RISK_COLUMNS)
    for _, row in sorted(entries, key=lambda e: e[0]):
        table.rows.append({"index": len(table.rows) + 1, **row})
    return table


def responsibilities(index: Index) -> Table:
    """One row per power and stage, then one row with its accountability cases (环节 追责情形)."""
    table = Table("责任清单", "responsibilities", RESPONSIBILITY_COLUMNS)
    for unit, p in ordered_powers(index.project):
        base = {"unit": unit.name, "unit_id": unit.id, "code": p.code, "name": p.name}
        own = effective_responsibilities(p)
        source = STANDARD_MARK if own.stages_standard else OWN_MARK
        for stage, duty in own.stages:
            table.rows.append({"index": len(table.rows) + 1, **base, "stage": stage, "duty": duty, "source": source})
        table.rows.append({"index": len(table.rows) + 1, **base, "stage": "追责情形",
                           "duty": ACCOUNTABILITY_LEAD + "".join(f"（{i}）{c}" for i, c in enumerate(own.cases, 1)),
                           "source": STANDARD_MARK if own.cases_standard else OWN_MARK})
    return table
