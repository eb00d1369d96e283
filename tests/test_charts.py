"""Swimlane charts: drawn by the real Graphviz, checked by reading the SVG it wrote."""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess
import xml.etree.ElementTree as ET

import pytest

from generator.model import Flow
from generator.project import load_files, load_project
from generator.render.chart import SCREEN, chart_dot, layout
from generator.render.fonts import text_pt
from generator.render.wall import wall_dot, wall_layout
from tests.helpers import REPO, mutated
from tests.helpers import Mutation as M

SVG = "{http://www.w3.org/2000/svg}"
WALL = "wall"  # the wall chart (render/wall.py), laid out for an A3 sheet's width at 14 pt


def dot_of(flow, unit, style=SCREEN) -> str:
    return wall_dot(wall_layout(flow, unit, 774, 14)) if style == WALL else chart_dot(flow, unit, style)
SAMPLE = load_project(REPO).project
UNITS = {u.id: u for u in SAMPLE.units}


def draw(dot: str) -> bytes:
    r = subprocess.run(["neato", "-n2", "-Tsvg"], input=dot.encode(), capture_output=True, timeout=60)
    assert r.returncode == 0, r.stderr.decode()
    return r.stdout


def nodes(svg: bytes) -> dict[str, ET.Element]:
    root = ET.fromstring(svg)
    return {g.find(f"{SVG}title").text: g for g in root.iter(f"{SVG}g") if g.get("class") == "node"}


def text_of(g: ET.Element) -> str:
    return "".join("".join(t.itertext()) for t in g.iter(f"{SVG}text"))


def step_nodes(svg: bytes) -> dict[str, ET.Element]:
    return {name: g for name, g in nodes(svg).items() if re.fullmatch(r"s\d+", name)}


@pytest.mark.parametrize("flow", SAMPLE.flows[:6], ids=lambda f: f.id)
def test_same_input_gives_byte_identical_svg(flow: Flow):
    dot = chart_dot(flow, UNITS[flow.unit])
    assert chart_dot(flow, UNITS[flow.unit]) == dot
    assert draw(dot) == draw(dot)


def test_the_chart_is_titled_with_its_flows_name_even_a_hostile_one():
    """The SVG's own <title> is what a screen reader or a browser tab opened on the chart shows: the
    flow's name (it was "flow"), quotes and backslashes in it kept out of the DOT source."""
    flow = SAMPLE.flows[0]
    root = ET.fromstring(draw(chart_dot(flow, UNITS[flow.unit])))
    assert root.find(f"{SVG}g/{SVG}title").text == flow.name
    hostile = dataclasses.replace(flow, name='a"b\\" ] ; node [label=x')
    root = ET.fromstring(draw(chart_dot(hostile, UNITS[flow.unit])))
    assert root.find(f"{SVG}g/{SVG}title").text == "a＂b＼＂ ] ; node [label=x"


@pytest.mark.parametrize("style", [SCREEN, WALL], ids=["screen", "wall"])
def test_star_marks_exactly_the_risk_steps(style):
    for flow in SAMPLE.flows:
        svg = draw(dot_of(flow, UNITS[flow.unit], style))
        starred = {name for name, g in step_nodes(svg).items() if "★" in text_of(g)}
        expected = {f"s{i}" for i, s in enumerate(flow.steps) if s.risks}
        assert starred == expected, flow.id
        assert len(step_nodes(svg)) == len(flow.steps)


def test_risk_notes_sit_beside_their_step_in_the_screen_chart():
    flow = next(f for f in SAMPLE.flows if sum(len(s.risks) for s in f.steps) >= 3)
    svg = draw(chart_dot(flow, UNITS[flow.unit]))
    all_nodes = nodes(svg)
    for i, s in enumerate(flow.steps):
        if s.risks:
            note = text_of(all_nodes[f"note_s{i}"])
            assert s.risks[0].description[:8] in note and "防控" in note and "责任" in note


def test_lanes_follow_the_units_post_order():
    for flow in SAMPLE.flows:
        unit = UNITS[flow.unit]
        svg = draw(chart_dot(flow, unit))
        titles = {name: g for name, g in nodes(svg).items() if re.fullmatch(r"lane\d+_title", name)}
        xs = sorted((float(g.find(f"{SVG}text").get("x")), int(name[4:-6])) for name, g in titles.items())
        assert [i for _, i in xs] == sorted(i for _, i in xs)  # lane i is left of lane i+1
        used = list(dict.fromkeys(s.post for s in flow.steps))
        order = [p.id for p in unit.posts]
        lane_posts = sorted(used, key=order.index)
        first_title = text_of(titles["lane0_title"])
        assert unit.post(lane_posts[0]).name[:6] in first_title


def _box(g: ET.Element) -> tuple[float, float, float, float]:
    coords = []
    for shape in list(g.iter(f"{SVG}path")) + list(g.iter(f"{SVG}polygon")):
        data = shape.get("d") or shape.get("points")
        coords += [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", data)]
    xs, ys = coords[0::2], coords[1::2]
    return min(xs), min(ys), max(xs), max(ys)


@pytest.mark.parametrize("style", [SCREEN, WALL], ids=["screen", "wall"])
def test_every_text_line_fits_inside_its_box(style):
    """The layout measures text itself; Graphviz must then find it inside the boxes it draws."""
    for flow in SAMPLE.flows:
        svg = draw(dot_of(flow, UNITS[flow.unit], style))
        for name, g in nodes(svg).items():
            if not re.fullmatch(r"(s|note_s|risk_s|measure_s)\d+", name):
                continue
            x0, y0, x1, y1 = _box(g)
            for t in g.iter(f"{SVG}text"):
                x, y = float(t.get("x")), float(t.get("y"))
                size = float(t.get("font-size"))
                width = text_pt("".join(t.itertext()), size, t.get("font-weight") == "bold")
                left = x - width / 2 if t.get("text-anchor") == "middle" else x
                assert x0 - 1 <= left and left + width <= x1 + 2, (flow.id, name, "".join(t.itertext()))
                assert y0 <= y - size * 0.8 and y <= y1 + 1, (flow.id, name, "".join(t.itertext()))


HOSTILE = [
    '"]; injected [label="x"]; a -> b; //',
    "<script>alert(1)</script><svg onload=alert(2)>",
    "\\N \\G \\L \\\" \\\\",
    "{ } [ ] & &amp; &#60; ' \"",
    "A" * 300,
]


def test_labels_cannot_inject_nodes_attributes_or_markup():
    q = json.dumps  # a JSON string is a valid YAML double-quoted scalar
    files = mutated([
        M("flows/licence.yaml", "name: 受理\n", f"name: {q(HOSTILE[0])}\n"),
        M("flows/licence.yaml", "name: 审查\n", f"name: {q(HOSTILE[1])}\n"),
        M("flows/licence.yaml", "name: 决定\n", f"name: {q(HOSTILE[2])}\n"),
        M("flows/licence.yaml", "name: 送达\n", f"name: {q(HOSTILE[3])}\n"),
        M("flows/licence.yaml", "description: 审查不细致", f"description: {q(HOSTILE[1] + chr(10) + '第二行')}"),
        M("flows/licence.yaml", "{to: review, when: 材料齐全}", "{to: review, when: " + q(HOSTILE[4]) + "}"),
        M("catalog/bureau.yaml", "name: 审批股经办人", f"name: {q(HOSTILE[1])}"),
        M("catalog/bureau.yaml", "name: 分管副局长", 'name: "]"'),  # alone, it ended Graphviz's label early
    ])
    project = load_files("<mem>", files).project
    flow = next(f for f in project.flows if f.id == "licence")
    assert flow.steps[0].name == HOSTILE[0]
    unit = project.units[0]
    for style in (SCREEN, WALL):
        svg = draw(dot_of(flow, unit, style))
        root = ET.fromstring(svg)  # well-formed XML: nothing broke out of a text element
        tags = {el.tag.replace(SVG, "") for el in root.iter()}
        assert tags <= {"svg", "g", "title", "text", "path", "polygon", "polyline", "ellipse", "a"}, tags
        names = set(nodes(svg))
        assert not any("injected" in n or n in ("a", "b") for n in names)
        assert len(step_nodes(svg)) == len(flow.steps)
        body = "".join(root.itertext())
        assert "<script>" in body and HOSTILE[0][:12] in body  # shown as text, not interpreted
        assert "]" in [t.strip() for t in root.itertext()] or style == WALL  # the lane title (the wall: in a box)
        assert b"<script" not in svg
        assert not [k for el in root.iter() for k in el.attrib if k.lower().startswith("on")]  # no event handler
        longest = max(len("".join(t.itertext())) for t in root.iter(f"{SVG}text"))
        assert longest < 60  # the 300-letter word was wrapped


def test_dot_source_never_contains_yaml_ids_as_node_names():
    files = mutated([M("flows/licence.yaml", "id: accept", "id: accept-x")])
    project = load_files("<mem>", files).project
    flow = next(f for f in project.flows if f.id == "licence")
    dot = chart_dot(flow, project.units[0])
    assert "accept-x" not in dot


def test_graphviz_escapes_and_invisible_characters_are_shown_as_written():
    files = mutated([M("flows/licence.yaml", "name: 受理\n", 'name: "受理\\\\N\\\\G\\u202e反向"\n')])
    project = load_files("<mem>", files).project
    flow = next(f for f in project.flows if f.id == "licence")
    svg = draw(chart_dot(flow, project.units[0]))
    text = text_of(step_nodes(svg)["s0"]).replace("\u2060", "")
    assert "\\N\\G" in text and "\u202e" not in text and "licence" not in text and "s0" not in text


def test_loops_never_cross_a_box():
    for flow in SAMPLE.flows:
        lay = layout(flow, UNITS[flow.unit])
        boxes = [(b.x - b.w / 2, b.top, b.x + b.w / 2, b.bottom) for b in lay.boxes if re.fullmatch(r"s\d+", b.name)]
        for e in lay.edges:
            if e.attrs.get("style") != "dashed":
                continue
            for (x0, y0), (x1, y1) in zip(e.points[1:-2], e.points[2:-1]):  # the runs between exit and entry
                lo_x, hi_x, lo_y, hi_y = min(x0, x1), max(x0, x1), min(y0, y1), max(y0, y1)
                for bx0, by0, bx1, by1 in boxes:
                    assert not (lo_x < bx1 and bx0 < hi_x and lo_y < by1 and by0 < hi_y) or lo_x == hi_x == bx0, flow.id
