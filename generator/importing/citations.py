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
_ONE = (rf"第{_N}条(?:之{_N})?(?:第{_N}(?:[、,，和及]第?{_N})*款)?"
        rf"(?:第?[（(]?{_N}[）)]?(?:[、,，和及]第?[（(]?{_N}[）)]?)*项)?")
ARTICLE = re.compile(rf"{_ONE}(?:\s*[至到-]\s*{_ONE})?")
NOT_A_SOURCE = re.compile(r"(许可证|证书|证|申请表|登记表|表|通知书|决定书|告知书|审批表|回执|证明)$")
QUOTED = re.compile(r"[“\"「『][^”\"」』]*[”\"」』]")
BRACKETED = re.compile(r"^\s*[（(][^（()）]{2,40}[)）]")
CONNECTIVES = re.compile(r"[\s，,、；;：:。.（）()“”\"「」『』和及以及其根据依据按照等的规定第条款项\d]"
                         r"|[一二三四五六七八九十]+[、.．]")


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
            lib.by_title.setdefault(title, Source(ident, title))
            lib.ids.add(ident)
        return lib

    def find_or_add(self, written: str, context: str, tag: str) -> Source:
        found = level_of(written, context, tag)
        for title in (written, found.title):
            if title in self.by_title:
                return self.by_title[title]
        n = len(self.ids) + 1
        while f"src-{n:03d}" in self.ids:
            n += 1
        # the order number only when the cell gives it: the table's is the first edition's, not the one cited
        number = order_number(context[:60]) if BRACKETED.match(context) else None
        source = Source(f"src-{n:03d}", found.title or written, found.level, number, found.reason,
                        found.certain, new=True)
        self.ids.add(source.id)
        self.by_title[written] = self.by_title[source.title] = source
        self.new.append(source)
        return source

    def as_yaml(self) -> list[dict]:
        """The new sources as catalog/sources/<unit>.yaml entries: only what is known. A level that
        stays unknown is written as 待核实, which `check` refuses until the office names it."""
        out = []
        for s in self.new:
            entry = {"id": s.id, "title": s.title, "level": s.level or "待核实"}
            if s.number:
                entry["number"] = s.number
            out.append(entry)
        return out


@dataclass
class Reading:
    citations: list[dict]
    sources: list[Source]  # one per citation
    leftover: str  # text that is neither a title, an article, an order number nor an excerpt


def read_basis(text: str, library: Library) -> Reading:
    # 《》 inside a quoted article text (“…取得《食品经营许可证》…”) name a document, not a source
    masked = QUOTED.sub(lambda m: m.group(0).replace("《", "〈").replace("》", "〉"), text)
    found = [m for m in CITATION.finditer(masked) if not NOT_A_SOURCE.search(m.group("title").strip())]
    if not found:
        return Reading([], [], text.strip())
    citations, sources, covered = [], [], masked
    for m in found:
        title = re.sub(r"\s+", "", m.group("title"))
        rest = m.group("rest")
        number = order_number(rest[:60]) if BRACKETED.match(rest) else None
        if number:
            rest = BRACKETED.sub("", rest, count=1)
        source = library.find_or_add(title, m.group("rest")[:80], (m.group("level") or "").strip())
        articles = [re.sub(r"\s+", "", a.group(0)) for a in ARTICLE.finditer(rest)]
        citation = {"source": source.id}
        if articles:
            citation["article"] = "、".join(dict.fromkeys(articles))
        quoted = [q.group(0) for q in QUOTED.finditer(rest)]
        excerpt = "".join(quoted)
        if not excerpt:
            tail = ARTICLE.sub("", rest).strip(" ，,、；;：:。.\n")
            tail = re.sub(r"\s*[\d一二三四五六七八九十]+[、.．]\s*$", "", tail)  # the next item's number
            excerpt = tail if len(tail) >= 8 else ""
        if excerpt:
            citation["text"] = excerpt.replace("〈", "《").replace("〉", "》").strip("“”\"「」『』")
        if citation not in citations:
            citations.append(citation)
            sources.append(source)
        residual = "" if excerpt and not quoted else QUOTED.sub("", ARTICLE.sub("", rest))
        covered = covered.replace(m.group(0), " " + residual, 1)
    leftover = CONNECTIVES.sub("", covered)
    return Reading(citations, sources, text.strip() if leftover else "")
