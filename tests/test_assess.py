"""Issue 22: self-inspection against a scoring table. Each measure on small catalogues where its
figure is known by construction (all present, some missing, none); the table and the office's
entries checked with file and line; the sample's report read back with openpyxl and pdftotext."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from generator.assess import AssessError, assess
from generator.assess.measures import MEASURES, Input
from generator.assess.table import DEFAULT_TABLE, load_table
from generator.index import Index
from generator.project import load_files
from generator.rules import check
from tests import helpers
from tests.helpers import MINIMAL, mutated
from tests.helpers import Mutation as M
from tests.sitetools import REPO, copy_sample, pdf_text, powerlist

B, LIC, PEN, SPEND = "catalog/bureau.yaml", "flows/licence.yaml", "flows/penalty.yaml", "flows/spending.yaml"


def evidence(measure: str, mutations: list[M] = ()):
    files = mutated(list(mutations))
    result = load_files("proj", files)
    findings, _ = check(result)
    return MEASURES[measure].fn(Input.of(Index(result.project), findings))


def line_of(path: str, text: str, mutations: list[M] = ()) -> int:
    return helpers.line_of(mutated(list(mutations)), path, text)


def test_flowcharts_all_some_none():
    assert (e := evidence("flowcharts")).done == e.total == 3 and e.missing == ()
    drop = M(B, "    flow: spending\n", "")
    e = evidence("flowcharts", [drop])
    assert (e.done, e.total) == (2, 3)
    (m,) = e.missing
    assert "SY00001000" in m.what and "没有运行流程" in m.why
    assert m.loc.path == B and m.loc.line == line_of(B, "  - code: SY00001000", [drop])
    e = evidence("flowcharts", [drop, M(B, "    flow: licence\n", ""), M(B, "    flow: penalty\n", "")])
    assert (e.done, e.total, e.share) == (0, 3, 0.0)
    # a flow whose chart cannot be drawn (a step on a post that does not exist) does not count
    typo = M(LIC, "post: officer", "post: oficer")
    e = evidence("flowcharts", [typo])
    assert e.done == 2 and "无法绘制" in e.missing[0].why
    assert e.missing[0].loc.line == line_of(LIC, "post: oficer", [typo])  # at the error, not the flow's top
    wrong = M(B, "    flow: spending\n", "    flow: spendng\n")
    (m,) = evidence("flowcharts", [wrong]).missing
    assert "spendng 不存在" in m.why and m.loc.line == line_of(B, "    flow: spendng", [wrong])


def test_post_duties_lists_the_posts_no_step_names():
    base = evidence("post_duties")
    new = M(B, "  - {id: window,",
            "  - {id: archivist, name: 档案员, section: 办公室, role: 工作人员}\n  - {id: window,")
    e = evidence("post_duties", [new])
    assert (e.done, e.total) == (base.done, base.total + 1)
    assert [m.what for m in e.missing if "档案员" in m.what] == ["测试县测试局 档案员"]
    assert next(m for m in e.missing if "档案员" in m.what).loc.line == line_of(B, "  - {id: archivist", [new])


def test_risk_measures_all_some_none():
    full = evidence("risk_measures")
    assert full.total > 0 and full.done == full.total
    no_measure = M(LIC, "measures: [量化审查标准]", "measures: []")
    e = evidence("risk_measures", [no_measure])
    assert (e.done, e.total) == (full.total - 1, full.total)
    assert e.missing[0].why == "没有防控措施" and e.missing[0].loc.path == LIC
    files = mutated([])
    for path in (LIC, PEN, SPEND):  # no risk point anywhere: nothing screened
        files[path] = re.sub(r"\n    risks:\n(      .*\n)+", "\n", files[path].decode()).encode()
    result = load_files("proj", files)
    e = MEASURES["risk_measures"].fn(Input.of(Index(result.project), result.findings))
    assert (e.done, e.total, e.share) == (0, 0, 0.0) and "尚未排查" in e.missing[0].why


def test_register_counts_complete_rows_and_says_where_it_is_published():
    e = evidence("register")
    assert e.done == e.total > 0
    assert "base_url" in e.note or "risks.html" in e.note
    e = evidence("register", [M(LIC, "measures: [量化审查标准]", "measures: []")])
    assert e.done == e.total - 1 and "防控措施" in e.missing[0].why


def test_post_grades_lists_the_posts_left_ungraded():
    # the minimal project's risk points lie on the steps of 审批股经办人 (审查), 分管副局长 (决定) and
    # 局党组会 (集体讨论): those three are graded, the six others handle no risk point
    e = evidence("post_grades")
    assert (e.done, e.total) == (3, 9)
    assert {m.what.split()[-1] for m in e.missing} == {"会计", "分管法规副局长", "审批股股长", "局长", "执法队员",
                                                      "政务服务窗口"}
    risk = ("  - {id: pay, name: 支付, post: accountant, action: 支付,\n"
            "     risks: [{level: 低, type: 财务管理, description: 超范围支付,\n"
            "              measures: [凭审批单支付], owner: head}]}")
    e = evidence("post_grades", [M(SPEND, "  - {id: pay, name: 支付, post: accountant, action: 支付}", risk)])
    assert e.done == 4 and "会计" not in {m.what.split()[-1] for m in e.missing}


def test_internal_control_counts_flows_the_two_person_rule_passes():
    assert (e := evidence("internal_control")).done == e.total == 3
    same_post = M(LIC, "post: deputy\n    action: 决定", "post: officer\n    action: 决定")  # PL202
    e = evidence("internal_control", [same_post])
    assert (e.done, e.total) == (2, 3) and any("PL202" in m.why for m in e.missing)
    assert all(m.loc.path == LIC for m in e.missing)


def test_open_findings_counts_files_without_errors():
    assert (e := evidence("open_findings")).done == e.total == 4  # one unit file, three flows
    e = evidence("open_findings", [M(LIC, "measures: [量化审查标准]", "measures: []")])  # PL301
    assert (e.done, e.total) == (3, 4) and e.missing[0].why.startswith("PL301")


def test_wall_charts_leave_out_the_flows_that_cannot_be_drawn():
    assert (e := evidence("wall_charts")).done == e.total == 3
    e = evidence("wall_charts", [M(LIC, "post: officer", "post: oficer")])
    assert (e.done, e.total) == (2, 3) and "海报无法生成" in e.missing[0].why


def test_complaint_channels_per_power_and_per_unit():
    e = evidence("complaint_channels")  # every power has a phone (its own or the unit's); no box, no URL
    assert (e.done, e.total) == (3, 4) and e.missing[0].what == "测试县测试局"
    box = M(B, "complaint_phone: '12345'\n", "complaint_phone: '12345'\ncomplaint_box: 局机关一楼大厅\n")
    assert (e := evidence("complaint_channels", [box])).done == e.total == 4
    no_phones = [M(B, "complaint_phone: '12345'\n", ""), M(B, "    complaint_phone: 0999-6123400\n", "")]
    e = evidence("complaint_channels", no_phones)
    assert (e.done, e.total) == (0, 4) and sum("监督投诉电话" in m.why for m in e.missing) == 3


def test_every_measure_has_a_chinese_title_and_documentation(tmp_path):
    docs = (REPO / "docs" / "assess.md").read_text(encoding="utf-8")
    for m in MEASURES.values():
        assert m.title and m.doc and f"`{m.id}`" in docs, m.id


def test_a_leader_who_owns_risks_has_duties_and_is_told_how_to_be_graded():
    # 分管法规副局长 runs no step of the minimal project but owns the licence decision's risk
    e = evidence("post_duties")
    assert "分管法规副局长" not in {m.what.split()[-1] for m in e.missing}
    g = evidence("post_grades")
    why = next(m.why for m in g.missing if m.what.endswith("分管法规副局长"))
    assert "不经办任何环节" in why and "count_owned" in why


def test_a_flow_that_cannot_be_checked_does_not_pass_the_two_person_rule():
    e = evidence("internal_control", [M(LIC, "post: officer", "post: oficer")])  # PL501: no such post
    assert (e.done, e.total) == (2, 3) and "无法核对" in e.missing[0].why


def test_the_shipped_table_is_seed_001s_and_adds_up():
    table, findings = load_table(None)
    assert findings == [] and table.title == "建立廉政风险防范机制工作检查评分表"
    assert [p.points for p in table.parts] == [14, 16, 12, 38, 20]
    assert sum(i.points for _, i in table.items) == 100
    assert [g.name for g in table.grades] == ["优秀", "良好", "合格", "不合格"]
    assert (table.grade(90), table.grade(89.9), table.grade(60), table.grade(59)) == ("优秀", "良好", "合格", "不合格")


def test_a_table_of_its_own_is_checked_with_file_and_line(tmp_path):
    text = DEFAULT_TABLE.read_text(encoding="utf-8")
    bad = text.replace("{id: \"1.2\", points: 2,", "{id: \"1.2\", points: 3,").replace("[register]", "[registry]")
    path = tmp_path / "table.yaml"
    path.write_text(bad, encoding="utf-8")
    table, findings = load_table(path)
    assert table is None
    by_code = {f.code: f for f in findings}
    lines = bad.splitlines()
    assert "分值 14，各项合计 15" in by_code["PL901"].message
    assert "points: 14" in lines[by_code["PL901"].loc.line - 1]
    assert "registry" in by_code["PL902"].message and "[registry]" in lines[by_code["PL902"].loc.line - 1]
    assert "register" in by_code["PL902"].hint
    no_floor = text.replace("  - {name: 不合格, min: 0}\n", "")
    path.write_text(no_floor, encoding="utf-8")
    table, findings = load_table(path)
    assert table is None and [f.code for f in findings] == ["PL907"]


def test_office_entries_score_only_what_the_catalogue_cannot_speak_to(tmp_path):
    root = tmp_path / "proj"
    shutil.copytree(MINIMAL, root)
    (root / "assessment.yaml").write_text(
        "items:\n"
        "  - {id: '1.1', evidence: 局党组会议纪要〔2026〕3号, score: 4}\n"
        "  - {id: '2.3', evidence: 承诺书 42 份}\n", encoding="utf-8")
    a = assess(root)
    one = next(line for line in a.lines if line.item.id == "1.1")
    assert one.score == 4 and not one.computed and a.total("self") == 4
    assert next(line for line in a.lines if line.item.id == "2.3").score is None  # evidence, no score
    assert a.score == round(a.total("computed") + 4, 1)
    assert a.total("open") == 100 - a.total("computable") - 4
    high = a.table.grade(a.score + a.total("open"))
    assert a.table.grade(a.score) == "不合格" != high
    assert a.band() == f"未评项目均不得分时为不合格，均得满分时为{high}"

    (root / "assessment.yaml").write_text(
        "items:\n  - {id: '9.9', score: 1}\n  - {id: '2.1', score: 4}\n  - {id: '1.2', score: 5}\n"
        "  - {id: '1.2', evidence: 又写了一次}\n", encoding="utf-8")
    with pytest.raises(AssessError) as e:
        assess(root)
    found = {(f.code, f.loc.path, f.loc.line) for f in e.value.findings}
    assert found == {("PL904", "assessment.yaml", 2), ("PL905", "assessment.yaml", 3), ("PL906", "assessment.yaml", 4),
                     ("PL908", "assessment.yaml", 5)}
    r = powerlist("assess", str(root))
    assert r.returncode == 1 and "assessment.yaml:3:" in r.stdout and "Traceback" not in r.stderr


def test_a_catalogue_that_does_not_load_is_not_assessed(tmp_path):
    """The rules do not run on a file that does not load: the measures that read them would overstate."""
    root = tmp_path / "proj"
    shutil.copytree(MINIMAL, root)
    (root / "flows" / "licence.yaml").write_text("name: [unclosed\n", encoding="utf-8")
    with pytest.raises(AssessError) as e:
        assess(root)
    assert any(f.loc.path == "flows/licence.yaml" and f.code.startswith("PL0") for f in e.value.findings)
    r = powerlist("assess", str(root))
    assert r.returncode == 1 and "flows/licence.yaml:" in r.stdout and "未生成" in r.stderr
    assert "Traceback" not in r.stderr and not (root / "assessment").exists()


def test_the_sample_report_as_xlsx_and_pdf(tmp_path):
    import openpyxl

    root = copy_sample(tmp_path / "proj")
    r = powerlist("assess", str(root), "--date", "2026-12-01")
    assert r.returncode == 0, r.stderr
    out = root / "assessment"
    a = assess(root)
    book = openpyxl.load_workbook(out / "self-inspection.xlsx")
    sheet = book["评分表"]
    assert [c.value for c in sheet[1]][:7] == ["项目", "编号", "考核内容和标准", "分值", "检查情况（由清单计算）",
                                               "佐证材料（单位填写）", "得分"]
    rows = {row[1].value: row for row in sheet.iter_rows(min_row=2) if row[1].value}
    assert len(rows) == 25 and "2.1" in rows and "5.5" in rows
    for line in a.lines:
        row = rows[line.item.id]
        assert row[3].value == line.item.points
        if line.computed:
            assert row[6].value == line.score and row[7].value == "清单计算"
            comment = row[4].comment.text
            assert MEASURES[line.item.measures[0]].explained in comment and "看不见" in comment
            assert line.evidence[0].figure in row[4].value
        else:
            assert row[6].value in (None, "") and row[7].value == "未评"
    assert "廉政风险点排查情况（16 分）" in [str(r.value) for r in sheet["A"]]
    assert any(str(rng).startswith("A") for rng in sheet.merged_cells.ranges)  # the part over its items
    todo = book["待改进"]
    assert todo.max_row - 1 == sum(len(line.missing) for line in a.lines) > 0
    assert all(":" in str(row[3].value) for row in todo.iter_rows(min_row=2))

    text = pdf_text(out / "self-inspection.pdf")
    assert "示例县廉政风险防控工作自查报告" in text and "2026年12月1日" in text
    assert f"{a.total('computed'):g}" in text and "内部材料" in text
    first = next(m for line in a.lines for m in line.missing)
    assert first.where.replace(" ", "") in text
    assert "需由单位填写的项目" in text and "签订廉政风险防范承诺书" in text
    from tests.typography import halfwidth_in_chinese, iso_dates, reader_text

    for path in out.iterdir():  # read as its reader meets it: Chinese punctuation, Chinese dates
        shown = reader_text(path)
        assert halfwidth_in_chinese(shown) == [] and iso_dates(shown) == [], path.name
    assert halfwidth_in_chinese(r.stdout) == []
    # internal: never written into a site powerlist built
    (root / "site").mkdir(exist_ok=True)
    (root / "site" / ".powerlist-output").write_bytes(b"")
    refused = powerlist("assess", str(root), "--out", str(root / "site" / "zicha"))
    assert refused.returncode == 2 and "不得发布" in refused.stderr and not (root / "site" / "zicha").exists()
    # internal: nothing of it in the website, and the same input gives the same bytes
    assert not (root / "site").exists() or not list((root / "site").rglob("self-inspection*"))
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    assert powerlist("assess", str(root), "--date", "2026-12-01").returncode == 0
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_the_report_compares_with_the_last_release_tag(tmp_path):
    root = copy_sample(tmp_path / "proj")
    settings = root / "powerlist.yaml"
    if "release_tags" not in settings.read_text(encoding="utf-8"):
        settings.write_text(settings.read_text(encoding="utf-8") + "release_tags: 'qlqd-*'\n", encoding="utf-8")
    git = ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run([*git, "init", "-q"], check=True)
    unit = root / "catalog" / "market-regulation.yaml"
    text = unit.read_text(encoding="utf-8")
    hidden = text.replace("\ncomplaint_box:", "\n# complaint_box:").replace("\ncomplaint_url:", "\n# complaint_url:")
    unit.write_text(hidden, encoding="utf-8")
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "v1"], check=True)
    subprocess.run([*git, "tag", "qlqd-2026-01"], check=True)
    unit.write_text(text, encoding="utf-8")  # the box named again since the release
    a = assess(root)
    assert a.previous_tag == "上次发布版本 qlqd-2026-01"
    line = next(line for line in a.lines if line.item.id == "4.5")
    assert a.previous["4.5"] < line.score
    r = powerlist("assess", str(root))
    assert "与上次发布版本 qlqd-2026-01相比" in r.stdout
    # a version asked for by name that cannot be read is an error, never a comparison left out
    bad = powerlist("assess", str(root), "--against", "qlqd-2099")
    assert bad.returncode == 1 and "PL909" in bad.stdout and "qlqd-2099" in bad.stdout


# Every flow broken where the tool must stop (a step on a post that does not exist: no chart, no check
# of the two-person rule), and the unit file in error too (a promised limit over the legal one)
BROKEN = [M(LIC, "post: officer", "post: oficer"), M(PEN, "post: head, action: 立案", "post: haed, action: 立案"),
          M(SPEND, "post: accountant, action: 经办", "post: acountant, action: 经办"),
          M(B, "    promised_limit: 10", "    promised_limit: 30")]


def _without_flows_and_risks() -> dict[str, bytes]:
    """The minimal project with no flow file at all: no step, no risk point, nobody owning one."""
    return {path: data for path, data in mutated([]).items() if not path.startswith("flows/")}


@pytest.mark.parametrize("measure", ["post_duties", "register", "post_grades"])
def test_nothing_done_when_the_project_has_no_flow(measure):
    result = load_files("proj", _without_flows_and_risks())
    e = MEASURES[measure].fn(Input.of(Index(result.project), check(result)[0]))
    assert e.done == 0 and e.share == 0.0 and e.missing


@pytest.mark.parametrize("measure", ["flowcharts", "internal_control", "open_findings", "wall_charts"])
def test_nothing_done_when_every_file_is_broken(measure):
    e = evidence(measure, BROKEN)
    assert e.total > 0 and (e.done, e.share) == (0, 0.0)
    assert {m.loc.path for m in e.missing} >= ({LIC, PEN, SPEND} | ({B} if measure == "open_findings" else set()))


def test_every_assessment_finding_is_a_documented_rule_that_check_never_runs():
    """The PL9xx codes powerlist assess emits are registered (powerlist rules explains them), group
    "assess", and have no check function: powerlist check neither runs nor reports them."""
    from pathlib import Path

    from generator.rules import all_rules

    source = "".join(p.read_text(encoding="utf-8") for p in (REPO / "generator" / "assess").glob("*.py"))
    emitted = set(re.findall(r"\bPL9\d\d\b", source))
    registered = {r.code: r for r in all_rules() if r.group == "assess"}
    assert emitted and emitted == set(registered)
    assert {r.code for r in all_rules() if r.code.startswith("PL9")} == set(registered)
    assert all(r.check is None and r.severity == "error" for r in registered.values())
    r = powerlist("rules", "PL905")
    assert r.returncode == 0 and r.stdout.startswith("PL905 ") and "score" in r.stdout
    r = powerlist("check", str(MINIMAL), "--select", "PL905", "--format", "json")
    assert r.returncode == 0 and "PL9" not in r.stdout.replace(str(Path(MINIMAL)), "")


@pytest.mark.parametrize("code", [f"PL90{i}" for i in range(1, 9)])
def test_the_assessment_findings_examples_are_what_assess_reads(tmp_path, code):
    """Each PL901-PL908 explanation's Bad example, put into the shipped table (its parts or grades) or
    written as assessment.yaml, reports the code; its Good example reports nothing."""
    import yaml

    from generator.assess.table import load_entries
    from generator.rules import REGISTRY, all_rules

    all_rules()
    bad, good = re.findall(r"```yaml\n(.*?)```", REGISTRY[code].doc, re.S)
    seed = yaml.safe_load(DEFAULT_TABLE.read_text(encoding="utf-8"))
    table, _ = load_table(None)

    def codes(example: str) -> list[str]:
        data = yaml.safe_load(example)
        if "items" in data:  # the office's assessment.yaml
            (tmp_path / "assessment.yaml").write_text(example, encoding="utf-8")
            return [f.code for f in load_entries(tmp_path, table)[1]]
        path = tmp_path / "table.yaml"
        path.write_text(yaml.safe_dump({**seed, **data}, allow_unicode=True, sort_keys=False), encoding="utf-8")
        return [f.code for f in load_table(path)[1]]

    assert set(codes(bad)) == {code}  # PL903 at each of the two items
    assert codes(good) == []
