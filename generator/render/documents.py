"""The three documents offices file and publish, as tables: pure functions of the model.

- 职权目录 (duty catalogue): one row per power, grouped by unit and category;
- 风险点及防控措施登记表 (risk register): one row per risk point, by level, then unit;
- 责任清单 (responsibility list): one row per power and stage, plus its accountability cases.

Every output format (PDF booklet, XLSX, CSV, JSON) is made from these same tables, so they agree.
Only public fields appear: never the roster (persons), never anything marked private.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..model import CATEGORY_PREFIX, LegalSource, Project, Unit
from ..responsibility import ACCOUNTABILITY_LEAD, standard_cases, standard_stages

CATEGORY_ORDER = list(CATEGORY_PREFIX)  # the ten standard categories, then 公共服务 and internal ones
LEVEL_ORDER = {"高": 0, "中": 1, "低": 2}
LEVEL_LABEL = {"高": "高 (一级)", "中": "中 (二级)", "低": "低 (三级)"}
STANDARD_MARK = "通用表述"


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
    Column("basis", "实施依据", 44), Column("office", "承办机构", 16), Column("legal_limit", "法定时限(工作日)", 9),
    Column("promised_limit", "承诺时限(工作日)", 9), Column("fee", "收费标准", 12), Column("phone", "联系电话", 14),
    Column("complaint_phone", "监督投诉电话", 14), Column("risk_points", "风险点数(★)", 8),
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


def citation(source: LegalSource | None, source_id: str, article: str | None) -> str:
    """As published: 【level】《title》article."""
    if source is None:
        return f"{source_id} {article or ''}".strip()
    return f"【{source.level}】《{source.title}》{article or ''}"


def limit_text(days: int | None) -> str:
    """A time limit in working days as published: the number, 即办 for 0, empty when not given."""
    if days is None:
        return ""
    return "即办" if days == 0 else str(days)


def ordered_powers(project: Project):
    """(unit, power) by unit (catalogue order), then category (standard order), then code."""
    for unit in project.units:
        for power in sorted(unit.powers, key=lambda p: (CATEGORY_ORDER.index(p.category), p.code)):
            yield unit, power


def catalogue(project: Project) -> Table:
    sources = {s.id: s for s in project.sources}
    flows = {f.id: f for f in project.flows}
    table = Table("职权目录", "catalogue", CATALOGUE_COLUMNS)
    for unit, p in ordered_powers(project):
        flow = flows.get(p.flow or "")
        table.rows.append({
            "index": len(table.rows) + 1, "unit": unit.name, "unit_id": unit.id, "code": p.code, "name": p.name,
            "sub_items": "、".join(p.sub_items), "category": p.category,
            "basis": "；".join(citation(sources.get(c.source), c.source, c.article) for c in p.basis),
            "office": p.office, "legal_limit": limit_text(p.legal_limit), "promised_limit": limit_text(p.promised_limit),
            "fee": p.fee, "phone": p.phone or unit.phone or "", "complaint_phone": p.complaint_phone or unit.complaint_phone or "",
            "risk_points": sum(len(s.risks) for s in flow.steps) if flow else 0,
        })
    return table


def risk_register(project: Project) -> Table:
    units = {u.id: u for u in project.units}
    unit_rank = {u.id: i for i, u in enumerate(project.units)}
    users: dict[str, list[str]] = {}
    for unit, p in ordered_powers(project):
        if p.flow:
            users.setdefault(p.flow, []).append(p.name)
    entries = []
    for flow in project.flows:
        unit = units.get(flow.unit)
        for step_index, step in enumerate(flow.steps):
            for risk_index, risk in enumerate(step.risks):
                post = unit.post(step.post) if unit else None
                owner = unit.post(risk.owner) if unit else None
                entries.append(((LEVEL_ORDER[risk.level], unit_rank.get(flow.unit, len(unit_rank)), flow.id,
                                 step_index, risk_index), {
                    "unit": unit.name if unit else flow.unit, "unit_id": flow.unit,
                    "section": post.section if post else "", "powers": "、".join(users.get(flow.id, [])),
                    "flow": flow.id, "step": step.name, "description": risk.description,
                    "manifestation": risk.manifestation or "", "type": risk.type, "level": LEVEL_LABEL[risk.level],
                    "measures": "；".join(risk.measures),
                    "owner": owner.name if owner else risk.owner,
                }))
    table = Table("风险点及防控措施登记表", "risks", RISK_COLUMNS)
    for _, row in sorted(entries, key=lambda e: e[0]):
        table.rows.append({"index": len(table.rows) + 1, **row})
    return table


def responsibilities(project: Project) -> Table:
    """One row per power and stage, then one row with its accountability cases (环节 追责情形)."""
    table = Table("责任清单", "responsibilities", RESPONSIBILITY_COLUMNS)
    for unit, p in ordered_powers(project):
        base = {"unit": unit.name, "unit_id": unit.id, "code": p.code, "name": p.name}
        if p.responsibilities:
            stages, source = [(r.stage, r.duty) for r in p.responsibilities], "本事项"
        else:
            stages, source = list(standard_stages(p.category)), STANDARD_MARK
        for stage, duty in stages:
            table.rows.append({"index": len(table.rows) + 1, **base, "stage": stage, "duty": duty, "source": source})
        cases, case_source = (list(p.accountability), "本事项") if p.accountability else (
            list(standard_cases(p.category)), STANDARD_MARK)
        table.rows.append({"index": len(table.rows) + 1, **base, "stage": "追责情形",
                           "duty": ACCOUNTABILITY_LEAD + "".join(f"（{i}）{c}" for i, c in enumerate(cases, 1)),
                           "source": case_source})
    return table


def risk_posts(project: Project) -> dict[str, int]:
    """Posts graded by the highest risk on the steps they run (一级/二级/三级风险岗位)."""
    grade: dict[tuple[str, str], int] = {}
    for flow in project.flows:
        for step in flow.steps:
            for risk in step.risks:
                key = (flow.unit, step.post)
                grade[key] = min(grade.get(key, 9), LEVEL_ORDER[risk.level])
    counts = Counter(grade.values())
    return {"一级": counts[0], "二级": counts[1], "三级": counts[2]}


def summary(project: Project, errors: int = 0, warnings: int = 0) -> dict:
    """The figures inspectors ask for (seed 001's scoring table): what was listed, charted, graded."""
    flows = {f.id for f in project.flows}
    powers = [p for _, p in project.powers()]
    by_category = Counter(p.category for p in powers)
    levels = Counter(r.level for f in project.flows for s in f.steps for r in s.risks)
    charted = sum(1 for p in powers if p.flow in flows)
    return {
        "units": len(project.units),
        "powers": len(powers),
        "powers_by_category": {c: by_category[c] for c in CATEGORY_ORDER if by_category[c]},
        "flows": len(project.flows),
        "powers_with_chart": charted,
        "powers_without_chart": len(powers) - charted,
        "risk_points": sum(levels.values()),
        "risk_points_by_level": {"高": levels["高"], "中": levels["中"], "低": levels["低"]},
        "risk_posts_by_grade": risk_posts(project),
        "risk_points_with_measures": sum(1 for f in project.flows for s in f.steps for r in s.risks if r.measures),
        "powers_with_own_responsibilities": sum(1 for p in powers if p.responsibilities),
        "findings": {"errors": errors, "warnings": warnings},
    }


def unit_project(project: Project, unit: Unit) -> Project:
    """The same project narrowed to one unit (for a unit's own booklet)."""
    return Project(root=project.root, settings=project.settings, sources=project.sources, units=(unit,),
                   flows=tuple(f for f in project.flows if f.unit == unit.id))
