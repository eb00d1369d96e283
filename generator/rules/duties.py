"""Separation-of-duties rules (PL2xx): no single post may run a power alone (分权制衡, 1+X)."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Loc
from ..graph import reachable
from ..model import INTERNAL_CATEGORIES, TOP_LEADER, Flow, Power, RosterEntry, Step, Unit
from . import Context, Report, rule

COLLECTIVE = "集体讨论"
COLLECTIVE_ROLE = "领导班子"
DECISION = "决定"
NOTICE = "告知"  # an end step that only notifies (退回, 不予受理) carries no decision
PAYMENT = "支付"


@rule("PL201", "single-post", group="duties", hint="把受理、审查、决定等环节分给至少两个不同的岗位")
def single_post(ctx: Context) -> Iterator[Report]:
    """A flow is run from start to finish by one post.

    **Why**: "同一部门或个人不得办理业务的全过程"; every approval needs two or more people (1+X).

    **Bad**
    ```yaml
    steps:
      - {id: accept, name: 受理, post: clerk, action: 受理}
      - {id: decide, name: 决定, post: clerk, action: 决定}
    ```

    **Good**
    ```yaml
    steps:
      - {id: accept, name: 受理, post: window, action: 受理}
      - {id: decide, name: 决定, post: deputy, action: 决定}
    ```

    **Fix**: assign the steps to at least two different posts.
    """
    for flow in ctx.project.flows:
        posts = {s.post for s in flow.steps}
        if len(posts) < 2:
            yield Report(flow.at("steps"), f"流程「{flow.name}」的所有环节都由同一岗位 '{next(iter(posts), '')}' 办理")


def _by_post(flow: Flow, action: str) -> dict[str, Step]:
    """post -> the first step of ``action`` on that post."""
    out: dict[str, Step] = {}
    for s in flow.steps:
        if s.action == action and s.post not in out:
            out[s.post] = s
    return out


# 行政处罚法 第五十一条、第五十二条: in the simple procedure the officers on the spot establish the facts and
# decide (当场作出); investigating vs deciding is a pair of the general procedure only
SIMPLE_PROCEDURE = "简易程序"
ON_THE_SPOT = {frozenset({"调查", "决定"}), frozenset({"检查", "决定"})}


def _pair_posts(ctx: Context, flow: Flow) -> Iterator[tuple[tuple[str, str], dict[str, Step], dict[str, Step]]]:
    """For each incompatible pair (a, b): {post: first a-step} and {post: first b-step} of the flow."""
    for a, b in ctx.incompatible_pairs(ctx.unit_of(flow)):
        if flow.procedure == SIMPLE_PROCEDURE and frozenset((a, b)) in ON_THE_SPOT:
            continue
        yield (a, b), _by_post(flow, a), _by_post(flow, b)


@rule("PL202", "incompatible-duties", group="duties", hint="不相容的两个环节须由不同岗位承担")
def incompatible_duties(ctx: Context) -> Iterator[Report]:
    """Two incompatible duties (不相容职责) of one flow sit on the same post.

    **Why**: accepting vs deciding, reviewing vs deciding, investigating vs deciding a penalty,
    approving vs registering, handling vs checking, checking vs approving, approving vs paying must be
    separated. The pairs are data: `incompatible_duties` in powerlist.yaml (defaults above) plus any a
    unit adds in its own file.

    **Bad**
    ```yaml
    - {id: review, name: 审查, post: section-head, action: 审查}
    - {id: decide, name: 决定, post: section-head, action: 决定}
    ```

    **Good**
    ```yaml
    - {id: review, name: 审查, post: section-head, action: 审查}
    - {id: decide, name: 决定, post: deputy, action: 决定}
    ```

    **Fix**: move one of the two steps to another post.
    """
    for flow in ctx.project.flows:
        for (a, b), on_a, on_b in _pair_posts(ctx, flow):
            for post in sorted(on_a.keys() & on_b.keys()):
                sa, sb = on_a[post], on_b[post]
                later = max(sa, sb, key=lambda s: s.loc)
                yield Report(later.at("post"), f"流程「{flow.name}」中「{sa.name}」（{a}）与「{sb.name}」（{b}）"
                             f"是不相容职责，却都由岗位 '{post}' 承担")


@rule("PL203", "field-officers", group="duties", hint="写 officers: 2（执法人员不得少于两人）")
def field_officers(ctx: Context) -> Iterator[Report]:
    """A field step (调查, 检查, 勘查, 执行 ...) is done by fewer than two officers.

    **Why**: 行政处罚法 第四十二条: "执法人员不得少于两人"; forced measures and inspections likewise.
    The field step kinds are `field_actions` in powerlist.yaml.

    **Bad**
    ```yaml
    - {id: investigate, name: 调查取证, post: inspector, action: 调查}
    ```

    **Good**
    ```yaml
    - {id: investigate, name: 调查取证, post: inspector, action: 调查, officers: 2}
    ```

    **Fix**: set `officers: 2` (or more) on the step.
    """
    field_actions = set(ctx.settings.field_actions)
    for flow in ctx.project.flows:
        users = ctx.flow_users.get(flow.id, [])
        if users and all(p.category in INTERNAL_CATEGORIES for _, p in users):
            continue  # 执法人员不得少于两人 concerns enforcement, not carrying out an internal decision
        for s in flow.steps:
            if s.action in field_actions and s.officers < 2:
                yield Report(s.at("officers"), f"现场环节「{s.name}」（{s.action}）只有 {s.officers} 名承办人")


def is_major(power: Power, flow: Flow) -> bool:
    """Major matters must be decided collectively: 三重一大, marked major, or a general-procedure penalty."""
    if power.category == "三重一大" or power.major:
        return True
    return power.category == "行政处罚" and flow is not None and flow.procedure != "简易程序"


def collective_steps(ctx: Context, flow: Flow) -> list[Step]:
    """The flow's steps that count as a collective decision: a 集体讨论 step reachable from the start and
    not held by a single person's post (PL207). A step on a post the unit does not have counts (PL501
    reports the post), so that one slip does not give two findings."""
    unit = ctx.unit_of(flow)
    seen = reachable(flow)
    out = []
    for s in flow.steps:
        if s.action != COLLECTIVE or s.id not in seen:
            continue
        post = unit.post(s.post) if unit is not None else None
        if post is None or post.role == COLLECTIVE_ROLE:
            out.append(s)
    return out


def major_users(ctx: Context, flow: Flow) -> list[Power]:
    """The major powers (``is_major``) that run ``flow``, in the published order."""
    return [p for _, p in ctx.flow_users.get(flow.id, []) if is_major(p, flow)]


def _not_counted(ctx: Context, flow: Flow) -> str:
    """Why the flow's 集体讨论 steps, if any, do not count (for the message)."""
    unit = ctx.unit_of(flow)
    seen = reachable(flow)
    why = []
    for s in flow.steps:
        if s.action != COLLECTIVE:
            continue
        post = unit.post(s.post) if unit is not None else None
        if s.id not in seen:
            why.append(f"「{s.name}」从起点无法到达")
        elif post is not None and post.role != COLLECTIVE_ROLE:
            why.append(f"「{s.name}」由个人岗位 '{s.post}' 承担")
    return "（" + "；".join(why) + "，不算集体决定）" if why else ""


@rule("PL204", "collective-decision", group="duties",
      hint="在流程中加入 action: 集体讨论 的环节，由 role: 领导班子 的岗位承担（可作为重大情形的分支）")
def collective_decision(ctx: Context) -> Iterator[Report]:
    """A flow run by a major power has no collective-decision step that counts.

    **Why**: "三重一大" matters are decided collectively; so are complex or major penalties
    (行政处罚法 第五十七条第二款: "对情节复杂或者重大违法行为给予行政处罚, 行政机关负责人应当集体讨论决定").
    A power is major when its category is 三重一大, when it is marked `major: true`, or when it is a
    行政处罚 whose flow is not the 简易程序. A 集体讨论 step counts only when it can be reached from the
    start and is held by a collective body (role 领导班子, see PL207). The finding is given once, on the
    flow, naming every major power that runs it.

    **Bad**
    ```yaml
    # flows/major-spending.yaml, used by a 三重一大 power
    steps:
      - {id: propose, name: 提出方案, post: finance-head, action: 经办}
      - {id: approve, name: 审批, post: director, action: 审批}
    ```

    **Good**
    ```yaml
    steps:
      - {id: propose, name: 提出方案, post: finance-head, action: 经办}
      - {id: discuss, name: 党组会集体讨论决定, post: party-group, action: 集体讨论}
    ```

    **Fix**: add a reachable `集体讨论` step on a 领导班子 post (for penalties a branch for major cases is
    enough; for 三重一大 and `major: true` powers every path must pass it, PL210).
    """
    for flow in ctx.project.flows:
        majors = major_users(ctx, flow)
        if majors and not collective_steps(ctx, flow):
            names = "、".join(f"「{p.name}」" for p in majors)
            yield Report(flow.at("steps"), f"流程「{flow.name}」被重大事项{names}使用，却没有有效的集体讨论决定环节"
                         f"{_not_counted(ctx, flow)}")


@rule("PL205", "roster-incompatible", group="duties", hint="调整人员名册，让同一人不兼任这两个岗位")
def roster_incompatible(ctx: Context) -> Iterator[Report]:
    """With a roster, one person holds two posts whose steps are incompatible in one flow.

    **Why**: separating posts is meaningless when the same person holds both (domain guide §4).

    **Bad**
    ```yaml
    roster:
      - person: 张三
        posts: [land-reviewer, land-registrar]   # 审批 and 登记 of one flow
    ```

    **Good**
    ```yaml
    roster:
      - person: 张三
        posts: [land-reviewer]
      - person: 李四
        posts: [land-registrar]
    ```

    **Fix**: give the two posts to different persons.
    """
    for unit in ctx.project.units:
        flows = [f for f in ctx.project.flows if f.unit == unit.id]
        for person, entries in persons(unit).items():
            held = {p for e in entries for p in e.posts}
            if len(held) < 2:
                continue
            seen = set()
            for flow in flows:
                for (a, b), on_a, on_b in _pair_posts(ctx, flow):
                    for pa in sorted(held & on_a.keys()):
                        for pb in sorted(held & on_b.keys()):
                            key = (flow.id, frozenset((pa, pb)))
                            if pa == pb or key in seen:
                                continue
                            seen.add(key)
                            sa, sb = on_a[pa], on_b[pb]
                            yield Report(_held_at(entries, pa, pb), f"{person} 兼任岗位 '{pa}' 和 '{pb}'，"
                                         f"在流程「{flow.name}」中办理不相容的「{sa.name}」与「{sb.name}」")


def _held_at(entries: list[RosterEntry], *posts: str) -> Loc:
    """Where the person's roster entries give them the last written of ``posts`` (of two posts that
    clash, the one listed later is more likely the slip)."""
    n, i, entry = max((n, i, e) for n, e in enumerate(entries) for i, p in enumerate(e.posts) if p in posts)
    return entry.at("posts", i)


def persons(unit: Unit) -> dict[str, list[RosterEntry]]:
    """person -> their roster entries (a person may be listed more than once)."""
    out: dict[str, list[RosterEntry]] = {}
    for entry in unit.roster:
        out.setdefault(entry.person, []).append(entry)
    return out


@rule("PL206", "leader-not-in-charge", group="duties",
      hint="由分管领导审批，重大事项提交集体讨论；主要领导不直接分管该领域")
def leader_not_in_charge(ctx: Context) -> Iterator[Report]:
    """The top leader (主要领导) directly runs a step in an area they must not run directly.

    **Why**: the top leader does not directly manage finance, personnel, construction projects and
    procurement ("不直接分管"); the areas are `leader_not_in_charge` in powerlist.yaml. Collective
    decisions, which the leader chairs, are allowed. With a roster, the check also follows persons: the
    person holding a 主要领导 post may not hold another post that runs a step of such a flow.

    **Bad**
    ```yaml
    area: 财务
    steps:
      - {id: approve, name: 审批支出, post: director, action: 审批}   # director: 主要领导
    ```

    **Good**
    ```yaml
    area: 财务
    steps:
      - {id: approve, name: 审批支出, post: deputy-finance, action: 审批}   # 分管领导
    ```

    **Fix**: give the step to the leader in charge, or to the collective body.
    """
    areas = set(ctx.settings.leader_not_in_charge)
    for flow in ctx.project.flows:
        unit = ctx.unit_of(flow)
        if unit is None or flow.area not in areas:
            continue
        leaders = {p.id for p in unit.posts if p.role == TOP_LEADER}
        for s in flow.steps:
            if s.action != COLLECTIVE and s.post in leaders:
                yield Report(s.at("post"), f"主要领导岗位 '{s.post}' 直接办理{flow.area}领域的「{s.name}」")
        for person, entries in persons(unit).items():
            held = {p for e in entries for p in e.posts}
            if not leaders & held:
                continue
            for s in flow.steps:
                if s.action != COLLECTIVE and s.post in held and s.post not in leaders:
                    yield Report(_held_at(entries, s.post), f"主要领导 {person} 同时担任岗位 '{s.post}'，"
                                 f"直接办理{flow.area}领域流程「{flow.name}」的「{s.name}」")


@rule("PL207", "collective-post", group="duties",
      hint="集体讨论环节应由 role: 领导班子 的岗位（如 党组会、局长办公会）承担")
def collective_post(ctx: Context) -> Iterator[Report]:
    """A collective-decision step is assigned to a single person's post.

    **Why**: a 集体讨论 step decided by one post is not collective; the post should be the collective
    body (领导班子: 党组会, 局务会, 审判委员会 ...). Such a step does not satisfy PL204 or PL210.

    **Bad**
    ```yaml
    - {id: discuss, name: 集体讨论, post: director, action: 集体讨论}
    ```

    **Good**
    ```yaml
    # posts: {id: leadership, name: 局务会, section: 局领导班子, role: 领导班子}
    - {id: discuss, name: 集体讨论, post: leadership, action: 集体讨论}
    ```

    **Fix**: add a post with role 领导班子 and assign the step to it.
    """
    for flow in ctx.project.flows:
        unit = ctx.unit_of(flow)
        if unit is None:
            continue
        for s in flow.steps:
            post = unit.post(s.post)
            if s.action == COLLECTIVE and post is not None and post.role != COLLECTIVE_ROLE:
                yield Report(s.at("post"), f"集体讨论环节「{s.name}」由个人岗位 '{s.post}'（{post.role}）承担")


@rule("PL208", "one-person-flow", group="duties", hint="调整人员名册，让流程的各环节至少由两人办理")
def one_person_flow(ctx: Context) -> Iterator[Report]:
    """With a roster, one person holds every post of a flow, so one person runs it from start to finish.

    **Why**: "同一部门或个人不得办理业务的全过程"; 1+X needs two or more people, not two post names
    (domain guide §4: the same checks apply to persons). A step with two or more officers, or on a
    collective body's post (领导班子), already involves more than one person. A flow on a single post is
    PL201's finding.

    **Bad**
    ```yaml
    roster:
      - person: 张三
        posts: [window, officer, deputy]   # every post of the licence flow
    ```

    **Good**
    ```yaml
    roster:
      - {person: 张三, posts: [window, officer]}
      - {person: 李四, posts: [deputy]}
    ```

    **Fix**: give at least one of the flow's posts to another person.
    """
    for flow in ctx.project.flows:
        unit = ctx.unit_of(flow)
        if unit is None or not unit.roster:
            continue
        posts = {s.post for s in flow.steps}
        if len(posts) < 2 or any(s.officers >= 2 for s in flow.steps):
            continue
        if any((p := unit.post(s.post)) is not None and p.role == COLLECTIVE_ROLE for s in flow.steps):
            continue
        for person, entries in persons(unit).items():
            held = {p for e in entries for p in e.posts}
            if posts <= held:
                names = "、".join(dict.fromkeys(s.post for s in flow.steps))
                yield Report(_held_at(entries, *posts), f"{person} 一人担任流程「{flow.name}」全部环节的岗位"
                             f"（{names}），整个流程由同一人办理")
