"""Stage 3, rules: each check is a small function registered with a code, a severity and a fix hint.

A rule's docstring is its documentation (why it exists, a bad and a good example, the fix);
``docs/rules.md`` is generated from them by ``powerlist rules --markdown``. Rules read the model only.
"""

from __future__ import annotations

import datetime as dt
import inspect
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Callable, Iterable, NamedTuple

from ..findings import Finding, Loc
from ..index import Index
from ..model import LegalSource, Project
from ..project import LoadResult, load_project


class Report(NamedTuple):
    """What a rule function yields: a place and a message; hint and severity default to the rule's."""

    loc: Loc
    message: str
    hint: str | None = None
    severity: str | None = None


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: str
    group: str
    hint: str
    doc: str
    check: Callable[["Context"], Iterable[Report]] | None
    # cannot be ignored (settings ignore, --ignore): the build depends on it; --select still chooses
    always: bool = False

    @property
    def summary(self) -> str:
        first = self.doc.strip().split("\n\n", 1)[0]
        return " ".join(first.split()) or self.name


REGISTRY: dict[str, Rule] = {}

GROUPS = {
    "load": "Loading and format (读取与格式)",
    "legal": "Legal basis (法律依据)",
    "duties": "Separation of duties (分权制衡)",
    "risks": "Risk points (风险点)",
    "time": "Time limits (办理时限)",
    "procedure": "Legal procedure (法定程序)",
    "graph": "Flow graph and references (流程与引用)",
    "codes": "Codes, ids and phones (编码与标识)",
    "assess": "Assessment table (考核评分表)",
}


def rule(code: str, name: str, *, severity: str = "error", group: str, hint: str, always: bool = False):
    """Register a check function under ``code``; ``always``: it runs even when told to ignore it."""

    def register(fn):
        _add(Rule(code, name, severity, group, hint, inspect.getdoc(fn) or "", fn, always))
        return fn

    return register


def load_rule(code: str, name: str, hint: str, doc: str) -> None:
    """Register a finding the loader emits itself (PL0xx): documented like a rule, always on."""
    _add(Rule(code, name, "error", "load", hint, inspect.cleandoc(doc), None))


def assess_rule(code: str, name: str, hint: str, doc: str) -> None:
    """Register a finding ``powerlist assess`` emits on a scoring table or assessment.yaml (PL9xx):
    documented like a rule; ``powerlist check`` never runs or reports it (no check function)."""
    _add(Rule(code, name, "error", "assess", hint, inspect.cleandoc(doc), None))


def _add(r: Rule) -> None:
    if r.code in REGISTRY:
        raise ValueError(f"rule code {r.code} registered twice")
    REGISTRY[r.code] = r


class Context(Index):
    """The project with the look-up tables that several rules need (``index.Index``, computed once),
    the check date and the settings."""

    def __init__(self, project: Project, today: dt.date | None = None):
        super().__init__(project)
        self.settings = project.settings
        # an explicit date (powerlist check --date) wins over the settings' check_date
        self.day = today or project.settings.check_date or dt.date.today()

    @cached_property
    def duplicate_sources(self) -> frozenset[str]:
        """Source ids written more than once in the library (PL607 reports them at every entry)."""
        counts = Counter(s.id for s in self.project.sources)
        return frozenset(i for i, n in counts.items() if n > 1)

    @cached_property
    def sources(self) -> dict[str, LegalSource]:
        """Sources by id, without the ids written twice: a citation of such an id could mean either
        entry, so no rule judges it against one of them (PL607 reports the duplicate, PL102 skips it)."""
        return {s.id: s for s in self.project.sources if s.id not in self.duplicate_sources}


def all_rules() -> list[Rule]:
    _import_rule_modules()
    return sorted(REGISTRY.values(), key=lambda r: r.code)


def run_rules(project: Project, today: dt.date | None = None, select: Iterable[str] | None = None) -> list[Finding]:
    """Run every enabled rule over the project; findings come back sorted by place."""
    ctx = Context(project, today)
    ignored = set(project.settings.ignore)
    wanted = set(select) if select else None
    findings = []
    for r in all_rules():
        if r.check is None or r.code in ignored and not r.always or wanted and r.code not in wanted:
            continue
        for rep in r.check(ctx):
            findings.append(Finding(rep.loc, rep.severity or r.severity, r.code, rep.message, rep.hint or r.hint))
    return sorted(set(findings), key=Finding.sort_key)


def check_folder(root: Path, day: dt.date | None = None, select: Iterable[str] | None = None,
                 ignore: Iterable[str] = ()) -> tuple[list[Finding], dict[str, int]]:
    """Load and check a project folder."""
    return check(load_project(root), day, select, ignore)


def check(result: LoadResult, day: dt.date | None = None, select: Iterable[str] | None = None,
          ignore: Iterable[str] = ()) -> tuple[list[Finding], dict[str, int]]:
    """Findings for a loaded project. Rules run only when every file loaded cleanly, so that one
    format error does not cascade into misleading rule findings."""
    project = result.project
    findings = sorted(result.findings, key=Finding.sort_key)
    counts = {"units": len(project.units), "powers": sum(len(u.powers) for u in project.units),
              "flows": len(project.flows)}
    if not findings:
        kept = {r.code for r in all_rules() if r.always}
        findings = [f for f in run_rules(project, day, select) if f.code not in set(ignore) or f.code in kept]
    return findings, counts


def _import_rule_modules() -> None:
    from . import (  # noqa: F401  (registration)
        assess,
        codes,
        creation,
        duties,
        graph,
        legal,
        loading,
        posts,
        practice,
        procedure,
        risks,
        timing,
    )
