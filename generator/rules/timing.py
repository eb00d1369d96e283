"""Time-limit rules (PL4xx): promised ≤ legal, the chart fits inside the promise, the law's ceilings.

Units: a power's limits are in its ``limit_unit`` (工作日 by default, or 日 = calendar days), a flow's step
limits in the flow's ``limit_unit``. They are never converted into each other. Only one sound inequality is
used across units: N working days span at least N calendar days (every working day is a calendar day), so
"a 工作日 > b 日" means over, and "a 日 ≤ b 工作日" means within. Any other comparison across units is not
made: PL406 says so instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from ..graph import longest_counted_path
from ..model import CALENDAR_DAYS, WORKING_DAYS, Citation, Flow, Power
from . import Context, Report, rule

# 行政处罚法 第六十条: a penalty is decided within its limit from 立案; 送达 (第六十一条) and the party's time
# to pay (第六十七条) come after the decision and are not part of it
DECISION_LIMITED = frozenset({"行政处罚"})
UNTIL_DECISION = frozenset({"决定"})

Verdict = Literal["within", "over", "unknown"]


def _days(x: float) -> str:
    return f"{x:g}"


def _amount(x: float, unit: str) -> str:
    return f"{_days(x)} 个工作日" if unit == WORKING_DAYS else f"{_days(x)} 日"


def compare(amount: float, unit: str, limit: float, limit_unit: str) -> Verdict:
    """Whether ``amount`` (in ``unit``) is within ``limit`` (in ``limit_unit``), without converting units.

    Same units compare directly. Across units only what holds on every calendar is concluded: N working days
    span at least N calendar days. Everything else is ``unknown``.
    """
    if unit == limit_unit:
        return "within" if amount <= limit else "over"
    if unit == WORKING_DAYS and limit_unit == CALENDAR_DAYS and amount > limit:
        return "over"
    if unit == CALENDAR_DAYS and limit_unit == WORKING_DAYS and amount <= limit:
        return "within"
    return "unknown"


# ---------------------------------------------------------------- the law's limits, as data


@dataclass(frozen=True)
class StageLimit:
    """A time limit the law sets for one stage (step action) of a category's procedure."""

    days: int
    unit: str
    law: str  # where it is written, as shown in messages
    skip_procedures: tuple[str, ...] = ()  # procedures the limit does not apply to


# (category, step action) -> the statutory limit of that stage. Verified against the 国家法律法规数据库 texts:
# 行政许可法 (2019) 第四十四条 "行政机关作出准予行政许可的决定，应当自作出决定之日起十日内向申请人颁发、送达行政许可
# 证件", 第八十二条 "本法规定的行政机关实施行政许可的期限以工作日计算，不含法定节假日";
# 行政处罚法 (2021) 第六十一条 (第五章第三节 普通程序) "当事人不在场的，行政机关应当在七日内依照《中华人民共和国
# 民事诉讼法》的有关规定，将行政处罚决定书送达当事人", 第八十五条 "本法中"二日""三日""五日""七日"的规定是指工作日".
# A simple-procedure decision is handed over on the spot (第五十二条), so the 七日 does not apply to it.
STAGE_LIMITS: dict[tuple[str, str], StageLimit] = {
    ("行政许可", "送达"): StageLimit(10, WORKING_DAYS, "行政许可法第四十四条（第八十二条：以工作日计算）"),
    ("行政处罚", "送达"): StageLimit(7, WORKING_DAYS, "行政处罚法第六十一条（第八十五条：七日指工作日）",
                                  skip_procedures=("简易程序",)),
}


@dataclass(frozen=True)
class Ceiling:
    """The longest legal limit a category's law allows, and the longer one its extension allows."""

    days: int
    unit: str
    law: str
    extended: int | None = None  # with the extension the law itself grants
    extension_article: str | None = None  # citing this article of the law states the extension


# 行政许可法 (2019) 第四十二条第一款 "应当自受理行政许可申请之日起二十日内作出行政许可决定。二十日内不能作出决定的，经本
# 行政机关负责人批准，可以延长十日 … 但是，法律、法规另有规定的，依照其规定"; 第二款 (统一办理或者联合办理、集中办理,
# 第二十六条) "办理的时间不得超过四十五日；四十五日内不能办结的，经本级人民政府负责人批准，可以延长十五日"; 第八十二条:
# 工作日. 行政处罚法 (2021) 第六十条 "应当自行政处罚案件立案之日起九十日内作出行政处罚决定。法律、法规、规章另有规定的，
# 从其规定"; 九十日 is not among the 第八十五条 working-day periods, so it is calendar days (日).
LICENCE_LAW = "行政许可法"
PENALTY_LAW = "行政处罚法"
CEILINGS: dict[str, Ceiling] = {
    "行政许可": Ceiling(20, WORKING_DAYS, "行政许可法第四十二条第一款", extended=30, extension_article="第四十二条"),
    "行政处罚": Ceiling(90, CALENDAR_DAYS, "行政处罚法第六十条"),
}
JOINT_LICENCE = Ceiling(45, WORKING_DAYS, "行政许可法第四十二条第二款", extended=60,
                        extension_article="第四十二条第二款")
JOINT_ARTICLES = ("第二十六条", "第四十二条第二款")


def _cites(ctx: Context, power: Power, law: str, articles: tuple[str, ...]) -> Citation | None:
    """A citation of ``law`` (by title, with or without 中华人民共和国) at one of ``articles`` (or below it)."""
    for cite in power.basis:
        src = ctx.sources.get(cite.source)
        if src is None or not cite.article or not src.title.removeprefix("中华人民共和国").startswith(law):
            continue
        if any(part.strip().startswith(a) for part in re.split(r"[、,，;；]", cite.article) for a in articles):
            return cite
    return None


def ceiling_of(ctx: Context, power: Power) -> Ceiling | None:
    """The statutory ceiling of ``power``'s legal limit, or None when the tool knows none for its category.
    A licence citing 行政许可法 第二十六条 or 第四十二条第二款 is handled jointly: 45 + 15."""
    if power.category == "行政许可" and _cites(ctx, power, LICENCE_LAW, JOINT_ARTICLES):
        return JOINT_LICENCE
    return CEILINGS.get(power.category)


def allowed_limit(ctx: Context, power: Power, ceiling: Ceiling) -> tuple[int, str]:
    """The longest legal limit ``ceiling`` allows this power, and the law that says so: the extended one
    when its basis cites the extension article."""
    if ceiling.extended is not None and _cites(ctx, power, LICENCE_LAW, (ceiling.extension_article,)):
        return ceiling.extended, f"{ceiling.law}含延长期限"
    return ceiling.days, ceiling.law


def limit_path(flow: Flow, power: Power, cache: dict) -> tuple[float, list[str]]:
    """The longest counted path that the power's time limit covers (for a penalty, up to its decision);
    ``cache`` keeps it per flow for the powers that share the flow."""
    until = UNTIL_DECISION if power.category in DECISION_LIMITED else frozenset()
    if (flow.id, until) not in cache:
        cache[flow.id, until] = longest_counted_path(flow, until)
    return cache[flow.id, until]


@rule("PL401", "promised-over-legal", group="time", hint="承诺时限不得超过法定时限，通常至少压缩三分之一")
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
            u = power.limit_unit
            yield Report(power.at("promised_limit"), f"事项「{power.name}」承诺时限 {_amount(power.promised_limit, u)}"
                         f"超过法定时限 {_amount(power.legal_limit, u)}")


@rule("PL402", "flow-over-promised", group="time",
      hint="缩短流程中计入时限的环节，或把不计入时限的环节（听证、检验、专家评审）标为 counted: false")
def flow_over_promised(ctx: Context) -> Iterator[Report]:
    """The longest path of counted step limits in the flow exceeds the power's promised limit.

    **Why**: the step limits along the chart must fit inside the promised limit (domain guide §7);
    otherwise the chart and the promise contradict each other. Steps marked `counted: false` (hearings,
    testing, expert review: 行政许可法 第四十五条) and loops (补正) are not counted. Without a promised
    limit the legal limit is used. The steps' days are in the flow's `limit_unit`, the limits in the power's;
    across units only a certain overrun is reported (N working days are at least N calendar days), the rest is
    PL406. For a 行政处罚 the path ends at its decision (决定): 第六十条's ninety days run from 立案 to the
    decision; 送达 (第六十一条) and the time to pay (第六十七条) come after it.

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
    paths: dict = {}
    for unit, power in ctx.project.powers():
        flow = ctx.flows.get(power.flow or "")
        limit = power.promised_limit if power.promised_limit is not None else power.legal_limit
        if flow is None or limit is None:
            continue
        total, path = limit_path(flow, power, paths)
        if compare(total, flow.limit_unit, limit, power.limit_unit) == "over":
            which = "承诺时限" if power.promised_limit is not None else "法定时限"
            key = "promised_limit" if power.promised_limit is not None else "legal_limit"
            yield Report(power.at(key), f"流程「{flow.name}」最长路径 {' → '.join(path)} 共 "
                         f"{_amount(total, flow.limit_unit)}，超过事项「{power.name}」的{which} "
                         f"{_amount(limit, power.limit_unit)}")


@rule("PL403", "promised-missing", severity="warning", group="time",
      hint="写明 promised_limit（承诺时限，单位同 limit_unit；即办件写 0）")
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


@rule("PL408", "legal-limit-missing", severity="warning", group="time",
      hint="写明 legal_limit（法定时限）和 promised_limit（承诺时限）；行政许可一般为二十个工作日"
           "（行政许可法第四十二条），行政处罚为九十日（行政处罚法第六十条），法律、法规另有规定的从其规定")
def legal_limit_missing(ctx: Context) -> Iterator[Report]:
    """A power of a category whose law sets a time limit (行政许可, 行政处罚) states no legal limit.

    **Why**: every such power has one (行政许可法 第四十二条, 行政处罚法 第六十条, or the special law the
    basis cites), and the service guide, the catalogue and the wall poster publish it. The tool does not
    guess it: the law's general limit yields to a special one ("法律、法规另有规定的，依照其规定"), so an
    absent limit is published as 未列明, and this warning asks for the real one. The categories are those
    whose ceiling the time rules know (`CEILINGS` in `generator/rules/timing.py`). The warning is given
    whether or not `promised_limit` is written (the message names both when both are missing); a
    `legal_limit` of 0 is a limit. A 行政处罚 whose flow is marked `procedure: 简易程序` is not checked: the
    simple procedure is a penalty decided on the spot (行政处罚法 第五十一条、第五十二条), which has no limit
    to publish. A power of another category is checked whatever its flow's `procedure` says.

    **Bad**
    ```yaml
    category: 行政许可
    office: 审批股          # no legal_limit: the page says 法定时限 未列明
    ```

    **Good**
    ```yaml
    category: 行政许可
    office: 审批股
    legal_limit: 20
    promised_limit: 10
    ```

    **Fix**: add `legal_limit` from the cited law (and `promised_limit`; PL403 asks for it once the legal
    limit is there).
    """
    for _, power in ctx.project.powers():
        flow = ctx.flow_of(power)
        if flow is not None and flow.procedure == "简易程序" and power.category == "行政处罚":
            continue  # decided on the spot (行政处罚法 第五十一条、第五十二条): no time limit to publish
        if power.legal_limit is None and power.category in CEILINGS:
            also = "和承诺时限" if power.promised_limit is None else ""
            kept = _IMPORTED_LIMIT.search(power.internal_notes or "")
            note = f"；导入时原表的时限没能读出，留在 internal_notes 中：{kept.group(0)}" if kept else ""
            yield Report(power.loc, f"{power.category}「{power.name}」没有写明法定时限{also}："
                                    f"网页、目录和海报将写 未列明{note}")


# what powerlist import keeps of a limit cell it could not read (a bare number, a condition): PL408 points at it
_IMPORTED_LIMIT = re.compile(r"原表「[^」]*(?:时限|期限)[^」]*」（[^）]*）：[^\n]*")


@rule("PL404", "stage-statutory-limit", group="time",
      hint="把该环节的办理时限缩短到法律规定的期限以内（如行政许可证件自决定之日起十个工作日内送达）")
def stage_statutory_limit(ctx: Context) -> Iterator[Report]:
    """A step's limit is longer than the law allows for that stage of the category's procedure.

    **Why**: some stages have their own statutory limit, whatever the overall one: a licence granted must be
    issued and delivered within 10 days of the decision (行政许可法 第四十四条; working days, 第八十二条); a
    penalty decision not handed over on the spot must be delivered within 7 days (行政处罚法 第六十一条;
    working days, 第八十五条; not for the simple procedure, which hands it over on the spot). The limits are
    the table `STAGE_LIMITS` in `generator/rules/timing.py`, keyed by category and step action. A flow
    shared by powers of several categories is checked for each.

    **Bad**
    ```yaml
    - {id: deliver, name: 送达, post: window, action: 送达, days: 15}   # a licence flow
    ```

    **Good**
    ```yaml
    - {id: deliver, name: 送达, post: window, action: 送达, days: 1}
    ```

    **Fix**: shorten the step's limit to the statutory one (or less).
    """
    for flow in ctx.project.flows:
        categories = sorted({power.category for _, power in ctx.flow_users.get(flow.id, [])})
        for category in categories:
            for step in flow.steps:
                limit = STAGE_LIMITS.get((category, step.action))
                if (limit is None or step.days is None or flow.procedure in limit.skip_procedures
                        or compare(step.days, flow.limit_unit, limit.days, limit.unit) != "over"):
                    continue
                yield Report(step.at("days"), f"{category}流程「{flow.name}」的{step.action}环节「{step.name}」"
                             f"时限 {_amount(step.days, flow.limit_unit)}，超过{limit.law}规定的 "
                             f"{_amount(limit.days, limit.unit)}")


@rule("PL405", "legal-over-statute", severity="warning", group="time",
      hint="核对法定时限；若法律、法规另有规定，在 limit_basis 中写明条款")
def legal_over_statute(ctx: Context) -> Iterator[Report]:
    """A power's legal limit (法定时限) is longer than its category's statutory ceiling, and it gives no
    `limit_basis`.

    **Why**: the law sets the ceiling: a licence is decided within 20 working days of acceptance, extendable
    by 10 with the head's approval (行政许可法 第四十二条第一款; working days, 第八十二条); joint or unified
    handling (第二十六条) within 45, extendable by 15 (第四十二条第二款); a penalty within 90 (calendar) days
    of filing (行政处罚法 第六十条; 第八十五条 makes only 二日/三日/五日/七日 working days). Both laws allow
    another law or regulation to provide otherwise, so a longer limit is a warning, not an error.

    Only 行政许可 and 行政处罚 powers are checked (`CEILINGS` in `generator/rules/timing.py`). The ceiling
    a power's basis allows:

    - a licence: 20 working days; 30 when its basis cites 行政许可法 第四十二条 (the whole article, or
      第四十二条第一款);
    - a licence whose basis cites 第二十六条 or 第四十二条第二款 (joint handling): 45 working days; 60 only
      when it cites 第四十二条第二款 (第二十六条 with 第四十二条 or 第四十二条第一款 still allows 45);
    - a penalty: 90 calendar days (日), with no extension.

    A citation counts when its source is in the library with a title that begins with 行政许可法 (after an
    optional 中华人民共和国) and its article is the one named or a part of it; one of several articles in a
    citation (第十二条、第四十二条) counts too. Any other longer limit names the provision that sets it in
    `limit_basis` (时限依据): a power with `limit_basis` is not checked at all. A limit in another unit than
    the law's is compared only where the answer holds on any calendar (91 工作日 is over 90 日); otherwise
    PL406 reports the unit.

    **Bad**
    ```yaml
    category: 行政许可
    legal_limit: 30     # basis cites only 第十二条
    ```

    **Good**
    ```yaml
    category: 行政许可
    basis:
      - {source: licensing-law, article: 第四十二条第一款}
    legal_limit: 30
    ```

    **Fix**: correct the legal limit, cite the extension article, or write the special provision in
    `limit_basis`.
    """
    for unit, power in ctx.project.powers():
        ceiling = ceiling_of(ctx, power)
        if ceiling is None or power.legal_limit is None or power.limit_basis:
            continue
        allowed, what = allowed_limit(ctx, power, ceiling)
        if compare(power.legal_limit, power.limit_unit, allowed, ceiling.unit) == "over":
            yield Report(power.at("legal_limit"), f"事项「{power.name}」法定时限 "
                         f"{_amount(power.legal_limit, power.limit_unit)}，超过{what}规定的 "
                         f"{_amount(allowed, ceiling.unit)}，且未写明另有规定的依据")


@rule("PL406", "units-differ", severity="warning", group="time",
      hint="按法律规定的单位填写时限：limit_unit 写 工作日 或 日；流程各环节的单位写在流程的 limit_unit")
def units_differ(ctx: Context) -> Iterator[Report]:
    """Two time limits that must be compared are in different units (工作日 vs 日), and the comparison
    cannot be decided without a calendar.

    **Why**: working days and calendar days are never converted: 20 working days are four weeks or more
    (holidays). The tool compares them only where the answer holds on any calendar (N working days are at
    least N calendar days). Otherwise it says so: a penalty's 90-day limit (行政处罚法 第六十条, calendar days)
    written as working days, a licence limit in calendar days (行政许可法 第八十二条: working days), or a flow
    whose steps are in another unit than the power's limits. Same units: PL401, PL402, PL404, PL405 decide.

    **Bad**
    ```yaml
    category: 行政处罚
    legal_limit: 90          # limit_unit defaults to 工作日
    ```

    **Good**
    ```yaml
    category: 行政处罚
    legal_limit: 90
    limit_unit: 日
    ```

    **Fix**: write each limit in the unit of the law that sets it (`limit_unit` of the power), and the
    flow's step limits in the same unit (`limit_unit` of the flow).
    """
    paths: dict = {}
    for unit, power in ctx.project.powers():
        ceiling = ceiling_of(ctx, power)
        if (ceiling is not None and power.legal_limit is not None and not power.limit_basis
                and power.limit_unit != ceiling.unit):
            allowed, _ = allowed_limit(ctx, power, ceiling)
            if compare(power.legal_limit, power.limit_unit, allowed, ceiling.unit) == "unknown":
                yield Report(power.locs.get("limit_unit") or power.at("legal_limit"),
                             f"事项「{power.name}」法定时限以{power.limit_unit}计，而{ceiling.law}的期限以"
                             f"{ceiling.unit}计：不换算，无法比较")
        flow = ctx.flows.get(power.flow or "")
        limit = power.promised_limit if power.promised_limit is not None else power.legal_limit
        if flow is None or limit is None or flow.limit_unit == power.limit_unit:
            continue
        if all(step.days is None for step in flow.steps):
            continue  # no step limit at all: nothing to compare, nothing to warn of
        total, _ = limit_path(flow, power, paths)
        if compare(total, flow.limit_unit, limit, power.limit_unit) == "unknown":
            key = "promised_limit" if power.promised_limit is not None else "legal_limit"
            yield Report(power.at(key), f"流程「{flow.name}」的环节时限以{flow.limit_unit}计，事项「{power.name}」的"
                         f"时限以{power.limit_unit}计：不换算，无法判断流程是否超时")
    for flow in ctx.project.flows:
        categories = sorted({power.category for _, power in ctx.flow_users.get(flow.id, [])})
        for category in categories:
            for step in flow.steps:
                limit = STAGE_LIMITS.get((category, step.action))
                if (limit is not None and step.days is not None and flow.procedure not in limit.skip_procedures
                        and compare(step.days, flow.limit_unit, limit.days, limit.unit) == "unknown"):
                    yield Report(step.at("days"), f"环节「{step.name}」时限以{flow.limit_unit}计，{limit.law}"
                                 f"以{limit.unit}计：不换算，无法比较")
