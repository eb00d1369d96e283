"""Flow-graph and reference rules (PL5xx): every reference resolves and every flow runs start to end."""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterator

from ..graph import back_edges, can_finish, reachable, successors
from ..model import Flow, Post, Role, Transition, Unit
from . import Context, Report, rule
from .risks import OWNER_ROLE


def _suggest(name: str, options) -> str | None:
    close = difflib.get_close_matches(name, list(options), n=1)
    return f"是不是想写 '{close[0]}'？" if close else None


def _suggest_post(name: str, unit: Unit, role: Role | None = None, sections: Collection[str] = ()) -> str | None:
    """A post to write instead of ``name``: the right kind of post first, not the nearest spelling.

    With a ``role`` (a risk owner must hold the role its level requires, PL302), only posts of that role
    are offered, those of ``sections`` first, the closest spelling first within each; a post of another
    role would trade this finding for PL302. Without, the closest spelling among the posts of
    ``sections`` (the offices of the powers that run the flow), then among all posts.
    """
    def closest(posts: list[Post], cutoff: float) -> Post | None:
        ids = [p.id for p in posts]
        close = difflib.get_close_matches(name, ids, n=1, cutoff=cutoff)
        return next(p for p in posts if p.id == close[0]) if close else None

    named = [p for p in unit.posts if p.name == name and (role is None or p.role == role)]
    if len(named) == 1:  # the post's name written where its id belongs (审批股经办人 for xk-officer)
        return f"这是岗位名称，这里要写它的 id：'{named[0].id}'"

    if role is not None:
        fitting = [p for p in unit.posts if p.role == role]
        if not fitting:
            return f"本单位没有{role}岗位：在 posts 中添加，再写它的 id"
        local = [p for p in fitting if p.section in sections]
        best = closest(local, 0.6) or closest(fitting, 0.6) or closest(local, 0) or closest(fitting, 0)
        return f"是不是想写 '{best.id}'（{best.name}，{role}）？" if best else None
    local = [p for p in unit.posts if p.section in sections]
    best = closest(local, 0.6) or closest(list(unit.posts), 0.6)
    return f"是不是想写 '{best.id}'（{best.name}）？" if best else None


@rule("PL501", "unknown-post", group="graph", hint="使用本单位 posts 中定义的岗位 id")
def unknown_post(ctx: Context) -> Iterator[Report]:
    """A step, risk owner or roster entry names a post the flow's unit does not have.

    **Why**: the chart's lanes and the separation-of-duties checks are built from the unit's posts.

    The "did you mean" offers a post of the right kind, not merely the nearest spelling: for a risk
    owner, a post of the role its level requires (高 → 主要领导, 中 → 分管领导, 低 → 科室负责人, PL302),
    in the section of the step's post first; for a step, a post of the section that handles the flow's
    powers (their `office`) first.

    **Bad**
    ```yaml
    - {id: review, name: 审查, post: reviwer, action: 审查}
    ```

    **Good**
    ```yaml
    - {id: review, name: 审查, post: reviewer, action: 审查}
    ```

    **Fix**: use a post id from the unit's `posts`, or add the post there.
    """
    for flow in ctx.project.flows:
        unit = ctx.unit_of(flow)
        if unit is None:
            continue  # PL508
        ids = {p.id for p in unit.posts}
        offices = {power.office for _, power in ctx.flow_users.get(flow.id, ())}
        for s in flow.steps:
            if s.post not in ids:
                yield Report(s.at("post"), f"岗位 '{s.post}' 不是单位「{unit.name}」的岗位",
                             _suggest_post(s.post, unit, sections=offices))
            step_post = unit.post(s.post)
            for r in s.risks:
                if r.owner not in ids:
                    yield Report(r.at("owner"), f"责任岗位 '{r.owner}' 不是单位「{unit.name}」的岗位",
                                 _suggest_post(r.owner, unit, OWNER_ROLE[r.level],
                                               {step_post.section} if step_post else offices))
    for unit in ctx.project.units:
        ids = [p.id for p in unit.posts]
        for entry in unit.roster:
            for i, post in enumerate(entry.posts):
                if post not in ids:
                    yield Report(entry.at("posts", i), f"人员名册中的岗位 '{post}' 不存在", _suggest(post, ids))


@rule("PL502", "unknown-step", group="graph", hint="next 中使用本流程 steps 里的环节 id")
def unknown_step(ctx: Context) -> Iterator[Report]:
    """A transition leads to a step that the flow does not have.

    **Why**: a dangling arrow on a published chart.

    **Bad**
    ```yaml
    next: [reveiw]
    ```

    **Good**
    ```yaml
    next: [review]
    ```

    **Fix**: correct the step id.
    """
    for flow in ctx.project.flows:
        ids = [s.id for s in flow.steps]
        for s in flow.steps:
            for t in s.next or ():
                if t.to not in ids:
                    yield Report(t.at("to"), f"环节 '{t.to}' 不在流程「{flow.name}」中", _suggest(t.to, ids))


@rule("PL503", "unreachable-step", group="graph", hint="从前面的环节用 next 指向它，或删除该环节")
def unreachable_step(ctx: Context) -> Iterator[Report]:
    """A step cannot be reached from the flow's start (its first step).

    **Why**: a flow has one start; a step nobody reaches is either a second start or a dead branch.

    **Bad**
    ```yaml
    steps:
      - {id: accept, name: 受理, post: window, action: 受理, next: [decide]}
      - {id: review, name: 审查, post: reviewer, action: 审查}   # nothing leads here
      - {id: decide, name: 决定, post: deputy, action: 决定}
    ```

    **Good**
    ```yaml
    steps:
      - {id: accept, name: 受理, post: window, action: 受理}
      - {id: review, name: 审查, post: reviewer, action: 审查}
      - {id: decide, name: 决定, post: deputy, action: 决定}
    ```

    **Fix**: link the step from an earlier one, or delete it.
    """
    for flow in ctx.project.flows:
        seen = reachable(flow)
        targets = {t.to for _, t in flow.edges()}
        for s in flow.steps:
            if s.id not in seen:
                extra = "；它没有任何来向，形成了第二个起点" if s.id not in targets else ""
                yield Report(s.loc, f"环节「{s.name}」无法从起点「{flow.steps[0].name}」到达{extra}")


@rule("PL504", "no-end", group="graph", hint="为循环加一条通往结束环节的出口")
def no_end(ctx: Context) -> Iterator[Report]:
    """From a step, no path leads to an end: the flow can loop forever.

    **Why**: every path through a published procedure must end (决定, 送达, 归档 ...).

    **Bad**
    ```yaml
    - {id: accept, name: 受理, post: window, action: 受理, next: [review]}
    - {id: review, name: 审查, post: reviewer, action: 审查, next: [accept]}
    ```

    **Good**
    ```yaml
    - {id: accept, name: 受理, post: window, action: 受理, next: [review]}
    - id: review
      name: 审查
      post: reviewer
      action: 审查
      next: [{to: accept, when: 材料不齐}, {to: decide, when: 材料齐全}]
    - {id: decide, name: 决定, post: deputy, action: 决定}
    ```

    **Fix**: give the loop an exit towards an end step.

    One finding per loop without an exit, at the transition that closes it (where the way out is
    missing), not one per step: the steps that only lead into the loop are trapped by the same fault.
    """
    for flow in ctx.project.flows:
        trapped = reachable(flow) - can_finish(flow)
        if not trapped:
            continue
        for loop, (src, dst) in _closed_loops(flow, trapped):
            names = "、".join(f"「{s.name}」" for s in flow.steps if s.id in loop)
            step = flow.step(src)
            target = flow.step(dst)
            yield Report(_transition_loc(flow, src, dst),
                         f"环节「{step.name}」→「{target.name}」形成的循环没有出口：{names}都无法结束流程")


def _closed_loops(flow: Flow, trapped: set[str]) -> list[tuple[frozenset[str], tuple[str, str]]]:
    """Each loop with no way out (a set of trapped steps that all reach each other and lead nowhere
    else), with the transition that closes it: the first back edge of a depth-first search from the
    start. Every trapped step leads into such a loop (a path that does not loop ends)."""
    succ = successors(flow)
    onward: dict[str, frozenset[str]] = {}
    for step in trapped:
        seen, stack = {step}, [step]
        while stack:
            for nxt in succ[stack.pop()]:
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        onward[step] = frozenset(seen)
    # a closed loop: every step it reaches reaches it back
    loops = {onward[s] for s in trapped if all(s in onward[t] for t in onward[s])}
    order = {s.id: i for i, s in enumerate(flow.steps)}
    backs = sorted(back_edges(flow), key=lambda e: (order[e[0]], order[e[1]]))
    out = []
    for loop in sorted(loops, key=lambda group: min(order[s] for s in group)):
        edge = next((e for e in backs if e[0] in loop and e[1] in loop), None)
        if edge is not None:
            out.append((loop, edge))
    return out


def _transition_loc(flow: Flow, src: str, dst: str):
    step = flow.step(src)
    for t in step.next or ():
        if isinstance(t, Transition) and t.to == dst:
            return t.at("to")
    return step.loc  # falls through to the next step in the list


@rule("PL505", "next-and-end", group="graph", hint="结束环节不写 next；有后续环节的不写 end: true")
def next_and_end(ctx: Context) -> Iterator[Report]:
    """A step has both `next` and `end: true`.

    **Why**: the two contradict each other; the chart could not be drawn unambiguously.

    **Bad**
    ```yaml
    - {id: decide, name: 决定, post: deputy, action: 决定, next: [deliver], end: true}
    ```

    **Good**
    ```yaml
    - {id: decide, name: 决定, post: deputy, action: 决定, next: [deliver]}
    ```

    **Fix**: keep one of them.
    """
    for flow in ctx.project.flows:
        for s in flow.steps:
            if s.end and s.next:
                yield Report(s.at("end"), f"环节「{s.name}」同时写了 next 和 end: true")


@rule("PL506", "unknown-flow", group="graph", hint="flow 写 flows/ 下的流程文件名（不含 .yaml）")
def unknown_flow(ctx: Context) -> Iterator[Report]:
    """A power names no flow, or a flow that does not exist.

    **Why**: every power publishes its operating flowchart (权力运行流程图).

    **Bad**
    ```yaml
    flow: land-aproval
    ```

    **Good**
    ```yaml
    flow: land-approval     # flows/land-approval.yaml
    ```

    **Fix**: name an existing file under flows/, or create the flow.
    """
    for unit, power in ctx.project.powers():
        if not power.flow:
            yield Report(power.loc, f"事项「{power.name}」没有指定运行流程（flow）")
        elif power.flow not in ctx.flows:
            yield Report(power.at("flow"), f"流程 '{power.flow}' 不存在（应为 flows/{power.flow}.yaml）",
                         _suggest(power.flow, ctx.flows))


@rule("PL507", "flow-unused", severity="warning", group="graph", hint="在某个事项中用 flow 引用它，或删除该文件")
def flow_unused(ctx: Context) -> Iterator[Report]:
    """A flow that no power uses.

    **Why**: usually a renamed or cancelled power left its flow behind; it would be published for nothing.

    **Bad**: `flows/old-procedure.yaml`, named by no power's `flow:`.

    **Good**: every file under flows/ is named by at least one power.

    **Fix**: reference the flow from its power, or delete the file.
    """
    for flow in ctx.project.flows:
        if flow.id not in ctx.flow_users:
            yield Report(flow.loc, f"流程「{flow.name}」没有任何事项使用")


@rule("PL508", "unknown-unit", group="graph", hint="unit 写 catalog/ 下的单位文件名（不含 .yaml）")
def unknown_unit(ctx: Context) -> Iterator[Report]:
    """A flow names a unit that does not exist.

    **Why**: a flow's steps are assigned to the posts of its unit.

    One finding: the checks that need the unit (its posts, PL501; whose flow a power uses, PL509; the
    roles of risk owners, PL302) say nothing about this flow until the unit is found.

    **Bad**
    ```yaml
    unit: finanse
    ```

    **Good**
    ```yaml
    unit: finance      # catalog/finance.yaml
    ```

    **Fix**: name an existing file under catalog/.
    """
    for flow in ctx.project.flows:
        if flow.unit not in ctx.units:
            yield Report(flow.at("unit"), f"单位 '{flow.unit}' 不存在（应为 catalog/{flow.unit}.yaml）",
                         _suggest(flow.unit, ctx.units))


@rule("PL509", "flow-other-unit", group="graph", hint="使用本单位的流程；需要相同流程时复制到本单位并改用本单位岗位")
def flow_other_unit(ctx: Context) -> Iterator[Report]:
    """A power uses a flow that belongs to another unit.

    **Why**: a flow's posts are those of its unit; another unit's posts do not run this unit's power.

    **Bad**
    ```yaml
    # catalog/finance.yaml
    - code: QT00001000
      flow: land-approval     # unit: natural-resources
    ```

    **Good**: a flow whose `unit:` is `finance`.

    **Fix**: point to a flow of the same unit.
    """
    for unit, power in ctx.project.powers():
        flow = ctx.flows.get(power.flow or "")
        if flow is not None and flow.unit != unit.id and flow.unit in ctx.units:  # unknown unit: PL508 only
            yield Report(power.at("flow"), f"事项「{power.name}」使用了单位 '{flow.unit}' 的流程「{flow.name}」")


@rule("PL510", "step-without-successor", severity="warning", group="graph",
      hint="中间的结束环节请写 end: true，让意图清楚")
def implicit_end(ctx: Context) -> Iterator[Report]:
    """A step in the middle of the list ends the flow only because of `next: []`.

    **Why**: an empty `next` is easy to misread; `end: true` says the same thing plainly.

    **Bad**
    ```yaml
    - {id: refuse, name: 不予受理告知, post: window, action: 告知, next: []}
    ```

    **Good**
    ```yaml
    - {id: refuse, name: 不予受理告知, post: window, action: 告知, end: true}
    ```

    **Fix**: write `end: true` instead of `next: []`.
    """
    for flow in ctx.project.flows:
        succ = successors(flow)
        for s in flow.steps[:-1]:
            if s.next is not None and not s.next and not succ[s.id]:
                yield Report(s.at("next"), f"环节「{s.name}」用空的 next 结束流程")
