"""Risk-point rules (PL3xx): every ★ risk point is complete, owned at the right level and supervised."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from ..model import HIGH, LOW, MEDIUM, TOP_LEADER, Action, Flow, RiskLevel, Role, Step
from . import Context, Report, rule

# who owns a risk of each level (高 → 主要领导, 中 → 分管领导, 低 → 科室负责人)
OWNER_ROLE: dict[RiskLevel, Role] = {HIGH: TOP_LEADER, MEDIUM: "分管领导", LOW: "科室负责人"}


def _risks(ctx: Context) -> Iterator[Report]:
    for flow in ctx.project.flows:
        for step in flow.steps:
            for risk in step.risks:
                yield flow, step, risk


@rule("PL301", "risk-measures", group="risks", hint="在 measures 下至少写一条防控措施")
def risk_measures(ctx: Context) -> Iterator[Report]:
    """A risk point has no prevention measure.

    **Why**: "风险点与预控措施一一对应": every risk point needs at least one measure (domain guide §5).

    **Bad**
    ```yaml
    risks:
      - {level: 中, type: 岗位职责, description: 降低标准审查, owner: deputy}
    ```

    **Good**
    ```yaml
    risks:
      - level: 中
        type: 岗位职责
        description: 降低标准审查
        measures: [量化审查标准, 审查意见书面留痕]
        owner: deputy
    ```

    **Fix**: add `measures:` with one or more measures.
    """
    for flow, step, risk in _risks(ctx):
        if not [m for m in risk.measures if m.strip()]:
            yield Report(risk.at("measures"), f"环节「{step.name}」的风险点「{risk.description}」没有防控措施")


@rule("PL302", "risk-owner-level", group="risks",
      hint="高风险由主要领导负责，中风险由分管领导负责，低风险由科室负责人负责")
def risk_owner_level(ctx: Context) -> Iterator[Report]:
    """A risk point's owner post does not match its level.

    **Why**: graded ownership (分级负责): 一级 (高) risk is owned by the main leader (主要领导), 二级 (中)
    by the leader in charge (分管领导), 三级 (低) by the section head (科室负责人).

    **Bad**
    ```yaml
    - {level: 高, type: 岗位职责, description: 违规拨付资金, measures: [双人复核], owner: clerk}
    ```

    **Good**
    ```yaml
    - {level: 高, type: 岗位职责, description: 违规拨付资金, measures: [双人复核], owner: director}
    ```

    **Fix**: name a post whose role fits the level, or correct the level.
    """
    for flow, step, risk in _risks(ctx):
        unit = ctx.unit_of(flow)
        post = unit.post(risk.owner) if unit else None
        want = OWNER_ROLE[risk.level]
        if post is not None and post.role != want:
            yield Report(risk.at("owner"), f"{risk.level}风险点「{risk.description}」的责任岗位 '{post.id}'"
                         f" 是{post.role}，应为{want}")


@rule("PL303", "risk-supervision", group="risks", hint="为该环节写明 supervision（监督制约环节）")
def risk_supervision(ctx: Context) -> Iterator[Report]:
    """A step with a 高 (high) risk point has no supervision checkpoint.

    **Why**: high risks need an independent check at the step itself (监督制约环节): a second review,
    discipline inspection, or public announcement.

    **Bad**
    ```yaml
    - id: pay
      name: 资金拨付
      post: cashier
      action: 支付
      risks: [{level: 高, ...}]
    ```

    **Good**
    ```yaml
    - id: pay
      name: 资金拨付
      post: cashier
      action: 支付
      supervision: 国库集中支付系统复核, 纪检组抽查
      risks: [{level: 高, ...}]
    ```

    **Fix**: add `supervision:` describing who checks this step and how.
    """
    for flow in ctx.project.flows:
        for step in flow.steps:
            if any(r.level == HIGH for r in step.risks) and not (step.supervision or "").strip():
                yield Report(step.loc, f"高风险环节「{step.name}」没有监督制约环节")


@rule("PL304", "risk-type", group="risks",
      hint="使用 powerlist.yaml 中 risk_types 列出的风险类型，或把该类型加入 risk_types")
def risk_type(ctx: Context) -> Iterator[Report]:
    """A risk point's type is not one of the project's risk types (`risk_types` in powerlist.yaml).

    **Why**: risk points are counted and filtered by type; a type spelt two ways is counted twice. The
    default list is the seeds' "三类风险" (思想道德, 制度机制, 岗位职责), the domain guide's additions
    (业务流程, 外部环境) and the other types the seeds name (业务操作, 业务管理, 政务); a unit that
    classifies its risks in other words lists them in `risk_types`.

    **Bad**
    ```yaml
    - {level: 中, type: 岗位职权, description: 降低标准审查, measures: [量化审查标准], owner: deputy}
    ```

    **Good**
    ```yaml
    - {level: 中, type: 岗位职责, description: 降低标准审查, measures: [量化审查标准], owner: deputy}
    ```

    **Fix**: use one of the listed types, or add the unit's word to `risk_types` in powerlist.yaml.
    """
    types = list(ctx.settings.risk_types)
    for flow, step, risk in _risks(ctx):
        if risk.type not in types:
            close = difflib.get_close_matches(risk.type, types, n=1, cutoff=0.5)
            hint = f"是不是想写 '{close[0]}'？可选：{'、'.join(types)}" if close else None
            yield Report(risk.at("type"), f"风险类型 '{risk.type}' 不在 risk_types 中", hint)


# Where custom grades risks high (domain guide §5: "finance, procurement, projects and 三重一大 are high by
# custom"). A flow is a 三重一大 flow when a 三重一大 power runs it: every step of it is part of the major
# matter. A flow is a finance / procurement / project flow when an internal 人财物 power runs it and its
# area names money, purchasing or construction; there the steps that decide on or move the money count
# (审批, 决定, 集体讨论, 支付), while a preparatory 经办 or 审核 step may carry a 三级 risk owned by the
# section head (the "1+2" sign-off grades its first review low). Paying out money (支付) counts in any flow.
MAJOR = "三重一大"
MONEY_AREAS = ("财务", "资金", "采购", "工程", "项目")
MONEY_DECISIONS: frozenset[Action] = frozenset({"审批", "决定", "集体讨论", "支付"})


def _kind(ctx: Context, flow: Flow) -> str | None:
    """三重一大, 财务 (a finance / procurement / project flow), or None."""
    categories = {power.category for _, power in ctx.flow_users.get(flow.id, ())}
    if MAJOR in categories:
        return MAJOR
    if "人财物" in categories and any(word in (flow.area or "") for word in MONEY_AREAS):
        return "财务"
    return None


def _customarily_high(kind: str | None, step: Step) -> str | None:
    if kind == MAJOR:
        return "三重一大事项"
    if kind and step.action in MONEY_DECISIONS:
        return f"{step.action}环节（财务、采购或工程项目）"
    if step.action == "支付":
        return "资金支付环节"
    return None


@rule("PL305", "customary-grading", severity="warning", group="risks",
      hint="按惯例财务、采购、工程项目和三重一大环节的风险定为中或高（二级或一级）；"
           "确属低风险的请在 internal_notes 中说明理由")
def customary_grading(ctx: Context) -> Iterator[Report]:
    """A risk on a 三重一大 step, or on a step that decides on or pays out money, is graded 低.

    **Why**: risk is graded by the importance of the power, the room for discretion, likelihood and harm;
    finance, procurement, projects and 三重一大 are graded high by custom (domain guide §5; the seeds:
    "资金拨付, 就属于一级风险"). Which steps count, from the data: every step of a flow that a 三重一大 power
    runs; in a flow that an internal 人财物 power runs and whose `area` names money, purchasing or projects
    (财务, 资金, 采购, 工程, 项目), the steps that decide or pay (审批, 决定, 集体讨论, 支付); and a 支付
    step in any flow. A preparatory 经办 or 审核 step of a finance flow may be 低 (graded ownership: the
    section head owns it). A warning: grading is the unit's judgement.

    **Bad**
    ```yaml
    - id: pay
      name: 支付
      post: accountant
      action: 支付
      risks: [{level: 低, type: 岗位职责, description: 违规拨付资金, measures: [双人复核], owner: head}]
    ```

    **Good**
    ```yaml
      risks: [{level: 中, type: 岗位职责, description: 违规拨付资金, measures: [双人复核], owner: deputy}]
    ```

    **Fix**: grade the risk 中 or 高 (and give it the owner its level needs, PL302), or explain in
    `internal_notes` why it is low and ignore the warning.
    """
    for flow in ctx.project.flows:
        kind = _kind(ctx, flow)
        for step in flow.steps:
            why = _customarily_high(kind, step)
            for risk in step.risks if why else ():
                if risk.level == LOW:
                    yield Report(risk.at("level"), f"{why}「{step.name}」的风险点「{risk.description}」定为低风险")


@rule("PL306", "major-flow-without-risk", severity="warning", group="risks",
      hint="在决策、支付等关键环节标注风险点（risks），写明等级、防控措施和责任岗位")
def major_flow_without_risk(ctx: Context) -> Iterator[Report]:
    """A flow that a 三重一大 power runs marks no risk point (★) on any step.

    **Why**: 三重一大 matters (major decisions, appointments, projects, large sums) are where integrity
    risk concentrates; their flowcharts mark the risk points with ★ and the measures against them
    (domain guide §5; the seeds: "三重一大”决策事项的廉政风险防控措施").

    **Bad**
    ```yaml
    # flows/spending.yaml, run by a 三重一大 power
    steps:
      - {id: propose, name: 提出方案, post: accountant, action: 经办}
      - {id: discuss, name: 党组会集体研究, post: leadership, action: 集体讨论}
    ```

    **Good**
    ```yaml
      - id: discuss
        name: 党组会集体研究
        post: leadership
        action: 集体讨论
        supervision: 会议纪要存档, 纪检组列席
        risks:
          - {level: 高, type: 制度机制, description: 未经集体研究擅自决定, measures: [会议纪要存档], owner: director}
    ```

    **Fix**: mark the flow's risk points (at least the decision).
    """
    for flow in ctx.project.flows:
        if _kind(ctx, flow) == MAJOR and not any(step.risks for step in flow.steps):
            yield Report(flow.at("steps"), f"三重一大流程「{flow.name}」没有标注任何风险点（★）")
