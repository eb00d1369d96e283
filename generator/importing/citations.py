"""A 依据 cell (实施依据, 设定依据) read into citations of legal sources: each 《title》, the 第X条第X款
after it, an order number in brackets (the source's 文号, not an excerpt), and a quoted excerpt. The
source's level comes from ``levels``; what stays unread is returned for the clerk, never dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .levels import level_of, order_number

_CN_NUM = "一二三四五六七八九十百千零〇两"
CITATION = re.compile(r"(?:【(?P<level>[^】]{1,10})】)?\s*《(?P<title>[^《》]{2,80})》(?P<rest>[^《【]*)")
_N = rf"[{_CN_NUM}\d]+"
_ONE = (rf"(?:(?:第|(?<![\d第]))[{_CN_NUM}\d]+条(?:之{_N})?|附件\d*第{_N}项|附件\d*(?![\d第]))"
        rf"(?:第{_N}(?:[、,，和及]第?{_N})*款)?"
        rf"(?:第?[（(]?{_N}[）)]?(?:[、,，和及]第?[（(]?{_N}[）)]?)*项)?")
ARTICLE = re.compile(rf"{_ONE}(?:\s*[至到-]\s*{_ONE})?")
NOT_A_SOURCE = re.compile(r"(许可证|证书|证|申请表|登记表|表|通知书|决定书|告知书|审批表|回执|证明)$")
QUOTED = re.compile(r"[“\"「『][^”\"」』]*[”\"」』]")
BRACKETED = re.compile(r"^\s*[（(][^（()）]{2,200}[)）]")
PARENTHESES = re.compile(r"[（(][^（()）]{2,200}[)）]")
CONNECTIVES = re.compile(r"(?:^|(?<=[\s；;。，,]))(?:\d{1,2}|[一二三四五六七八九十]{1,3})[、.．)）]|[（(]\d{1,2}[)）]"
                         r"|[\s，,、；;：:。.（）()“”\"「」『』和及以及其根据依据按照等的规定第]")
_DIGITS = re.compile(r"(第)?(\d+)(条|款|项)")


def chinese_numeral(n: int) -> str:
    """1 → 一, 52 → 五十二, 105 → 一百零五: article numbers as the law texts write them."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    if n < 100:
        return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")
    rest = n % 100
    tail = "" if rest == 0 else ("零" + chinese_numeral(rest) if rest < 10 else
                                 (digits[1] if rest < 20 else "") + chinese_numeral(rest))
    return digits[n // 100] + "百" + tail


def article_text(raw: str) -> str:
    """第52条 / 22条第1款 → 第五十二条 / 第二十二条第一款 (an annex's 第464项 keeps its digits)."""
    if raw.startswith("附件"):
        return re.sub(r"\s+", "", raw)
    return _DIGITS.sub(lambda m: f"第{chinese_numeral(int(m.group(2)))}{m.group(3)}", re.sub(r"\s+", "", raw))


@dataclass
class Source:
    """A legal source the import knows or adds: the project's, or new with the level found."""

    id: str
    title: str
    level: str | None = None
    number: str | None = None
    reason: str = ""
    certain: bool = True
    new: bool = False


def _compact(title: str) -> str:
    """A title without its spaces: the same title spaced differently is the same source."""
    return re.sub(r"\s+", "", title)


@dataclass
class Library:
    """The legal sources known so far (the project's and those this import adds), by title."""

    by_title: dict[str, Source] = field(default_factory=dict)
    ids: set[str] = field(default_factory=set)
    new: list[Source] = field(default_factory=list)

    @classmethod
    def of(cls, existing: list[tuple[str, str]]) -> Library:  # (id, title)
        lib = cls()
        for ident, title in existing:
            source = lib.by_title.setdefault(title, Source(ident, title))
            lib.by_title.setdefault(_compact(title), source)
            lib.ids.add(ident)
        return lib

    def find_or_add(self, written: str, context: str, tag: str) -> Source:
        found = level_of(written, context, tag)
        compact = _compact(written)
        for title in (written, compact, found.title):
            if title in self.by_title:
                return self.by_title[title]
        n = len(self.ids) + 1
        while f"src-{n:03d}" in self.ids:
            n += 1
        # the order number only when the cell gives it: the table's is the first edition's, not the one cited
        bracket = BRACKETED.match(context)
        number = order_number(bracket.group(0)) if bracket else None
        source = Source(f"src-{n:03d}", found.title or written, found.level, number, found.reason,
                        found.certain, new=True)
        self.ids.add(source.id)
        self.by_title[written] = self.by_title[compact] = self.by_title[source.title] = source
        self.new.append(source)
        return source

    def as_yaml(self) -> list[dict]:
        """The new sources as catalog/sources/<unit>.yaml entries: only what is known. A level that
        stays unknown is left out; check refuses the source until the office names it (PL115)."""
        out = []
        for s in self.new:
            entry = {"id": s.id, "title": s.title} | ({"level": s.level} if s.level else {})
            if s.number:
                entry["number"] = s.number
            out.append(entry)
        return out


@dataclass
class Reading:
    citations: list[dict]
    sources: list[Source]  # one per citation
    leftover: str  # text that is neither a title, an article, an order number nor an excerpt
    normalised: list[str] = field(default_factory=list)  # what was rewritten: 第52条 → 第五十二条


_BETWEEN = re.compile(r"[\s\u3000、，,；;：:和及与]*")


def _leading(articles: list, rest: str) -> list:
    """The articles ``rest`` begins with (第十条、第十二条：…), each separated from the last by nothing but
    punctuation or 和/及/与; empty if it begins with anything else."""
    out, at = [], 0
    for a in articles:
        if not _BETWEEN.fullmatch(rest, at, a.start()):
            break
        out.append(a)
        at = a.end()
    return out


def read_basis(text: str, library: Library) -> Reading:
    # 《》 inside a quoted article text (“…取得《食品经营许可证》…”) name a document, not a source
    masked = QUOTED.sub(lambda m: m.group(0).replace("《", "〈").replace("》", "〉"), text)
    # and so do 《》 in brackets after a title: (…《国务院关于修改<…>的决定》国务院令第428号…) tells its edition
    masked = PARENTHESES.sub(lambda m: m.group(0).replace("《", "〈").replace("》", "〉"), masked)
    # and so does a 《》 that names a licence or a form (《医疗机构执业许可证》) anywhere: part of the excerpt
    masked = re.sub(r"《([^《》]{1,40})》", lambda m: f"〈{m.group(1)}〉" if NOT_A_SOURCE.search(m.group(1).strip())
                    else m.group(0), masked)
    found = list(CITATION.finditer(masked))
    if not found:
        return Reading([], [], text.strip())
    citations, sources, covered, normalised = [], [], masked, []
    for m in found:
        title = re.sub(r"\s+", " ", m.group("title")).strip()  # as written: 《财政部 交通运输部关于…》
        rest = m.group("rest")
        bracket = BRACKETED.match(rest)
        if bracket:  # (国务院令第241号) or (2009年8月27日修正): the source's number or edition, no excerpt
            rest = rest[bracket.end():]
        source = library.find_or_add(title, m.group("rest")[:240], (m.group("level") or "").strip())
        label = (m.group("level") or "").strip()
        if label and source.level and label.strip("【】[]") != source.level:
            normalised.append(f"{label} → {source.level}（效力层级）")
        # an article named inside the excerpt (提交符合本条例第八条规定条件的材料) is the law's text, not a
        # place cited: quoted excerpts are masked, and an unquoted one begins after the articles that lead
        found_articles = list(ARTICLE.finditer(QUOTED.sub(lambda q: "\0" * len(q.group(0)), rest)))
        quoted = [q.group(0) for q in QUOTED.finditer(rest)]
        body = None  # an unquoted excerpt after the leading articles, as written
        if not quoted:
            leading = _leading(found_articles, rest)
            if leading:
                found_articles, body = leading, rest[leading[-1].end():]
        for a in found_articles:
            if article_text(a.group(0)) != re.sub(r"\s+", "", a.group(0)):
                normalised.append(f"{a.group(0).strip()} → {article_text(a.group(0))}")
        # 第三条“…”、第十七条“…”: each article with its own excerpt is a citation of its own
        pieces = [rest[a.start():(found_articles[i + 1].start() if i + 1 < len(found_articles) else len(rest))]
                  for i, a in enumerate(found_articles)]
        if len(found_articles) >= 2 and all(QUOTED.search(p) for p in pieces):
            parts = [(article_text(a.group(0)), "".join(q.group(0) for q in QUOTED.finditer(p)))
                     for a, p in zip(found_articles, pieces)]
        else:
            articles = [article_text(a.group(0)) for a in found_articles]
            excerpt = "".join(quoted)
            if not excerpt and body is not None:  # kept as written, its closing 。 included
                tail = body.strip(" \u3000\t\n，,、；;：:")
                tail = re.sub(r"\s*[\d一二三四五六七八九十]+[、.．]\s*$", "", tail)  # the next item's number
                tail = tail.rstrip(" \u3000\t\n，,、；;：:")  # and the comma before it (its 。 stays)
                excerpt = tail if len(tail) >= 8 else ""
            elif not excerpt:
                tail = ARTICLE.sub("", rest).strip(" ，,、；;：:。.\n")
                tail = re.sub(r"\s*[\d一二三四五六七八九十]+[、.．]\s*$", "", tail)  # the next item's number
                excerpt = tail if len(tail) >= 8 else ""
            parts = [("、".join(dict.fromkeys(articles)), excerpt)]
        for article, excerpt in parts:
            citation = {"source": source.id}
            if article:
                citation["article"] = article
            if excerpt:
                citation["text"] = excerpt.replace("〈", "《").replace("〉", "》").strip("“”\"「」『』")
            if citation not in citations:
                citations.append(citation)
                sources.append(source)
        excerpt = parts[-1][1]
        residual = "" if excerpt and not quoted else QUOTED.sub("", ARTICLE.sub("", rest))
        covered = covered.replace(m.group(0), " " + residual, 1)
    leftover = CONNECTIVES.sub("", covered)
    return Reading(citations, sources, text.strip() if leftover else "", normalised)
