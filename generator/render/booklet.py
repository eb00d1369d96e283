"""The PDF booklet (A4 landscape): cover with the summary figures, table of contents with page numbers,
the duty catalogue by unit and category, the risk register and the responsibility list; running
header with the section (and so the unit), page x / y, table heads repeated, no row split.

WeasyPrint lays out about ten pages a second, and a county catalogue runs to hundreds of pages, so the
booklet is made in parts that can be laid out in parallel (one per unit and section, the risk register
in chunks), each without header or footer. ``assemble`` then knows every part's length: it renders the
front matter with the right page numbers, a light "stamp" document with each page's running header and
page number, and joins everything with qpdf (parts one after the other, stamps laid over them).
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path

from ..model import Project
from ..responsibility import ACCOUNTABILITY_LEAD, standard_cases, standard_stages
from .documents import CATEGORY_ORDER, Table, ordered_powers
from .opendata import summary_rows
from .pdf import environment, render_document

PART_ROWS = 150  # rows per part: parts of similar size keep both cores busy; fewer, larger parts
                 # save WeasyPrint's per-document cost
STAMP_PAGES = 128


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
    title: str
    version_date: str
    summary_rows: list
    parts: list[Part]
    front_context: dict


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
    one unit of it), the unit's catalogue and responsibility pages are taken from the whole booklet's
    parts instead of being laid out again; only its risk register and standard texts are new."""
    title = title or project.settings.title
    template = environment().get_template("booklet.html.j2")
    base = {"title": title, "version_date": version_date.isoformat(), "lead": ACCOUNTABILITY_LEAD, "toc": [],
            "summary_rows": [], "risks": [], "risks_heading": False, "standard": [], "units": [],
            "cover_unit": project.units[0].name if len(project.units) == 1 else None}
    units = _unit_views(project, tables)
    if whole is not None:
        return _unit_plan(units, tables, summary, base, template, whole)
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
    return Plan(title, version_date.isoformat(), summary_rows(summary), parts, base)


def _unit_plan(units: list[dict], tables: dict[str, Table], summary: dict, base: dict, template,
               whole: Plan) -> Plan:
    (u,) = units

    def source(anchor: str) -> int:
        return next(i for i, part in enumerate(whole.parts) if anchor in dict(part.headers))

    catalogue, duties = f"catalogue-{u['id']}", f"duties-{u['id']}"
    parts = [Part("", ((catalogue, f"一、职权目录 · {u['name']}"),),
                  ((catalogue, "一、职权目录", False), (catalogue, u["name"], True)), source(catalogue), catalogue)]
    parts += _risk_parts(tables["risks"].rows, base, template)
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
                  key=CATEGORY_ORDER.index)
    standard = [(c, standard_stages(c), standard_cases(c)) for c in used]
    return Part(template.render(base | {"parts": ("standard",), "standard": standard}),
                (("responsibilities", "三、责任清单 · 通用责任事项"),),
                (("responsibilities", "三、责任清单", False), ("standard", "（一）通用责任事项和追责情形", True)))


def _unit_views(project: Project, tables: dict[str, Table]) -> list[dict]:
    views = []
    for unit in project.units:
        rows = [r for r in tables["catalogue"].rows if r["unit_id"] == unit.id]
        duties = [{"code": p.code, "name": p.name, "category": p.category,
                   "stages": [(r.stage, r.duty) for r in p.responsibilities], "cases": list(p.accountability)}
                  for u, p in ordered_powers(project) if u is unit]
        numbered = [r | {"index": i} for i, r in enumerate(rows, start=1)]  # 序号 restarts in each unit
        views.append({"id": unit.id, "name": unit.name, "duties": duties,
                      "categories": [(c, list(rs)) for c, rs in groupby(numbered, key=lambda r: r["category"])]})
    return views


def render_part(html: str) -> tuple[bytes, list[list[str]]]:
    """One part as PDF, and the anchors (heading ids) on each of its pages (a worker's job)."""
    document = render_document(html)
    # anchors in reading order (top to bottom); page.anchors maps each id to its position
    return document.write_pdf(), [[a for a, _ in sorted(page.anchors.items(), key=lambda kv: (kv[1][1], kv[1][0], kv[0]))]
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


def stamp_html(pages: list[dict], total: int, title: str, version_date: str) -> str:
    return environment().get_template("booklet-stamps.html.j2").render(
        pages=pages, total=total, title=title, version_date=version_date)


def assemble(p: Plan, rendered: list[tuple[bytes, list[list[str]]]], map_fn=map) -> bytes:
    """Front matter with the real page numbers, the parts, and the stamped headers and page numbers.
    ``map_fn`` renders the stamp chunks (a process pool's map makes them in parallel)."""
    if shutil.which("qpdf") is None:
        raise BookletError("找不到 qpdf: 请安装 qpdf (Debian: apt-get install qpdf), 或运行 ./dev.sh setup")
    ranges: list[str | None] = []  # qpdf page ranges of parts taken from another booklet
    body = []
    for part, (pdf, anchors) in zip(p.parts, rendered):
        if part.source is None:
            ranges.append(None)
            body.append((pdf, anchors))
        else:
            first, last = _unit_pages(anchors, part.anchor)
            ranges.append(f"{first + 1}-{last + 1}")
            body.append((pdf, anchors[first:last + 1]))
    front_pages = 2
    for _ in range(3):  # the TOC's own length shifts every number after it
        toc, headers, page, current = [], [], front_pages + 1, ""
        for part, (_, anchors) in zip(p.parts, body):
            names = dict(part.headers)
            first_page = {}
            for i, on_page in enumerate(anchors):
                sections = [names[a] for a in on_page if a in names]
                headers.append(sections[0] if sections else current)  # the first heading on the page names it
                current = sections[-1] if sections else current
                for a in on_page:
                    first_page.setdefault(a, page + i)
            for anchor, text, sub in part.toc:
                toc.append({"title": text, "page": first_page.get(anchor, page), "sub": sub})
            page += len(anchors)
        front_html = environment().get_template("booklet.html.j2").render(
            p.front_context | {"parts": ("front",), "toc": toc, "summary_rows": p.summary_rows})
        front, front_anchors = render_part(front_html)
        if len(front_anchors) == front_pages:
            break
        front_pages = len(front_anchors)
    total = front_pages + len(headers)
    pages = [{"number": n, "header": "目录"} for n in range(1, front_pages + 1)]
    pages += [{"number": front_pages + 1 + i, "header": h} for i, h in enumerate(headers)]
    chunks = [stamp_html(pages[i:i + STAMP_PAGES], total, p.title, p.version_date)
              for i in range(0, len(pages), STAMP_PAGES)]
    stamps = [pdf for pdf, _ in map_fn(render_part, chunks)]
    with tempfile.TemporaryDirectory(prefix="powerlist-booklet-") as tmp:
        def saved(name: str, data: bytes) -> str:
            (Path(tmp) / name).write_bytes(data)
            return str(Path(tmp) / name)

        files = [saved("front.pdf", front)]
        for i, ((pdf, _), pages) in enumerate(zip(rendered, ranges)):
            files += [saved(f"part{i:04d}.pdf", pdf)] + ([pages] if pages else [])
        stamp_files = [saved(f"stamps{i:04d}.pdf", pdf) for i, pdf in enumerate(stamps)]
        overlay = stamp_files[0]
        if len(stamp_files) > 1:
            overlay = str(Path(tmp) / "stamps.pdf")
            _qpdf(["--empty", "--pages", *stamp_files, "--", overlay])
        out = str(Path(tmp) / "booklet.pdf")
        _qpdf(["--empty", "--pages", *files, "--", "--overlay", overlay, "--", out])
        return with_outline(Path(out).read_bytes(), toc)


def with_outline(pdf: bytes, toc: list[dict]) -> bytes:
    """The booklet with bookmarks (PDF outline) for the table of contents' entries, shown when the
    file is opened: a 500-page booklet is read by jumping. (qpdf drops the parts' own bookmarks when
    joining them.) pypdf writes the same bytes for the same input."""
    import io

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.add_outline_item(title="目录", page_number=1)
    parent = None
    for entry in toc:
        page = min(max(entry["page"] - 1, 0), len(writer.pages) - 1)
        item = writer.add_outline_item(title=entry["title"], page_number=page,
                                       parent=parent if entry["sub"] else None)
        if not entry["sub"]:
            parent = item
    writer.page_mode = "/UseOutlines"
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _qpdf(args: list[str]) -> None:
    r = subprocess.run(["qpdf", "--deterministic-id", *args], capture_output=True)
    if r.returncode not in (0, 3):  # 3: warnings only
        raise BookletError(f"qpdf 合并失败: {r.stderr.decode(errors='replace')[:500]}")


def booklet_pdf(project: Project, tables: dict[str, Table], summary: dict, version_date: dt.date,
                title: str | None = None, jobs: int = 1) -> bytes:
    """The whole booklet in one call; parts and stamps laid out on ``jobs`` processes."""
    p = plan(project, tables, summary, version_date, title)
    if jobs > 1 and len(p.parts) > 1:
        import concurrent.futures as cf
        import multiprocessing

        with cf.ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            # largest parts first, so that no worker is left with a long part at the end
            order = sorted(range(len(p.parts)), key=lambda i: -len(p.parts[i].html))
            futures = {i: pool.submit(render_part, p.parts[i].html) for i in order}
            rendered = [futures[i].result() for i in range(len(p.parts))]
            return assemble(p, rendered, pool.map)
    return assemble(p, [render_part(part.html) for part in p.parts])
