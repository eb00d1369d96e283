"""What a build is given, what it reports, and the state its products share while it runs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..index import Index
from ..model import Project

if TYPE_CHECKING:
    from ..findings import Finding
    from .cache import Cache


class BuildError(Exception):
    """A build that cannot go on; the message says why and what to do."""


@dataclass
class Options:
    out: Path
    charts: bool = True
    posters: bool = True
    documents: bool = True  # the duty catalogue, risk register, responsibility list (PDF, XLSX, CSV, JSON)
    site: bool = True  # the website's pages and search index
    paper: str = "A3"  # A4 / A3 / A2 / A1, or "auto": per poster the smallest paper its chart reads on
    landscape: bool | None = None  # None: per poster, landscape where its chart's text comes out larger
    jobs: int = 0  # 0: one per core
    cache: bool = True
    prune_cache: bool = False  # after the build, remove what it did not use from the cache (CI)
    # a draft (render/draft.py): built over the check's errors, with a 草稿 banner; never what CI publishes
    draft: bool = False
    # (K, N): lay out only this shard's charts, posters and document parts, into the cache (build/shards.py)
    shard: tuple[int, int] | None = None
    # `serve`'s first step after an edit: pages, charts and posters now; the search index and data/
    # (booklets, open data) carried over from the output being replaced. A full build follows it.
    defer: bool = False
    # a long-running process (`serve`): keep the power and post pages for the next build (PageMemo)
    keep: bool = False


@dataclass
class Report:
    charts_rendered: int = 0
    charts_reused: int = 0
    posters_rendered: int = 0
    posters_reused: int = 0
    documents_rendered: int = 0
    documents_reused: int = 0
    pages: int = 0
    pages_reused: int = 0  # power and post pages a long-running process (serve) had from its last build
    search_reused: bool = False
    search_index: bool = False  # the site has a search index (none while the catalogue has no power)
    search_parts: int = 0  # the search index's parts (links.SEARCH_PART_PAGES power pages each)
    search_indexed: int = 0  # of which indexed by this build (the others came from the cache)
    open_files_made: int = 0  # a shard's: the open-data files it made (the last shard makes them)
    files: int = 0
    unchanged: bool = False
    draft: bool = False  # built as a draft (over errors, if any)
    blocked: bool = False  # errors no draft can be built over (files that do not load, unsafe ids)
    findings: list[Finding] = field(default_factory=list)
    # (flow, sheets, paper on which it is one sheet) for posters over one sheet
    long_posters: list[tuple[str, int, str | None]] = field(default_factory=list)
    skipped_releases: list[str] = field(default_factory=list)  # release tags whose files do not load
    slow_png: bool = False  # charts' PNG written by cairo: Graphviz's gdk plugin is not installed
    booklets_joined: int = 0  # booklets joined anew from their parts (the others came from the cache)
    layouts: int = 0  # PDF layout jobs run (posters, booklet parts, post statements): 0 when all came cached
    dates_drawn: int = 0  # posters and post statements the version date was drawn into (build/dating.py)
    dates_on_kept_layouts: int = 0  # of which laid out by an earlier build (a new version date)
    shard: tuple[int, int] | None = None  # the shard this run laid out (nothing written but the cache)
    deferred: bool = False  # the search index and data/ are the previous build's: a full build must follow
    pruned: int = 0  # cache entries removed by --prune-cache
    nested_caches: list[str] = field(default_factory=list)  # caches copied whole into the cache (Cache.nested)
    no_address: bool = False  # posters made without settings.base_url: no QR code to the powers' pages
    seconds: dict[str, float] = field(default_factory=dict)  # wall time per stage


@dataclass
class Run:
    """One build under way, as every product's plan sees it: the public project and its look-ups, the
    options, the cache, the report, and the outputs gathered so far (relative path -> a cached file or
    content), which the build swaps in at the end."""

    root: Path
    opts: Options
    index: Index  # of the public project: nothing private exists from here on
    day: dt.date  # the published version's date
    tool: str  # the digest of the renderer's code, templates and engines (every cache key includes it)
    cache: Cache
    report: Report
    outputs: dict[str, Path | bytes] = field(default_factory=dict)
    left_out: frozenset[str] = frozenset()  # flows a draft does not draw (render/draft.py: UNDRAWABLE)
    search: dict[str, Path] = field(default_factory=dict)  # the search index's bundles by site folder
    # documents laid out without the version date, drawn in afterwards (build/dating.py):
    # the dated file's key -> (the laid-out file's key, render.dated kind)
    dated: dict[str, tuple[str, str]] = field(default_factory=dict)

    @property
    def project(self) -> Project:
        return self.index.project
