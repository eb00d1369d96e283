"""Product: the documents under data/: the open-data files (XLSX, CSV, JSON: quick, made here) and the
booklets (权力清单汇编, the whole catalogue's and each unit's: PDF jobs). A booklet is laid out in parts
on the process pool, then assembled (front matter, stamps, joining); every part and every assembled
booklet is cached by what it holds."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from .. import scratch
from ..derived import summary, unit_project
from ..index import Index
from ..model import Project
from ..render import booklet
from ..render.documents import Table, tables
from ..render.links import CATALOGUE_BOOKLET, DATA_FILES, data_href, statements_href, unit_booklet_href
from ..render.opendata import csv_bytes, json_bytes, open_data, xlsx_bytes
from ..render.pdf import html_to_pdf
from ..render.posts import matrix_table, register, statements_html, statements_table
from . import workers
from .base import Report, Run
from .cache import Cache, digest
from .dating import dated_key
from .workers import Task


@dataclass(frozen=True)
class Assembly:
    """A booklet to join from its laid-out parts once they exist: its cache key, plan and part keys."""

    key: str
    plan: booklet.Plan
    part_keys: list[str]


def open_data_files(run: Run, document_tables: dict[str, Table], figures: dict) -> tuple[int, int]:
    """The open-data files (XLSX, CSV, JSON), made now or taken from the cache, added to the outputs;
    how many were made and how many reused. A build's last shard makes them (build/shards.py): the
    assembly finds them."""
    project, cache, day = run.project, run.cache, run.day
    warnings = figures["findings"]["warnings"]
    public = digest("documents", run.tool, _public_repr(project), day, warnings)
    files = {f.path: f.path.rsplit(".", 1)[1] for f in DATA_FILES if f.path != CATALOGUE_BOOKLET}
    keys = {rel: digest(public, rel) for rel in files}
    cached = all(cache.has(keys[rel], ext) for rel, ext in files.items())
    if not cached:
        post_tables = _post_tables(run.index)
        made = {data_href("powerlist", "json"): json_bytes(open_data(run.index, document_tables, figures, day)),
                data_href("powerlist", "xlsx"): xlsx_bytes([*document_tables.values(), *post_tables], figures,
                                                           project.settings.title, day),
                data_href("posts", "csv"): csv_bytes(post_tables[0])}
        made.update({data_href(t.slug, "csv"): csv_bytes(t) for t in document_tables.values()})
        for rel, ext in files.items():
            cache.put(keys[rel], ext, made[rel])
    for rel, ext in files.items():
        run.outputs[rel] = cache.path(keys[rel], ext)
    return (0, len(files)) if cached else (len(files), 0)


def plan(run: Run, document_tables: dict[str, Table], figures: dict, open_files: bool = True,
         every: bool = False) -> tuple[dict[str, Task], list[Assembly]]:
    """The open-data files (not with ``open_files`` false: a shard makes them apart) and the booklets'
    parts to lay out; every file is added to the outputs. With ``every``, the jobs the cache already
    has too: a shard deals all of them out, so that its share does not depend on what its cache holds
    (then ``missing`` drops what it has)."""
    project, cache, report, day = run.project, run.cache, run.report, run.day
    warnings = figures["findings"]["warnings"]
    if open_files:
        made, reused = open_data_files(run, document_tables, figures)
        report.documents_rendered += made
        report.documents_reused += reused

    tasks: dict[str, Task] = {}
    for unit in project.units:  # each unit's post statements (岗位权力说明书): one PDF job each
        views = run.index.post_views[unit.id]
        if not views:
            continue
        html = statements_html(views)  # without the version date, drawn in afterwards
        key = digest("statements", run.tool, html)
        if cache.has(key, "pdf") and not every:
            report.documents_reused += 1
        else:
            tasks[key] = (None, statement_job, html)
            report.documents_rendered += 1
        run.outputs[statements_href(unit.id)] = cache.path(dated_key(run, key, "footer"), "pdf")

    # The whole booklet first: each unit's booklet takes its catalogue, risk register and responsibility
    # pages from parts of the whole booklet's plan, so a unit booklet's parts are keyed by those parts.
    whole = booklet.plan(project, document_tables, figures, day)
    shared_keys = [part_key(run.tool, part.html) for part in whole.parts + whole.library]
    plans = []
    for rel, scope in [(CATALOGUE_BOOKLET, project)] + [
            (unit_booklet_href(u.id), unit_project(project, u)) for u in project.units]:
        scoped = Index(scope)
        plan = whole if scope is project else booklet.plan(
            scope, tables(scoped), summary(scope, 0, warnings, scoped), day, whole=whole)
        part_keys = [shared_keys[part.source] if part.source is not None else part_key(run.tool, part.html)
                     for part in plan.parts]
        plans.append((rel, plan, part_keys))
    # The booklets are assembled together (their front matter and stamps are laid out in shared
    # documents, whose fonts cover them all), so each booklet's key covers all of them.
    together = digest("booklets", run.tool, _public_repr(project), day, warnings,
                      *[(rel, part_keys) for rel, _, part_keys in plans])
    keys = {rel: digest(together, rel) for rel, _, _ in plans}
    for rel, _, _ in plans:
        run.outputs[rel] = cache.path(keys[rel], "pdf")
    if all(cache.has(key, "pdf") for key in keys.values()) and not every:
        report.documents_reused += len(plans)
        return tasks, []
    assemblies = []
    for rel, plan, part_keys in plans:
        for part, key in zip(plan.parts, part_keys):  # parts shared by booklets are laid out once
            if (every or not cache.has(key, "pdf", "json")) and key not in tasks:
                tasks[key] = (None, part_job, whole.laid_out(part).html)
        assemblies.append(Assembly(keys[rel], plan, part_keys))
        report.documents_rendered += 1
    return tasks, assemblies


def missing(run: Run, tasks: dict[str, Task]) -> dict[str, Task]:
    """The jobs whose results the cache does not have (a booklet part's anchors too)."""
    return {key: task for key, task in tasks.items()
            if not run.cache.has(key, "pdf", *(("json",) if task[1] is part_job else ()))}


def assemble(run: Run, executor, assemblies: list[Assembly]) -> None:
    """The booklets, from their parts (all laid out by now), all together, into the cache."""
    if not assemblies:
        return
    cache = run.cache
    rendered = [[(str(cache.path(k, "pdf")), cache.meta(k)["anchors"]) for k in a.part_keys] for a in assemblies]
    with scratch.temporary("booklets-") as folder:
        made = booklet.assemble([a.plan for a in assemblies], rendered, folder,
                                _cached_map(executor, cache, run.tool, run.report))
    for a, joined in zip(assemblies, made):
        cache.link(a.key, "pdf", joined)


def part_job(html: str) -> tuple[bytes, dict]:
    """One booklet document laid out (a worker's job): the PDF and the anchors on each page."""
    pdf, anchors = booklet.render_part(html)
    return pdf, {"anchors": anchors}


def statement_job(html: str) -> tuple[bytes, dict]:
    """A unit's post statements laid out (a worker's job)."""
    return html_to_pdf(html), {}


def _post_tables(index: Index) -> list[Table]:
    """The posts register (风险岗位登记表), the duty matrix (不相容职责矩阵) and the post statements
    (岗位权力说明书, a row per post), for the workbook."""
    pairs = {u.id: index.incompatible_pairs(u) for u in index.project.units}
    return [register(index.post_views), matrix_table(index.post_views, pairs), statements_table(index.post_views)]


def part_key(tool: str, html: str) -> str:
    """Cache key of a booklet document laid out from ``html``: a part, the front matter, the stamps."""
    return digest("part", tool, html)


def _cached_map(executor, cache: Cache, tool: str, report: Report):
    """The map the booklets' assembly runs its jobs with. The front matter and stamp documents it lays
    out are cached like the parts, by their HTML: after an edit that moves no page number (a renamed
    power, a corrected phone) none is laid out again. A booklet's joining is cached by the bytes of
    what it joins: after an edit in one unit, the other units' booklets are not joined again."""
    digests: dict[str, str] = {}

    def content(path: str) -> str:
        """What identifies a file's bytes: a cache entry's key (parts: content-addressed, never read
        again here), else the hash of the bytes (front matter and stamps, written to scratch)."""
        if path not in digests:
            file = Path(path)
            digests[path] = file.stem if file.is_relative_to(cache.folder) else \
                hashlib.sha256(file.read_bytes()).hexdigest()
        return digests[path]

    def map_fn(fn, items):
        items = list(items)
        if fn is booklet.join:
            keys = [digest("join", tool, [(content(path), first, last) for path, first, last in job["runs"]],
                           [(content(path), i) for path, i in job["stamps"]], job["toc"]) for job in items]
            missing = [i for i, key in enumerate(keys) if not cache.has(key, "pdf")]
            report.booklets_joined += len(missing)
            for i, pdf in zip(missing, executor.map(partial(workers.run_job, fn), [items[i] for i in missing])):
                cache.put(keys[i], "pdf", pdf)
            return [cache.path(key, "pdf") for key in keys]
        if fn is not booklet.render_part:
            return list(executor.map(partial(workers.run_job, fn), items))
        keys = [part_key(tool, html) for html in items]
        missing = [i for i, key in enumerate(keys) if not cache.has(key, "pdf", "json")]
        laid_out = executor.map(partial(workers.run_job, part_job), [items[i] for i in missing])
        for i, (pdf, meta) in zip(missing, laid_out):
            cache.put_pdf(keys[i], pdf, meta)
        return [(cache.path(key, "pdf").read_bytes(), cache.meta(key)["anchors"]) for key in keys]

    return map_fn


def _public_repr(project: Project) -> str:
    """What the documents depend on (the project is already ``public``: no roster, no internal notes)."""
    return repr((project.settings, project.sources, project.units, project.flows))
