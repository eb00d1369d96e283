"""The PDF booklet (A4 landscape): cover with the summary figures, table of contents with page numbers,
the duty catalogue by unit and category, the risk register and the responsibility list; running
header with the section (and so the unit), page x / y, table heads repeated, no row split.

WeasyPrint lays out about ten pages a second, and a county catalogue runs to hundreds of pages, so the
booklet is made in parts that can be laid out in parallel (groups of units per section, the risk
register in chunks), each without header or footer. A unit's own booklet takes its catalogue,
register and responsibility pages from parts of the whole booklet's plan (each unit starts a new page
there). ``assemble`` then knows every part's length: it lays out the front matter (cover and table of
contents with the right page numbers) of all booklets, a dozen to a document, writes "stamp" documents with
each page's running header and page number (render/stamps.py), and joins each booklet with pikepdf:
its pages one after the other, the stamps laid over them, and bookmarks for the table of contents.

All booklets are assembled together, so that WeasyPrint's fixed cost per document is paid a few times
rather than three times per booklet; the shared front and stamp documents also make each booklet a
function of the whole catalogue (their fonts are subset over all booklets), which the build's cache
keys say.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path

from ..derived import category_rank, effective_responsibilities, ordered_powers
from ..model import Project
from ..responsibility import ACCOUNTABILITY_LEAD, standard_cases, standard_stages
from ..wording import stated
from . import stamps
from .documents import Table
from .opendata import summary_rows
from .pdf import collector_paused, render_document
from .templates import environment

PART_ROWS = 150  # rows per part: parts of similar size keep both cores busy; fewer, larger parts
                 # save WeasyPrint's per-document cost
FRONT_BOOKLETS = 12  # booklets whose covers and contents are laid out in one document
STAMP_PAGES = 128  # stamp pages per document (each booklet's join opens only the ones it needs)
# Entries on the first and on each further page of the table of contents, as laid out (the first page
# holds its heading too): the first guess of its length, checked after layout; a wrong guess costs
# laying the front matter out again.
TOC_FIRST_PAGE, TOC_PAGE = 26, 27


class BookletError(RuntimeError):
    pass


@dataclass(frozen=True)
class Part:
    """A piece of the booklet body. ``headers`` maps the anchors (element ids) of its headings to the
    running header of the pages from there on; ``toc`` lists (anchor, title, is_sub) entries.

    A part with a ``source`` is not laid out: it is the pages of part ``source`` of the whole
    booklet that belong to the unit whose heading is ``anchor`` (a unit's own booklet reuses them)."""

    html: str
    headers: tuple[tuple[str, str], ...]
    toc: tuple[tuple[str, str, bool], ...] = ()
    source: int | None = None
    anchor: str = ""


@dataclass(frozen=True)
class Plan:
    """``parts``: the booklet's body. ``library`` (the whole booklet's plan only): parts laid out for
    the units' booklets alone (each unit's risk register); a unit's part with ``source`` i refers to
    ``(parts + library)[i]`` of the whole plan."""

    title: str
    version_date: str
    summary_rows: list
    parts: list[Part]
    front_context: dict
    library: list[Part] = field(default_factory=list)

    def front(self, toc: list[dict]) -> dict:
        return {"title": self.title, "version_date": self.version_date, "summary_rows": self.summary_rows,
                "cover_unit": self.front_context["cover_unit"], "toc": toc}

    def laid_out(self, part: Part) -> Part:
        """The part laid out for ``part`` of this plan or of one of its units' booklets: ``part``
        itself, or the part of this (whole) plan it takes its pages from."""
        return part if part.source is None else (self.parts + self.library)[part.source]


def _groups(items: list, size) -> list[list]:
    """Consecutive items in groups of at least PART_ROWS rows (the last may be smaller)."""
    groups, current, rows = [], [], 0
    for item in items:
        current.append(item)
        rows += size(item)
        if rows >= PART_ROWS:
            groups.append(current)
            current, rows = [], 0
    if current:
        groups.append(current)
    return groups


def plan(project: Project, tables: dict[str, Table], summary: dict, version_date: dt.date,
         title: str | None = None, whole: Plan | None = None) -> Plan:
    """The booklet of ``project``. With ``whole`` (the plan of the whole catalogue, ``project`` being
    one unit of it), the unit's catalogue, risk register and responsibility pages are taken from the
    whole plan's parts instead of being laid out again; only its standard texts are its own."""
    title = title or project.settings.title
    template = environment().get_template("booklet.html.j2")
    base = {"title": title, "version_date": version_date.isoformat(), "lead": ACCOUNTABILITY_LEAD, "toc": [],
            "summary_rows": [], "risks": [], "risks_heading": False, "standard": [], "units": [],
            "cover_unit": project.units[0].name if len(project.units) == 1 else None}
    units = _unit_views(project, tables)
    if whole is not None:
        return _unit_plan(units, summary, base, template, whole)
    parts: list[Part] = []
    for group in _groups(units, lambda u: sum(len(rows) for _, rows in u["categories"]) or 1):
        html = template.render(base | {"parts": ("catalogue",), "units": group})
        first = group[0] is units[0]
        toc = ((f"catalogue-{units[0]['id']}", "一、职权目录", False),) if first else ()
        parts.append(Part(html, tuple((f"catalogue-{u['id']}", f"一、职权目录 · {u['name']}") for u in group),
                          toc + tuple((f"catalogue-{u['id']}", u["name"], True) for u in group)))
    parts += _risk_parts(tables["risks"].rows, base, template)
    parts.append(_standard_part(units, base, template))
    for group in _groups(units, lambda u: len(u["duties"]) or 1):
        html = template.render(base | {"parts": ("duties",), "units": group})
        parts.append(Part(html, tuple((f"duties-{u['id']}", f"三、责任清单 · {u['name']}") for u in group),
                          tuple((f"duties-{u['id']}", u["name"], True) for u in group)))
    return Plan(title, version_date.isoformat(), summary_rows(summary), parts, base,
                library=_unit_risk_parts(units, tables["risks"].rows, base, template))


def _unit_risk_parts(units: list[dict], risks: list[dict], base: dict, template) -> list[Part]:
    """Every unit's own risk register (its rows of the whole register, numbered from 1), each unit on
    new pages, in groups laid out together: the units' booklets take their pages from these."""
    own: dict[str, list[dict]] = {}
    for row in risks:
        rows = own.setdefault(row["unit_id"], [])
        rows.append(row | {"index": len(rows) + 1})
    views = [u | {"risks": own.get(u["id"], [])} for u in units]
    parts = []
    for group in _groups(views, lambda u: len(u["risks"]) or 1):
        html = template.render(base | {"parts": ("unit_risks",), "units": group})
        parts.append(Part(html, tuple((f"unitrisks-{u['id']}", "二、风险点及防控措施登记表") for u in group)))
    return parts


def _unit_plan(units: list[dict], summary: dict, base: dict, template, whole: Plan) -> Plan:
    (u,) = units

    def source(anchor: str) -> int:
        return next(i for i, part in enumerate(whole.parts + whole.library) if anchor in dict(part.headers))

    catalogue, risks, duties = f"catalogue-{u['id']}", f"unitrisks-{u['id']}", f"duties-{u['id']}"
    risk_title = "二、风险点及防控措施登记表"
    parts = [Part("", ((catalogue, f"一、职权目录 · {u['name']}"),),
                  ((catalogue, "一、职权目录", False), (catalogue, u["name"], True)), source(catalogue), catalogue),
             Part("", ((risks, risk_title),), ((risks, risk_title, False),), source(risks), risks)]
    parts.append(_standard_part(units, base, template))  # units using the same categories share it
    parts.append(Part("", ((duties, f"三、责任清单 · {u['name']}"),), ((duties, u["name"], True),),
                      source(duties), duties))
    return Plan(base["title"], base["version_date"], summary_rows(summary), parts, base)


def _risk_parts(risks: list[dict], base: dict, template) -> list[Part]:
    parts = []
    for start in range(0, max(len(risks), 1), PART_ROWS):
        html = template.render(base | {"parts": ("risks",), "risks": risks[start:start + PART_ROWS],
                                       "risks_heading": start == 0, "first_risk": start})
        anchor = "risks" if start == 0 else f"risks-{start}"
        parts.append(Part(html, ((anchor, "二、风险点及防控措施登记表"),),
                          (("risks", "二、风险点及防控措施登记表", False),) if start == 0 else ()))
    return parts


def _standard_part(units: list[dict], base: dict, template) -> Part:
    """The standard texts of the categories that need them."""
    used = sorted({d["category"] for u in units for d in u["duties"] if not d["stages"] or not d["cases"]},
                  key=category_rank)
    standard = [(c, standard_stages(c), standard_cases(c)) for c in used]
    return Part(template.render(base | {"parts": ("standard",), "standard": standard}),
                (("responsibilities", "三、责任清单 · 通用责任事项"),),
                (("responsibilities", "三、责任清单", False), ("standard", "（一）通用责任事项和追责情形", True)))


def _unit_views(project: Project, tables: dict[str, Table]) -> list[dict]:
    views = []
    for unit in project.units:
        rows = [r for r in tables["catalogue"].rows if r["unit_id"] == unit.id]
        duties = [_duties(p) for u, p in ordered_powers(project) if u is unit]
        numbered = [r | {"index": i} for i, r in enumerate(rows, start=1)]  # 序号 restarts in each unit
        views.append({"id": unit.id, "name": unit.name, "duties": duties,
                      "categories": [(c, list(rs)) for c, rs in groupby(numbered, key=lambda r: r["category"])]})
    return views


def _duties(power) -> dict:
    """A power's own responsibilities; a standard text is printed once per category, not here."""
    own = effective_responsibilities(power)
    return {"code": power.code, "name": power.name, "category": stated(power.category),
            "stages": [] if own.stages_standard else list(own.stages),
            "cases": [] if own.cases_standard else list(own.cases)}


def render_part(html: str) -> tuple[bytes, list[list[str]]]:
    """One part as PDF, and the anchors (heading ids) on each of its pages (a worker's job)."""
    with collector_paused():
        document = render_document(html)
        # anchors in reading order (top to bottom); page.anchors maps each id to its position
        return document.write_pdf(), [[a for a, _ in sorted(page.anchors.items(),
                                                            key=lambda kv: (kv[1][1], kv[1][0], kv[0]))]
                                       for page in document.pages]


def _unit_pages(anchors: list[list[str]], anchor: str) -> tuple[int, int]:
    """First and last page (0-based) of the unit whose heading is ``anchor`` in a part holding several
    units: each unit starts on a new page, and runs until the next unit's heading."""
    prefix = anchor.split("-", 1)[0] + "-"
    first = next(i for i, on_page in enumerate(anchors) if anchor in on_page)
    last = first
    while last + 1 < len(anchors) and not any(a.startswith(prefix) and a != anchor for a in anchors[last + 1]):
        last += 1
    return first, last


Rendered = tuple  # (PDF: bytes or a file path, anchors on each page), as render_part returns


@dataclass
class _Booklet:
    """One booklet being assembled: its body as (PDF, first page, last page) runs, the anchors on
    each body page, and its front matter once laid out."""

    plan: Plan
    body: list[tuple[object, int, int]]
    counts: list[int]  # pages of each part
    anchors: list[list[str]]  # per body page
    front_pages: int
    toc: list[dict] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    front: tuple[str, int] | None = None  # (front document, first page)
    slot: int = 0  # its place among the fronts of that document: its contents' links are named toc-<slot>-<entry>

    @property
    def pages(self) -> int:
        return self.front_pages + len(self.headers)

    def number(self) -> None:
        """The table of contents and running headers for the current length of the front matter."""
        toc, headers, current, page = [], [], "", self.front_pages + 1
        at = 0
        for part, count in zip(self.plan.parts, self.counts):
            names = dict(part.headers)
            first_page = {}
            for i, on_page in enumerate(self.anchors[at:at + count]):
                sections = [names[a] for a in on_page if a in names]
                headers.append(sections[0] if sections else current)  # the first heading on the page names it
                current = sections[-1] if sections else current
                for a in on_page:
                    first_page.setdefault(a, page + i)
            for anchor, text, sub in part.toc:
                toc.append({"title": text, "page": first_page.get(anchor, page), "sub": sub})
            page += count
            at += count
        self.toc, self.headers = toc, headers


def _body(p: Plan, rendered: list[Rendered]) -> _Booklet:
    body, counts, anchors = [], [], []
    for part, (pdf, part_anchors) in zip(p.parts, rendered):
        first, last = (0, len(part_anchors) - 1) if part.source is None else _unit_pages(part_anchors, part.anchor)
        body.append((pdf, first, last))
        counts.append(last - first + 1)
        anchors += part_anchors[first:last + 1]
    entries = sum(len(part.toc) for part in p.parts)
    toc_pages = 1 + max(0, math.ceil((entries - TOC_FIRST_PAGE) / TOC_PAGE))
    return _Booklet(p, body, counts, anchors, 1 + toc_pages)


def assemble(plans: list[Plan], rendered: list[list[Rendered]], folder: Path, map_fn=map) -> list[bytes]:
    """The finished booklets: front matter with the real page numbers, the parts, the stamped headers
    and page numbers, bookmarks. ``rendered[i]``: what ``render_part`` made of each part of
    ``plans[i]`` (parts taken from another plan: that part's rendering). ``folder``: scratch space for
    the shared documents. ``map_fn`` runs the layout and joining jobs (a process pool's map runs them
    in parallel)."""
    booklets = [_body(p, r) for p, r in zip(plans, rendered)]
    todo = list(range(len(booklets)))
    for round_ in range(3):  # a table of contents longer than guessed shifts every number after it
        for i in todo:
            booklets[i].number()
        # a few booklets' front matter to a document: laid out in parallel, and a province's 200
        # booklets never make one document that a worker must hold whole
        chunks = [todo[k:k + FRONT_BOOKLETS] for k in range(0, len(todo), FRONT_BOOKLETS)]
        htmls = [environment().get_template("booklet.html.j2").render(
            plans[chunk[0]].front_context | {"parts": ("front",),
                                             "fronts": [plans[i].front(booklets[i].toc) for i in chunk]})
            for chunk in chunks]
        wrong = []
        for c, (chunk, (pdf, anchors)) in enumerate(zip(chunks, map_fn(render_part, htmls))):
            path = folder / f"front-{round_}-{c}.pdf"
            path.write_bytes(pdf)
            starts = [next(n for n, on_page in enumerate(anchors) if f"front-{k}" in on_page)
                      for k in range(len(chunk))]
            for k, i in enumerate(chunk):
                length = (starts[k + 1] if k + 1 < len(chunk) else len(anchors)) - starts[k]
                booklets[i].front, booklets[i].slot = (str(path), starts[k]), k
                if length != booklets[i].front_pages:
                    booklets[i].front_pages = length
                    wrong.append(i)
        if not wrong:
            break
        todo = sorted(wrong)
    else:
        raise BookletError("目录页数无法确定：三次排版结果不一致")  # cannot happen for a TOC of fixed entries

    pages = []  # the stamps of each booklet's pages: its own documents, so that a booklet's bytes do not
    for b in booklets:  # depend on how long the others are (each booklet's joining is cached on its own)
        heads = ["目录"] * b.front_pages + b.headers
        pages.append([{"number": n + 1, "header": h, "total": b.pages, "title": b.plan.title,
                       "version_date": b.plan.version_date} for n, h in enumerate(heads)])
    stamp_files = []
    for i, pdfs in enumerate(_stamps(pages, map_fn)):
        stamp_files.append([folder / f"stamps-{i}-{c}.pdf" for c in range(len(pdfs))])
        for path, pdf in zip(stamp_files[-1], pdfs):
            path.write_bytes(pdf)

    jobs = []
    for b, files in zip(booklets, stamp_files):
        runs = [(b.front[0], b.front[1], b.front[1] + b.front_pages - 1)]
        for n, (pdf, first, last) in enumerate(b.body):
            if isinstance(pdf, bytes):
                path = folder / f"part-{len(jobs)}-{n}.pdf"
                path.write_bytes(pdf)
                pdf = path
            runs.append((str(pdf), first, last))
        overlays = [(str(files[k // STAMP_PAGES]), k % STAMP_PAGES) for k in range(b.pages)]
        toc = [entry | {"link": f"toc-{b.slot}-{n}"} for n, entry in enumerate(b.toc)]
        jobs.append({"runs": runs, "stamps": overlays, "toc": toc})
    return list(map_fn(join, jobs))


def _stamps(booklets: list[list[dict]], map_fn) -> list[list[bytes]]:
    """Each booklet's stamp documents, STAMP_PAGES pages each: written directly in the font WeasyPrint
    sets their characters in (render/stamps.py), or laid out by WeasyPrint when that cannot be done."""
    everything = [page for pages in booklets for page in pages]
    (glyphs, _), = map_fn(render_part, [stamps.glyph_html(stamps.characters(everything))])
    made = [stamps.stamp_pdfs(pages, glyphs, STAMP_PAGES) for pages in booklets]
    if all(m is not None for m in made):
        return made
    chunks = [[pages[i:i + STAMP_PAGES] for i in range(0, len(pages), STAMP_PAGES)] for pages in booklets]
    laid_out = iter(map_fn(render_part, [stamp_html(chunk) for each in chunks for chunk in each]))
    return [[next(laid_out)[0] for _ in each] for each in chunks]


def stamp_html(pages: list[dict]) -> str:
    return environment().get_template("booklet-stamps.html.j2").render(pages=pages)


def join(job: dict) -> bytes:
    """One booklet (a worker's job): its runs of pages one after the other, each page's stamp laid over
    it, and bookmarks (PDF outline) for the table of contents' entries, shown when the file is opened:
    a 500-page booklet is read by jumping."""
    import pikepdf

    from .overlay import place

    out = pikepdf.new()
    opened: dict[str, pikepdf.Pdf] = {}

    def document(path: str) -> pikepdf.Pdf:
        if path not in opened:
            opened[path] = pikepdf.open(path)
        return opened[path]

    try:
        for path, first, last in job["runs"]:
            source = document(path)
            for i in range(first, last + 1):
                out.pages.append(source.pages[i])
        for page, (path, i) in zip(out.pages, job["stamps"]):
            stamp = document(path).pages[i]
            place(out, page, stamp, pikepdf.Rectangle(page.mediabox), "/PowerlistStamp")
        with out.open_outline() as outline:
            outline.root.append(pikepdf.OutlineItem("目录", 1))
            parent = None
            for entry in job["toc"]:
                item = pikepdf.OutlineItem(entry["title"], min(max(entry["page"] - 1, 0), len(out.pages) - 1))
                if entry["sub"] and parent is not None:
                    parent.children.append(item)
                else:
                    outline.root.append(item)
                    parent = item
        # The contents' entries link to themselves in the front matter (WeasyPrint writes a link only
        # to an anchor of the same document); here their names lead to the pages they list instead.
        links = pikepdf.NameTree.new(out)
        for entry in job["toc"]:
            links[entry["link"]] = pikepdf.Array([out.pages[min(max(entry["page"] - 1, 0), len(out.pages) - 1)].obj,
                                                  pikepdf.Name.Fit])
        out.Root.Names = pikepdf.Dictionary(Dests=links.obj)
        out.Root.PageMode = pikepdf.Name.UseOutlines
        buffer = io.BytesIO()
        out.save(buffer, deterministic_id=True)
        return buffer.getvalue()
    finally:
        for pdf in opened.values():
            pdf.close()
