"""The transparency website (晒权): every page as bytes, a pure function of the public model.

Layout of the site (relative links only, so it works under any sub-path):

    index.html              units, headline figures, search box
    units/<unit>.html       a unit's duty catalogue by category, its posts by grade, its duty matrix
    posts/<unit>/<post>.html a post: its steps, risk points, supervision (posts are public, persons not)
    powers/<code>.html      a power in service-guide order (QR codes on the posters point here)
    risks.html              the risk register
    data.html               open-data downloads
    announcements.html      the published version and its date
    guide.html              how to read a chart
    search.html             Pagefind search (the only page that needs JavaScript)
    assets/                 style sheet and the search page's script
    sitemap.xml, robots.txt only when settings.base_url is set
    findings.html, DRAFT.txt only in a draft (render/draft.py), whose robots.txt disallows everything

Templates autoescape; Markdown fields go through ``markup.markdown_html`` (sanitised). Each page
carries a Content-Security-Policy that allows nothing from outside the site.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from xml.sax.saxutils import escape as xml_escape

from ..changes import Change
from ..derived import effective_responsibilities, numbered_risks, ordered_powers, power_order, risk_count, top_level
from ..index import Index
from ..model import FEE_CATEGORIES, Power, Project, Unit
from ..posts import by_grade
from ..responsibility import ACCOUNTABILITY_LEAD
from ..wording import LEVEL_NAME, chart_name, days_text, fee_text, limit_phrase, remedies_shown, stated, visits_text
from . import draft as drafts
from .announcement import grouped
from .documents import LISTED_POWERS, Table
from .links import (
    DRAFT_MARKER,
    ICP_RECORDS,
    POLICE_RECORDS,
    ROBOTS,
    SEARCH_NAMES,
    SEARCH_PART_PAGES,
    SITEMAP,
    absolute,
    asset_href,
    chart_href,
    page_href,
    post_href,
    poster_href,
    power_href,
    search_dir,
    unit_href,
)
from .markup import markdown_html
from .posts import duty_matrix, post_context
from .templates import TEMPLATES, environment

SITE_TEMPLATES = TEMPLATES / "site"
ASSETS = ("style.css", "search.js")
# 'wasm-unsafe-eval': Pagefind's search runs as WebAssembly; nothing else may run or load from outside.
CSP = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'")


@dataclass(frozen=True)
class Download:
    path: str  # relative to the site root
    title: str
    description: str
    size: int | None = None

    @property
    def kind(self) -> str:
        return self.path.rsplit(".", 1)[-1].upper()

    @property
    def size_text(self) -> str:
        if self.size is None:
            return ""
        return f"{self.size / 1048576:.1f} MB" if self.size >= 1048576 else f"{max(1, round(self.size / 1024))} KB"


@dataclass(frozen=True)
class Announcement:
    """One published version on the announcements page: its changes since the version before."""

    title: str  # the tag, or 本版本
    date: dt.date
    changes: tuple[Change, ...]
    first: bool = False  # the first published version: nothing to compare with


@dataclass(frozen=True)
class SiteInput:
    """What the pages are made from: the public model and what the rest of the build produced."""

    index: Index  # of the public project (``model.public``: no roster, no internal notes)
    version_date: dt.date
    summary: dict
    risk_table: Table
    charts: bool = True  # charts/<flow>.svg exist
    posters: bool = True  # posters/<flow>.pdf exist
    documents: bool = True  # data/ (the booklets, the post statements ...) exists
    downloads: tuple[Download, ...] = ()
    announcements: tuple[Announcement, ...] = ()  # newest first
    draft: drafts.Draft | None = None  # a draft: the banner, the findings page, flows left out

    def drawn(self, flow_id: str) -> bool:
        """Whether the flow has a chart and a poster (a draft leaves out the flows it cannot draw)."""
        return self.draft is None or flow_id not in self.draft.left_out

    @property
    def project(self) -> Project:
        return self.index.project


def _page(rel: str, template: str, project, data: "SiteInput", **context) -> bytes:
    common = {"site_title": project.settings.title, "version_date": data.version_date.isoformat(),
              "footer": project.settings.footer, "records": {"icp": ICP_RECORDS, "police": POLICE_RECORDS},
              "csp": CSP, "has_charts": data.charts, "has_posters": data.posters,
              "draft": {"errors": data.draft.errors, "warnings": data.draft.warnings} if data.draft else None}
    return environment().get_template(f"site/{template}").render(
        common | context, root=_root(rel), rel=rel,
        canonical=absolute(project.settings.base_url, rel)).encode()


def _root(rel: str) -> str:
    """The site root as seen from the page at ``rel`` ("", "../" ...): links stay relative, so the
    site works under any sub-path."""
    return "../" * rel.count("/")


def search_parts(project: Project) -> list[list[str]]:
    """The power pages of each part of the search index (links.SEARCH_PART_PAGES): whole units in
    catalogue order while they fit, a unit larger than a part cut; each part's pages in path order
    (Pagefind numbers pages in the order it is given them). An edit re-indexes only its part."""
    parts: list[list[str]] = []
    current: list[str] = []
    last_unit = None
    for unit, power in ordered_powers(project):
        if unit is not last_unit:  # a new unit starts a new part if the unit would not fit in this one
            last_unit = unit
            if current and len(current) + len(unit.powers) > SEARCH_PART_PAGES:
                parts.append(current)
                current = []
        if len(current) == SEARCH_PART_PAGES:
            parts.append(current)
            current = []
        current.append(power_href(power.code))
    if current:
        parts.append(current)
    return [sorted(part) for part in parts]


def power_page(data: SiteInput, unit, power) -> bytes:
    """A power's page (also made alone: a build's shard indexes the power pages of its search parts)."""
    try:
        return _page(power_href(power.code), "power.html.j2", data.project, data, unit=unit, power=power,
                     **_power_context(power, unit, data))
    except Exception as e:  # the build names the power in its message
        e.add_note(f"{power.loc.path}:{power.loc.line}:{power.loc.col}: 事项 {power.code} 的网页")
        raise


def data_page(data: "SiteInput") -> bytes:
    """data.html: the open-data downloads with their sizes (made last, once the files exist)."""
    return _page(page_href("data"), "data.html.j2", data.project, data, downloads=data.downloads)


class PageMemo:
    """The power and post pages of the last build in a long-running process (`serve`), each with what
    it was made from: the model objects it shows, compared by identity (a file that did not change is
    loaded into the very same frozen objects, project.py), and plain values. A page whose inputs are
    all the same is not rendered again: an edit re-renders the pages of the unit and flow it touched."""

    def __init__(self) -> None:
        self.pages: dict[str, tuple[tuple, bytes]] = {}
        self.reused = 0  # pages the last build took from here

    def get(self, rel: str, key: tuple) -> bytes | None:
        hit = self.pages.get(rel)
        if hit is not None and _same(hit[0], key):
            self.reused += 1
            return hit[1]
        return None


def _same(a, b) -> bool:
    if a is b:
        return True
    if isinstance(a, tuple) and isinstance(b, tuple):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    plain = (str, int, float, bool, dt.date)
    return type(a) is type(b) and isinstance(a, plain) and a == b


def search_names(project: Project) -> bytes:
    """The search page's list of powers (code, name, unit, category, page), in catalogue order: a query
    found in a power's name, code or unit lists that power first, whatever Pagefind's word index makes
    of it (Pagefind cuts a query with the browser's word segmenter and the pages with another, so a
    power's exact name often matched nothing)."""
    rows = [[p.code, p.name, u.name, p.category, power_href(p.code)] for u in project.units for p in u.powers]
    return json.dumps({"powers": rows}, ensure_ascii=False, separators=(",", ":")).encode()


def site_files(data: SiteInput, memo: PageMemo | None = None) -> dict[str, bytes]:
    """Relative path -> file content, for every page and asset of the site. ``memo``: pages kept
    from the last build, reused where their inputs are the same (and then replaced by this build's)."""
    project, index = data.project, data.index
    files: dict[str, bytes] = {}
    kept: dict[str, tuple[tuple, bytes]] = {}
    if memo is not None:
        memo.reused = 0
    # what every page shows besides its own objects (the settings by value: they are loaded anew)
    common = (repr(project.settings), data.version_date, data.charts, data.posters, data.documents,
              (data.draft.errors, data.draft.warnings) if data.draft else None)

    def page(rel: str, template: str, **context) -> None:
        files[rel] = _page(rel, template, project, data, **context)

    def remembered(rel: str, key: tuple, make) -> None:
        """A page made (by ``make()``) from ``key``'s objects and values only: reused when they are the same."""
        key = (*common, *key)
        made = memo.get(rel, key) if memo is not None else None
        if made is None:
            made = make()
        files[rel] = made
        kept[rel] = (key, made)

    categories = [{"category": c, "count": n} for c, n in data.summary["powers_by_category"].items()]
    page(page_href("index"), "index.html.j2", summary=data.summary, categories=categories, units=[
        {"id": u.id, "name": u.name, "powers": len(u.powers),
         "risks": sum(risk_count(f) for f in project.flows if f.unit == u.id)}
        for u in project.units])

    for unit in project.units:
        groups: dict[str, list] = {}
        for power in sorted(unit.powers, key=power_order):
            groups.setdefault(stated(power.category), []).append({
                "href": power_href(power.code), "code": power.code, "name": power.name, "office": stated(power.office),
                "legal_limit": limit_phrase(power.legal_limit, power.limit_unit),
                "promised_limit": limit_phrase(power.promised_limit, power.limit_unit),
                "fee": fee_text(power), "risks": risk_count(index.flow_of(power))})
        views = index.post_views[unit.id]
        names = {p.id: p.name for p in unit.posts}
        page(unit_href(unit.id), "unit.html.j2", unit=unit, groups=list(groups.items()),
             flows=[f for f in project.flows if f.unit == unit.id and data.drawn(f.id)],
             grades=[(g, [(v.id, v.post.name, v.post.section, len(v.risks)) for v in vs])
                     for g, vs in by_grade(views).items() if vs],
             matrix=duty_matrix(views, index.incompatible_pairs(unit)), statements=data.documents)
        # a post's view is made from its unit, the unit's flows and the powers that run them
        flows = tuple(f for f in project.flows if f.unit == unit.id)
        users = tuple(p for f in flows for _, p in index.flow_users.get(f.id, []))
        for view in views:
            rel = post_href(unit.id, view.id)
            remembered(rel, ("post", unit, flows, users),
                       lambda rel=rel, view=view: _page(rel, "post.html.j2", project, data, unit=unit,
                                                        post=post_context(view, names), listed=LISTED_POWERS))

    for unit, power in ordered_powers(project):
        flow = index.flow_of(power)
        key = ("power", unit, power, flow, tuple(index.sources.get(c.source) or c.source for c in power.basis),
               tuple(p for _, p in index.flow_users.get(flow.id, [])) if flow else (),
               data.drawn(flow.id) if flow else None)
        remembered(power_href(power.code), key, lambda unit=unit, power=power: power_page(data, unit, power))

    risk_rows = []
    for row in data.risk_table.rows:
        links = [(power_href(p.code), p.name) for _, p in index.flow_users.get(row["flow"], [])]
        risk_rows.append(row | {"links": links})
    page(page_href("risks"), "risks.html.j2", rows=risk_rows, listed=LISTED_POWERS,
         levels=data.summary["risk_points_by_level"])
    files[page_href("data")] = data_page(data)
    codes = {p.code for _, p in project.powers()}  # a power cancelled since has no page to link to

    page(page_href("announcements"), "announcements.html.j2", summary=data.summary, history=[
        {"title": a.title, "date": a.date.isoformat(), "first": a.first, "count": len(a.changes),
         "groups": [(kind, [c | {"href": power_href(c["code"]) if c["code"] in codes else None}
                            for c in (x.as_dict() for x in items)]) for kind, items in grouped(list(a.changes))]}
        for a in data.announcements])
    # the guide's example chart: the shortest flow that has a risk point
    example = min((f for f in project.flows if data.drawn(f.id)),
                  key=lambda f: (not any(s.risks for s in f.steps), len(f.steps), f.id), default=None)
    page(page_href("guide"), "guide.html.j2", example=example if data.charts else None, levels=LEVEL_NAME)
    # a catalogue with no power yet (a project just begun) has nothing to index: the page says so
    page(page_href("search"), "search.html.j2", searchable=data.summary["powers"] > 0, names=SEARCH_NAMES,
         more=[search_dir(n) + "/" for n in range(1, len(search_parts(project)))])
    if data.summary["powers"]:
        files[SEARCH_NAMES] = search_names(project)
    for name in ASSETS:
        files[asset_href(name)] = (SITE_TEMPLATES / name).read_bytes()
    base_url = project.settings.base_url
    if data.draft:  # never indexed, never mistaken for the published site
        page(page_href("findings"), "findings.html.j2", rows=data.draft.rows())
        files[ROBOTS] = drafts.ROBOTS.encode()
        files[DRAFT_MARKER] = drafts.MARKER.encode()
    elif absolute(base_url, page_href("index")):  # a usable address (an http(s) URL): PL608 says why not
        files[SITEMAP] = _sitemap(base_url, sorted(r for r in files if r.endswith(".html")), data.version_date)
        files[ROBOTS] = f"User-agent: *\nAllow: /\nSitemap: {absolute(base_url, SITEMAP)}\n".encode()
    if memo is not None:
        memo.pages = kept  # this build's pages only: memory holds one site
    return files


def _power_context(power: Power, unit: Unit, data: SiteInput) -> dict:
    index = data.index
    flow = index.flow_of(power)
    own = effective_responsibilities(power)
    basis = []
    for c in power.basis:
        source = index.sources.get(c.source)
        basis.append({"title": source.title if source else c.source, "source": source,
                      "article": c.article, "text": c.text})
    context = {"basis": basis, "conditions": markdown_html(power.conditions),
               "remarks": markdown_html(power.remarks),
               "legal_limit": limit_phrase(power.legal_limit, power.limit_unit),
               "promised_limit": limit_phrase(power.promised_limit, power.limit_unit),
               # a fee line where a party applies (or a fee is given); a penalty's page has none to state
               "show_fee": power.fee is not None or power.fee_basis is not None or power.category in FEE_CATEGORIES,
               "address": power.address or unit.address, "office_hours": power.office_hours or unit.office_hours,
               "phone": power.phone or unit.phone, "complaint_phone": power.complaint_phone or unit.complaint_phone,
               "flow": flow, "chart": None, "poster": None, "left_out": False, "steps": [], "risks": [],
               "shared_with": [], "shared_count": 0,
               "visits": visits_text(power.visits),
               "remedies": remedies_shown(power),
               "description": markdown_html(flow.description) if flow else "",
               "stages": list(own.stages), "stages_standard": own.stages_standard,
               "cases": list(own.cases), "cases_standard": own.cases_standard, "lead": ACCOUNTABILITY_LEAD}
    if flow is None:
        return context
    posts = {p.id: p for p in unit.posts}
    risks = numbered_risks(flow)
    numbers: dict[str, list[int]] = {}
    for item in risks:
        numbers.setdefault(item.step.id, []).append(item.number)
    names = {s.id: s.name for s in flow.steps}
    edges: dict[str, list] = {}
    for step, t in flow.edges():
        edges.setdefault(step.id, []).append((names.get(t.to, t.to), t.when))
    root = _root(power_href(power.code))
    for number, step in enumerate(flow.steps, start=1):
        post = posts.get(step.post)
        context["steps"].append({
            "number": number, "name": step.name, "post": post.name if post else step.post,
            "post_href": root + post_href(unit.id, post.id) if post else None,
            "section": post.section if post else "", "action": step.action, "days": days_text(step, flow.limit_unit),
            "counted": step.counted, "officers": step.officers, "duty": step.duty, "supervision": step.supervision,
            "risk_numbers": numbers.get(step.id, []), "next": edges.get(step.id, []),
            "level": top_level(step.risks)})
    for item in risks:
        owner = posts.get(item.risk.owner)
        context["risks"].append({"number": item.number, "step": item.step.name, "level": item.risk.level,
                                 "level_name": LEVEL_NAME[item.risk.level], "type": item.risk.type,
                                 "description": item.risk.description, "manifestation": item.risk.manifestation,
                                 "measures": item.risk.measures, "owner": owner.name if owner else item.risk.owner})
    if not data.drawn(flow.id):
        context["left_out"] = True
        return context
    if data.charts:
        context["chart"] = {"src": root + chart_href(flow.id, "svg"), "png": root + chart_href(flow.id, "png"),
                            "alt": f"{chart_name(flow.name)}：{len(flow.steps)} 个环节，{len(risks)} 个风险点（★）。"
                                   "各环节的文字说明见下方“办理步骤”。"}
    if data.posters:
        context["poster"] = root + poster_href(flow.id)
    others = [(root + power_href(p.code), p.name) for _, p in index.flow_users.get(flow.id, []) if p.code != power.code]
    # the first few, then how many: a general procedure serving hundreds of powers listed them all on each
    # of their pages (a bureau's pages grew with the square of its penalties: 43 MB for 600)
    context["shared_with"], context["shared_count"] = others[:LISTED_POWERS], len(others)
    return context



def _sitemap(base_url: str, pages: list[str], day: dt.date) -> bytes:
    urls = "".join(f"  <url><loc>{xml_escape(absolute(base_url, p))}</loc><lastmod>{day.isoformat()}</lastmod></url>\n"
                   for p in pages if p != page_href("search"))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + urls + "</urlset>\n").encode()
