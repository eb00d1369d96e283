"""Positioned drawings for Graphviz: boxes, orthogonal edges and their condition labels, laid out
by powerlist (not by dot) and drawn with ``neato -n2``. Shared by the screen swimlane (chart.py) and
the wall chart (wall.py). Coordinates are points, y growing downwards; every text from YAML is
escaped (``html_label_text``) and wrapped to a bounded width.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from ..graph import back_edges, successors
from ..model import Flow
from .fonts import char_pt, line_height, text_pt
from .text import clean, html_label_text, wrap

MARGIN = 12
CELL_PAD = 8
ARROW = 9
GUTTER = 9



@lru_cache(maxsize=1 << 16)
def _rows(text: str, width: float, size: float, bold: bool, color: str | None,
          max_lines: int | None) -> tuple[tuple[str, ...], float]:
    """A text wrapped to ``width`` as label rows, and its widest line: the wall chart's size search lays
    out the same texts at the same widths many times over."""
    rows, used = [], 0.0
    for line in wrap(text, width, max_lines, lambda c: char_pt(c, size, bold)):
        used = max(used, text_pt(line, size, bold))
        body = html_label_text(line)
        if bold:
            body = f"<B>{body}</B>"
        font = f'POINT-SIZE="{size}"' + (f' COLOR="{color}"' if color else "")
        rows.append(f'<TR><TD ALIGN="LEFT"><FONT {font}>{body}</FONT></TD></TR>')
    return tuple(rows), used


class Label:
    """Rows of an HTML-like table label, and the height they take."""

    def __init__(self, width: float):
        self.width = width
        self.rows: list[str] = []
        self.height = 0.0
        self.used_width = 0.0  # the widest line

    def text(self, text: str, size: float, *, bold=False, color=None, max_lines=None, prefix=""):
        rows, used = _rows(prefix + text, self.width, size, bold, color, max_lines)
        self.rows.extend(rows)
        self.used_width = max(self.used_width, used)
        self.height += len(rows) * line_height(size)

    def pair(self, first: str, first_pt: float, second: str, second_pt: float, *, color=None) -> None:
        """``first`` in bold and ``second`` after it on one line when both fit the width, else each on
        lines of its own."""
        first, second = clean(first), clean(second)  # as wrap() sees them: no control characters
        one = text_pt(first, first_pt, True) + text_pt("　" + second, second_pt)
        if not second or one > self.width or "\n" in first + second:
            self.text(first, first_pt, bold=True)
            if second:
                self.text(second, second_pt, color=color)
            return
        font = f'POINT-SIZE="{second_pt}"' + (f' COLOR="{color}"' if color else "")
        self.rows.append(f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="{first_pt}"><B>{html_label_text(first)}</B></FONT>'
                         f'<FONT {font}>　{html_label_text(second)}</FONT></TD></TR>')
        self.used_width = max(self.used_width, one)
        self.height += line_height(max(first_pt, second_pt))

    def html(self, fill: bool = False) -> str:
        """The label; with ``fill`` its table is as wide as the text may run, so that every line starts
        at the same left edge whatever the longest line."""
        width = f' WIDTH="{int(self.width)}"' if fill else ""
        return (f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1"{width}>' + "".join(self.rows)
                + "</TABLE>>")


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
    label: Label | None = None
    label_pos: tuple[float, float] | None = None
    attrs: dict = field(default_factory=dict)
    when: str | None = None  # the condition (条件) written beside it
    source_row: int = 0


@dataclass
class Layout:
    width: float
    height: float
    header_h: float
    lanes: list[tuple[str, str, float, float]]  # (title html, fill, x0, x1)
    risk_column: tuple[float, float] | None
    boxes: list[Box]
    edges: list[Edge]


def rows(flow: Flow, lane: dict[str, int]) -> dict[str, int]:
    """Row of each step: below every step it follows (loops ignored), one step per lane and row.
    ``lane``: each step's lane (by step id)."""
    succ = successors(flow)
    back = back_edges(flow)
    preds: dict[str, list[str]] = {s.id: [] for s in flow.steps}
    for a, outs in succ.items():
        for b in outs:
            if (a, b) not in back:
                preds[b].append(a)
    order = {s.id: i for i, s in enumerate(flow.steps)}
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


@dataclass
class Grid:
    """Where the steps stand: each step's lane and row, the rows' tops (one more: the end oval's top),
    the gap below each row, and each lane's left edge and width."""

    lane: dict[str, int]
    row: dict[str, int]
    row_top: list[float]
    gap_below: list[float]
    lane_x0: list[float]
    lane_w: list[float]

    def channel_below(self, r: int) -> float:
        """The y of the horizontal channel in the gap below row ``r``."""
        return self.row_top[r + 1] - self.gap_below[r] / 2

    def channel_above(self, r: int) -> float:
        return self.row_top[r] - (self.gap_below[r - 1] if r > 0 else self.gap_below[0]) / 2


def route(flow: Flow, grid: Grid, box_of: dict[str, Box], end: Box | None, end_lane: int | None = None) -> list[Edge]:
    """Orthogonal edges between the boxes: down a lane when nothing stands between, else along the
    channel below the source row (or above the target's) and down the target's lane; a run that
    would cross a box takes the lane's gutter. Loops (补正, 退回) run back up the left gutter, dashed.
    Edges into ``end`` join the end oval from every step with no successor."""
    row, lane = grid.row, grid.lane
    n_rows = len(grid.row_top) - 1
    occupied = {(lane[s.id], row[s.id]) for s in flow.steps}

    def blocked(ln: int, r1: int, r2: int) -> bool:
        return any((ln, r) in occupied for r in range(r1 + 1, r2))

    def forward(a: Box, la: int, ra: int, b: Box, lb: int, rb: int) -> list[tuple[float, float]]:
        ya = grid.channel_below(ra)
        yb = grid.channel_above(rb) if rb < n_rows else grid.channel_below(n_rows - 1)
        if la == lb and not blocked(la, ra, rb):
            return [(a.x, a.bottom), (b.x, b.top)]
        if la != lb and not blocked(lb, ra, rb):
            return [(a.x, a.bottom), (a.x, ya), (b.x, ya), (b.x, b.top)]
        if la != lb and not blocked(la, ra, rb):
            return [(a.x, a.bottom), (a.x, yb), (b.x, yb), (b.x, b.top)]
        x0, w = grid.lane_x0[lb], grid.lane_w[lb]
        gx = x0 + w - GUTTER if la == lb else x0 + GUTTER
        return [(a.x, a.bottom), (a.x, ya), (gx, ya), (gx, yb), (b.x, yb), (b.x, b.top)]

    back = back_edges(flow)
    ids = {s.id for s in flow.steps}
    edges: list[Edge] = []
    succ = successors(flow)
    for s, t in flow.edges():
        if t.to not in ids:
            continue
        a, b = box_of[s.id], box_of[t.to]
        la, lb = lane[s.id], lane[t.to]
        if (s.id, t.to) in back or row[t.to] <= row[s.id]:
            gx = grid.lane_x0[min(la, lb)] + GUTTER
            ya = grid.channel_below(row[s.id]) + 4
            yb = grid.channel_above(row[t.to]) - 4
            pts = [(a.x, a.bottom), (a.x, ya), (gx, ya), (gx, yb), (b.x, yb), (b.x, b.top)]
            attrs = {"style": "dashed", "color": "#78909C"}
        else:
            pts = forward(a, la, row[s.id], b, lb, row[t.to])
            attrs = {}
        edges.append(Edge(a.name, b.name, pts, attrs=attrs, when=t.when or None, source_row=row[s.id]))
    if end is not None:
        if end_lane is None:  # the end oval stands in the lane of the last step written that ends the flow
            end_lane = lane[next(s.id for s in reversed(flow.steps) if not succ[s.id])]
        for s in flow.steps:
            if not succ[s.id]:
                a = box_of[s.id]
                edges.append(Edge(a.name, "end", forward(a, lane[s.id], row[s.id], end, end_lane, n_rows),
                                  source_row=row[s.id]))
    return edges


def segments(edges: list[Edge]) -> list[tuple[float, float, float, float]]:
    """Each run of each edge as a thin rectangle (x0, y0, x1, y1): what a label must not cover."""
    out = []
    for e in edges:
        for (x0, y0), (x1, y1) in zip(e.points, e.points[1:]):
            out.append((min(x0, x1) - 1.5, min(y0, y1) - 1.5, max(x0, x1) + 1.5, max(y0, y1) + 1.5))
    return out


def _overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _candidates(pts, w: float, h: float):
    """Where a condition can stand, best first: beside the run into the target, then beside each run
    from the source on; along a run at its middle, then nearer either end; right of (or above) it,
    then left of (or below) it."""
    runs = list(range(len(pts) - 2, -1, -1))
    runs = runs[:1] + runs[:0:-1] if len(runs) > 1 else runs
    for i in runs:
        (x0, y0), (x1, y1) = pts[i], pts[i + 1]
        for t in (0.5, 0.3, 0.7, 0.15, 0.85):
            x, y = x0 + (x1 - x0) * t, y0 + (y1 - y0) * t
            if x0 == x1:  # vertical run
                yield x + 5 + w / 2, y
                yield x - 5 - w / 2, y
            else:
                yield x, y - 3 - h / 2
                yield x, y + 3 + h / 2


def place_labels(edges: list[Edge], boxes: list[Box], width: float, height: float, size: float,
                 label_w: float, max_lines: int | None = None) -> list[Edge]:
    """Give each edge's condition a place that covers no box, no run of any edge and no other
    label. Returns the edges whose condition found none (the layout makes room and tries again)."""
    taken = [(b.x - b.w / 2, b.top, b.x + b.w / 2, b.bottom) for b in boxes] + segments(edges)
    failed = []
    for e in edges:
        if not e.when:
            continue
        for wrap_w in (label_w, label_w * 0.6, label_w * 0.4):  # narrower, on more lines, if it must
            e.label = Label(wrap_w)
            e.label.text(e.when, size, max_lines=max_lines)
            if _place(e, taken, width, height):
                break
        else:
            e.label = Label(label_w)
            e.label.text(e.when, size, max_lines=max_lines)
            failed.append(e)
    return failed


def _place(e: Edge, taken: list, width: float, height: float) -> bool:
    w, h = e.label.used_width + 4, e.label.height
    # Every candidate lies within this band around the edge's points: only what reaches into it can be
    # in the way (the wall chart's size search places labels thousands of times a poster)
    xs, ys = [x for x, _ in e.points], [y for _, y in e.points]
    band = (min(xs) - w - 6, min(ys) - h - 4, max(xs) + w + 6, max(ys) + h + 4)
    near = [r for r in taken if _overlaps(band, r)]
    for x, y in _candidates(e.points, w, h):
        x0, y0, x1, y1 = x - w / 2, y - h / 2, x + w / 2, y + h / 2
        if x0 < 2 or x1 > width - 2 or y0 < 2 or y1 > height - 2:
            continue
        for r in near:
            if x0 < r[2] and r[0] < x1 and y0 < r[3] and r[1] < y1:
                break
        else:
            taken.append((x0, y0, x1, y1))
            e.label_pos = (x, y)
            return True
    return False


def q(value) -> str:
    """A DOT attribute value: HTML-like labels pass as they are, everything else double-quoted."""
    value = str(value)
    if value.startswith("<") and value.endswith(">"):
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def dot_attrs(attrs: dict) -> str:
    return "[" + ", ".join(f"{k}={q(v)}" for k, v in attrs.items()) + "]"


def num(v: float) -> str:
    return f"{v:.2f}".rstrip("0").rstrip(".")


def edge_dot(e: Edge, gv) -> str:
    """One edge as DOT, its spline through the route's corners and its arrow at the target's edge;
    ``gv(x, y)`` turns a point into Graphviz's coordinates."""
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
    if e.label is not None and e.label_pos is not None:
        attrs["label"] = e.label.html()
        attrs["lp"] = gv(*e.label_pos)
    return f"  {e.tail} -> {e.head} {dot_attrs(attrs)};"
