"""Time-limit rules (PL4xx): promised ≤ legal, and the chart fits inside the promise."""

from __future__ import annotations

from collections.abc import Iterator

from ..graph import longest_counted_path
from . import Context, Report, rule


def _days(x: float) -> str:
    return f"{x:g}"


@rule("PL401", "promised-over-legal", group="time", hint="承诺时限不得超过法定时限, 通常至少压缩三分之一")
def promised_over_legal(ctx: Context) -> Iterator[Report]:
    """The promised time limit (承诺时限) is longer than the legal one (法定时限).

    **Why**: a promise exists to be shorter than the law; a longer one would publish an unlawful delay.

    **Bad**
    ```yaml
    legal_limit: 20
    promised_limit: 25
    ```

    **Good**
    ```yaml
    legal_limit: 20
    promised_limit: 10
    ```

    **Fix**: lower the promised limit (or correct the legal one).
    """
    for unit, power in ctx.project.powers():
        if (power.legal_limit is not None and power.promised_limit is not None
                and power.promised_limit > power.legal_limit):
            yield Report(power.at("promised_limit"), f"事项「{power.name}」承诺时限 {power.promised_limit} 个工作日"
                         f"超过法定时限 {power.legal_limit} 个工作日")


@rule("PL402", "flow-over-promised", group="time",
      hint="缩短流程中计入时限的环节, 或把不计入时限的环节 (听证、检验、专家评审) 标为 counted: false")
def flow_over_promised(ctx: Context) -> Iterator[Report]:
    """The longest path of counted step limits in the flow exceeds the power's promised limit.

    **Why**: the step limits along the chart must fit inside the promised limit (domain guide §7);
    otherwise the chart and the promise contradict each other. Steps marked `counted: false` (hearings,
    testing, expert review: 行政许可法 第四十五条) and loops (补正) are not counted. Without a promised
    limit the legal limit is used.

    **Bad**
    ```yaml
    promised_limit: 5   # while the flow's steps take 2 + 3 + 2 = 7 working days
    ```

    **Good**
    ```yaml
    promised_limit: 7
    ```

    **Fix**: shorten the step limits, mark uncounted steps, or raise the promise within the legal limit.
    """
    cache = {}
    for unit, power in ctx.project.powers():
        flow = ctx.flows.get(power.flow or "")
        limit = power.promised_limit if power.promised_limit is not None else power.legal_limit
        if flow is None or limit is None:
            continue
        if flow.id not in cache:
            cache[flow.id] = longest_counted_path(flow)
        total, path = cache[flow.id]
        if total > limit:
            which = "承诺时限" if power.promised_limit is not None else "法定时限"
            key = "promised_limit" if power.promised_limit is not None else "legal_limit"
            yield Report(power.at(key), f"流程「{flow.name}」最长路径 {' → '.join(path)} 共 {_days(total)} 个工作日, "
                         f"超过事项「{power.name}」的{which} {limit} 个工作日")


@rule("PL403", "promised-missing", severity="warning", group="time",
      hint="写明 promised_limit (承诺时限, 工作日; 即办件写 0)")
def promised_missing(ctx: Context) -> Iterator[Report]:
    """A power that has a legal time limit publishes no promised limit.

    **Why**: service guides publish both limits; the promise is what the public holds the office to.

    **Bad**
    ```yaml
    legal_limit: 20
    ```

    **Good**
    ```yaml
    legal_limit: 20
    promised_limit: 10
    ```

    **Fix**: add `promised_limit`.
    """
    for unit, power in ctx.project.powers():
        if power.legal_limit is not None and power.promised_limit is None:
            yield Report(power.at("legal_limit"), f"事项「{power.name}」有法定时限但没有承诺时限")
