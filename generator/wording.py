"""How the catalogue is written for its readers: the published wording that every output shares (the
website, the posters, the booklets, the spreadsheets and the adjustment announcements), so that one
fact reads the same everywhere.
"""

from __future__ import annotations

from .model import HIGH, LOW, MEDIUM, WORKING_DAYS, LegalSource, LimitUnit, RiskLevel, Step

# A risk level as the legend and the power page name it, and as the risk register's 等级 column
LEVEL_NAME: dict[RiskLevel, str] = {HIGH: "高风险 (一级)", MEDIUM: "中风险 (二级)", LOW: "低风险 (三级)"}
LEVEL_LABEL: dict[RiskLevel, str] = {HIGH: "高 (一级)", MEDIUM: "中 (二级)", LOW: "低 (三级)"}
# Marks a category's standard responsibility text where a power gives none of its own (通用表述)
STANDARD_MARK = "通用表述"
OWN_MARK = "本事项"


def citation(source: LegalSource | None, source_id: str, article: str | None) -> str:
    """A legal basis as published: 【level】《title》article; the id as written when the library lacks it."""
    if source is None:
        return f"{source_id} {article or ''}".strip()
    return f"【{source.level}】《{source.title}》{article or ''}"


def limit_text(days: int | None, unit: LimitUnit = WORKING_DAYS) -> str:
    """A time limit in a table column headed (工作日): the number, 即办 for 0, empty when not given; a
    limit in calendar days carries its unit (90日), so that it is never read as working days."""
    if days is None:
        return ""
    if days == 0:
        return "即办"
    return str(days) if unit == WORKING_DAYS else f"{days}{unit}"


def limit_phrase(days: int | float | None, unit: LimitUnit = WORKING_DAYS) -> str:
    """A time limit written out with its unit, as a sentence says it: 20 个工作日, 90 日, 即办."""
    if days is None:
        return ""
    if days == 0:
        return "即办"
    return f"{days:g} 个工作日" if unit == WORKING_DAYS else f"{days:g} {unit}"


def days_text(step: Step, unit: LimitUnit = WORKING_DAYS) -> str:
    """A step's time limit as the chart and the power page write it (``unit``: its flow's); empty
    when not given."""
    if step.days is None:
        return ""
    return f"时限: {limit_phrase(step.days, unit)}" + ("" if step.counted else " (不计入)")
