"""The wall chart (上墙流程图 / 廉政风险防控图): a flow laid out for a printed sheet read from 2 m.

Published integrity-risk wall charts are read top to bottom and across: a column of steps, each box
naming the step, its post, its time limit and its ★, with the step's risk points and their prevention
measures beside it (运行流程 | 风险点 | 防控措施). Branches (补正, 不予受理, 听证) stand in a side lane next
to the main path; loops run back up the gutter, dashed. Unlike the screen swimlane (chart.py), the
wall chart is laid out for the box the poster leaves, in points on paper: the text is as large as
that box allows (``fit``), never below MIN_PT.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

from ..derived import numbered_risks, top_level
from ..graph import back_edges, successors
from ..model import RISK_LEVELS, Flow, Unit
from ..wording import LEVEL_NAME, days_text
from .chart import INK, LEVEL_COLOR, step_marks
from .drawing import GUTTER, Box, Edge, Grid, Label, dot_attrs, edge_dot, num, place_labels, route
from .fonts import FONT_FAMILY, line_height, text_pt

MIN_PT = 12  # the smallest text on paper that still reads from 2 m
SIZES_PT = (40, 36, 34, 32, 30, 28, 26, 24, 22, 20, 18, 17, 16, 15, 14, 13, 12)  # body sizes tried, largest first
PAD = 4  # white border of the drawing
CELL_PAD = 5  # inside a box, around its text
SHARES = (0.5, 0.3, 0.35, 0.4, 0.45, 0.55, 0.6, 0.65, 0.7)  # the flow column's part of the width: the shortest is kept
MIN_COLUMN_CHARS = 8  # a risk or measure column narrower than this many characters reads as a ribbon
MAIN_WEIGHT = 1.4  # the main lane's width in side lanes
COLUMN_FILLS = ("#F4F7FB", "#FFFDF7", "#FFFFFF")


@dataclass
class WallLayout:
    width: float
    height: float
    body_pt: float  # the smallest text in the chart
    columns: list[tuple[str, str, float, float]]  # (title, fill, x0, x1)
    header_h: float
    boxes: list[Box]
    edges: list[Edge]
    legend: Label
    legend_y: float
    row_tops: list[float]  # each row's top, and below the last row
    share: float  # the flow column's part of the width
    breaks: frozenset[int] = frozenset()  # rows above which nothing reaches down: a sheet may end there


def main_path(flow: Flow) -> list[str]:
    """The longest chain of steps from the first one (loops left out), ties to the transition written
    first: the path the wall chart draws as its main column."""
    if not flow.steps:
        return []
    succ, back = successors(flow), back_edges(flow)
    forward = {a: [b for b in outs if (a, b) not in back] for a, outs in succ.items()}
    memo: dict[str, int] = {}

    def length(s: str) -> int:
        if s not in memo:
            memo[s] = 1 + max((length(b) for b in forward[s]), default=0)
        return memo[s]

    path, s = [], flow.steps[0].id
    while True:
        path.append(s)
        if not forward[s]:
            return path
        s = max(forward[s], key=lambda b: (length(b), -forward[s].index(b)))


def lanes_and_rows(flow: Flow) -> tuple[dict[str, int], dict[str, int]]:
    """Each step's lane (0: the main path; 1, 2 ...: side paths) and row (below every step it
    follows, loops left out). A side step keeps the lane of the side step it follows when that lane
    is free at its row, else takes the first free side lane: parallel branches stand side by side."""
    main = main_path(flow)
    succ, back = successors(flow), back_edges(flow)
    preds: dict[str, list[str]] = {s.id: [] for s in flow.steps}
    for a, outs in succ.items():
        for b in outs:
            if (a, b) not in back:
                preds[b].append(a)
    row: dict[str, int] = {}

    def depth(s: str, seen=()) -> int:
        if s not in row:
            row[s] = 1 + max((depth(p, (*seen, s)) for p in preds[s] if p not in seen), default=-1)
        return row[s]

    for s in flow.steps:
        depth(s.id)
    for i, s in enumerate(main):  # the main path reads straight down: one step per row
        if i and row[s] <= row[main[i - 1]]:
            row[s] = row[main[i - 1]] + 1
    lane = dict.fromkeys(main, 0)
    taken = {(0, row[s]) for s in main}
    for s in sorted((s.id for s in flow.steps if s.id not in lane), key=lambda s: row[s]):
        before = [lane[p] for p in preds[s] if lane.get(p, 0) > 0]
        choice = next((ln for ln in before if (ln, row[s]) not in taken), None)
        if choice is None:
            choice = next(ln for ln in range(1, len(flow.steps) + 1) if (ln, row[s]) not in taken)
        lane[s] = choice
        taken.add((choice, row[s]))
    return lane, row


def _step_label(index: int, step, numbers: list[int], unit: Unit | None, width: float, body: float,
                unit_of_days) -> Label:
    label = Label(width)
    post = unit.post(step.post) if unit else None
    parts = [post.name if post else step.post]
    if step.officers >= 2:
        parts.append(f"{step.officers}人以上")
    if days_text(step, unit_of_days):
        parts.append(days_text(step, unit_of_days).removeprefix("时限："))
    # the name (never cut: the wall shows it whole), then the post and limit: on one line when they fit
    label.pair(f"{index}. {step.name}", round(body * 1.1, 1), " · ".join(parts), body)
    level = top_level(step.risks)
    if level:
        label.text(" ".join(f"★{n}" for n in numbers) + f" {level}风险点" + (" ◆监督" if step.supervision else ""),
                   body, bold=True, color=LEVEL_COLOR[level])
    elif step.supervision:
        label.text("◆ 监督制约环节", body)
    return label


def _risk_labels(items, unit: Unit | None, risk_w: float, measure_w: float, body: float) -> tuple[Label, Label]:
    risk, measure = Label(risk_w), Label(measure_w)
    for item in items:
        r = item.risk
        risk.text(f"★{item.number} {r.level}风险 · {r.type}", body, bold=True, color=LEVEL_COLOR[r.level])
        risk.text(r.description, body)
        owner = unit.post(r.owner) if unit else None
        measure.text(f"★{item.number}", body, bold=True, color=LEVEL_COLOR[r.level])
        for m in r.measures:
            measure.text(m, body, prefix="· ")
        measure.text(owner.name if owner else r.owner, body, prefix="责任：")
    return risk, measure


def _risk_w(inner: float, share: float) -> float:
    """The 风险点 column's width (防控措施 takes the rest beside the flow column's ``share``)."""
    return (inner - inner * share) * 0.46


def wall_layout(flow: Flow, unit: Unit | None, width: float, body: float, share: float = 0.5,
                breaks: frozenset[int] = frozenset()) -> WallLayout:
    """The chart laid out ``width`` points wide with its smallest text at ``body`` points; ``share``: the
    flow column's part of the width when there are risk columns beside it; ``breaks``: rows above which
    no risk note may reach down (a chart continued on another sheet is cut there)."""
    risks = numbered_risks(flow)
    inner = width - 2 * PAD
    flow_w = inner * (share if risks else 1.0)
    risk_w = _risk_w(inner, share)
    measure_w = inner - flow_w - risk_w
    step_lane, row = lanes_and_rows(flow)
    sides = max(step_lane.values(), default=0)
    if sides:  # the main lane a little wider than each side lane
        unit_w = flow_w / (MAIN_WEIGHT + sides)
        lane_w = [MAIN_WEIGHT * unit_w] + [unit_w] * sides
        lane_x0 = [PAD + (0 if i == 0 else MAIN_WEIGHT * unit_w + (i - 1) * unit_w) for i in range(sides + 1)]
    else:
        lane_w = [min(flow_w, max(inner * 0.5, 20 * body))]
        lane_x0 = [PAD + (flow_w - lane_w[0]) / 2]
    lane_pad = 2 * GUTTER + 2  # room for a loop's run up the gutter
    numbers: dict[str, list[int]] = {}
    for item in risks:
        numbers.setdefault(item.step.id, []).append(item.number)
    box_w = [w - 2 * lane_pad for w in lane_w]
    labels = {s.id: _step_label(i + 1, s, numbers.get(s.id, []), unit, box_w[step_lane[s.id]] - 2 * CELL_PAD, body,
                                flow.limit_unit) for i, s in enumerate(flow.steps)}
    notes = {s.id: _risk_labels([r for r in risks if r.step is s], unit, risk_w - 2 * CELL_PAD - 8,
                                measure_w - 2 * CELL_PAD - 8, body) for s in flow.steps if s.risks}
    n_rows = max(row.values(), default=-1) + 1
    row_h = [0.0] * n_rows
    for s in flow.steps:  # a row is as tall as its steps: a long risk text may reach down beside the next rows
        row_h[row[s.id]] = max(row_h[row[s.id]], labels[s.id].height + 2 * CELL_PAD)
    head_pt = round(body * 1.15, 1)
    header_h = line_height(head_pt) + 4
    legend = _legend(inner - 8, body)
    x_risk, x_measure = PAD + flow_w, PAD + flow_w + risk_w
    columns = [("运行流程", COLUMN_FILLS[0], PAD, PAD + flow_w)]
    if risks:
        columns += [("风险点", COLUMN_FILLS[1], x_risk, x_measure),
                    ("防控措施", COLUMN_FILLS[2], x_measure, PAD + inner)]
    gaps = [body * 0.7] * max(n_rows, 1)
    node = {s.id: f"s{i}" for i, s in enumerate(flow.steps)}
    label_w = max(9 * body, PAD + flow_w - (lane_x0[0] + lane_w[0] / 2) - 16)  # a condition on one line where it can
    tries = 4 * n_rows + 8
    for attempt in range(tries):  # a condition with no free place, or a risk pushed off its step, makes room
        y = PAD + header_h + body * 0.7  # no 开始 oval: the first step stands at the top of the column
        row_top = []
        for r, h in enumerate(row_h):
            row_top.append(y)
            y += h + gaps[r]
        row_top.append(y)  # below the last row
        boxes, box_of, low = [], {}, {"risk": 0.0, "measure": 0.0}  # the risk columns' lowest box so far
        pushed = None
        for s in sorted(flow.steps, key=lambda s: (row[s.id], step_lane[s.id])):
            lane = step_lane[s.id]
            h = labels[s.id].height + 2 * CELL_PAD
            b = Box(node[s.id], lane_x0[lane] + lane_w[lane] / 2, row_top[row[s.id]] + h / 2,
                    box_w[lane], h, {"label": labels[s.id].html(fill=True), **step_marks(s, 2.4)})
            boxes.append(b)
            box_of[s.id] = b
            reach = max(low.values()) + 8  # the notes above, and a clear band where a sheet may end
            if row[s.id] in breaks and reach > b.top and pushed is None:
                pushed = (row[s.id], reach - b.top)
            if s.id in notes:
                level = top_level(s.risks)
                # beside its step (starting no lower than the step's middle), below the notes above
                top = max(b.top, low["risk"] + 4, low["measure"] + 4)
                if top > b.y + 2 and pushed is None:
                    pushed = (row[s.id], top - b.y)
                for name, label, x0, w in (("risk", notes[s.id][0], x_risk, risk_w),
                                           ("measure", notes[s.id][1], x_measure, measure_w)):
                    nh = label.height + 2 * CELL_PAD
                    boxes.append(Box(f"{name}_{b.name}", x0 + w / 2, top + nh / 2, w - 8, nh,
                                     {"label": label.html(fill=True), "shape": "box", "style": "filled",
                                      "fillcolor": "white", "color": LEVEL_COLOR[level], "penwidth": 1.2}))
                    low[name] = top + nh
        if pushed is not None and attempt < tries - 1:  # move the step down to its risks: beside it
            r, by = pushed
            gaps[r - 1 if r else 0] += by
            continue
        # no 结束 oval either: a flow ends at its last steps (办结, 送达, 归档), as wall charts draw it
        grid = Grid(step_lane, row, row_top, gaps, lane_x0, lane_w)
        edges = route(flow, grid, box_of, None)
        legend_y = max([b.bottom for b in boxes] + [PAD + header_h]) + body
        height = math.ceil(legend_y + legend.height + PAD + 1)  # the legend line holds its descenders
        failed = place_labels(edges, boxes, PAD + flow_w, legend_y, body, label_w)
        if not failed:
            break
        for e in failed:
            gaps[min(e.source_row, len(gaps) - 1)] += e.label.height + 6
    return WallLayout(width, height, body, columns, header_h, boxes, edges, legend, legend_y, row_top, share, breaks)


def _legend(width: float, body: float) -> Label:
    """图例: the ★ of each level in its colour, the double border and the dashed loop; on two lines
    when one is too long for the chart."""
    stars = "".join(f'<FONT COLOR="{LEVEL_COLOR[lv]}"><B>★</B></FONT> {LEVEL_NAME[lv]}　' for lv in RISK_LEVELS)
    marks = "双线框：监督制约环节　虚线：退回或补正"
    one = f"图例：{''.join(LEVEL_NAME[lv] for lv in RISK_LEVELS)}{marks}" + "★ 　" * 3
    label = Label(width)
    lines = [f"<B>图例：</B> {stars}{marks}"] if text_pt(one, body) <= width else [f"<B>图例：</B> {stars}", marks]
    for line in lines:
        label.rows.append(f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="{body}">{line}</FONT></TD></TR>')
        label.height += line_height(body)
    label.used_width = min(width, text_pt(one, body))
    return label


def _usable(inner: float, share: float, body: float) -> bool:
    """Whether a risk column at this split holds MIN_COLUMN_CHARS characters a line."""
    return _risk_w(inner, share) - 2 * CELL_PAD - 8 >= MIN_COLUMN_CHARS * body


def shortest(flow: Flow, unit: Unit | None, width: float, body: float,
             near: float | None = None) -> WallLayout | None:
    """At one text size, the split of the width between flow and risk columns whose chart is
    shortest; None when no split leaves the risk columns usable at that size. ``near``: only that
    split and its neighbours are tried (the best split moves little from one size to the next)."""
    if not numbered_risks(flow):
        return wall_layout(flow, unit, width, body, SHARES[0])
    shares = sorted(SHARES)
    if near in shares:
        at = shares.index(near)
        shares = shares[max(at - 1, 0):at + 2]
    tried = [share for share in shares if _usable(width - 2 * PAD, share, body)]
    return min((wall_layout(flow, unit, width, body, share) for share in tried), key=lambda lay: lay.height,
               default=None)


def fit(flow: Flow, unit: Unit | None, width: float, height: float) -> WallLayout:
    """The wall chart with the largest text (from SIZES_PT) that fits ``width`` x ``height`` points;
    the MIN_PT layout, taller than the box, when none does (the poster says it needs a larger sheet)."""
    sizes = sorted(SIZES_PT)  # a larger text makes a taller chart: search for the largest that fits
    low, high, found, near = 0, len(sizes) - 1, None, None
    while low <= high:
        mid = (low + high) // 2
        lay = shortest(flow, unit, width, sizes[mid], near)
        if lay is not None:
            near = lay.share  # every split at the first size, then around the best one
        if lay is not None and lay.height <= height:
            found, low = lay, mid + 1
        else:
            high = mid - 1
    if found and found.body_pt < sizes[-1]:  # the next size up, with every split: a neighbour may have missed it
        larger = shortest(flow, unit, width, sizes[sizes.index(found.body_pt) + 1])
        if larger is not None and larger.height <= height:
            return larger
    if found:
        return found
    # nothing fits: the MIN_PT layout, with the widest risk columns when even those are too narrow
    return shortest(flow, unit, width, MIN_PT) or wall_layout(flow, unit, width, MIN_PT, min(SHARES))


def fits_larger(flow: Flow, unit: Unit | None, width: float, height: float, than: float,
                near: float | None = None) -> bool:
    """Whether a ``width`` x ``height`` box takes the chart with text larger than ``than`` points
    (the next size up): one size tried, not a search; ``near``: as for ``shortest``."""
    larger = [pt for pt in SIZES_PT if pt > than]
    lay = shortest(flow, unit, width, min(larger), near) if larger else None
    return lay is not None and lay.height <= height


def sheet_parts(flow: Flow, unit: Unit | None, lay: WallLayout, first: float,
                rest: float) -> tuple[WallLayout, list[tuple[float, float]]]:
    """The chart cut into parts for consecutive sheets, as (top, bottom) in points: the first part
    at most ``first`` high, the others at most ``rest``. Each cut runs through a gap where no box, no
    condition and no legend line lies (arrows may cross it: they continue on the next sheet); where
    the risk notes of one row reach down beside the next, the chart is laid out again with a clear
    band above the row that would start the next sheet. Returns the layout the parts are cut from."""
    for _ in range(len(lay.row_tops) + 1):
        parts, stuck = _cuts(lay, first, rest)
        rows = [r for r, top in enumerate(lay.row_tops[:-1]) if r and stuck is not None and top - 4 <= stuck]
        if stuck is None or not rows or rows[-1] in lay.breaks:
            break
        lay = wall_layout(flow, unit, lay.width, lay.body_pt, lay.share, lay.breaks | {rows[-1]})
    return lay, parts


def _cuts(lay: WallLayout, first: float, rest: float) -> tuple[list[tuple[float, float]], float | None]:
    """Parts cut only where nothing is cut through, each holding a step, and where a cut went wrong
    (None: nowhere): through something, leaving half a sheet empty, or leaving the legend alone on the
    last sheet when no gap lets the last step go with it. sheet_parts then makes a gap there."""
    taken = [(b.top, b.bottom) for b in lay.boxes]
    taken += [(e.label_pos[1] - e.label.height / 2, e.label_pos[1] + e.label.height / 2)
              for e in lay.edges if e.label is not None and e.label_pos is not None]
    taken += [(0.0, PAD + lay.header_h), (lay.legend_y, lay.legend_y + lay.legend.height)]
    free = sorted({bottom + 2 for _, bottom in taken})  # just below something: a gap, if nothing covers it

    def holds_step(a: float, b: float) -> bool:  # a part with a box in it, not only headings or the legend
        return any(a <= box.top and box.bottom <= b for box in lay.boxes)

    parts, top, room, stuck = [], 0.0, first, None
    while lay.height - top > room:
        cuts = [y for y in free if top + PAD + lay.header_h < y <= top + room
                and not any(a < y < b for a, b in taken) and holds_step(top, y)]
        if stuck is None and (not cuts or max(cuts) < top + room / 2):  # none, or one wasting half a sheet
            stuck = top + room
        cut = max(cuts, default=top + room)  # a box taller than a whole sheet is cut through
        if cuts and lay.height - cut <= rest and not holds_step(cut, lay.height):
            # the last sheet would hold the legend alone: the last step goes with it, through a gap
            # above it, or one made there (sheet_parts lays the chart out again with a clear band)
            better = [y for y in cuts if holds_step(y, lay.height)]
            if better:
                cut = max(better)
            elif stuck is None:
                stuck = cut - 1
        parts.append((top, cut))
        top, room = cut, rest
    parts.append((top, lay.height))
    return parts, stuck


def wall_dot(lay: WallLayout, part: tuple[float, float] | None = None) -> str:
    """DOT source of a laid-out wall chart, drawn with ``neato -n2`` to the PDF the poster places. With
    ``part`` (top, bottom), only what lies in it is drawn (the rest, invisible, still anchors the
    arrows that cross the cut): a sheet's PDF carries no text of another sheet, even clipped."""
    W, H = math.ceil(lay.width), math.ceil(lay.height)

    def gv(x: float, y: float) -> str:  # Graphviz's y axis grows upwards
        return f"{num(x)},{num(H - y)}"

    body = lay.body_pt
    out = [
        "digraph wall {",
        f'  graph [bb="0,0,{W},{H}", fontname="{FONT_FAMILY}", fontsize={body}, bgcolor="white", pad=0, '
        f"splines=true];",
        f'  node [fontname="{FONT_FAMILY}", fontsize={body}, shape=box, style="rounded,filled", fillcolor="white", '
        f'color="{INK}", fontcolor="{INK}", fixedsize=true, penwidth=1.6, margin=0];',
        f'  edge [fontname="{FONT_FAMILY}", fontsize={body}, color="#37474F", fontcolor="{INK}", penwidth=1.6, '
        f"arrowsize=1];",
        # Graphviz sizes the drawing to what it holds, whatever bb says: two invisible points at the
        # corners keep every drawing (each sheet's part too, which may lack the legend or the last
        # steps) exactly W x H in the layout's own coordinates, so that a part is cut from it by them.
        f'  corner_top [shape=point, style=invis, width=0, height=0, fixedsize=true, pos="{gv(0, 0)}"];',
        f'  corner_bottom [shape=point, style=invis, width=0, height=0, fixedsize=true, pos="{gv(W, H)}"];',
    ]

    def outside(top: float, bottom: float) -> bool:
        return part is not None and (bottom <= part[0] or top >= part[1])

    bottom = lay.legend_y - body / 2
    head_pt = round(body * 1.15, 1)
    for i, (title, fill, x0, x1) in enumerate(lay.columns):
        band = {"shape": "box", "style": "filled", "fillcolor": fill, "color": "#B0BEC5", "penwidth": 1, "label": "",
                "pos": gv((x0 + x1) / 2, (PAD + bottom) / 2), "width": num((x1 - x0) / 72),
                "height": num((bottom - PAD) / 72)}
        out.append(f"  col{i} {dot_attrs(band)};")
        head = {"shape": "plaintext", "style": "", "label": f'<<B><FONT POINT-SIZE="{head_pt}">{title}</FONT></B>>',
                "pos": gv((x0 + x1) / 2, PAD + lay.header_h / 2), "width": num((x1 - x0 - 4) / 72),
                "height": num((lay.header_h - 4) / 72)}
        if not outside(PAD, PAD + lay.header_h):
            out.append(f"  col{i}_title {dot_attrs(head)};")
    for b in lay.boxes:
        attrs = dict(b.attrs) if not outside(b.top, b.bottom) else {"style": "invis", "label": ""}
        attrs.update(pos=gv(b.x, b.y), width=num(b.w / 72), height=num(b.h / 72))
        out.append(f"  {b.name} {dot_attrs(attrs)};")
    legend = {"shape": "plaintext", "style": "", "fixedsize": "false", "label": lay.legend.html(),
              "pos": gv(PAD + 4 + lay.legend.used_width / 2, lay.legend_y + lay.legend.height / 2),
              "width": num((lay.legend.used_width + 4) / 72), "height": num(lay.legend.height / 72)}
    if not outside(lay.legend_y, lay.legend_y + lay.legend.height):
        out.append(f"  legend {dot_attrs(legend)};")
    for e in lay.edges:
        y, half = (e.label_pos[1], e.label.height / 2) if e.label_pos else (0, 0)
        shown = e.label_pos is None or not outside(y - half, y + half)
        out.append(edge_dot(e if shown else dataclasses.replace(e, label=None, label_pos=None), gv))
    out.append("}")
    return "\n".join(out) + "\n"
