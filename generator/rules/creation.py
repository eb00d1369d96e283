"""Legal-basis rules (PL107, PL110-PL113), who may create what (设定权): which level of law may create a
licence, a penalty of each kind, a coercive measure of each kind, and that an external power rests on an
external source. The level of a power is that of its highest basis."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import get_args

from ..model import INTERNAL_CATEGORIES, SOURCE_RANK, CoercionKind, LegalSource, PenaltyKind, Power
from . import Context, Report, rule

# 行政许可法 第14-17条: which levels can create a licence.
LICENCE_CREATING = {"宪法", "法律", "行政法规", "国务院决定", "地方性法规", "自治条例和单行条例"}

# 行政处罚法 (2021): the penalty kinds each level may set, and the articles that say so. A level not
# listed (国务院决定, 规范性文件, 党内法规, 内部制度) may set none (第十六条). 行政拘留 restricts personal
# freedom: only a 法律 (第十条第二款). 其他 is "法律、行政法规规定的其他行政处罚" (第九条第六项).
# 自治条例和单行条例 are 法规 of the local level and are read as 地方性法规.
_PENALTIES = frozenset(get_args(PenaltyKind))
_LOCAL_LAW_PENALTIES = (_PENALTIES - {"行政拘留", "其他"}, "第九条第六项、第十条第二款、第十二条")
_RULE_PENALTIES = frozenset({"警告", "通报批评", "罚款"})
PENALTY_SETTING: dict[str, tuple[frozenset[str], str]] = {
    "宪法": (_PENALTIES, "第十条"),
    "法律": (_PENALTIES, "第十条"),
    "行政法规": (_PENALTIES - {"行政拘留"}, "第十条第二款、第十一条"),
    "地方性法规": _LOCAL_LAW_PENALTIES,
    "自治条例和单行条例": _LOCAL_LAW_PENALTIES,
    "部门规章": (_RULE_PENALTIES, "第十三条"),
    "地方政府规章": (_RULE_PENALTIES, "第十四条"),
}
NO_PENALTY = (frozenset(), "第十六条")

# 行政强制法 第十条: the coercive measures each level may set. 行政法规: not 第九条第一项 (限制公民人身自由)
# or 第四项 (冻结存款、汇款); 地方性法规: only 第二项 (查封) and 第三项 (扣押); anything but 法律 and 法规:
# none (第十条第四款).
_MEASURES = frozenset(get_args(CoercionKind))
_LOCAL_LAW_MEASURES = (frozenset({"查封场所、设施或者财物", "扣押财物"}), "第十条第三款")
COERCION_SETTING: dict[str, tuple[frozenset[str], str]] = {
    "宪法": (_MEASURES, "第十条第一款"),
    "法律": (_MEASURES, "第十条第一款"),
    "行政法规": (_MEASURES - {"限制公民人身自由", "冻结存款、汇款"}, "第十条第二款"),
    "地方性法规": _LOCAL_LAW_MEASURES,
    "自治条例和单行条例": _LOCAL_LAW_MEASURES,
}
NO_MEASURE = (frozenset(), "第十条第四款")

# What an external power may not rest on alone: a unit's own rules and the Party's (domain guide §3).
INTERNAL_LEVELS = frozenset({"内部制度", "党内法规"})


@rule("PL107", "licence-basis-level", group="legal",
      hint="行政许可须以法律、行政法规、国务院决定或地方性法规为依据（行政许可法第十四至十七条）")
def licence_basis_level(ctx: Context) -> Iterator[Report]:
    """A 行政许可 whose highest basis cannot create a licence.

    **Why**: 行政许可法 第14-17条: only 法律, 行政法规 (or a State Council decision) and 地方性法规 may
    create a licence; a provincial government rule may create a temporary one for one year (第15条);
    部门规章 and 规范性文件 may create none (第17条).

    **Bad**
    ```yaml
    category: 行政许可
    basis:
      - source: some-ministry-rule      # level: 部门规章
        article: 第五条
    ```

    **Good**
    ```yaml
    category: 行政许可
    basis:
      - source: urban-rural-planning-law   # level: 法律
        article: 第三十七条
      - source: some-ministry-rule
        article: 第五条
    ```

    **Fix**: cite the law or regulation that creates the licence; if there is none, the item is not a
    licence (re-classify or cancel it). A provincial rule's temporary licence is a warning during its
    first year and an error after.
    """
    for unit, power in ctx.project.powers():
        if power.category != "行政许可":
            continue
        cited = [s for c in power.basis if (s := ctx.sources.get(c.source))]
        if not cited or any(s.level is None for s in cited):  # a level not stated: PL115 asks first
            continue
        levels = [(SOURCE_RANK[s.level], s) for s in cited]
        rank, top = min(levels, key=lambda x: x[0])
        if top.level in LICENCE_CREATING or top.level in INTERNAL_LEVELS:  # internal rules only: PL112
            continue
        if top.level == "地方政府规章" and top.provincial:
            if top.effective is None or ctx.day < _add_year(top.effective):
                until = f"{_add_year(top.effective)} 到期" if top.effective else "施行日期未知，无法判断是否到期"
                yield Report(power.at("basis"), f"行政许可「{power.name}」仅以省级政府规章《{top.title}》为依据，"
                             f"属临时性许可，{until}", severity="warning")
                continue
            yield Report(power.at("basis"), f"行政许可「{power.name}」以省级政府规章《{top.title}》设定的临时性许可"
                         f"已满一年（{_add_year(top.effective)} 到期），须由地方性法规设定")
            continue
        yield Report(power.at("basis"), f"行政许可「{power.name}」的最高依据《{top.title}》是{top.level}，"
                     "不能设定行政许可")


def _add_year(day: dt.date) -> dt.date:
    if day.year >= dt.MAXYEAR:
        return dt.date.max
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)

def _top_in_force(ctx: Context, power: Power) -> LegalSource | None:
    """The highest-level source among a power's bases that are in force on the check date."""
    sources = [s for c in power.basis if (s := ctx.sources.get(c.source)) and s.in_force(ctx.day)]
    if any(s.level is None for s in sources):  # cannot be judged until the level is stated (PL115)
        return None
    return min(sources, key=lambda s: SOURCE_RANK[s.level], default=None)


def _beyond(power: Power, field: str, allowed: frozenset[str]) -> tuple[int, list[str]]:
    kinds = getattr(power, field)
    bad = [i for i, k in enumerate(kinds) if k not in allowed]
    return (bad[0] if bad else -1), [kinds[i] for i in bad]


def _kinds_beyond_level(ctx: Context, field: str, setting: dict[str, tuple[frozenset[str], str]],
                        none: tuple[frozenset[str], str], law: str) -> Iterator[Report]:
    """Kinds (of penalty or coercive measure) that the level of each power's highest basis in force may
    not set, by ``setting`` (level -> (kinds allowed, article)); a level not in it sets ``none``."""
    for _, power in ctx.project.powers():
        top = _top_in_force(ctx, power) if getattr(power, field) else None
        if top is None or top.level in INTERNAL_LEVELS:  # internal rules only: PL112
            continue
        allowed, article = setting.get(top.level, none)
        first, bad = _beyond(power, field, allowed)
        if bad:
            kinds = "、".join(f"「{k}」" for k in bad)
            yield Report(power.at(field, first), f"事项「{power.name}」的最高依据《{top.title}》是"
                         f"{top.level}，不能设定{kinds}（{law}{article}）")


@rule("PL110", "penalty-kind-level", group="legal",
      hint="引用能够设定该处罚种类的上位法（行政处罚法第十条至第十六条），或删去依据不能设定的处罚种类")
def penalty_kind_level(ctx: Context) -> Iterator[Report]:
    """A penalty kind that the power's highest basis cannot set.

    **Why**: 行政处罚法 (2021) 第十条至第十六条 say which level may set which penalty: a 法律 any
    penalty, and only a 法律 one that restricts personal freedom (行政拘留, 第十条); a 行政法规 any other
    (第十一条); a 地方性法规 any but 行政拘留 and the revocation of a business licence (第十二条), and no
    "其他" kind, which only a 法律 or 行政法规 may create (第九条第六项); a 部门规章 or 地方政府规章 only
    警告, 通报批评 and a fine of a set amount (第十三条、第十四条); any other normative document none
    (第十六条). A rule may "作出具体规定" for a penalty that a higher law sets: then that law is cited
    too, and the power takes the level of its highest basis in force (as PL107 does for licences).
    `吊销许可证件` cannot tell a business licence (营业执照) from other permits, so a 地方性法规
    revoking a business licence is not caught here.

    **Bad**
    ```yaml
    category: 行政处罚
    penalty_kinds: [罚款, 吊销许可证件]
    basis:
      - source: some-ministry-rule      # level: 部门规章
        article: 第二十条
    ```

    **Good**
    ```yaml
    category: 行政处罚
    penalty_kinds: [罚款, 吊销许可证件]
    basis:
      - source: food-safety-law         # level: 法律
        article: 第一百二十五条第一款
      - source: some-ministry-rule      # specifies within the law's range
        article: 第二十条
    ```

    **Fix**: cite the law or regulation that sets the penalty; if none does, the unit may not impose it:
    remove the kind (and re-examine the power).
    """
    yield from _kinds_beyond_level(ctx, "penalty_kinds", PENALTY_SETTING, NO_PENALTY, "行政处罚法")


@rule("PL111", "coercion-level", group="legal",
      hint="引用能够设定该强制措施的法律或法规（行政强制法第十条），或删去依据不能设定的强制措施")
def coercion_level(ctx: Context) -> Iterator[Report]:
    """A coercive measure (行政强制措施) that the power's highest basis cannot set.

    **Why**: 行政强制法 第十条: measures are set by 法律; a 行政法规 may set any but 限制公民人身自由
    and 冻结存款、汇款 (第九条第一项、第四项); a 地方性法规 only 查封 and 扣押 (第九条第二项、第三项);
    no other normative document, 规章 included, may set any (第十条第四款). A lower regulation may not
    widen what a law sets (第十一条); the level is that of the power's highest basis in force.

    **Bad**
    ```yaml
    category: 行政强制
    coercion_kinds: [冻结存款、汇款]
    basis:
      - source: some-local-regulation   # level: 地方性法规
        article: 第三十条
    ```

    **Good**
    ```yaml
    category: 行政强制
    coercion_kinds: [查封场所、设施或者财物, 扣押财物]
    basis:
      - source: food-safety-law         # level: 法律
        article: 第一百一十条第（四）项
    ```

    **Fix**: cite the 法律 or 法规 that sets the measure; if none does, the unit may not take it.
    """
    yield from _kinds_beyond_level(ctx, "coercion_kinds", COERCION_SETTING, NO_MEASURE, "行政强制法")


@rule("PL112", "external-basis", group="legal",
      hint="对外行使的职权须以法律、法规、规章等对外公布的依据为依据；内部制度只能作为人财物、三重一大事项的依据")
def external_basis(ctx: Context) -> Iterator[Report]:
    """An external power (any category but 人财物 and 三重一大) whose every basis is a 内部制度 or a
    党内法规.

    **Why**: 职权法定: a power over citizens and organisations (检查, 征收, 确认, 处罚 …) needs an external
    legal source. A unit's internal rule or a Party regulation binds the unit and its staff; it is a
    basis for internal 人财物 and 三重一大 powers, not for acting on the public (domain guide §3).

    **Bad**
    ```yaml
    category: 行政检查
    basis:
      - source: bureau-inspection-rules   # level: 内部制度
        article: 第五条
    ```

    **Good**
    ```yaml
    category: 三重一大
    basis:
      - source: bureau-decision-rules     # level: 内部制度
        article: 第五条
    ```

    **Fix**: cite the law, regulation or rule that gives the power; if there is none, the power is not the
    unit's to exercise (cancel it), or it is an internal matter (re-classify it). This is the one finding
    for such a power: PL107, PL110 and PL111 (what a level may create) leave it to this rule.
    """
    for unit, power in ctx.project.powers():
        if power.category in INTERNAL_CATEGORIES or not power.basis:
            continue
        sources = [s for c in power.basis if (s := ctx.sources.get(c.source))]
        if len(sources) == len(power.basis) and all(s.level in INTERNAL_LEVELS for s in sources):
            titles = "、".join(dict.fromkeys(f"《{s.title}》（{s.level}）" for s in sources))
            what = power.category or "事项"
            yield Report(power.at("basis"), f"{what}「{power.name}」是对外行使的职权，但依据只有{titles}")


@rule("PL113", "penalty-kinds-missing", severity="warning", group="legal",
      hint="在 category 下写 penalty_kinds，列出所引条款规定的处罚种类，如 [警告, 罚款]")
def penalty_kinds_missing(ctx: Context) -> Iterator[Report]:
    """A 行政处罚 that does not say which penalties it imposes (`penalty_kinds`).

    **Why**: who may set a penalty depends on its kind (行政处罚法 第十条至第十六条; PL110), and the
    published catalogue tells the public what the unit may impose. Without the kinds neither can be
    checked.

    **Bad**
    ```yaml
    category: 行政处罚
    basis: ...
    ```

    **Good**
    ```yaml
    category: 行政处罚
    penalty_kinds: [警告, 罚款]
    ```

    **Fix**: list the kinds the cited article provides, in the words of 行政处罚法 第九条.
    """
    for unit, power in ctx.project.powers():
        if power.category == "行政处罚" and not power.penalty_kinds:
            yield Report(power.at("penalty_kinds"), f"行政处罚「{power.name}」没有写明处罚种类")
