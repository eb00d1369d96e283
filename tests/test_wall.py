"""Wall charts that read from 2 m (issue 18), measured on what was really drawn: the sample's posters
laid out by WeasyPrint with their charts drawn by Graphviz, read back with pdfplumber (every
character's size and box), and the screen charts' SVG as Graphviz wrote it."""

from __future__ import annotations

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

SAMPLE = load_project(REPO).project
UNITS = {u.id: u for u in SAMPLE.units}
A3_PT = (841.89, 1190.55)
# Flows whose poster does not fit one A3 sheet at 12 pt yet: the build says so and names A2 (issue 18 note).
TOO_LONG_FOR_A3 = {"mr-seizure"}

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
        if flow in TOO_LONG_FOR_A3:
            pytest.xfail("the chart at 12 pt is taller than what A3 leaves: two sheets, the build names A2")
        assert len(pdf.pages) == 1


@pytest.mark.parametrize("flow", [f.id for f in SAMPLE.flows if f.id not in TOO_LONG_FOR_A3])
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
    small = {flow for flow, *_ in report.small_charts} | {flow for flow, _ in report.long_posters}
    assert small == TOO_LONG_FOR_A3
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
