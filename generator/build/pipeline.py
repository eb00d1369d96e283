"""The build, as a story: load, check, make public, plan each product, run the jobs, collect, swap in.

Everything below ``_build`` runs at once, so that both cores stay busy from the plan to the end: the
charts on threads (Graphviz processes); the booklets' parts, then the posters (once their charts
exist) and the booklets' assembly on the process pool; the website's pages and search index in this
thread."""

from __future__ import annotations

import concurrent.futures as cf
import dataclasses
import datetime as dt
import os
import threading
import time
from pathlib import Path

from .. import scratch
from ..derived import summary
from ..index import Index
from ..layout import CACHE_DIR
from ..model import Project, public
from ..project import load_files, read_folder
from ..render import draft as drafts
from ..render import graphviz, templates
from ..render.documents import tables
from ..render.links import DATA_DIR, SEARCH_DIR, is_search_dir, page_href
from ..render.site import PageMemo, SiteInput, data_page, site_files
from ..rules import check
from . import charts, dating, documents, output, posters, shards, site, workers
from .base import BuildError, Options, Report, Run
from .cache import Cache, digest, tool_digest, unchanged, write_manifest
from .versions import git_date, git_tags, version_date


def build(root: Path, opts: Options) -> Report:
    """Check the project in ``root`` and, if it passes, build what ``opts`` asks for into ``opts.out``."""
    root = root.resolve()
    out = opts.out.resolve()
    output.check_output_folder(root, out)
    scratch.sweep()
    templates.fresh_environment()
    with output.output_lock(out), scratch.as_tempdir():
        output.sweep_stale(out)
        try:
            return _build(root, out, opts)
        except graphviz.GraphvizError as e:
            raise BuildError(str(e)) from e


def _build(root: Path, out: Path, opts: Options) -> Report:
    report = Report()
    files, problems = read_folder(root)
    cache = Cache(root / CACHE_DIR, opts.cache)
    tool = tool_digest(graphviz.version())
    manifest = cache.manifest(out)
    options_key = (opts.charts, opts.posters, opts.documents, opts.site, opts.paper, opts.landscape, opts.draft,
                   opts.shard, opts.defer)
    # Today is an input too: it is the default check date (a law repealed overnight must be caught)
    # and the last-resort version date.
    inputs = digest(tool, options_key, os.environ.get("SOURCE_DATE_EPOCH", ""), git_date(root), git_tags(root),
                    dt.date.today(), *[(p, b) for p, b in sorted(files.items())])
    if opts.cache and not problems and unchanged(manifest, inputs, out):
        report.unchanged = True
        return report
    report.nested_caches = cache.nested() if opts.cache else []

    # Load and check: nothing is written unless the catalogue passes.
    clock = time.perf_counter()
    result = load_files(str(root), files)
    findings, _ = check(result)
    report.findings = list(problems) + findings
    errors = [f for f in report.findings if f.severity == "error"]
    report.draft = opts.draft
    # A draft is built over the rules' errors, not over files that do not load (rules have not run on
    # them) nor over unsafe ids (they become file names)
    report.blocked = any(f.code.startswith("PL0") or f.code == "PL604" for f in errors)
    if errors and (not opts.draft or report.blocked):
        return report
    project = _public(result.project)  # from here on, nothing private exists to be published
    run = Run(root, opts, Index(project), version_date(root, project), tool, cache, report,
              left_out=drafts.left_out(project.flows, errors) if opts.draft else frozenset())
    draft = drafts.Draft(tuple(report.findings), run.left_out) if opts.draft else None
    report.seconds["load+check"] = time.perf_counter() - clock
    # never more workers than cores: the PDF jobs are CPU-bound, and every worker is forked up front
    jobs = min(opts.jobs or os.cpu_count() or 1, os.cpu_count() or 1)
    if opts.shard:
        return _shard(run, jobs, len(errors))

    drawings = charts.plan(run)
    stop = threading.Event()  # set when the build fails or is interrupted: the chart thread then stops soon
    with output.new_output(out) as made:
        _assemble(run, made, drawings, jobs, draft, len(errors), stop)
        report.no_address = opts.posters and not project.settings.base_url
        clock = time.perf_counter()
        report.files = len(run.outputs)
        made.fill(run.outputs, run.search)
        made.swap()
    write_manifest(manifest, inputs, out)
    if opts.prune_cache and opts.cache and not opts.defer:
        report.pruned = cache.prune(set(run.search.values()))
    report.seconds["write"] = time.perf_counter() - clock
    return report


def _assemble(run: Run, made: output.NewOutput, drawings: list, jobs: int, draft, errors: int,
              stop: threading.Event) -> None:
    """Everything the build makes, into the cache and ``run.outputs`` (the site's pages straight into
    the new output ``made``, so that they do not stay in memory while the PDFs are made)."""
    opts, report, project, out = run.opts, run.report, run.project, made.out
    started = time.perf_counter()
    with workers.frozen(), workers.pool(jobs, pdfs=opts.posters or opts.documents) as pool, \
            cf.ThreadPoolExecutor(max_workers=1) as background, workers.stopping(stop):
        drawn = background.submit(graphviz.draw_all, drawings, jobs, stop)

        # The documents' figures and tables, shared by the site, the booklets and the open data
        warnings = sum(1 for f in report.findings if f.severity == "warning")
        figures = summary(project, errors, warnings, run.index)
        document_tables = tables(run.index) if opts.documents or opts.site else {}
        part_tasks, assemblies = ({}, []) if not opts.documents or opts.defer else \
            documents.plan(run, document_tables, figures)
        workers.trim()  # the open data's workbook and JSON are written: their working memory goes back
        parts = workers.submit(pool, part_tasks)
        # after an edit (defer), the few posters to redraw start at once, beside the pages
        poster_jobs = workers.submit(pool, posters.plan(run)) if opts.defer and opts.posters else None

        clock = time.perf_counter()  # the website's pages meanwhile (the data page again at the end)
        if opts.site:
            web = SiteInput(run.index, run.day, figures, document_tables["risks"], charts=opts.charts,
                            posters=opts.posters, documents=opts.documents, announcements=site.announcements(run),
                            draft=draft)
            memo = _PAGES if opts.keep else None
            pages: dict[str, Path] = {rel: made.write(rel, data) for rel, data in site_files(web, memo).items()}
            report.pages_reused = memo.reused if memo else 0
            workers.trim()  # the pages are written: their bytes go back (a province's are 110 MB)
        report.seconds["site"] = time.perf_counter() - clock

        drawn.result()
        report.seconds["charts"] = time.perf_counter() - started
        if poster_jobs is None:
            poster_jobs = workers.submit(pool, posters.plan(run) if opts.posters else {})

        if opts.defer:  # the previous build's search index and documents, until the full build that follows
            run.search = _carry(run, out)
        elif opts.site:  # the search index (Pagefind, a process of its own) while the posters are drawn
            clock = time.perf_counter()
            run.search = site.search_bundles(run, pages)
            report.search_index = bool(run.search)
            report.seconds["site"] += time.perf_counter() - clock

        parts.update(poster_jobs)
        poster_jobs = None
        _collect(run, parts, pool)
        documents.assemble(run, pool, assemblies)
    report.seconds["pdfs"] = time.perf_counter() - started  # from the start: posters and booklets overlap the rest
    if opts.site:
        rel = page_href("data")
        pages[rel] = made.write(rel, data_page(dataclasses.replace(web, downloads=site.downloads(run))))
        report.pages = sum(1 for rel in pages if rel.endswith(".html"))
        run.outputs.update(pages)


# What a long-running process (`serve`) keeps from one build to the next, besides the loaded files
# (project.py): the public copies of the units, flows and sources, and the power and post pages. Both
# go by the identity of frozen model objects, so only what an edit changed is made again.
_PUBLIC: dict[int, tuple[object, object]] = {}
_PAGES = PageMemo()


def _public(project: Project) -> Project:
    """``model.public(project)``, reusing the public copy of every unit, flow and source that is the
    very same object as in the last build."""
    kept: dict[int, tuple[object, object]] = {}

    def copy(obj):
        hit = _PUBLIC.get(id(obj))
        made = hit[1] if hit is not None and hit[0] is obj else public(obj)
        kept[id(obj)] = (obj, made)
        return made

    made = dataclasses.replace(project, settings=public(project.settings),
                               units=tuple(copy(u) for u in project.units),
                               flows=tuple(copy(f) for f in project.flows),
                               sources=tuple(copy(s) for s in project.sources))
    _PUBLIC.clear()
    _PUBLIC.update(kept)
    return made


def _carry(run: Run, out: Path) -> dict[str, Path]:
    """A deferred build's data/ and search index: the output's own, as the last build left them."""
    run.report.deferred = True
    if run.opts.documents:
        run.outputs.update(output.carried(out, (DATA_DIR,)))
    search = {d.name: d for d in sorted(out.glob(SEARCH_DIR + "*")) if is_search_dir(d.name) and d.is_dir()}
    run.report.search_index = run.opts.site and bool(search)
    return search if run.report.search_index else {}


def _shard(run: Run, jobs: int, errors: int) -> Report:
    """One shard of a build split over CI runners (build/shards.py): its charts, posters and document
    parts laid out into the cache, its parts of the search index indexed there, and, on the last shard,
    the open data made there; no page and nothing in the output folder."""
    opts, report = run.opts, run.report
    part = shards.Shard(opts.shard, [u.id for u in run.project.units])
    report.shard = opts.shard
    drawings = charts.plan(run, part.has_flow) if opts.charts else []
    poster_tasks = posters.plan(run, part.has_flow) if opts.posters else {}
    doc_tasks: dict = {}
    warnings = sum(1 for f in report.findings if f.severity == "warning")
    figures = summary(run.project, errors, warnings, run.index)
    document_tables = tables(run.index) if opts.documents or opts.site else {}
    reused = 0
    if opts.documents:  # dealt out over all the jobs, then the ones this runner's cache has dropped
        tasks, _ = documents.plan(run, document_tables, figures, open_files=False, every=True)
        mine = part.keys(tasks)
        doc_tasks = documents.missing(run, {key: task for key, task in tasks.items() if key in mine})
        reused = len(mine) - len(doc_tasks)
    report.documents_rendered, report.documents_reused = len(doc_tasks), reused

    def beside() -> None:
        """The shard's work besides the layouts (on a thread: the PDFs are collected meanwhile)."""
        if opts.site:  # its parts of the search index, from the power pages as the assembly makes them
            # (the announcements only give the pages a link, made the same either way: not read from git)
            web = SiteInput(run.index, run.day, figures, document_tables["risks"], charts=opts.charts,
                            posters=opts.posters, documents=opts.documents)
            report.search_indexed = site.shard_bundles(run, web, part.has_part)
        if opts.documents and part.k == part.n:  # the open data: by the last shard, which has the fewest units
            report.open_files_made, _ = documents.open_data_files(run, document_tables, figures)

    stop = threading.Event()
    with workers.frozen(), workers.pool(jobs, pdfs=bool(poster_tasks or doc_tasks)) as pool, \
            cf.ThreadPoolExecutor(max_workers=2) as background, workers.stopping(stop):
        drawn = background.submit(graphviz.draw_all, drawings, jobs, stop)
        futures = workers.submit(pool, {**doc_tasks, **poster_tasks})
        besides = background.submit(beside)
        # the shard's posters and statements dated too: the assembly draws nothing
        _collect(run, futures, pool)
        besides.result()
        drawn.result()
    return report


def _collect(run: Run, futures: dict, pool) -> None:
    """The PDF jobs' results into the cache, in the order they were planned; a poster's sheets into the
    report. A job that fails names its flow (or the documents) in the build's message. Then the version
    date into every poster and statement not yet dated (build/dating.py), on ``pool``."""
    run.report.layouts = len(futures)
    laid_out = set(futures)
    while futures:  # each result let go once it is in the cache: a province's PDFs are gigabytes
        key = next(iter(futures))
        flow, future = futures.pop(key)
        try:
            pdf, meta = future.result()
        except Exception as e:
            e.add_note(f"{flow.path}: 流程 {flow.id} 的上墙海报" if flow is not None else "职权目录等文档（PDF）")
            raise
        run.cache.put_pdf(key, pdf, meta)
        if flow is not None:
            posters.note(run.report, flow, meta)
    run.report.dates_drawn, run.report.dates_on_kept_layouts = dating.draw_dates(run, laid_out, pool)
