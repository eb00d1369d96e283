"""Swimlane flowchart of one flow: a positioned Graphviz graph, a pure function of the model.

The layout is computed here rather than left to ``dot``, because dot cannot keep clusters (the lanes) in
a given left-to-right order. Lanes are the flow's posts in the unit's post order; each step gets a row
below all the steps it follows; edges are routed orthogonally between rows or along lane gutters; loops
(补正, 退回) run back up a gutter, dashed. Graphviz (``neato -n2``) then draws exactly these positions,
with its own text rendering and fonts, to SVG and PNG.

A step with risk points carries ★ and its numbers in the colour of its highest level; the risks are
written in a side column (风险点及防控措施) level with their step. Supervision checkpoints have a double
border. Every text from YAML is escaped (``html_label_text``) and wrapped to a bounded width; node names
are generated, never taken from YAML.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..derived import NumberedRisk, numbered_risks, top_level
from ..graph import successors
from ..model import HIGH, LOW, MEDIUM, RISK_LEVELS, Flow, LimitUnit, Step, Unit
from ..wording import LEVEL_NAME, days_text
from .drawing import (
    CELL_PAD,
    MARGIN,
    Box,
    Edge,
    Grid,
    Label,
    Layout,
    dot_attrs,
    edge_dot,
    num,
    place_labels,
    route,
    rows,
)
from .fonts import FONT_FAMILY, char_pt, line_height
from .text import html_label_text, wrap

# Dark star/border colours keep ≥ 4.5:1 contrast on white and on the light fills that tint the boxes.
LEVEL_COLOR = {HIGH: "#B71C1C", MEDIUM: "#A63A00", LOW: "#6B5200"}
LEVEL_FILL = {HIGH: "#FDECEA", MEDIUM: "#FFF1E6", LOW: "#FFF8DB"}
LANE_FILLS = ("#F4F7FB", "#FFFFFF")
INK = "#263238"

@dataclass(frozen=True)
class Style:
    """Sizes in points (1/72 inch). ``SCREEN`` shows every detail (the wall chart is render/wall.py)."""

    title_pt: float = 13
    body_pt: float = 11
    edge_pt: float = 11
    lane_title_pt: float = 13
    node_w: float = 196
    lane_pad: float = 20
    note_w: float = 250
    header_h: float = 46
    row_gap: float = 44
    oval_w: float = 64
    oval_h: float = 28

    @property
    def lane_w(self) -> float:
        return self.node_w + 2 * self.lane_pad


SCREEN = Style()

# ---------------------------------------------------------------- labels


def _step_label(index: int, step: Step, numbers: list[int], st: Style, days_unit: LimitUnit) -> Label:
    label = Label(st.node_w - 2 * CELL_PAD)
    label.text(f"{index}. {step.name}", st.title_pt, bold=True, max_lines=3)
    level = top_level(step.risks)
    if level:
        marks = " ".join(f"★{n}" for n in numbers)
        label.text(f"{marks} {level}风险点", st.body_pt + 1, bold=True, color=LEVEL_COLOR[level])
    if step.days is not None:  # (a step with no limit of its own takes no line for 不计入: the page says it)
        label.text(days_text(step, days_unit), st.body_pt)
    if step.officers >= 2:
        label.text(f"承办：{step.officers} 人以上", st.body_pt)
    if step.duty:
        label.text(step.duty, st.body_pt, max_lines=3)
    if step.supervision:
        label.text(step.supervision, st.body_pt, max_lines=2, prefix="◆ 监督：")
    return label


def _note_label(items: list[NumberedRisk], unit: Unit | None, st: Style) -> Label:
    label = Label(st.note_w - 2 * CELL_PAD)
    for item in items:
        r = item.risk
        owner = unit.post(r.owner) if unit else None
        label.text(f"★{item.number} {r.level}风险 · {r.type}", st.body_pt + 1, bold=True, color=LEVEL_COLOR[r.level])
        label.text(r.description, st.body_pt, max_lines=4)
        label.text("；".join(r.measures), st.body_pt, max_lines=5, prefix="防控：")
        label.text(owner.name if owner else r.owner, st.body_pt, max_lines=2, prefix="责任：")
    return label


# ---------------------------------------------------------------- layout


def step_marks(step: Step, penwidth: float) -> dict:
    """A step box's marks: tinted and framed in its highest risk level's colour, a double border for
    a supervision checkpoint (the screen and the wall chart mark steps alike)."""
    attrs: dict = {}
    level = top_level(step.risks)
    if level:
        attrs.update(fillcolor=LEVEL_FILL[level], color=LEVEL_COLOR[level], penwidth=penwidth)
    if step.supervision:
        attrs["peripheries"] = 2
    return attrs


def layout(flow: Flow, unit: Unit | None, st: Style = SCREEN) -> Layout:
    post_order = [p.id for p in unit.posts] if unit else []
    used: list[str] = []
    for s in flow.steps:
        if s.post not in used:
            used.append(s.post)
    lanes = sorted(used, key=lambda p: (post_order.index(p) if p in post_order else len(post_order), used.index(p)))
    lane_of = {p: i for i, p in enumerate(lanes)}
    lane_x0 = [MARGIN + i * st.lane_w for i in range(len(lanes))]
    lane_cx = [x + st.lane_w / 2 for x in lane_x0]
    node_of = {s.id: f"s{i}" for i, s in enumerate(flow.steps)}
    risks = numbered_risks(flow)
    numbers: dict[str, list[int]] = {}
    for item in risks:
        numbers.setdefault(item.step.id, []).append(item.number)

    step_lane = {s.id: lane_of[s.post] for s in flow.steps}
    row = rows(flow, step_lane)
    labels = {s.id: _step_label(i + 1, s, numbers.get(s.id, []), st, flow.limit_unit) for i, s in enumerate(flow.steps)}
    notes = {s.id: _note_label([r for r in risks if r.step is s], unit, st) for s in flow.steps if s.risks}
    n_rows = max(row.values(), default=-1) + 1
    row_h = [0.0] * n_rows
    for s in flow.steps:
        h = labels[s.id].height + 2 * CELL_PAD + (6 if s.supervision else 0)
        if s.id in notes:
            h = max(h, notes[s.id].height + 2 * CELL_PAD)
        row_h[row[s.id]] = max(row_h[row[s.id]], h)
    lane_titles, header_h = [], st.header_h
    for i, p in enumerate(lanes):
        post = unit.post(p) if unit else None
        lines = wrap(post.name if post else p, st.lane_w - 12, 2, lambda c: char_pt(c, st.lane_title_pt, True))
        cells = "".join(f'<TR><TD><FONT POINT-SIZE="{st.lane_title_pt:g}">'
                        f'<B>{html_label_text(line)}</B></FONT></TD></TR>'
                        for line in lines)
        if post:
            cells += f'<TR><TD><FONT POINT-SIZE="{st.body_pt - 1:g}">{html_label_text(post.section)}</FONT></TD></TR>'
        lane_titles.append((f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">{cells}</TABLE>>',
                            LANE_FILLS[i % 2], lane_x0[i], lane_x0[i] + st.lane_w))
        header_h = max(header_h, len(lines) * line_height(st.lane_title_pt) + line_height(st.body_pt - 1) + 14)
    width = MARGIN + len(lanes) * st.lane_w + (st.note_w + 2 * st.lane_pad + 10 if notes else 0) + MARGIN
    gaps = [st.row_gap] * max(n_rows, 1)
    for _ in range(6):  # a condition with no free place: widen the gap below its row and lay out again
        lay = _place(flow, st, row, row_h, gaps, header_h, width, lanes, lane_x0, lane_cx, step_lane, labels,
                     notes, node_of, lane_titles)
        failed = place_labels(lay.edges, lay.boxes, lay.width, lay.height, st.edge_pt, 9 * st.edge_pt, 2)
        if not failed:
            break
        for e in failed:
            gaps[min(e.source_row, len(gaps) - 1)] += e.label.height + 6
    return lay


def _place(flow, st, row, row_h, gaps, header_h, width, lanes, lane_x0, lane_cx, step_lane, labels, notes,
           node_of, lane_titles) -> Layout:
    """The boxes at their rows (``gaps``: the space below each row) and the edges routed between them."""
    row_top = []
    y = MARGIN + header_h + st.oval_h + st.row_gap
    for r, h in enumerate(row_h):
        row_top.append(y)
        y += h + gaps[r]
    end_y = y + st.oval_h / 2
    row_top.append(end_y - st.oval_h / 2)
    height = end_y + st.oval_h / 2 + MARGIN + 30  # room for the legend

    boxes: list[Box] = []
    box_of: dict[str, Box] = {}
    for s in flow.steps:
        label = labels[s.id]
        h = label.height + 2 * CELL_PAD + (6 if s.supervision else 0)
        b = Box(node_of[s.id], lane_cx[step_lane[s.id]], row_top[row[s.id]] + h / 2, st.node_w, h,
                {"label": label.html(), **step_marks(s, 2)})
        boxes.append(b)
        box_of[s.id] = b
    risk_column = None
    if notes:
        x0 = MARGIN + len(lanes) * st.lane_w + 10
        risk_column = (x0, x0 + st.note_w + 2 * st.lane_pad)
        for s in flow.steps:
            if s.id in notes:
                n = notes[s.id]
                h = n.height + 2 * CELL_PAD
                boxes.append(Box(f"note_{node_of[s.id]}", x0 + st.lane_pad + st.note_w / 2, row_top[row[s.id]] + h / 2,
                                 st.note_w, h, {"label": n.html(), "shape": "note", "color": "#90A4AE",
                                             "style": "filled", "fillcolor": "white"}))
    edges: list[Edge] = []
    end = None
    if flow.steps:
        first = box_of[flow.steps[0].id]
        start = Box("start", first.x, MARGIN + header_h + st.oval_h / 2, st.oval_w, st.oval_h,
                    {"shape": "oval", "label": "开始", "fillcolor": "#E8F5E9", "color": "#2E7D32"})
        boxes.append(start)
        edges.append(Edge("start", first.name, [(start.x, start.bottom), (first.x, first.top)]))
        succ = successors(flow)
        ends = [s for s in flow.steps if not succ[s.id]]
        if ends:
            end = Box("end", lane_cx[step_lane[ends[-1].id]], end_y, st.oval_w, st.oval_h,
                      {"shape": "oval", "label": "结束", "fillcolor": "#ECEFF1", "color": "#455A64"})
    grid = Grid(step_lane, row, row_top, gaps, lane_x0, [st.lane_w] * len(lanes))
    edges += route(flow, grid, box_of, end)
    if end is not None:
        boxes.append(end)
    return Layout(width, height, header_h, lane_titles, risk_column, boxes, edges)


# ---------------------------------------------------------------- DOT


def chart_dot(flow: Flow, unit: Unit | None, st: Style = SCREEN) -> str:
    """DOT source of the positioned swimlane chart, to be drawn with ``neato -n2``."""
    lay = layout(flow, unit, st)
    # Whole points and a white pad of 9 pt (1/8 in): the drawing usually covers whole pixels at 72 dpi,
    # and its outermost pixels are always background. (neato -n2 sizes it by what it draws, not by bb:
    # a legend wider than a narrow chart makes it fractional; render/graphviz.draw paints the
    # half-covered edge pixels white, as they are on a white page.)
    W, H = math.ceil(lay.width), math.ceil(lay.height)

    def gv(x: float, y: float) -> str:  # Graphviz's y axis grows upwards
        return f"{num(x)},{num(H - y)}"

    legend_cells = "".join(
        f'<TD><FONT COLOR="{LEVEL_COLOR[lv]}"><B>★</B></FONT> {LEVEL_NAME[lv]}</TD>' for lv in RISK_LEVELS)
    legend = ('<<TABLE BORDER="0" CELLSPACING="6" CELLPADDING="1"><TR><TD><B>图例</B></TD>'
              f'{legend_cells}<TD>双线框：监督制约环节</TD><TD>虚线：退回或补正</TD></TR></TABLE>>')
    out = [
        # the graph's name is the SVG's <title> (what a screen reader or a tab opened on the chart shows)
        'digraph "' + flow.name.replace("\\", "＼").replace('"', "＂").replace("\n", " ") + '" {',
        f'  graph [bb="0,0,{W},{H}", fontname="{FONT_FAMILY}", fontsize={st.title_pt}, '
        f'bgcolor="white", pad=0.125, splines=true];',
        f'  node [fontname="{FONT_FAMILY}", fontsize={st.body_pt}, shape=box, style="rounded,filled", '
        f'fillcolor="white", color="{INK}", fontcolor="{INK}", fixedsize=true, penwidth=1.2, margin=0];',
        f'  edge [fontname="{FONT_FAMILY}", fontsize={st.edge_pt}, color="#455A64", fontcolor="{INK}", arrowsize=0.8];',
    ]
    # Lanes are background nodes declared first (drawn first), not clusters: neato -n2 writes clusters
    # in an order that varies between runs, and the output must be byte-identical.
    bottom = H - MARGIN - 30
    columns = [(title, fill, x0, x1) for title, fill, x0, x1 in lay.lanes]
    if lay.risk_column:
        columns.append(("<<B>风险点及防控措施</B>>", "#FFFDF7", *lay.risk_column))
    for i, (title, fill, x0, x1) in enumerate(columns):
        lane = {"shape": "box", "style": "filled", "fillcolor": fill, "color": "#B0BEC5", "penwidth": 1,
                "label": "", "pos": gv((x0 + x1) / 2, (MARGIN + bottom) / 2), "width": num((x1 - x0) / 72),
                "height": num((bottom - MARGIN) / 72)}
        out.append(f"  lane{i} {dot_attrs(lane)};")
        head = {"shape": "plaintext", "style": "", "label": title, "pos": gv((x0 + x1) / 2, MARGIN + lay.header_h / 2),
                "width": num((x1 - x0 - 4) / 72), "height": num((lay.header_h - 4) / 72),
                "fontsize": st.lane_title_pt}
        out.append(f"  lane{i}_title {dot_attrs(head)};")
    for b in lay.boxes:
        attrs = dict(b.attrs)
        attrs.update(pos=gv(b.x, b.y), width=num(b.w / 72), height=num(b.h / 72))
        out.append(f"  {b.name} {dot_attrs(attrs)};")
    out.append(f"  legend [shape=plaintext, style=\"\", fixedsize=false, label={legend}, "
               f"pos=\"{gv(MARGIN + 230, H - MARGIN - 12)}\"];")
    for e in lay.edges:
        out.append(edge_dot(e, gv))
    out.append("}")
    return "\n".join(out) + "\n"
