"""Order, not just presence: rules that follow every path of a flow (``graph.unmatched_on_arrival``).

PL209 (a unit's sign-off chain) and PL210 (a major matter's collective decision before its decision)
belong to the separation-of-duties group; PL211-PL212 (legal procedure) check the stages a category's
procedure must pass, in order, and the steps it may end at. The chains are data: ``stage_chains`` in
powerlist.yaml (defaults in model.py, from the domain guide §5)."""

from __future__ import annotations

from collections.abc import Iterator

from ..graph import can_finish, ends, reachable, successors, unmatched_on_arrival
from ..model import Flow, SignOff, StageChain, Step
from . import Context, Report, rule
from .duties import COLLECTIVE, DECISION, NOTICE, PAYMENT, collective_steps, major_users


def _first(flow: Flow, worst: dict[str, int]) -> tuple[Step, int] | None:
    """Of the steps in ``worst`` (step id -> items matched), the first written, with its count."""
    for s in flow.steps:
        if s.id in worst:
            return s, worst[s.id]
    return None


def _policy_name(policy: SignOff) -> str:
    chain = " → ".join(policy.roles)
    return f"{policy.policy}（{chain}）" if policy.policy else chain


@rule("PL209", "sign-off-policy", group="duties",
      hint="按本单位 sign_off 写明的岗位类别顺序安排签批环节，或修改签批制度")
def sign_off_policy(ctx: Context) -> Iterator[Report]:
    """A path of a unit's flow reaches a payment or end step without first passing, in order, the sign-off
    chain the unit declares (签批制度).

    **Why**: units fix who signs an expense and in which order ("1+2" 财务审核制: 经办人签字, 分管领导审核,
    分管机关财务的领导审签; "四字合章" 核销制), and a flow that skips or swaps a signature defeats it. A unit
    states each policy in `sign_off`: the roles (岗位类别) that sign, in order, and the categories of power
    it covers (by default the internal ones, 人财物 and 三重一大). A flow of the unit is checked against a
    policy when one of the unit's own powers that run it is of a covered category; a step signs as the
    `role` of its post in the unit. Every path from the start to a payment (支付) step, and to each end
    step (no way onward) except one that only notifies (action 告知, such as 退回), must pass steps of those
    roles in that order before it; other steps may come between. A payment step itself does not count
    (the cashier pays, and signs nothing); an end step counts as the last signature when its post has the
    last role: a flow that ends at a 分管领导's 审批 with no step after it passes a chain ending in 分管领导.
    One finding per flow and policy, at the first such step (in written order) that a path reaches too
    early; the message says 缺少 when no step of the flow has the missing role, 未按顺序经过 when one has.

    **Bad**
    ```yaml
    # catalog/bureau.yaml (posts: clerk and cashier 工作人员, head 科室负责人, deputy 分管领导)
    sign_off:
      - {policy: 1+2, roles: [工作人员, 科室负责人, 分管领导], categories: [人财物]}
    # flows/expense.yaml, run by a 人财物 power of the unit: the deputy signs before the head
      - {id: fill, name: 填单, post: clerk, action: 经办}
      - {id: check, name: 审核, post: deputy, action: 审核}
      - {id: approve, name: 审批, post: head, action: 审批}
      - {id: pay, name: 支付, post: cashier, action: 支付}
    ```

    **Good**
    ```yaml
      - {id: fill, name: 填单, post: clerk, action: 经办}
      - {id: check, name: 审核, post: head, action: 审核}
      - {id: approve, name: 审批, post: deputy, action: 审批}
      - {id: pay, name: 支付, post: cashier, action: 支付}
    ```

    **Fix**: put the signing steps on posts of the declared roles, in the declared order.
    """
    for flow in ctx.project.flows:
        unit = ctx.unit_of(flow)
        if unit is None or not unit.sign_off:
            continue
        categories = {p.category for u, p in ctx.flow_users.get(flow.id, []) if u.id == unit.id}
        roles = {s.id: p.role for s in flow.steps if (p := unit.post(s.post)) is not None}
        by_id = {s.id: s for s in flow.steps}
        targets = [s.id for s in flow.steps if s.action == PAYMENT]
        targets += [e for e in ends(flow) if by_id[e].action != NOTICE]
        for policy in unit.sign_off:
            if not categories & set(policy.categories):
                continue
            worst = unmatched_on_arrival(flow, policy.roles, lambda step, role: roles.get(step) == role, targets)
            last = len(policy.roles) - 1
            worst = {t: k for t, k in worst.items()  # an end step that is itself the last signature completes it
                     if not (k == last and by_id[t].action != PAYMENT and roles.get(t) == policy.roles[last])}
            found = _first(flow, worst)
            if found is None:
                continue
            step, k = found
            missing = policy.roles[k]
            how = "缺少" if missing not in roles.values() else "未按顺序经过"
            yield Report(step.loc, f"流程「{flow.name}」到达「{step.name}」的路径{how}{missing}签批，"
                         f"不符合本单位的签批制度 {_policy_name(policy)}")


@rule("PL210", "collective-order", group="duties",
      hint="让每条通往决定的路径都先经过集体讨论环节（重大事项），或把集体讨论放在决定之前")
def collective_order(ctx: Context) -> Iterator[Report]:
    """A major matter's collective decision is not on every path to its decision, before it.

    **Why**: a collective decision that a path can go round, or that comes after the decision, decides
    nothing. For a 三重一大 power or one marked `major: true`, every path from the start to a 决定 step
    (or, in a flow with none, to each end step that does not only notify, action 告知) must pass a
    collective step (PL204's sense: reachable, on a 领导班子 post) before it; loops back before the decision
    are fine. For a general-procedure penalty only complex or major cases go to collective discussion
    (行政处罚法 第五十七条第二款), so a branch is enough, but the branch must lead to the decision.

    **Bad**
    ```yaml
    # used by a 三重一大 power: a path goes round the collective step
      - id: check
        name: 审核
        post: head
        action: 审核
        next: [{to: discuss, when: 50 万元以上}, {to: decide, when: 其他}]
      - {id: discuss, name: 党组会集体研究, post: leadership, action: 集体讨论}
      - {id: decide, name: 决定, post: deputy, action: 决定}
    ```

    **Good**
    ```yaml
      - {id: check, name: 审核, post: head, action: 审核}
      - {id: discuss, name: 党组会集体研究, post: leadership, action: 集体讨论}
      - {id: decide, name: 决定, post: deputy, action: 决定}
    ```

    **Fix**: route every path through the collective step before the decision (a penalty: let the
    collective branch lead to the decision).
    """
    for flow in ctx.project.flows:
        majors = major_users(ctx, flow)
        collective = {s.id for s in collective_steps(ctx, flow)}
        if not majors or not collective:
            continue  # PL204
        seen = reachable(flow)
        by_id = {s.id: s for s in flow.steps}
        decisions = [s.id for s in flow.steps if s.action == DECISION and s.id in seen]
        if any(p.category == "三重一大" or p.major for p in majors):
            targets = decisions or [e for e in ends(flow) if by_id[e].action not in (NOTICE, COLLECTIVE)]
            found = _first(flow, unmatched_on_arrival(flow, [True], lambda step, _: step in collective, targets))
            if found is not None:
                step = found[0]
                yield Report(step.loc, f"重大事项流程「{flow.name}」中，有路径不经集体讨论即到达「{step.name}」："
                             "集体讨论决定须位于每条通往决定的路径上，且在决定之前")
        elif decisions:
            after = [c for c in collective if _leads_to(flow, c, set(decisions))]
            # a collective step caught in a loop with no exit is PL504's fault, not a second one here
            if not after and collective & can_finish(flow):
                step = next(s for s in flow.steps if s.id in collective)
                yield Report(step.loc, f"流程「{flow.name}」的集体讨论环节「{step.name}」之后不再经过决定环节："
                             "集体讨论应在作出决定之前")


def _leads_to(flow: Flow, start: str, goals: set[str]) -> bool:
    """Whether some step of ``goals`` can be reached from ``start`` (after it)."""
    succ = successors(flow)
    seen, stack = set(), list(succ[start])
    while stack:
        node = stack.pop()
        if node in goals:
            return True
        if node not in seen:
            seen.add(node)
            stack.extend(succ[node])
    return False


def chains_of(ctx: Context, flow: Flow) -> list[StageChain]:
    """The stage chains that apply to a flow: for each category of the powers that run it, the chain of
    the flow's procedure, or else the category's chain without a procedure."""
    out: list[StageChain] = []
    for category in dict.fromkeys(p.category for _, p in ctx.flow_users.get(flow.id, [])):
        mine = [c for c in ctx.settings.stage_chains if c.category == category]
        exact = [c for c in mine if c.procedure is not None and c.procedure == flow.procedure]
        out.extend(c for c in exact or [c for c in mine if c.procedure is None] if c not in out)
    return out


def _stage(stage: tuple[str, ...]) -> str:
    return "/".join(stage)


def _which(chain: StageChain) -> str:
    return chain.category + (f"{chain.procedure}" if chain.procedure else "")


@rule("PL211", "stage-chain", group="procedure",
      hint="按法定程序补上缺少的环节，并让每条路径按顺序经过（如先告知、再决定）")
def stage_chain(ctx: Context) -> Iterator[Report]:
    """A category's required stages are missing from a flow, or some path passes them out of order.

    **Why**: where law fixes the procedure, the chart follows it (domain guide §5). A 行政许可 is accepted
    (受理, 行政许可法 第三十二条), examined (审查 or 审核, 第三十四条) and decided (决定 or 审批, 第三十七条、
    第三十八条); a general-procedure 行政处罚 is filed and investigated (立案, 调查: 行政处罚法 第五十四条; a
    检查 of a lead before filing is not the investigation), and the party is told the intended penalty
    and their rights (告知: 陈述、申辩、听证, 第四十四条) before the decision:
    "未依照本法第四十四条、第四十五条的规定向当事人告知 …, 不得作出行政处罚决定" (第六十二条). The
    简易程序 (on-the-spot decision, 第五十一条) has no chain. The chains are `stage_chains` in
    powerlist.yaml; the flow's `procedure` picks the chain. A stage with no reachable step is missing;
    otherwise every path from the start to a step of a stage must pass the stage before it (loops back,
    such as 补正 or a second investigation, are followed).

    **Bad**
    ```yaml
    procedure: 一般程序   # a 行政处罚 flow: the decision comes before the notice
    steps:
      - {id: file, name: 立案, post: head, action: 立案}
      - {id: investigate, name: 调查取证, post: inspector, action: 调查, officers: 2}
      - {id: decide, name: 作出处罚决定, post: deputy, action: 决定}
      - {id: notify, name: 告知, post: inspector, action: 告知}
    ```

    **Good**
    ```yaml
      - {id: file, name: 立案, post: head, action: 立案}
      - {id: investigate, name: 调查取证, post: inspector, action: 调查, officers: 2}
      - {id: notify, name: 告知陈述申辩听证权利, post: inspector, action: 告知}
      - {id: decide, name: 作出处罚决定, post: deputy, action: 决定}
    ```

    **Fix**: add the missing stage, or reorder the steps so that every path passes the stages in order.
    """
    for flow in ctx.project.flows:
        seen = reachable(flow)
        action = {s.id: s.action for s in flow.steps}
        for chain in chains_of(ctx, flow):
            present: list[tuple[str, ...]] = []
            for stage in chain.stages:
                steps = [s.id for s in flow.steps if s.id in seen and s.action in stage]
                if not steps:
                    yield Report(flow.at("steps"), f"{_which(chain)}流程「{flow.name}」缺少法定的"
                                 f"「{_stage(stage)}」环节")
                    continue
                if present:
                    before = present[-1]
                    worst = unmatched_on_arrival(flow, [before], lambda step, st: action[step] in st, steps)
                    first = next((s for s in flow.steps if s.id in worst), None)
                    if first is not None:
                        yield Report(first.loc, f"{_which(chain)}流程「{flow.name}」中，有路径未经"
                                     f"「{_stage(before)}」环节即到达「{first.name}」（{first.action}）")
                present.append(stage)


@rule("PL212", "end-step", group="procedure",
      hint="在流程末尾补上决定、送达或归档等环节，或用 next 指明下一环节")
def end_step(ctx: Context) -> Iterator[Report]:
    """A flow ends at a step its procedure cannot end at.

    **Why**: a step with no way onward is where the matter ends. A licence cannot end at 审查 or 勘查 (现场
    核查): the applicant is owed a decision (行政许可法 第三十七条) and, when granted, the certificate
    (第四十四条); a penalty cannot end at 调查. The allowed end actions are the `ends` of the category's
    chain in `stage_chains` (by default a decision, 审批, 告知 for 不予受理/退回, 登记, 送达, 公示, 归档,
    监管, 执行 or 其他; for penalties not 审批 or 登记).

    **Bad**
    ```yaml
    # a 行政许可 flow
      - {id: review, name: 审查, post: officer, action: 审查}
      - {id: onsite, name: 现场核查, post: officer, action: 勘查, officers: 2}
    ```

    **Good**
    ```yaml
      - {id: review, name: 审查, post: officer, action: 审查}
      - {id: onsite, name: 现场核查, post: officer, action: 勘查, officers: 2}
      - {id: decide, name: 决定, post: deputy, action: 决定}
      - {id: deliver, name: 送达, post: window, action: 送达}
    ```

    **Fix**: add the steps that finish the procedure after it, or point `next` to them.
    """
    for flow in ctx.project.flows:
        by_id = {s.id: s for s in flow.steps}
        for chain in chains_of(ctx, flow):
            if not chain.ends:
                continue
            for end in ends(flow):
                step = by_id[end]
                if step.action not in chain.ends:
                    yield Report(step.at("action"), f"{_which(chain)}流程「{flow.name}」结束于「{step.name}」"
                                 f"（{step.action}），该程序不能在此环节结束")
