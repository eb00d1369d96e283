"""Risk-point rules (PL3xx): every ★ risk point is complete, owned at the right level and supervised."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import HIGH, LOW, MEDIUM, TOP_LEADER, RiskLevel, Role
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
      hint="高风险由主要领导负责, 中风险由分管领导负责, 低风险由科室负责人负责")
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
                         f" 是{post.role}, 应为{want}")


@rule("PL303", "risk-supervision", group="risks", hint="为该环节写明 supervision (监督制约环节)")
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
