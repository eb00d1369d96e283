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
from dataclasses import dataclass, field

from ..derived import NumberedRisk, numbered_risks, top_level
from ..graph import back_edges, successors
from ..model import HIGH, LOW, MEDIUM, RISK_LEVELS, Flow, LimitUnit, Step, Unit
from ..wording import LEVEL_NAME, days_text
from .fonts import FONT_FAMILY, char_pt, line_height, text_pt
from .text import html_label_text, wrap

# Dark star/border colours keep ≥ 4.5:1 contrast on white and on the light fills that tint the boxes.
LEVEL_COLOR = {HIGH: "#B71C1C", MEDIUM: "#A63A00", LOW: "#6B5200"}
LEVEL_FILL = {HIGH: "#FDECEA", MEDIUM: "#FFF1E6", LOW: "#FFF8DB"}
LANE_FILLS = ("#F4F7FB", "#FFFFFF")
INK = "#263238"

MARGIN = 12
CELL_PAD = 8
ARROW = 9
GUTTER = 9


@dataclass(frozen=True)
class Style:
    """Sizes in points (1/72 inch). ``SCREEN`` shows every detail; ``WALL`` is for printed posters:
    bigger text, only name / ★ / time limit in the boxes, risks listed by the poster itself."""

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
    details: bool = True  # duty, supervision and officer lines in the boxes
    notes: bool = True  # the 风险点及防控措施 side column

    @property
    def lane_w(self) -> float:
        return self.node_w + 2 * self.lane_pad


SCREEN = Style()
WALL = Style(title_pt=15, body_pt=13, edge_pt=12, lane_title_pt=14, node_w=132, lane_pad=10, header_h=48,
             row_gap=36, oval_w=64, oval_h=28, details=False, notes=False)


# ---------------------------------------------------------------- labels


class _Label:
    """Rows of an HTML-like table label, and the height they take."""

    def __init__(self, width: float):
        self.width = width
        self.rows: list[str] = []
        self.height = 0.0
        self.used_width = 0.0  # the widest line

    def text(self, text: str, size: float, *, bold=False, color=None, max_lines=None, prefix=""):
        lines = wrap(prefix + text, self.width, max_lines, lambda c: char_pt(c, size, bold))
        for line in lines:
            self.used_width = max(self.used_width, text_pt(line, size, bold))
            body = html_label_text(line)
            if bold:
                body = f"<B>{body}</B>"
            font = f'POINT-SIZE="{size}"' + (f' COLOR="{color}"' if color else "")
            self.rows.append(f'<TR><TD ALIGN="LEFT"><FONT {font}>{body}</FONT></TD></TR>')
            self.height += line_height(size)

    def html(self) -> str:
        return '<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">' + "".join(self.rows) + "</TABLE>>"


def _step_label(index: int, step: Step, numbers: list[int], st: Style, days_unit: LimitUnit) -> _Label:
    label = _Label(st.node_w - 2 * CELL_PAD)
    label.text(f"{index}. {step.name}", st.title_pt, bold=True, max_lines=3)
    level = top_level(step.risks)
    if level:
        marks = " ".join(f"★{n}" for n in numbers)
        label.text(f"{marks} {level}风险点", st.body_pt + 1, bold=True, color=LEVEL_COLOR[level])
    if days_text(step, days_unit):
        label.text(days_text(step, days_unit), st.body_pt)
    if not st.details:
        if step.supervision:
            label.text("◆ 监督制约环节", st.body_pt)
        return label
    if step.officers >= 2:
        label.text(f"承办: {step.officers} 人以上", st.body_pt)
    if step.duty:
        label.text(step.duty, st.body_pt, max_lines=3)
    if step.supervision:
        label.text(step.supervision, st.body_pt, max_lines=2, prefix="◆ 监督: ")
    return label


def _note_label(items: list[NumberedRisk], unit: Unit | None, st: Style) -> _Label:
    label = _Label(st.note_w - 2 * CELL_PAD)
    for item in items:
        r = item.risk
        owner = unit.post(r.owner) if unit else None
        label.text(f"★{item.number} {r.level}风险 · {r.type}", st.body_pt + 1, bold=True, color=LEVEL_COLOR[r.level])
        label.text(r.description, st.body_pt, max_lines=4)
        label.text("; ".join(r.measures), st.body_pt, max_lines=5, prefix="防控: ")
        label.text(owner.name if owner else r.owner, st.body_pt, max_lines=2, prefix="责任: ")
    return label


# ---------------------------------------------------------------- layout


@dataclass
class Box:
    name: str
    x: float  # centre, points, y grows downwards
    y: float
    w: float
    h: float
    attrs: dict = field(default_factory=dict)

    @property
    def top(self) -> float:
        return self.y - self.h / 2

    @property
    def bottom(self) -> float:
        return self.y + self.h / 2


@dataclass
class Edge:
    tail: str
    head: str
    points: list[tuple[float, float]]
    label: _Label | None = None
    label_pos: tuple[float, float] | None = None
    attrs: dict = field(default_factory=dict)


@dataclass
class Layout:
    width: float
    height: float
    header_h: float
    lanes: list[tuple[str, str, float, float]]  # (title html, fill, x0, x1)
    risk_column: tuple[float, float] | None
    boxes: list[Box]
    edges: list[Edge]


def _rows(flow: Flow, lane_of: dict[str, int]) -> dict[str, int]:
    """Row of each step: below every step it follows (loops ignored), one step per lane and row."""
    succ = successors(flow)
    back = back_edges(flow)
    preds: dict[str, list[str]] = {s.id: [] for s in flow.steps}
    for a, outs in succ.items():
        for b in outs:
            if (a, b) not in back:
                preds[b].append(a)
    order = {s.id: i for i, s in enumerate(flow.steps)}
    lane = {s.id: lane_of[s.post] for s in flow.steps}
    pending = {s: len(p) for s, p in preds.items()}
    ready = sorted((s for s, n in pending.items() if n == 0), key=order.get)
    row: dict[str, int] = {}
    taken: set[tuple[int, int]] = set()
    while ready:
        s = ready.pop(0)
        r = max((row[p] + 1 for p in preds[s] if p in row), default=0)
        while (lane[s], r) in taken:
            r += 1
        row[s] = r
        taken.add((lane[s], r))
        for b in succ[s]:
            if (s, b) not in back:
                pending[b] -= 1
                if pending[b] == 0:
                    ready.append(b)
                    ready.sort(key=order.get)
    return row


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

    row = _rows(flow, lane_of)
    labels = {s.id: _step_label(i + 1, s, numbers.get(s.id, []), st, flow.limit_unit) for i, s in enumerate(flow.steps)}
    notes = {s.id: _note_label([r for r in risks if r.step is s], unit, st) for s in flow.steps if s.risks and st.notes}
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
        rows = "".join(f'<TR><TD><FONT POINT-SIZE="{st.lane_title_pt:g}">'
                       f'<B>{html_label_text(line)}</B></FONT></TD></TR>'
                       for line in lines)
        if post:
            rows += f'<TR><TD><FONT POINT-SIZE="{st.body_pt - 1:g}">{html_label_text(post.section)}</FONT></TD></TR>'
        lane_titles.append((f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">{rows}</TABLE>>',
                            LANE_FILLS[i % 2], lane_x0[i], lane_x0[i] + st.lane_w))
        header_h = max(header_h, len(lines) * line_height(st.lane_title_pt) + line_height(st.body_pt - 1) + 14)
    row_top = []
    y = MARGIN + header_h + st.oval_h + st.row_gap
    for h in row_h:
        row_top.append(y)
        y += h + st.row_gap
    end_y = y + st.oval_h / 2
    height = end_y + st.oval_h / 2 + MARGIN + 30  # room for the legend
    width = MARGIN + len(lanes) * st.lane_w + (st.note_w + 2 * st.lane_pad + 10 if notes else 0) + MARGIN

    boxes: list[Box] = []
    box_of: dict[str, Box] = {}
    for s in flow.steps:
        label = labels[s.id]
        h = label.height + 2 * CELL_PAD + (6 if s.supervision else 0)
        b = Box(node_of[s.id], lane_cx[lane_of[s.post]], row_top[row[s.id]] + h / 2, st.node_w, h,
                {"label": label.html()})
        level = top_level(s.risks)
        if level:
            b.attrs.update(fillcolor=LEVEL_FILL[level], color=LEVEL_COLOR[level], penwidth=2)
        if s.supervision:
            b.attrs["peripheries"] = 2
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
    if flow.steps:
        first = box_of[flow.steps[0].id]
        start = Box("start", first.x, MARGIN + header_h + st.oval_h / 2, st.oval_w, st.oval_h,
                    {"shape": "oval", "label": "开始", "fillcolor": "#E8F5E9", "color": "#2E7D32"})
        boxes.append(start)
        edges.append(Edge("start", first.name, [(start.x, start.bottom), (first.x, first.top)]))
    succ = successors(flow)
    ends = [s for s in flow.steps if not succ[s.id]]
    occupied = {(lane_of[s.post], row[s.id]) for s in flow.steps}

    def blocked(lane: int, r1: int, r2: int) -> bool:
        return any((lane, r) in occupied for r in range(r1 + 1, r2))

    def channel_below(r: int) -> float:
        return (row_top[r + 1] if r + 1 < n_rows else end_y - st.oval_h / 2) - st.row_gap / 2

    def forward(a: Box, la: int, ra: int, b: Box, lb: int, rb: int) -> list[tuple[float, float]]:
        ya, yb = channel_below(ra), (row_top[rb] if rb < n_rows else end_y - st.oval_h / 2) - st.row_gap / 2
        if la == lb and not blocked(la, ra, rb):
            return [(a.x, a.bottom), (b.x, b.top)]
        if la != lb and not blocked(lb, ra, rb):
            return [(a.x, a.bottom), (a.x, ya), (b.x, ya), (b.x, b.top)]
        if la != lb and not blocked(la, ra, rb):
            return [(a.x, a.bottom), (a.x, yb), (b.x, yb), (b.x, b.top)]
        gx = lane_x0[lb] + st.lane_w - GUTTER if la == lb else lane_x0[lb] + GUTTER
        return [(a.x, a.bottom), (a.x, ya), (gx, ya), (gx, yb), (b.x, yb), (b.x, b.top)]

    back = back_edges(flow)
    ids = {s.id for s in flow.steps}
    taken = [(b.x - b.w / 2, b.top, b.x + b.w / 2, b.bottom) for b in boxes]  # labels avoid boxes and each other
    for s, t in flow.edges():
        if t.to not in ids:
            continue
        a, b = box_of[s.id], box_of[t.to]
        la, lb = lane_of[s.post], lane_of[flow.step(t.to).post]
        if (s.id, t.to) in back or row[t.to] <= row[s.id]:
            # Loops run in the gaps between rows and up the left gutter, never across a box.
            gx = lane_x0[min(la, lb)] + GUTTER
            ya = channel_below(row[s.id]) + 5
            yb = row_top[row[t.to]] - st.row_gap / 2 - 5
            pts = [(a.x, a.bottom), (a.x, ya), (gx, ya), (gx, yb), (b.x, yb), (b.x, b.top)]
            attrs = {"style": "dashed", "color": "#78909C"}
        else:
            pts = forward(a, la, row[s.id], b, lb, row[t.to])
            attrs = {}
        edge = Edge(a.name, b.name, pts, attrs=attrs)
        if t.when:
            edge.label = _Label(9 * st.edge_pt)
            edge.label.text(t.when, st.edge_pt, max_lines=2)
            edge.label_pos = _place_label(pts, edge.label, taken, width)
        edges.append(edge)
    if ends:
        end_lane = lane_of[ends[-1].post]
        end = Box("end", lane_cx[end_lane], end_y, st.oval_w, st.oval_h,
                  {"shape": "oval", "label": "结束", "fillcolor": "#ECEFF1", "color": "#455A64"})
        boxes.append(end)
        for s in ends:
            a = box_of[s.id]
            edges.append(Edge(a.name, "end", forward(a, lane_of[s.post], row[s.id], end, end_lane, n_rows)))
    return Layout(width, height, header_h, lane_titles, risk_column, boxes, edges)


def _label_candidates(pts, w: float, h: float):
    """Where a condition can stand: beside the run into the target, beside the run out of the source,
    then beside the middle of every other run."""
    def beside(i):
        (x0, y0), (x1, y1) = pts[i], pts[i + 1]
        if x0 == x1:  # vertical run: to its right
            return x0 + 6 + w / 2, (y0 + y1) / 2
        direction = 1 if x1 > x0 else -1  # horizontal run: above it, near its start
        return x0 + direction * (w / 2 + 6), y0 - h / 2 - 2

    last = len(pts) - 2
    yield beside(last - 1) if last >= 1 and pts[last][0] == pts[last + 1][0] and pts[last - 1][1] == pts[last][1] \
        else beside(last)
    for i in range(len(pts) - 1):
        yield beside(i)


def _place_label(pts, label: _Label, taken: list, width: float) -> tuple[float, float]:
    w, h = label.used_width + 4, label.height
    first = None
    for x, y in _label_candidates(pts, w, h):
        x = min(max(x, MARGIN + w / 2), width - MARGIN - w / 2)  # stay on the canvas
        rect = (x - w / 2, y - h / 2, x + w / 2, y + h / 2)
        first = first or (x, y, rect)
        if not any(r[0] < rect[2] and rect[0] < r[2] and r[1] < rect[3] and rect[1] < r[3] for r in taken):
            taken.append(rect)
            return x, y
    taken.append(first[2])
    return first[0], first[1]


# ---------------------------------------------------------------- DOT


def _q(value) -> str:
    """A DOT attribute value: HTML-like labels pass as they are, everything else double-quoted."""
    value = str(value)
    if value.startswith("<") and value.endswith(">"):
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _attrs(attrs: dict) -> str:
    return "[" + ", ".join(f"{k}={_q(v)}" for k, v in attrs.items()) + "]"


def _num(v: float) -> str:
    return f"{v:.2f}".rstrip("0").rstrip(".")


def chart_dot(flow: Flow, unit: Unit | None, st: Style = SCREEN) -> str:
    """DOT source of the positioned swimlane chart, to be drawn with ``neato -n2``."""
    lay = layout(flow, unit, st)
    # Whole points and a white pad of 9 pt (1/8 in): the drawing usually covers whole pixels at 72 dpi,
    # and its outermost pixels are always background. (neato -n2 sizes it by what it draws, not by bb:
    # a legend wider than a narrow chart makes it fractional; render/graphviz.draw paints the
    # half-covered edge pixels white, as they are on a white page.)
    W, H = math.ceil(lay.width), math.ceil(lay.height)

    def gv(x: float, y: float) -> str:  # Graphviz's y axis grows upwards
        return f"{_num(x)},{_num(H - y)}"

    legend_cells = "".join(
        f'<TD><FONT COLOR="{LEVEL_COLOR[lv]}"><B>★</B></FONT> {LEVEL_NAME[lv]}</TD>' for lv in RISK_LEVELS)
    legend = ('<<TABLE BORDER="0" CELLSPACING="6" CELLPADDING="1"><TR><TD><B>图例</B></TD>'
              f'{legend_cells}<TD>双线框: 监督制约环节</TD><TD>虚线: 退回或补正</TD></TR></TABLE>>')
    out = [
        "digraph flow {",
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
                "label": "", "pos": gv((x0 + x1) / 2, (MARGIN + bottom) / 2), "width": _num((x1 - x0) / 72),
                "height": _num((bottom - MARGIN) / 72)}
        out.append(f"  lane{i} {_attrs(lane)};")
        head = {"shape": "plaintext", "style": "", "label": title, "pos": gv((x0 + x1) / 2, MARGIN + lay.header_h / 2),
                "width": _num((x1 - x0 - 4) / 72), "height": _num((lay.header_h - 4) / 72),
                "fontsize": st.lane_title_pt}
        out.append(f"  lane{i}_title {_attrs(head)};")
    for b in lay.boxes:
        attrs = dict(b.attrs)
        attrs.update(pos=gv(b.x, b.y), width=_num(b.w / 72), height=_num(b.h / 72))
        out.append(f"  {b.name} {_attrs(attrs)};")
    out.append(f"  legend [shape=plaintext, style=\"\", fixedsize=false, label={legend}, "
               f"pos=\"{gv(MARGIN + 230, H - MARGIN - 12)}\"];")
    for e in lay.edges:
        pts = list(e.points)
        (xa, ya), (xb, yb) = pts[-2], pts[-1]
        length = max(abs(xb - xa) + abs(yb - ya), 1e-6)
        tip = pts[-1]
        pts[-1] = (xb - (xb - xa) / length * ARROW, yb - (yb - ya) / length * ARROW)
        spline = [pts[0]]
        for p in pts[1:]:
            spline += [spline[-1], p, p]
        attrs = dict(e.attrs)
        attrs["pos"] = "e," + gv(*tip) + " " + " ".join(gv(*p) for p in spline)
        if e.label is not None:
            attrs["label"] = e.label.html()
            attrs["lp"] = gv(*e.label_pos)
        out.append(f"  {e.tail} -> {e.head} {_attrs(attrs)};")
    out.append("}")
    return "\n".join(out) + "\n"
