"""Legal-basis rules (PL1xx): no legal basis, no power (职权法定); the sources and articles cited.
Who may create which power is in ``creation.py``."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator

from ..model import SOURCE_RANK
from . import Context, Report, rule

_NUM = r"[零〇一二三四五六七八九十百千]+"
_ONE_ARTICLE = rf"第{_NUM}条(之{_NUM})?(第{_NUM}款)?(第{_NUM}项|第[（(]{_NUM}[)）]项)?"
ARTICLE = re.compile(rf"^{_ONE_ARTICLE}([、,，和及]{_ONE_ARTICLE})*$")


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


@rule("PL102", "source-unknown", group="legal", hint="先在 catalog/sources.yaml 中登记该法律依据，或改正 id")
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
            hint = f"是不是想写 '{close[0]}'？或先在 catalog/sources.yaml 中登记" if close else None
            yield Report(c.at("source"), f"法律依据 '{c.source}' 不在法律依据库中", hint)


@rule("PL103", "article-missing", group="legal", hint="写明条款，如 article: 第四十二条第一款")
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
      hint="条款写成 第X条[第X款][第X项]，用中文数字；多条用 、 分隔")
def article_format(ctx: Context) -> Iterator[Report]:
    """An article is not written the way published lists write it, though it can be located (one that
    cannot is PL114's).

    **Why**: the catalogue prints articles as 第四十二条第一款; `Art. 42` or `42条` would be
    inconsistent and cannot be linked to the text.

    The form accepted: 第 + a Chinese numeral (一 to 九, 十, 百, 千, 零 or 〇) + 条, optionally 之 + numeral
    (an inserted article, 第二十条之一), then optionally 第…款, then optionally 第…项 or 第（…）项; several
    such citations joined by `、`, `，`, `,`, 和 or 及, with no space (第十二条、第十三条第一款). Spaces at
    either end are ignored. Anything else is flagged when it can be located: Arabic or full-width digits
    (`42条`, `第四十二条第1款`), 两, a missing 第, a space inside, a list that leaves out the 条 of its later
    items (`第四十二条第一款、第二款`, `第十二条第三、四项`, `第十、十一条`), a range (`第十条至第十二条`), 与 or
    `；` between articles, 目, a chapter (`第二章`), or any other text (`Art. 42`, `全文`). A citation that
    cannot be located (第零条, `第二款`, `第七十七`) is PL114's finding instead.

    **Bad**
    ```yaml
    article: 42条
    ```

    **Good**
    ```yaml
    article: 第四十二条
    ```

    **Fix**: write 第 + Chinese numeral + 条, optionally 款 and 项; several articles separated by 、, each
    written in full (第四十二条第一款、第四十二条第二款).
    """
    for unit, power, c, src in _cited(ctx):
        if c.article and not ARTICLE.match(c.article.strip()) and _unlocatable(c.article) is None:
            yield Report(c.at("article"), f"条款 '{c.article}' 的写法不规范")


_DIGITS = "零〇一二三四五六七八九十百千两0-9０-９"
# One numbered part of an article: 第七十七条, 第二款, 第（四）项; 之一 (an inserted article) is a suffix.
_PART = re.compile(rf"(之)?(第)?\s*[（(]?([{_DIGITS}]+)[)）]?\s*(条|款|项|目|章|节|编)?")
_LIST_GAP = re.compile(r"\s*[、,，和及与或至到~～—-]?\s*")
_ZERO = frozenset("零〇0０")


def _unlocatable(article: str) -> str | None:
    """Why ``article`` cannot be located in its source (第零条, a 款 or 项 before any 条, a 第 number
    with no 条/款/项), or None. "第十、十一条" shares the 条 of the number after it."""
    parts = [m for m in _PART.finditer(article) if not m.group(1)]
    units = [m.group(4) for m in parts]
    for i in range(len(parts) - 2, -1, -1):
        if units[i] is None and units[i + 1] and _LIST_GAP.fullmatch(article[parts[i].end():parts[i + 1].start()]):
            units[i] = units[i + 1]
    seen_article = False
    for m, unit in zip(parts, units):
        text = m.group(0).strip()
        if unit is None:
            if m.group(2):
                return f"'{text}' 后没有写 条、款 或 项"
            continue
        if set(m.group(3)) <= _ZERO:
            return f"'{text}' 不存在：条、款、项从一开始编号"
        if unit == "条":
            seen_article = True
        elif unit in ("款", "项", "目") and not seen_article:
            return f"'{text}' 前没有写明所属的条"
    return None


@rule("PL114", "article-unlocatable", group="legal",
      hint="写明完整的条款，如 第七十七条第一款；款、项之前须写明所属的条，条、款、项从第一开始编号")
def article_unlocatable(ctx: Context) -> Iterator[Report]:
    """A cited article that cannot be found in its source: a part numbered zero (第零条, 第0条, 第五条第零款),
    a 款, 项 or 目 with no 条 before it (第二款, 第（三）项, 第七十七款), or 第 + a number with nothing after
    it that says what it numbers (`第七十七`, `第七十七、七十八`).

    **Why**: a citation must lead the reader to the text that grants the power. Articles, paragraphs
    and items are numbered from 一, a paragraph belongs to an article, and 第七十七 may be an article,
    a chapter or a paragraph: none of these can be looked up. Numbers may be Chinese or Arabic here; a
    number followed by 条, 款, 项, 目, 章, 节 or 编 says what it numbers, and in a list such as 第十、十一条
    the first number shares the 条 of the next. (An unusual but locatable spelling, such as `77条`, `七十七`
    or `第二章`, is only a format warning, PL104; one citation gives one of the two findings, not both.)

    **Bad**
    ```yaml
    - source: land-administration-law
      article: 第二款            # which article's second paragraph?
    - source: land-administration-law
      article: 第七十七          # 第七十七条? 第七十七款?
    ```

    **Good**
    ```yaml
    - source: land-administration-law
      article: 第七十七条第一款
    ```

    **Fix**: write the article (条) first, then the paragraph (款) and item (项), as the published text
    numbers them.
    """
    for unit, power, c, src in _cited(ctx):
        if c.article and (why := _unlocatable(c.article)):
            yield Report(c.at("article"), f"条款 '{c.article}' 无法定位：{why}")


@rule("PL105", "source-repealed", group="legal", hint="改引现行有效的版本；没有有效依据的事项应当取消")
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
            yield Report(c.at("source"), f"《{src.title}》已于 {src.repealed} 废止（检查日期 {ctx.day}）")


@rule("PL106", "source-not-effective", group="legal", hint="施行日期之前不能引用；先引用现行版本")
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
            yield Report(c.at("source"), f"《{src.title}》{src.effective} 才施行（检查日期 {ctx.day}）")


@rule("PL109", "source-effective-unknown", severity="warning", group="legal",
      hint="在法律依据库中补充 effective（施行日期），如 2004-07-01")
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
        ranks = [SOURCE_RANK[s.level] for c in power.basis if (s := ctx.sources.get(c.source)) and s.level]
        if ranks != sorted(ranks):
            yield Report(power.at("basis"), f"事项「{power.name}」的实施依据没有按效力层级从高到低排列")


@rule("PL115", "source-level-missing", group="legal",
      hint="在法律依据库中写明 level（效力层级），如 法律、行政法规、地方性法规、部门规章、规范性文件")
def source_level_missing(ctx: Context) -> Iterator[Report]:
    """A legal source in the library does not say its level (效力层级).

    **Why**: what a source may create depends on its level (PL107, PL110, PL111) and bases are listed
    highest level first (PL108); none of that can be judged without it. `powerlist import` leaves the
    level out when neither the sheet (a 【法律】 tag), the national catalogue nor the title's form tells
    it: a guessed level would make a false finding or hide a true one.

    **Bad**
    ```yaml
    - id: src-004
      title: 某某省矿产资源管理条例
    ```

    **Good**
    ```yaml
    - id: src-004
      title: 某某省矿产资源管理条例
      level: 地方性法规
    ```

    **Fix**: add `level`, as the official text's issuer and form show it (国家法律法规数据库).
    """
    for src in ctx.project.sources:
        if src.level is None:
            yield Report(src.loc, f"法律依据《{src.title}》没有写明效力层级：不能判断它能否设定所依据的职权")
