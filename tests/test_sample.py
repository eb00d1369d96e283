"""The sample county (示例县), the catalogue the tool runs on by default, stays complete and clean."""

from __future__ import annotations

from collections import Counter

from generator.project import load_project
from generator.rules import check_folder
from tests.helpers import REPO


def test_sample_passes_check_without_findings():
    findings, counts = check_folder(REPO)
    assert findings == [], [f"{f.loc} {f.code} {f.message}" for f in findings]


def test_sample_is_as_rich_as_the_issue_asks():
    project = load_project(REPO).project
    powers = list(project.powers())
    assert len(project.units) >= 4
    assert len(powers) >= 30
    assert len(project.flows) >= 12
    levels = Counter(r.level for f in project.flows for s in f.steps for r in s.risks)
    assert sum(levels.values()) >= 10 and set(levels) == {"高", "中", "低"}
    assert any(u.roster for u in project.units)
    categories = {p.category for _, p in powers}
    assert {"行政许可", "行政处罚", "三重一大"} <= categories
    assert any(f.procedure == "简易程序" for f in project.flows)
    assert any(s.action == "集体讨论" for f in project.flows for s in f.steps)
    # legal sources are real ones with articles; one repealed version shows versioning
    assert all(c.article for _, p in powers for c in p.basis)
    assert any(s.repealed for s in project.sources)
