"""How the catalogue is written for its readers: the published wording that every output shares (the
website, the posters, the booklets, the spreadsheets and the adjustment announcements), so that one
fact reads the same everywhere.
"""

from __future__ import annotations

import datetime as dt

from .model import (
    FEE_CATEGORIES,
    HIGH,
    INTERNAL_CATEGORIES,
    LOW,
    MEDIUM,
    WORKING_DAYS,
    LegalSource,
    LimitUnit,
    Power,
    RiskLevel,
    Step,
)

# A risk level as the legend and the power page name it, and as the risk register's 等级 column
LEVEL_NAME: dict[RiskLevel, str] = {HIGH: "高风险（一级）", MEDIUM: "中风险（二级）", LOW: "低风险（三级）"}
LEVEL_LABEL: dict[RiskLevel, str] = {HIGH: "高（一级）", MEDIUM: "中（二级）", LOW: "低（三级）"}
# Marks a category's standard responsibility text where a power gives none of its own (通用表述)
STANDARD_MARK = "通用表述"
OWN_MARK = "本事项"
# What every output writes where the catalogue states nothing (a fee, a limit, a place, an office): never
# a plausible value such as 不收费 or 法律法规未规定, which would publish a fact nobody stated
NOT_STATED = "未列明"


def stated(value) -> str:
    """``value`` as published, or 未列明 when it is absent (None or empty)."""
    return NOT_STATED if value is None or value == "" else str(value)


def fee_text(power: Power) -> str:
    """A power's fee in a catalogue's 收费 column: as written; 未列明 where a party applies and none is
    given (FEE_CATEGORIES); empty for a penalty, an inspection, a levy ..., where no fee is charged to
    apply and a 收费 cell has nothing to say."""
    if power.fee:
        return power.fee
    return NOT_STATED if power.category in FEE_CATEGORIES else ""


def citation(source: LegalSource | None, source_id: str, article: str | None) -> str:
    """A legal basis as published: 【level】《title》article; the id as written when the library lacks it."""
    if source is None:
        return f"{source_id} {article or ''}".strip()
    return f"【{stated(source.level)}】《{source.title}》{article or ''}"


def limits_text(legal: int | None, promised: int | None, unit: LimitUnit = WORKING_DAYS) -> str:
    """The legal and promised limits in one short cell, the unit written once: 法定 20 / 承诺 10 个工作日,
    法定 90 / 承诺 60 日, 承诺 即办; empty when neither is given."""
    parts = [f"{label} {'即办' if days == 0 else days}" for label, days in (("法定", legal), ("承诺", promised))
             if days is not None]
    counted = any(days for days in (legal, promised))
    return " / ".join(parts) + ((" 个工作日" if unit == WORKING_DAYS else f" {unit}") if counted else "")


def limit_phrase(days: int | float | None, unit: LimitUnit = WORKING_DAYS) -> str:
    """A time limit written out with its unit, as a sentence says it: 20 个工作日, 90 日, 即办."""
    if days is None:
        return ""
    if days == 0:
        return "即办"
    return f"{days:g} 个工作日" if unit == WORKING_DAYS else f"{days:g} {unit}"


def days_text(step: Step, unit: LimitUnit = WORKING_DAYS) -> str:
    """A step's time limit as the chart and the power page write it (``unit``: its flow's); empty
    when not given, unless the step is not counted in the legal limit (听证, 检验 ...)."""
    if step.days is None:  # a step outside the legal limit says so even without a limit of its own
        return "" if step.counted else "不计入法定时限"
    return f"时限：{limit_phrase(step.days, unit)}" + ("" if step.counted else "（不计入法定时限）")


def remedy_text(remedy) -> str:
    """救济渠道 as a service guide writes it: 行政复议: 示例县人民政府, 60 日内 (the period as the law gives
    it, in 日 or in 个月, never converted; 期限未列明 when not written)."""
    period = (f"{remedy.days} 日内" if remedy.days else f"{remedy.months} 个月内" if remedy.months
              else "期限" + NOT_STATED)
    return f"{remedy.kind}：{remedy.body}，{period}"


def remedies_shown(power: Power) -> list[str] | None:
    """A power's 救济渠道 as the page and the booklet list them (empty: none written, shown as 未列明);
    None where none is owed: a decision on a party can be challenged (行政复议法, 行政诉讼法), an
    internal matter (人财物, 三重一大) that names none cannot."""
    if power.category in INTERNAL_CATEGORIES and not power.remedies:
        return None
    return [remedy_text(r) for r in power.remedies]


def visits_text(visits: int | None) -> str:
    """到现场次数: 0 is 全程网办 (no visit), a number of visits, or 未列明."""
    if visits is None:
        return NOT_STATED
    return "0 次（全程网办）" if visits == 0 else f"{visits} 次"


def chinese_date(day: dt.date | str) -> str:
    """A date as an official document writes it (GB/T 9704-2012 7.3.5.3: Arabic numerals, the year in
    full, no leading zero): 2026年3月2日. Accepts an ISO text (2026-03-02) too: templates get both."""
    if isinstance(day, str):
        day = dt.date.fromisoformat(day)
    return f"{day.year}年{day.month}月{day.day}日"


def chart_name(flow_name: str) -> str:
    """What a flow's chart is called: 行政许可办理流程 -> 行政许可办理流程图, 财政检查 -> 财政检查流程图
    (never 流程流程图)."""
    return flow_name + ("图" if flow_name.endswith("流程") else "流程图")
