"""Posts (issue 19): the grading rule on catalogues where the grade is known by construction, the
posts register and the duty matrix, the post statements read back with pypdf and pdftotext, the
workbook's new sheets with openpyxl, and the internal roster view that never reaches the site."""

from __future__ import annotations

import re
import subprocess
import zipfile

import openpyxl
import pypdf
import pytest

from generator.index import Index
from generator.project import load_files
from generator.render.posts import duty_matrix, register
from tests.helpers import Mutation as M
from tests.helpers import mutated
from tests.rule_cases import LIC, SET
from tests.sitetools import all_text, powerlist
from tests.test_site import MARKERS, _with_private_markers

SECOND_MEDIUM = ("      - {level: 中, type: 岗位职责, description: 超期作出决定, measures: [限时办结],"
                 " owner: legal-deputy}\n")


def _views(*mutations: M) -> dict:
    project = load_files("<mem>", mutated(list(mutations))).project
    return {v.id: v for v in Index(project).post_views["bureau"]}


def test_a_post_takes_the_grade_of_the_highest_risk_on_its_steps():
    views = _views()
    grades = {pid: v.grade for pid, v in views.items()}
    # review (低) by officer, decide (中) by deputy, the spending discussion (高) by the leadership
    assert grades["officer"] == "三级" and grades["deputy"] == "二级" and grades["leadership"] == "一级"
    assert grades["window"] == "未定级" and grades["accountant"] == "未定级"  # steps, but no risk point
    assert grades["director"] == "未定级"  # owns the 高 risk, handles no step: not counted by default
    assert "高风险（1 个）" in views["leadership"].grade_reason


def test_grading_counts_owned_risks_and_promotes_when_told():
    owned = _views(M(SET, "check_date: 2026-01-01", "check_date: 2026-01-01\npost_grading: {count_owned: true}"))
    assert owned["director"].grade == "一级" and owned["legal-deputy"].grade == "二级"
    promoted = _views(M(SET, "check_date: 2026-01-01", "check_date: 2026-01-01\npost_grading: {promote_at: 2}"),
                      M(LIC, "        owner: legal-deputy\n", "        owner: legal-deputy\n" + SECOND_MEDIUM))
    assert promoted["deputy"].grade == "一级" and "升一级" in promoted["deputy"].grade_reason
    assert promoted["officer"].grade == "三级"  # one 低 risk: below promote_at
    unpromoted = _views(M(LIC, "        owner: legal-deputy\n", "        owner: legal-deputy\n" + SECOND_MEDIUM))
    assert unpromoted["deputy"].grade == "二级"


def test_a_post_knows_its_supervisors_checkpoints_and_incompatible_duties():
    views = _views()
    deputy = views["deputy"]
    assert deputy.supervisors == ("分管法规副局长",)  # the owner of its decision's risk
    assert deputy.checkpoints == (("决定", "审批意见书面留痕, 纪检组抽查"),)
    assert ("审查", "决定") in deputy.incompatible and ("受理", "决定") in deputy.incompatible
    assert {p.code for p in deputy.powers} == {"XK00001000", "CF00001000"}  # it decides the penalty too
    assert views["director"].used and not views["director"].steps  # owns a risk: in use


def test_the_register_lists_graded_posts_first_grade_first_and_the_matrix_marks_a_conflict():
    views = list(_views().values())
    table = register({"bureau": views})
    assert [r["post"] for r in table.rows] == ["局党组会", "分管副局长", "审批股经办人"]
    assert [r["grade"] for r in table.rows] == ["一级风险岗位", "二级风险岗位", "三级风险岗位"]
    pairs = [("审查", "决定")]
    assert all(not conflicts for _, _, conflicts in duty_matrix(views, pairs).rows)
    # the officer also decides in the same flow: the matrix marks the pair on its row (PL202 refuses it)
    clash = list(_views(M(LIC, "    post: deputy\n    action: 决定", "    post: officer\n    action: 决定")).values())
    rows = {v.id: (counts, conflicts) for v, counts, conflicts in duty_matrix(clash, pairs).rows}
    assert rows["officer"][1] == ["审查与决定"] and rows["deputy"][1] == []


@pytest.mark.build
def test_statements_one_post_a_page_with_its_risks_and_pledge(sample_site):
    site, project, _ = sample_site
    for unit in project.units:
        path = site / "data" / "units" / f"{unit.id}-posts.pdf"
        reader = pypdf.PdfReader(path)
        starts = [i for i, page in enumerate(reader.pages) if page.extract_text().lstrip().startswith("岗位权力说明书")]
        assert len(starts) == len(unit.posts)  # each post begins a page
        assert abs(float(reader.pages[0].mediabox.width) - 595.28) < 0.5  # A4 portrait
        text = "".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                                      check=True).stdout.split())
        assert text.count("廉政风险防范承诺") == len(unit.posts) and text.count("岗位人员（签字）") == len(unit.posts)
        views = Index(project).post_views[unit.id]
        for view in views:
            assert view.post.name.replace(" ", "") in text
            for r in view.risks:
                assert r.item.risk.description.replace(" ", "") in text
    nr = "".join(subprocess.run(["pdftotext", str(site / "data" / "units" / "natural-resources-posts.pdf"), "-"],
                                capture_output=True, text=True, check=True).stdout.split())
    assert "二级风险岗位" in nr and "不得同时承担" in nr and "监督岗位" in nr


@pytest.mark.build
def test_workbook_sheets_register_and_matrix(sample_site):
    site, project, _ = sample_site
    book = openpyxl.load_workbook(site / "data" / "powerlist.xlsx")
    views = [v for vs in Index(project).post_views.values() for v in vs]
    sheet = book["风险岗位登记表"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == sum(1 for v in views if v.grade != "未定级")
    grades = [r[5] for r in rows]
    assert grades == sorted(grades, key=["一级风险岗位", "二级风险岗位", "三级风险岗位"].index)
    matrix = book["不相容职责矩阵"]
    header = [c.value for c in matrix[1]]
    assert header[:3] == ["单位", "岗位", "风险等级"] and "决定" in header and header[-1] == "同一流程中的不相容职责"
    assert matrix.max_row - 1 == sum(1 for v in views if v.steps)
    statements = list(book["岗位权力说明书"].iter_rows(min_row=2, values_only=True))
    assert len(statements) == len(views)  # every post, graded or not
    planning = next(r for r in statements if r[2] == "副局长（分管国土空间规划和用途管制）")
    assert planning[4] == "二级风险岗位" and "★3" in planning[7] and "副局长（分管执法监察）" in planning[8]
    summary = {r[0]: r[1] for r in book["汇总"].iter_rows(min_row=2, values_only=True)}
    assert summary["一级风险岗位"] == sum(1 for v in views if v.grade == "一级")


@pytest.mark.build
def test_the_roster_view_goes_to_the_internal_folder_only(tmp_path):
    root = _with_private_markers(tmp_path / "proj")
    r = powerlist("build", root, "--internal")
    assert r.returncode == 0, r.stderr
    internal = root / "internal" / "roster.xlsx"
    with zipfile.ZipFile(internal) as z:
        xml = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))
    assert MARKERS["roster"] in xml and "张某" in xml  # the internal view does hold the persons ...
    # ... and the self-inspection against the scoring table (issue 22): internal papers too
    assert {p.name for p in (root / "internal").iterdir()} >= {"self-inspection.xlsx", "self-inspection.pdf"}
    assert not list((root / "site").rglob("self-inspection*"))
    texts = all_text(root / "site")
    assert any(rel.startswith("posts/") for rel in texts)
    assert [rel for rel, text in texts.items() if MARKERS["roster"] in text or "张某" in text] == []  # ... the site not
    inside = powerlist("build", root, "--internal", root / "site" / "internal")
    assert inside.returncode == 1 and "不得发布" in inside.stderr
    assert not (root / "site" / "internal").exists()


def test_a_unit_name_with_quotes_and_markup_reads_as_typed_above_its_statements():
    """The name goes into the statements' page header as a CSS string: escaped for CSS, it shows as typed
    (it showed 某县R&amp;D&#34;中心) and cannot close the string or the stylesheet."""
    import dataclasses

    from generator.project import load_project
    from generator.render.pdf import html_to_pdf
    from generator.render.posts import statements_html
    from tests.helpers import REPO

    project = load_project(REPO).project
    unit = dataclasses.replace(project.units[0], name='某县R&D"中心</style>\\')
    project = dataclasses.replace(project, units=(unit,) + project.units[1:])
    html = statements_html(Index(project).post_views[unit.id])
    pdf = html_to_pdf(html)
    first = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-", "-"], input=pdf, capture_output=True,
                           check=True).stdout.decode()
    assert first.splitlines()[0] == '某县R&D"中心</style>\\'


def _shared_flow_sample(dest, clones: int):
    """The sample county with ``clones`` more penalties run by the market bureau's general procedure:
    a flow serving dozens of powers, as a bureau's general penalty procedure does."""
    import yaml

    from tests.sitetools import copy_sample

    root = copy_sample(dest)
    path = root / "catalog" / "market-regulation.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    base = next(p for p in data["powers"] if p.get("flow") == "mr-penalty-general")
    for i in range(clones):
        data["powers"].append(dict(base, code=f"CF{5000 + i:05d}000", name=f"对违反第{i + 1}项规定的行为的行政处罚"))
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return root


def test_a_flow_serving_many_powers_names_them_once_per_flow_not_per_step(tmp_path):
    """A post's statement lists the steps by flow, each flow's powers once and at most LISTED_POWERS of
    them, then how many there are and where all are listed (before: every step row repeated all the names:
    with 600 penalties on one procedure, 231 pages for one bureau); the poster names at most LISTED_POWERS
    and says how many the flow serves."""
    from generator.project import load_project
    from generator.render.documents import LISTED_POWERS as STATEMENT_POWERS
    from generator.render.poster import LISTED_POWERS, Page, poster_html
    from generator.render.posts import statements_html

    root = _shared_flow_sample(tmp_path / "proj", 40)
    project = load_project(root).project
    unit = next(u for u in project.units if u.id == "market-regulation")
    flow = next(f for f in project.flows if f.id == "mr-penalty-general")
    serving = [p for p in unit.powers if p.flow == flow.id]
    assert len(serving) > 40
    views = Index(project).post_views[unit.id]
    html = statements_html(views)
    officer = next(v for v in views if len({s.step.id for s in v.steps if s.flow is flow}) > 2)
    section = html.split('<section class="post">')[1 + views.index(officer)]
    head = f'<td colspan="4"><strong>{flow.name}'
    row = next(r for r in section.split('<tr class="flow">')[1:] if r.startswith(head))
    row = row[:row.index("</tr>")]
    assert len(re.findall(r"CF\d{8}", row)) == STATEMENT_POWERS
    assert section.count("对违反第1项规定的行为的行政处罚") == 1  # once, for the flow, not once per step
    assert f"等 {len(serving)} 项，完整清单见本单位职权目录" in section

    sources = {s.id: s for s in project.sources}
    poster = poster_html(flow, unit, sorted(serving, key=lambda p: p.code), sources, project.settings, Page()).html
    listed = poster[poster.index('<ul class="power-list">'):poster.index("</ul>")]
    assert listed.count("<li>") == LISTED_POWERS
    assert f"本流程适用 {len(serving)} 项职权，完整清单见本单位职权目录（扫码查看）" in poster


@pytest.mark.build
def test_a_post_page_lists_a_flows_powers_once_and_folds_a_long_list(tmp_path):
    from generator.build import Options, build

    root = _shared_flow_sample(tmp_path / "proj", 40)
    build(root, Options(out=root / "site", posters=False, documents=False))
    page = (root / "site" / "posts" / "market-regulation" / "enforcement-officer.html").read_text(encoding="utf-8")
    steps = page[page.index('id="h-steps"'):page.index('id="h-risks"')]
    assert steps.count("对违反第1项规定的行为的行政处罚<") == 1  # once, though the post takes several steps
    folded = steps[steps.index("<details"):steps.index("</details>")]
    assert "适用事项（43 项）" in folded and folded.count("<a href=") == 43
    # a power page names 20 of the 42 others and says how many (each named all: the pages grew with the
    # square of the penalties); the register folds a risk's 43 powers, all linked
    power = (root / "site" / "powers" / "CF05000000.html").read_text(encoding="utf-8")
    shared = power[power.index("同一流程也用于"):]
    shared = shared[:shared.index("</p>")]
    assert shared.count('href="../powers/') == 20 and "等 42 项（见" in shared
    assert "units/market-regulation.html" in shared
    risks = (root / "site" / "risks.html").read_text(encoding="utf-8")
    folds = re.findall(r"<details><summary>同一流程的 43 项职权</summary>(.*?)</details>", risks)
    assert folds and all(f.count("<a href=") == 43 for f in folds)


def test_the_printed_risk_register_names_twenty_powers_of_a_shared_flow_and_the_open_data_all(tmp_path):
    from generator.project import load_project
    from generator.render.documents import risk_register

    root = _shared_flow_sample(tmp_path / "proj", 40)
    rows = [r for r in risk_register(Index(load_project(root).project)).rows if r["flow"] == "mr-penalty-general"]
    assert rows and all(r["powers"].count("对违反第") == 40 for r in rows)  # the spreadsheet and CSV: every one
    shown = [r["powers_shown"] for r in rows]  # the sample's three penalties first, then 17 of the 40
    assert all(s.count("对违反第") == 17 and s.endswith("等 43 项（同一流程，见职权目录）") for s in shown)
