"""Legal-basis rules (PL1xx): no legal basis, no power (职权法定)."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterator

from ..model import SOURCE_RANK
from . import Context, Report, rule

_NUM = r"[零〇一二三四五六七八九十百千]+"
_ONE_ARTICLE = rf"第{_NUM}条(之{_NUM})?(第{_NUM}款)?(第{_NUM}项|第[（(]{_NUM}[)）]项)?"
ARTICLE = re.compile(rf"^{_ONE_ARTICLE}([、,，和及]{_ONE_ARTICLE})*$")

# 行政许可法 第14-17条: which levels can create a licence.
LICENCE_CREATING = {"宪法", "法律", "行政法规", "国务院决定", "地方性法规", "自治条例和单行条例"}


def _cited(ctx: Context) -> Iterator[Report]:
    for unit, power in ctx.project.powers():
        for c in power.basis:
            yield unit, power, c, ctx.sources.get(c.source)


@rule("PL101", "basis-missing", group="legal", hint="在 basis 下至少引用一项法律依据及其条款")
def basis_missing(ctx: Context) -> Iterator[Report]:
    """A power cites no legal basis.

    **Why**: "行政权力进清单、清单之外无权力": a power without a legal basis must be cancelled, not
    published (domain guide §3).

    **Bad**
    ```yaml
    - code: XK00001000
      name: 建设用地审批
      basis: []
    ```

    **Good**
    ```yaml
    - code: XK00001000
      name: 建设用地审批
      basis:
        - source: land-administration-law
          article: 第四十四条
    ```

    **Fix**: cite the law and article that create the power, or cancel the power.
    """
    for unit, power in ctx.project.powers():
        if not power.basis:
            yield Report(power.at("basis"), f"事项「{power.name}」没有实施依据")


@rule("PL102", "source-unknown", group="legal", hint="先在 catalog/sources.yaml 中登记该法律依据, 或改正 id")
def source_unknown(ctx: Context) -> Iterator[Report]:
    """A citation names a source that is not in the legal-source library.

    **Why**: sources are kept once, with their level and dates, so that one amendment updates every
    power that cites it; an unknown id cannot be checked for level or validity.

    **Bad**
    ```yaml
    basis:
      - source: land-law      # not in catalog/sources.yaml
        article: 第四十四条
    ```

    **Good**
    ```yaml
    basis:
      - source: land-administration-law
        article: 第四十四条
    ```

    **Fix**: add the source to `catalog/sources.yaml`, or use the id it has there.
    """
    ids = list(ctx.sources)
    for unit, power, c, src in _cited(ctx):
        if src is None and c.source not in ctx.duplicate_sources:  # a duplicate id is PL607's finding
            close = difflib.get_close_matches(c.source, ids, n=1)
            hint = f"是不是想写 '{close[0]}'? 或先在 catalog/sources.yaml 中登记" if close else None
            yield Report(c.at("source"), f"法律依据 '{c.source}' 不在法律依据库中", hint)


@rule("PL103", "article-missing", group="legal", hint="写明条款, 如 article: 第四十二条第一款")
def article_missing(ctx: Context) -> Iterator[Report]:
    """A citation gives no article (条/款/项).

    **Why**: a published basis names the article that grants the power; a whole law is not a basis.

    **Bad**
    ```yaml
    - source: administrative-licensing-law
    ```

    **Good**
    ```yaml
    - source: administrative-licensing-law
      article: 第四十二条第一款
    ```

    **Fix**: add `article:` with the article number in Chinese numerals.
    """
    for unit, power, c, src in _cited(ctx):
        if not c.article:
            yield Report(c.loc, f"事项「{power.name}」引用的 '{c.source}' 没有写明条款")


@rule("PL104", "article-format", severity="warning", group="legal",
      hint="条款写成 第X条[第X款][第X项], 用中文数字; 多条用 、 分隔")
def article_format(ctx: Context) -> Iterator[Report]:
    """An article is not written the way published lists write it.

    **Why**: the catalogue prints articles as 第四十二条第一款; `Art. 42` or `42条` would be
    inconsistent and cannot be linked to the text.

    **Bad**
    ```yaml
    article: 42条
    ```

    **Good**
    ```yaml
    article: 第四十二条
    ```

    **Fix**: write 第 + Chinese numeral + 条, optionally 款 and 项; several articles separated by 、.
    """
    for unit, power, c, src in _cited(ctx):
        if c.article and not ARTICLE.match(c.article.strip()):
            yield Report(c.at("article"), f"条款 '{c.article}' 的写法不规范")


@rule("PL105", "source-repealed", group="legal", hint="改引现行有效的版本; 没有有效依据的事项应当取消")
def source_repealed(ctx: Context) -> Iterator[Report]:
    """A power cites a source that has been repealed by the check date.

    **Why**: a citation to a repealed version is an error; a power whose only basis was repealed
    must be cancelled (动态管理).

    **Bad**
    ```yaml
    # sources.yaml: administrative-penalty-law-1996, repealed: 2021-07-15
    - source: administrative-penalty-law-1996
      article: 第三条
    ```

    **Good**
    ```yaml
    - source: administrative-penalty-law
      article: 第四条
    ```

    **Fix**: cite the version in force; if none is left, cancel the power.
    """
    for unit, power, c, src in _cited(ctx):
        if src and src.repealed and src.repealed <= ctx.day:
            yield Report(c.at("source"), f"《{src.title}》已于 {src.repealed} 废止 (检查日期 {ctx.day})")


@rule("PL106", "source-not-effective", group="legal", hint="施行日期之前不能引用; 先引用现行版本")
def source_not_effective(ctx: Context) -> Iterator[Report]:
    """A power cites a source that is not yet in force on the check date.

    **Why**: a law that is adopted but not yet effective grants no power today.

    **Bad**
    ```yaml
    # sources.yaml: effective: 2030-01-01
    - source: future-law
      article: 第一条
    ```

    **Good**: cite the version in force now, and switch when the new one takes effect.

    **Fix**: cite the current version, or set `check_date` to the date of the planned release.
    """
    for unit, power, c, src in _cited(ctx):
        if src and src.effective and src.effective > ctx.day:
            yield Report(c.at("source"), f"《{src.title}》{src.effective} 才施行 (检查日期 {ctx.day})")


@rule("PL109", "source-effective-unknown", severity="warning", group="legal",
      hint="在法律依据库中补充 effective (施行日期), 如 2004-07-01")
def source_effective_unknown(ctx: Context) -> Iterator[Report]:
    """A legal source in the library has no 施行日期 (effective date).

    **Why**: whether a law grants a power today depends on when it took effect (PL106) and, for a
    provincial rule's temporary licence, when its year runs out (PL107). Sources imported from a
    spreadsheet (`powerlist import`) often lack the date.

    **Bad**
    ```yaml
    - id: some-regulation
      title: 某某条例
      level: 地方性法规
      issuer: 某省人民代表大会常务委员会
    ```

    **Good**: add `effective: 2019-03-01` (the date the cited text took effect).

    **Fix**: look the date up in the official text (国家法律法规数据库) and add it.
    """
    for src in ctx.project.sources:
        if src.effective is None:
            yield Report(src.loc, f"法律依据《{src.title}》没有施行日期")


@rule("PL107", "licence-basis-level", group="legal",
      hint="行政许可须以法律、行政法规、国务院决定或地方性法规为依据 (行政许可法第十四至十七条)")
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
        levels = [(SOURCE_RANK[s.level], s) for c in power.basis if (s := ctx.sources.get(c.source))]
        if not levels:
            continue
        rank, top = min(levels, key=lambda x: x[0])
        if top.level in LICENCE_CREATING:
            continue
        if top.level == "地方政府规章" and top.provincial:
            if top.effective is None or ctx.day < _add_year(top.effective):
                until = f"{_add_year(top.effective)} 到期" if top.effective else "施行日期未知, 无法判断是否到期"
                yield Report(power.at("basis"), f"行政许可「{power.name}」仅以省级政府规章《{top.title}》为依据, "
                             f"属临时性许可, {until}", severity="warning")
                continue
            yield Report(power.at("basis"), f"行政许可「{power.name}」以省级政府规章《{top.title}》设定的临时性许可"
                         f"已满一年 ({_add_year(top.effective)} 到期), 须由地方性法规设定")
            continue
        yield Report(power.at("basis"), f"行政许可「{power.name}」的最高依据《{top.title}》是{top.level}, "
                     "不能设定行政许可")


def _add_year(day: dt.date) -> dt.date:
    if day.year >= dt.MAXYEAR:
        return dt.date.max
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


@rule("PL108", "basis-order", severity="warning", group="legal", hint="按效力层级从高到低排列实施依据")
def basis_order(ctx: Context) -> Iterator[Report]:
    """The legal bases of a power are not listed highest level first.

    **Why**: published lists cite the highest law first (法律 > 行政法规 > 地方性法规 > 规章 > 规范性文件),
    so readers see the source of the power before the implementing detail.

    **Bad**
    ```yaml
    basis:
      - source: land-administration-law-regulation   # 行政法规
        article: 第二十三条
      - source: land-administration-law              # 法律
        article: 第四十四条
    ```

    **Good**: the 法律 first, then the 行政法规.

    **Fix**: reorder the list.
    """
    for unit, power in ctx.project.powers():
        ranks = [SOURCE_RANK[s.level] for c in power.basis if (s := ctx.sources.get(c.source))]
        if ranks != sorted(ranks):
            yield Report(power.at("basis"), f"事项「{power.name}」的实施依据没有按效力层级从高到低排列")
