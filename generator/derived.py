"""Facts derived from the model that several outputs share: the published order of powers, the
numbering of risk points (★1, ★2 ...), the levels, the responsibilities a power publishes, and the
figures inspectors ask for. Pure functions of the model; the outputs agree because they all ask here.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Iterator

from .model import CATEGORY_PREFIX, RISK_LEVELS, Flow, Power, Project, RiskLevel, RiskPoint, Step, Unit
from .responsibility import standard_cases, standard_stages
from .wording import stated

CATEGORY_ORDER = list(CATEGORY_PREFIX)  # the ten standard categories, then 公共服务 and internal ones


def category_rank(category: str | None) -> int:
    """A category's place in lists; one not stated (a draft of an imported list) comes last."""
    return CATEGORY_ORDER.index(category) if category in CATEGORY_ORDER else len(CATEGORY_ORDER)
LEVEL_ORDER: dict[RiskLevel, int] = {level: rank for rank, level in enumerate(RISK_LEVELS)}  # 0: highest
GRADES = ("一级", "二级", "三级")  # risk posts graded by their highest level (一级/二级/三级风险岗位)


def power_order(power: Power) -> tuple[int, str]:
    """A power's place within its unit: category (standard order), then code."""
    return category_rank(power.category), power.code


def ordered_powers(project: Project) -> Iterator[tuple[Unit, Power]]:
    """(unit, power) by unit (catalogue order), then category (standard order), then code."""
    for unit in project.units:
        for power in sorted(unit.powers, key=power_order):
            yield unit, power


@dataclass(frozen=True)
class NumberedRisk:
    """A risk point with its number on the chart (★1, ★2 ...) and its step."""

    number: int
    step: Step
    risk: RiskPoint


def numbered_risks(flow: Flow) -> list[NumberedRisk]:
    out = []
    for step in flow.steps:
        for risk in step.risks:
            out.append(NumberedRisk(len(out) + 1, step, risk))
    return out


def top_level(risks: Iterable[RiskPoint]) -> RiskLevel | None:
    """The highest level among ``risks``; None without any."""
    return min((r.level for r in risks), key=LEVEL_ORDER.__getitem__, default=None)


def risk_count(flow: Flow | None) -> int:
    """Risk points (★) in a flow; 0 for a power without one."""
    return sum(len(s.risks) for s in flow.steps) if flow else 0


@dataclass(frozen=True)
class Responsibilities:
    """What a power publishes as its 责任事项 and 追责情形: its own, else its category's standard text
    (marked as standard where it is shown)."""

    stages: tuple[tuple[str, str], ...]  # (stage, duty)
    cases: tuple[str, ...]
    stages_standard: bool
    cases_standard: bool


def effective_responsibilities(power: Power) -> Responsibilities:
    own_stages = tuple((r.stage, r.duty) for r in power.responsibilities)
    return Responsibilities(own_stages or tuple(standard_stages(power.category)),
                            tuple(power.accountability) or tuple(standard_cases(power.category)),
                            not own_stages, not power.accountability)


def risk_posts(index) -> dict[str, int]:
    """Posts by grade (一级/二级/三级风险岗位), graded as generator/posts.py says (post_grading), from
    the index's post views (built once per index)."""
    grades = Counter(v.grade for views in index.post_views.values() for v in views)
    return {name: grades[name] for name in GRADES}


def summary(project: Project, errors: int = 0, warnings: int = 0, index=None) -> dict:
    """The figures inspectors ask for (seed 001's scoring table): what was listed, charted, graded.
    The site, the booklet's cover, the spreadsheet and the open data all show these. ``index``: the
    project's index, when the caller has one (its post views are not built again)."""
    if index is None:
        from .index import Index  # index.py imports this module

        index = Index(project)
    flows = {f.id for f in project.flows}
    powers = [p for _, p in project.powers()]
    by_category = Counter(p.category for p in powers)
    levels = Counter(r.level for f in project.flows for s in f.steps for r in s.risks)
    charted = sum(1 for p in powers if p.flow in flows)
    return {
        "units": len(project.units),
        "powers": len(powers),
        "powers_by_category": {stated(c): by_category[c] for c in [*CATEGORY_ORDER, None] if by_category[c]},
        "flows": len(project.flows),
        "powers_with_chart": charted,
        "powers_without_chart": len(powers) - charted,
        "risk_points": sum(levels.values()),
        "risk_points_by_level": {level: levels[level] for level in RISK_LEVELS},
        "risk_posts_by_grade": risk_posts(index),
        "risk_points_with_measures": sum(1 for f in project.flows for s in f.steps for r in s.risks if r.measures),
        "powers_with_own_responsibilities": sum(1 for p in powers if p.responsibilities),
        "findings": {"errors": errors, "warnings": warnings},
    }


def unit_project(project: Project, unit: Unit) -> Project:
    """The same project narrowed to one unit (for a unit's own booklet)."""
    return Project(root=project.root, settings=project.settings, sources=project.sources, units=(unit,),
                   flows=tuple(f for f in project.flows if f.unit == unit.id))
