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


def test_sample_citations_are_the_reviewed_ones():
    """The fixes of ../shared/citations-review.md stay made (each checked against the law text, see the
    commit that made them): 《流动人员人事档案管理服务规定》第四条 only says which archives count as
    流动人员人事档案, so no power cites it for the managing body or its services; the library's dates
    and issuers are those of the official texts; the 食品安全法 excerpt quotes the article; and 公示 is
    counted in the planning-permit flow (行政许可法 第四十五条 leaves out 专家评审, not 公示)."""
    project = load_project(REPO).project
    powers = {p.code: p for _, p in project.powers()}
    for code in ("GG00301000", "GG00302000", "GG00303000", "GG00304000", "GG00305000"):
        archive = [c.article for c in powers[code].basis if c.source == "mobile-personnel-archives-provisions"]
        assert "第四条" not in archive, code
    graduates = [c for c in powers["GG00305000"].basis if c.source == "mobile-personnel-archives-provisions"]
    assert [c.article for c in graduates] == ["第四条第（三）项"]

    sources = {s.id: s for s in project.sources}
    assert str(sources["food-safety-law"].amended) == "2025-09-12"
    assert str(sources["real-estate-registration-regulation"].amended) == "2024-03-10"
    assert str(sources["accounting-law"].effective) == "2024-07-01"
    assert str(sources["product-quality-law"].effective) == "2000-09-01"
    assert sources["budget-law"].issuer == "全国人民代表大会"
    assert sources["administrative-penalty-law"].issuer == "全国人民代表大会"

    excerpt = next(c.text for c in powers["CF00402000"].basis if c.source == "food-safety-law")
    assert "并处罚款" not in excerpt and "并处五万元以上十万元以下罚款" in excerpt

    flow = next(f for f in project.flows if f.id == "nr-planning-permit")
    assert all(s.counted for s in flow.steps if s.action == "公示" and s.id != "publish")
    assert all(not s.counted for s in flow.steps if "专家" in s.name)


def test_sample_practice_fields_follow_from_its_own_data():
    """办件类型 agrees with the promised limit; every external decision of a county department that can
    be challenged names 行政复议 to the county government (行政复议法 (2023) 第二十四条第一款第（一）项,
    sixty days, 第二十条) and 行政诉讼 (行政诉讼法 第四十六条, six months); no online address is invented."""
    project = load_project(REPO).project
    for _, power in project.powers():
        if power.case_type is not None:
            assert power.case_type == ("即办件" if power.promised_limit == 0 else "承诺件"), power.code
        assert power.online_url is None and power.visits is None, power.code
        for remedy in power.remedies:
            assert (remedy.kind, remedy.days, remedy.months) in {("行政复议", 60, None), ("行政诉讼", None, 6)}
    challenged = {"行政许可", "行政处罚", "行政强制"}
    assert all(len(p.remedies) == 2 for _, p in project.powers()
               if p.category in challenged and p.code != "XK00206000")  # XK00206000 only reports upwards
