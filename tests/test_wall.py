"""Wall charts that read from 2 m (issue 18), measured on what was really drawn: the sample's posters
laid out by WeasyPrint with their charts drawn by Graphviz, read back with pdfplumber (every
character's size and box), and the screen charts' SVG as Graphviz wrote it."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pdfplumber
import pytest

from generator.build import Options, build
from generator.project import load_project
from generator.render.chart import SCREEN, chart_dot, layout
from generator.render.drawing import segments
from generator.render.wall import MIN_PT, fit, main_path, wall_layout
from tests.helpers import REPO
from tests.sitetools import make_project, powerlist

SAMPLE = load_project(REPO).project
UNITS = {u.id: u for u in SAMPLE.units}
A3_PT = (841.89, 1190.55)
A2_PT = (1190.55, 1683.78)

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def posters(tmp_path_factory):
    root = tmp_path_factory.mktemp("wall")
    (root / "proj").mkdir()
    for part in ("catalog", "flows"):
        shutil.copytree(REPO / part, root / "proj" / part)
    shutil.copy(REPO / "powerlist.yaml", root / "proj" / "powerlist.yaml")
    out = root / "print"
    report = build(root / "proj", Options(out=out, site=False, documents=False, charts=False))
    return out / "posters", report


def _overlap(a, b, slack=0.5) -> bool:
    return a[0] + slack < b[2] and b[0] + slack < a[2] and a[1] + slack < b[3] and b[1] + slack < a[3]


@pytest.mark.parametrize("flow", [f.id for f in SAMPLE.flows])
def test_every_poster_is_one_a3_sheet_with_no_text_under_12_pt(posters, flow):
    folder, _ = posters
    with pdfplumber.open(folder / f"{flow}.pdf") as pdf:
        sizes = [c["size"] for page in pdf.pages for c in page.chars if c["text"].strip()]
        assert min(sizes) >= MIN_PT - 0.1, (flow, min(sizes))
        assert abs(pdf.pages[0].width - A3_PT[0]) < 0.5 and abs(pdf.pages[0].height - A3_PT[1]) < 0.5
        assert len(pdf.pages) == 1


@pytest.mark.parametrize("flow", [f.id for f in SAMPLE.flows])
def test_the_sheet_is_used_and_nothing_printed_overlaps(posters, flow):
    """The chart and the header fill most of the sheet (a short flow gets larger text, not white
    space), and no two characters of different lines overlap."""
    folder, _ = posters
    with pdfplumber.open(folder / f"{flow}.pdf") as pdf:
        page = pdf.pages[0]
        chars = [c for c in page.chars if c["text"].strip()]
        lowest = max(c["bottom"] for c in chars)
        assert lowest > 0.8 * page.height, (flow, lowest / page.height)
        boxes = [(c["x0"], c["top"], c["x1"], c["bottom"]) for c in chars]
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                if abs(a[1] - b[1]) > 1 and _overlap(a, b, 1.0):  # glyphs of two lines on top of each other
                    pytest.fail(f"{flow}: characters overlap at {a} and {b}")


def test_a_short_flow_gets_larger_text_and_the_build_names_the_paper_a_long_one_needs(posters):
    _, report = posters
    assert report.long_posters == []
    short = next(f for f in SAMPLE.flows if f.id == "nr-record-query")  # three steps
    assert fit(short, UNITS[short.unit], 774, 900).body_pt >= 20


def _rects(boxes):
    return [(b.x - b.w / 2, b.top, b.x + b.w / 2, b.bottom) for b in boxes]


@pytest.mark.parametrize("flow", SAMPLE.flows, ids=lambda f: f.id)
def test_no_label_covers_a_box_a_line_or_another_label(flow):
    """On the screen chart and on the wall chart at every size tried: each condition has its place,
    and that place covers no box, no run of any edge, no other label; no two boxes overlap."""
    lays = [layout(flow, UNITS[flow.unit], SCREEN)] + [wall_layout(flow, UNITS[flow.unit], 774, pt) for pt in (12, 18)]
    for lay in lays:
        boxes = _rects(lay.boxes)
        labels = []
        for e in lay.edges:
            if e.when:
                assert e.label_pos is not None, (flow.id, e.when)
                w, h = e.label.used_width + 4, e.label.height
                x, y = e.label_pos
                labels.append((x - w / 2, y - h / 2, x + w / 2, y + h / 2))
        for i, a in enumerate(labels):
            assert not any(_overlap(a, r, 0) for r in boxes + segments(lay.edges) + labels[i + 1:]), flow.id
        for i, a in enumerate(boxes):
            assert not any(_overlap(a, b, 0) for b in boxes[i + 1:]), flow.id


SVG = "{http://www.w3.org/2000/svg}"


def test_screen_charts_drawn_by_graphviz_keep_labels_off_the_boxes():
    """The same, on the SVG Graphviz wrote: each node's polygon, each edge label's text (its width
    from the font size, a CJK character being one em)."""
    for flow in SAMPLE.flows:
        svg = subprocess.run(["neato", "-n2", "-Tsvg"], input=chart_dot(flow, UNITS[flow.unit]).encode(),
                             capture_output=True, check=True).stdout
        root = ET.fromstring(svg)
        boxes = []
        for g in root.iter(f"{SVG}g"):
            if g.get("class") == "node" and re.fullmatch(r"s\d+|note_s\d+", g.find(f"{SVG}title").text):
                shape = g.find(f"{SVG}polygon") if g.find(f"{SVG}polygon") is not None else g.find(f"{SVG}path")
                nums = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", shape.get("points") or shape.get("d"))]
                xs, ys = nums[0::2], nums[1::2]
                boxes.append((min(xs), min(ys), max(xs), max(ys)))
        for g in root.iter(f"{SVG}g"):
            if g.get("class") != "edge":
                continue
            for t in g.iter(f"{SVG}text"):
                size, x, y = float(t.get("font-size")), float(t.get("x")), float(t.get("y"))
                text = "".join(t.itertext())
                w = sum(size if ord(c) > 0x2E80 else size * 0.55 for c in text)
                x0 = x - w / 2 if t.get("text-anchor") == "middle" else x - w if t.get("text-anchor") == "end" else x
                rect = (x0, y - size * 0.85, x0 + w, y + size * 0.2)
                hit = [b for b in boxes if _overlap(rect, b, 1.0)]
                assert not hit, (flow.id, text, rect, hit)


def test_the_wall_reads_down_its_main_path_with_branches_beside_it():
    flow = next(f for f in SAMPLE.flows if f.id == "nr-land-approval")
    main = main_path(flow)
    assert main[0] == "accept" and "correct" not in main  # 补正 is a side path
    lay = wall_layout(flow, UNITS[flow.unit], 774, MIN_PT)
    box = {b.name: b for b in lay.boxes}
    steps = [box[f"s{[s.id for s in flow.steps].index(sid)}"] for sid in main]
    assert all(a.y < b.y for a, b in zip(steps, steps[1:]))  # top to bottom
    assert len({round(b.x) for b in steps}) == 1  # in one column
    side = box[f"s{[s.id for s in flow.steps].index('correct')}"]
    assert side.x > steps[0].x + steps[0].w / 2  # beside it, to the right


def _project_with(tmp_path, flow_id: str, text: str):
    root = make_project(tmp_path)
    (root / "flows" / f"{flow_id}.yaml").write_text(text, encoding="utf-8")
    return root


def _long_flow(steps: int) -> str:
    """A review chain of ``steps`` steps, each with a risk point: too long for one A3 sheet at 12 pt."""
    lines = ["name: 很长的审批流程", "unit: bureau", "area: 行政审批", "steps:"]
    for i in range(steps):
        lines += [f"  - id: s{i}", f"    name: 第{i + 1}步审查申请材料并提出书面意见",
                  f"    post: {('officer', 'head')[i % 2]}", "    action: 审查", "    days: 2", "    risks:",
                  "      - level: 中", "        type: 岗位职责",
                  "        description: 审查把关不严, 对不符合条件的申请提出同意意见",
                  "        measures: [量化审查标准并逐项记录, 分管领导复核审查意见]", "        owner: deputy"]
    return "\n".join(lines) + "\n"


def test_a_flow_too_long_for_a3_continues_on_a_second_sheet_and_the_build_names_a2(tmp_path):
    """Sixteen steps with risks: at 12 pt the chart is taller than A3 leaves. The poster continues on a
    second sheet, cut between two rows (every step and every risk printed once, whole, inside the
    sheet), and the build says which paper takes it on one sheet; --paper auto then takes that paper."""
    root = _project_with(tmp_path, "long", _long_flow(16))
    r = powerlist("build", root, "--posters-only", "--out", tmp_path / "a3")
    assert r.returncode == 0, r.stderr
    assert "1 张海报一张 A3 纸放不下" in r.stderr and "一张 A2 纸可放下：long（2 页）" in r.stderr
    assert "--paper A2" in r.stderr
    with pdfplumber.open(tmp_path / "a3" / "posters" / "long.pdf") as pdf:
        assert len(pdf.pages) == 2
        text = ""
        for page in pdf.pages:
            chars = [c for c in page.chars if c["text"].strip()]
            assert min(c["size"] for c in chars) >= MIN_PT - 0.1
            assert all(0 <= c["x0"] and c["x1"] <= page.width and 0 <= c["top"] and c["bottom"] <= page.height
                       for c in chars)
            text += "".join(page.extract_text().split())
        assert "很长的审批流程（续，第2张，共2张）" in text
        for i in range(1, 17):
            assert text.count(f"{i}.第{i}步审查申请材料") == 1, i  # each step once: the cut cuts no box in two
            assert text.count(f"★{i}中风险·岗位职责") == 1, i
    r = powerlist("build", root, "--posters-only", "--paper", "auto", "--out", tmp_path / "auto")
    assert r.returncode == 0 and "放不下" not in r.stderr, r.stderr
    with pdfplumber.open(tmp_path / "auto" / "posters" / "long.pdf") as pdf:
        assert len(pdf.pages) == 1 and abs(pdf.pages[0].width - A2_PT[0]) < 0.5


def test_every_sheet_of_a_long_chart_is_cut_from_a_drawing_of_the_whole_chart_and_holds_steps(tmp_path):
    """A chart continued over sheets is drawn once per sheet, each drawing holding only its part; each
    must still be exactly the chart's size, or the part cut from it by the layout's coordinates is
    shifted and scaled (Graphviz sizes a drawing to what it holds: a first sheet without the legend came
    out 35 pt short, and its last step was drawn below the sheet's box, cut off). No sheet holds only
    headings or only the legend, and a sheet is not left half empty where the chart goes on."""
    import math

    import pikepdf

    from generator.render.poster import draw_chart
    from generator.render.wall import sheet_parts

    root = _project_with(tmp_path, "long", _long_flow(16))
    project = load_project(root).project
    flow = next(f for f in project.flows if f.id == "long")
    unit = next(u for u in project.units if u.id == flow.unit)
    lay = fit(flow, unit, 785, 600)  # an A3 sheet's width; too long for any height: the smallest text
    steps = [b for b in lay.boxes if b.name.startswith("s")]
    rooms = [(lay.legend_y - 1, lay.height), (lay.height / 2, lay.height / 2), (steps[0].bottom + 40, lay.height / 3),
             (lay.height / 4, lay.height / 4)]
    for first, rest in rooms:
        cut, parts = sheet_parts(flow, unit, lay, first, rest)
        assert len(parts) > 1 and parts[0][0] == 0 and parts[-1][1] == cut.height
        for n, (top, bottom) in enumerate(parts):
            assert bottom - top <= (first if n == 0 else rest) + 0.01
            assert any(top <= b.top and b.bottom <= bottom for b in cut.boxes), (first, rest, n)  # a step in it
            if n < len(parts) - 1:
                assert bottom - top >= (first if n == 0 else rest) / 2, (first, rest, n)  # not half empty
        for drawing in draw_chart(cut, parts):
            with pikepdf.open(io.BytesIO(drawing)) as pdf:
                box = [float(v) for v in pdf.pages[0].mediabox]
            assert box == [0, 0, math.ceil(cut.width), math.ceil(cut.height)]


def test_every_sheet_of_a_draft_poster_says_it_is_a_draft_and_heads_its_lanes(tmp_path):
    """A poster continued over sheets: each sheet may be read (or printed) alone, so a draft's continued
    sheets say 草稿 too, and every sheet heads its lanes (运行流程 | 风险点 | 防控措施) above its part."""
    from generator.render.poster import Page

    root = _project_with(tmp_path, "long", _long_flow(16))
    pdf, result = _poster(root, "long", Page("A3"), draft=True)
    assert result.pages == 2
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        texts = ["".join(page.extract_text().split()) for page in doc.pages]
        assert all("草稿" in text for text in texts)
        assert all(text.count(lane) >= 1 for text in texts for lane in ("运行流程", "风险点", "防控措施"))
        second = doc.pages[1]
        heads = {w["text"]: w for w in second.extract_words() if w["text"] in ("运行流程", "防控措施")}
        steps = [c["top"] for c in second.chars if c["text"] == "步"]  # 第N步审查申请材料…: the steps below them
        assert len(heads) == 2 and steps and all(h["bottom"] < min(steps) for h in heads.values())


WIDE = """name: 多科室并联会审流程
unit: bureau
area: 行政审批
steps:
  - {id: s0, name: 受理申请并分送各相关科室会审, post: window, action: 受理, days: 1, next: [%s]}
%s
  - {id: d, name: 集体研究决定, post: deputy, action: 决定, days: 2}
""" % (", ".join(f"r{i}" for i in range(8)),
       "\n".join(f"  - {{id: r{i}, name: 第{i + 1}科室会审意见, post: officer, action: 审查, days: 3, next: [d]}}"
                 for i in range(8)))


def _poster(root, flow_id, page, draft=False):
    import datetime as dt

    from generator.render.poster import poster_pdf

    project = load_project(root).project
    flow = next(f for f in project.flows if f.id == flow_id)
    unit = next(u for u in project.units if u.id == flow.unit)
    powers = sorted((p for _, p in project.powers() if p.flow == flow_id), key=lambda p: p.code)
    return poster_pdf(flow, unit, powers, {s.id: s for s in project.sources}, project.settings, (page,),
                      dt.date(2026, 12, 1), draft)


def test_each_poster_takes_the_orientation_in_which_its_chart_reads_larger(tmp_path):
    """Eight reviews side by side read larger across a landscape sheet; the sample's flows, columns of
    steps, stay portrait (the test above measures them on A3 portrait)."""
    from generator.render.poster import Page

    root = _project_with(tmp_path, "wide", WIDE)
    _, portrait = _poster(root, "wide", Page("A3", False))
    pdf, chosen = _poster(root, "wide", Page("A3", None))
    assert chosen.page.landscape and chosen.chart_pt > portrait.chart_pt >= MIN_PT
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        assert len(doc.pages) == 1 and abs(doc.pages[0].width - A3_PT[1]) < 0.5
        assert min(c["size"] for c in doc.pages[0].chars if c["text"].strip()) >= MIN_PT - 0.1
    _, tall = _poster(root, "licence", Page("A3", None))
    assert tall.page.landscape is False


def test_a4_for_a_short_flow_on_request():
    from generator.render.poster import Page

    pdf, result = _poster(REPO, "nr-record-query", Page("A4", None))
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        assert len(doc.pages) == 1 and abs(doc.pages[0].width - 595.28) < 0.5
        assert min(c["size"] for c in doc.pages[0].chars if c["text"].strip()) >= MIN_PT - 0.1


def test_the_poster_gives_the_complaint_channels_and_says_when_there_is_no_phone(tmp_path):
    """举报箱 and 网上投诉举报 where the unit gives them; 监督投诉电话 in large type, 未列明 when neither the
    unit nor a power states one (never a number made up); a draft's poster says 草稿 at the top."""
    import pdfplumber as plumber

    from generator.render.poster import Page

    pdf, _ = _poster(REPO, "mr-seizure", Page("A3", False))
    with plumber.open(io.BytesIO(pdf)) as doc:
        text = "".join(doc.pages[0].extract_text().split())
        chars = doc.pages[0].chars
        phone = next(c for i, c in enumerate(chars) if "".join(d["text"] for d in chars[i:i + 4]) == "监督投诉")
    assert "举报箱：局机关一楼大厅（驻局纪检监察组设置）" in text
    assert "网上投诉举报：https://www.example.gov.cn/jubao/" in text
    assert phone["size"] >= 20  # the complaint phone's line, in large type
    root = make_project(tmp_path)
    for name in ("catalog/bureau.yaml",):
        path = root / name
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if "complaint_phone" not in line]
        lines.insert(2, 'complaint_box: "局机关\\n一楼大厅"')  # a line break in a text measured for the header
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    pdf, _ = _poster(root, "licence", Page("A3", False), draft=True)
    with plumber.open(io.BytesIO(pdf)) as doc:
        text = "".join(doc.pages[0].extract_text().split())
    assert "监督投诉电话：未列明" in text and "监督投诉电话：12345" not in text
    assert "举报箱：局机关一楼大厅" in text
    assert text.startswith("草稿·未经审核，不得张贴")


def test_a_header_longer_than_the_sheet_still_gives_a_poster(tmp_path):
    """A unit text so long that the header fills the first sheet (found by the build property): the
    chart box goes to the next sheet, and the poster is laid out there rather than failing."""
    import dataclasses
    import datetime as dt

    from generator.render.poster import Page, poster_pdf

    root = make_project(tmp_path)
    project = load_project(root).project
    unit = dataclasses.replace(project.units[0], complaint_box="很长的举报箱说明" * 900)
    flow = next(f for f in project.flows if f.id == "licence")
    pdf, result = poster_pdf(flow, unit, [], {s.id: s for s in project.sources}, project.settings,
                             (Page("A3", None),), dt.date(2026, 12, 1))
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        text = "".join("".join((page.extract_text() or "").split()) for page in doc.pages)
    assert result.pages == len(doc.pages) > 1 and "1.受理" in text and "图例" in text
