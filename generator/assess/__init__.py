"""Self-inspection (自查): a scoring table (考核评分表) filled in from the catalogue, item by item.

An item the catalogue can speak to (powers with flowcharts, risk points with measures, posts graded
...) gets its measures' evidence (measures.py) and the share of its points that evidence supports; an
item it cannot (meetings held, 承诺书 signed, no case opened) is listed for the office, with the
evidence and self-score the office writes in assessment.yaml, never scored by powerlist. The result
is internal: `powerlist assess` writes it beside the project, never into the published site.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..findings import Finding, Loc
from ..index import Index
from ..project import load_project
from ..rules import check
from .measures import MEASURES, Evidence, Input, Missing
from .table import Entry, Item, Part, Table, load_entries, load_table


@dataclass(frozen=True)
class Line:
    """One item of the table as assessed."""

    part: Part
    item: Item
    evidence: tuple[Evidence, ...]  # the measures' results (computed items)
    entry: Entry | None  # the office's evidence and self-score (any item)

    @property
    def computed(self) -> bool:
        return bool(self.item.measures)

    @property
    def share(self) -> float:
        """The share of the item's points its measures support (their mean)."""
        return sum(e.share for e in self.evidence) / len(self.evidence) if self.evidence else 0.0

    @property
    def score(self) -> float | None:
        """Computed points (one decimal), the office's self-score, or None when nobody has scored it."""
        if self.computed:
            return round(self.item.points * self.share, 1)
        return self.entry.score if self.entry else None

    @property
    def missing(self) -> list[Missing]:
        """What the item's measures found missing, each place and problem once (two measures may find
        the same finding)."""
        seen, out = set(), []
        for m in (m for e in self.evidence for m in e.missing):
            if (m.where, m.why) not in seen:
                seen.add((m.where, m.why))
                out.append(m)
        return out


@dataclass
class Assessment:
    table: Table
    lines: list[Line]
    day: dt.date
    title: str  # whose self-inspection: the unit's name, or the catalogue's (示例县)
    units: list[str]
    findings: list[Finding] = field(default_factory=list)  # problems of the table or assessment.yaml
    previous: dict[str, float] | None = None  # item id -> computed score in the version compared with
    previous_tag: str | None = None  # that version, as the report names it (上次发布版本 qlqd-2026-01, HEAD~3 ...)

    def total(self, kind: str) -> float:
        """Points: "computed" (by powerlist), "self" (the office's self-scores), "open" (nobody yet),
        "computable" (the computed items' full points)."""
        if kind == "computable":
            return sum(line.item.points for line in self.lines if line.computed)
        if kind == "open":
            return sum(line.item.points for line in self.lines if line.score is None)
        chosen = [line for line in self.lines if line.computed == (kind == "computed") and line.score is not None]
        return round(sum(line.score for line in chosen), 1)

    @property
    def score(self) -> float:
        return round(self.total("computed") + self.total("self"), 1)

    def band(self) -> str:
        """The grade the scores so far point to, in words: one grade, or the two it lies between (the
        open items at nothing, and in full)."""
        low, high = self.table.grade(self.score), self.table.grade(self.score + self.total("open"))
        return low if low == high else f"未评项目均不得分时为{low}，均得满分时为{high}"


def assess(root: Path, table_path: Path | None = None, day: dt.date | None = None,
           previous: str | None = None) -> Assessment:
    """Assess the project in ``root`` against the table (the shipped seed-001 table by default);
    ``previous``: a git revision or folder to compare the computed scores with (the last release tag
    when None and settings.release_tags is set)."""
    table, problems = load_table(table_path)
    if table is None:
        raise AssessError(problems)
    result = load_project(root)
    findings, _ = check(result)
    entries, more = load_entries(root, table)
    problems += more
    if not result.readable:  # the rules did not run: every measure that reads them would overstate
        problems += [f for f in result.findings if f.severity == "error"]
    if any(f.severity == "error" for f in problems):
        raise AssessError(problems)
    lines = _lines(table, Input.of(Index(result.project), findings), entries)
    project = result.project
    # whose report: the unit, or the catalogue's units together (示例县权力清单 -> 示例县)
    who = project.units[0].name if len(project.units) == 1 else \
        project.settings.title.removesuffix("权力清单").removesuffix("职权目录") or project.settings.title
    made = Assessment(table, lines, day or dt.date.today(), who, [u.name for u in project.units], problems)
    made.previous_tag, made.previous = _previous(root, table, previous, project.settings.release_tags)
    return made


def _lines(table: Table, data: Input, entries: dict[str, Entry]) -> list[Line]:
    """Every item of the table, its measures computed on ``data``, with the office's entry."""
    return [Line(part, item, tuple(MEASURES[m].fn(data) for m in item.measures), entries.get(item.id))
            for part, item in table.items]


class AssessError(Exception):
    """The scoring table or assessment.yaml has errors (the findings say where)."""

    def __init__(self, findings: list[Finding]):
        super().__init__(f"{len(findings)} 个问题")
        self.findings = findings


def _previous(root: Path, table: Table, spec: str | None, pattern: str | None):
    """(label, item id -> computed score) of the version compared with, or (None, None)."""
    from .. import history

    label, explicit = spec, spec is not None
    if spec is None and pattern:
        try:
            releases = history.releases(root, pattern)
        except history.HistoryError:
            releases = []
        if releases:
            spec, label = releases[-1].commit, f"上次发布版本 {releases[-1].tag}"
    if spec is None:
        return None, None
    try:
        result, _ = history.load_version(root, spec)
    except history.HistoryError as e:
        if explicit:  # asked for by name: say why it cannot be compared, never leave it out silently
            raise AssessError([Finding(Loc(spec, 1, 1), "error", "PL909", f"无法读取用于比较的版本 {spec}：{e}",
                                       "--against 写 git 版本号、标签或另一个项目目录")]) from e
        return None, None
    if explicit and not result.readable:
        raise AssessError([f for f in result.findings if f.severity == "error"])
    findings, _ = check(result)
    lines = _lines(table, Input.of(Index(result.project), findings), {})
    return label, {line.item.id: line.score for line in lines if line.computed}
