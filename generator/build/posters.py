"""Product: the wall posters (posters/<flow>.pdf), one per flow: its chart, the powers that run it
with their legal basis and time limits, the risk points and their measures, and QR codes to the
powers' pages. Each is a PDF job for the process pool, keyed by everything it shows."""

from __future__ import annotations

import dataclasses
from typing import Callable

from ..model import Flow, Power
from ..render.links import poster_href
from ..render.poster import Page, poster_layout
from .base import Options, Report, Run
from .cache import digest
from .dating import dated_key
from .workers import Task


def plan(run: Run, keep: Callable[[Flow], bool] | None = None) -> dict[str, Task]:
    """The posters to lay out, by key (the others come from the cache); every poster is added to the
    outputs. A poster job lays out and draws its own wall chart, for the box its page leaves.
    ``keep``: only the flows it keeps (a shard's)."""
    tasks: dict[str, Task] = {}
    project, cache, report = run.project, run.cache, run.report
    pages = _pages(run.opts)
    by_flow: dict[str, list[Power]] = {}  # one pass over the powers, not one per flow
    for _, p in project.powers():
        by_flow.setdefault(p.flow, []).append(p)
    for flow in project.flows:
        if flow.id in run.left_out or keep is not None and not keep(flow):
            continue  # a draft's flow that cannot be drawn (no wall chart)
        unit = run.index.units.get(flow.unit)
        if unit is not None:  # the poster shows its unit's contacts and posts, not the unit's other powers
            unit = dataclasses.replace(unit, powers=())
        powers = sorted(by_flow.get(flow.id, []), key=lambda p: p.code)
        cited = {c.source: run.index.sources[c.source]
                 for p in powers for c in p.basis if c.source in run.index.sources}
        # laid out without the version date (drawn in afterwards): a new date lays out no poster again
        key = digest("poster", run.tool, repr(flow), repr(unit), repr(powers), repr(sorted(cited.items())),
                     project.settings.base_url, pages, run.opts.draft)
        if cache.has(key, "pdf"):
            report.posters_reused += 1
            note(report, flow, cache.meta(key))
        else:
            tasks[key] = (flow, job, (flow, unit, powers, cited, project.settings, pages, run.opts.draft))
            report.posters_rendered += 1
        run.outputs[poster_href(flow.id)] = cache.path(dated_key(run, key, "box"), "pdf")
    return tasks


def job(args) -> tuple[bytes, dict]:
    """One poster (a worker's job): the PDF, and what the report says of it."""
    pdf, result = poster_layout(*args)
    return pdf, {"chart_pt": result.chart_pt, "fits_on": result.fits_on, "pages": result.pages,
                 "paper": result.page.paper, "landscape": result.page.landscape, "date_box": result.date_box}


def _pages(opts: Options) -> tuple[Page, ...]:
    """The page for each poster: a fixed paper, or for "auto" the candidates smallest first."""
    if opts.paper == "auto":
        return tuple(Page(p, opts.landscape) for p in ("A3", "A2", "A1"))
    return (Page(opts.paper, opts.landscape),)


def note(report: Report, flow: Flow, meta: dict) -> None:
    """A poster over one sheet goes into the report, with the paper that takes it on one."""
    if meta.get("pages", 1) > 1:
        report.long_posters.append((flow.id, meta["pages"], meta.get("fits_on")))
