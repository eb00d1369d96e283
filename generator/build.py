"""Stage 5, build: orchestration, caching, parallel rendering and atomic writes. Only this module
writes the output folder.

- A whole build whose inputs, options and tool are unchanged since the last one is skipped at once
  (a manifest in the cache records the digest of everything that went in and the files that came out).
- Otherwise each chart and poster is keyed by a hash of exactly what it depends on (the flow, the
  unit, cited sources, settings, the renderer's own code and templates); a key found in the cache is
  reused, so an unchanged flow is never laid out twice.
- Charts render on a thread pool (each a Graphviz process); posters on a process pool (WeasyPrint is
  CPU-bound Python). Both use every core unless told otherwise.
- The new output is assembled in a temporary folder beside the old one and swapped in only when
  complete: a failed or interrupted build leaves the previous output as it was.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import dataclasses
import datetime as dt
import gc
import hashlib
import importlib.metadata
import json
import multiprocessing
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from . import __version__, history, scratch
from .files import write_atomically
from .model import WINDOWS_NAMES, Flow, Project, public
from .project import load_files, read_folder
from .render import documents as D
from .render import booklet
from .render.chart import SCREEN, WALL, chart_dot
from .render.links import chart_href, poster_href
from .render.opendata import csv_bytes, json_bytes, open_data, xlsx_bytes
from .render.poster import Page, poster_pdf
from .render.raster import RasterError, png_from_bmp
from .render.site import Announcement, Download, SiteInput, data_page, site_files
from .rules import check

PACKAGE = Path(__file__).resolve().parent
TEMPLATES = PACKAGE.parent / "templates"
CACHE_DIR = ".powerlist-cache"
PNG_DPI = 72  # one pixel per point: sharp on screen; PNG rendering cost grows with the pixel count


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
    landscape: bool = False
    jobs: int = 0  # 0: one per core
    cache: bool = True


@dataclass
class Report:
    charts_rendered: int = 0
    charts_reused: int = 0
    posters_rendered: int = 0
    posters_reused: int = 0
    documents_rendered: int = 0
    documents_reused: int = 0
    pages: int = 0
    search_reused: bool = False
    search_index: bool = False  # the site has a search index (none while the catalogue has no power)
    files: int = 0
    unchanged: bool = False
    findings: list = field(default_factory=list)
    small_charts: list[tuple[str, float, str | None]] = field(default_factory=list)  # (flow, pt, paper that fits)
    long_posters: list[tuple[str, int]] = field(default_factory=list)  # (flow, sheets) for posters over one sheet
    skipped_releases: list[str] = field(default_factory=list)  # release tags whose files do not load
    slow_png: bool = False  # charts' PNG written by cairo: Graphviz's gdk plugin is not installed
    seconds: dict[str, float] = field(default_factory=dict)  # wall time per stage


@cache
def tool_digest() -> str:
    """Hash of the renderer's own code and templates: a new version never reuses old outputs."""
    h = hashlib.sha256(__version__.encode())
    for path in sorted([*PACKAGE.rglob("*.py"), *TEMPLATES.rglob("*")]):
        if path.is_file():
            h.update(path.relative_to(PACKAGE.parent).as_posix().encode())
            h.update(path.read_bytes())
    h.update(graphviz_version().encode())
    for dist in ("weasyprint", "pydyf", "segno", "pillow", "xlsxwriter", "jinja2", "uharfbuzz", "pikepdf"):  # what draws the bytes
        try:
            h.update(f"{dist}={importlib.metadata.version(dist)}".encode())
        except importlib.metadata.PackageNotFoundError:
            pass
    from .render.fonts import FontMissing, font_file

    for bold in (False, True):
        try:
            path, index = font_file(bold)
        except FontMissing as e:  # every chart, poster and booklet is set in it
            raise BuildError("找不到中文字体 Noto Sans CJK SC: 请安装 fonts-noto-cjk 和 fontconfig "
                             "(Debian: apt-get install fonts-noto-cjk fontconfig), 或运行 ./dev.sh setup") from e
        h.update(f"{path}:{index}:{os.path.getsize(path)}".encode())
    return h.hexdigest()


@cache
def graphviz_version() -> str:
    if shutil.which("neato") is None:
        raise BuildError("找不到 Graphviz (neato): 请安装 graphviz (Debian: apt-get install graphviz), 或运行 ./dev.sh setup")
    r = subprocess.run(["neato", "-V"], capture_output=True, text=True)
    return (r.stderr or r.stdout).strip()


# The chart's PNG is drawn by cairo as an uncompressed bitmap through Graphviz's gdk-pixbuf device
# (Debian: libgvc6-plugins-gtk) and encoded by render/raster.py: cairo's own PNG writer has libpng try
# every filter on every row, 51 ms against 24 ms for a large chart. Without the plugin, cairo's PNG.
GRAPHVIZ_BMP = "bmp:cairo:gdk"


@cache
def png_device() -> str:
    """The Graphviz output format the charts' PNG is drawn with: GRAPHVIZ_BMP where the plugin is
    installed, else "png". (neato fails on -T with a format it does not know, before -V.)"""
    r = subprocess.run(["neato", f"-T{GRAPHVIZ_BMP}", "-V"], capture_output=True)
    return GRAPHVIZ_BMP if r.returncode == 0 else "png"


def version_date(root: Path, project: Project) -> dt.date:
    """The published version's date: settings, then SOURCE_DATE_EPOCH, then the last git commit."""
    if project.settings.version_date:
        return project.settings.version_date
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return _git_date(root) or dt.date.today()


def _git_output(root: Path, *args: str) -> str:
    """What a git command prints in ``root``; empty when it fails or ``root`` is no git checkout."""
    try:
        return history.git(root, *args, timeout=10).decode()
    except history.HistoryError:
        return ""


def _git_date(root: Path) -> dt.date | None:
    """Date of the last commit, when the project is a git checkout."""
    try:
        return dt.date.fromisoformat(_git_output(root, "log", "-1", "--format=%cs").strip())
    except ValueError:
        return None


def _git_tags(root: Path) -> str:
    """The tags and what they point at: a new release tag changes the announcements page."""
    return _git_output(root, "show-ref", "--tags")


def _digest(*parts) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part if isinstance(part, bytes) else repr(part).encode())
        h.update(b"\0")
    return h.hexdigest()


GRAPHVIZ_TIMEOUT = 600  # seconds for a batch of charts: far beyond any real chart; a hung process fails the build


def _render_charts(batch: list[tuple[str, dict[str, Path]]]) -> None:
    """Draw several charts in one Graphviz process (start-up is ~15 ms a process), every format of
    each from a single layout. ``batch``: (DOT source, {format: target path}), all with the same formats."""
    formats = list(batch[0][1])
    devices = [png_device() if f == "png" else f for f in formats]
    # PDF and PostScript get a 36 pt margin by default (SVG and PNG none): the poster places the chart
    # itself, so its PDF must be the drawing alone
    margin = ["-Gmargin=0"] if "pdf" in formats else []
    env = None
    if "pdf" in formats:  # cairo subsets the font of every PDF: from the common cut it is 3 times faster
        from .render.pdf import fontconfig_file

        env = {**os.environ, "FONTCONFIG_FILE": fontconfig_file()}
    with scratch.temporary("dot-") as tmp:
        source = Path(tmp) / "charts.dot"
        source.write_text("".join(dot for dot, _ in batch), encoding="utf-8")
        try:  # a session of its own: Ctrl-C reaches this build, which stops, not Graphviz in mid-drawing
            r = subprocess.run(["neato", "-n2", f"-Gdpi={PNG_DPI}", *margin, *[f"-T{d}" for d in devices], "-O",
                                source.name], cwd=tmp, capture_output=True, start_new_session=True,
                               timeout=GRAPHVIZ_TIMEOUT, env=env)
        except subprocess.TimeoutExpired as e:
            raise BuildError(f"Graphviz 绘图超时 ({GRAPHVIZ_TIMEOUT} 秒未完成)") from e
        if r.returncode != 0:
            raise BuildError(f"Graphviz 绘图失败: {r.stderr.decode(errors='replace')[:500]}")
        for i, (_, targets) in enumerate(batch):
            for fmt, device in zip(formats, devices):
                path = targets[fmt]  # -O names them charts.dot.svg, charts.dot.2.gdk.cairo.bmp, ...
                suffix = ".".join(reversed(device.split(":")))
                made = Path(tmp) / (f"charts.dot.{suffix}" if i == 0 else f"charts.dot.{i + 1}.{suffix}")
                if not made.is_file() or not made.stat().st_size:
                    raise BuildError(f"Graphviz 未生成流程图 ({fmt}): {r.stderr.decode(errors='replace')[:500]}")
                data = made.read_bytes()
                made.unlink()  # a bitmap is megabytes: the folder holds one batch's, not all of them to the end
                if fmt == "svg":  # later graphs of a batch get id="page0,1_graph0": same bytes wherever drawn
                    data = _SVG_GRAPH_ID.sub(b'id="graph0"', data, count=1)
                elif device == GRAPHVIZ_BMP:
                    try:  # the last column and row lie in the chart's white pad: white even when half-covered
                        data = png_from_bmp(data, white_edges=True)
                    except RasterError as e:
                        raise BuildError(f"Graphviz 绘制的位图无法读取 ({e}): 请检查 libgvc6-plugins-gtk") from e
                write_atomically(path, data)


def _poster_job(args) -> tuple[bytes, dict]:
    pdf, result = poster_pdf(*args)
    return pdf, {"chart_pt": result.chart_pt, "fits_on": result.fits_on, "pages": result.pages}


def _part_job(html: str) -> tuple[bytes, dict]:
    pdf, anchors = booklet.render_part(html)
    return pdf, {"anchors": anchors}


def _part_key(html: str) -> str:
    """Cache key of a booklet document laid out from ``html``: a part, the front matter, the stamps."""
    return _digest("part", tool_digest(), html)


def _put_pdf(cache: "Cache", key: str, pdf: bytes, meta: dict) -> None:
    """A PDF job's result into the cache: what the job says of it (anchors, poster size), then the PDF,
    whose presence marks the entry whole (a kill between the two leaves no PDF without its metadata)."""
    cache.put(key, "json", json.dumps(meta, sort_keys=True).encode())
    cache.put(key, "pdf", pdf)


def _anchors(cache: "Cache", key: str) -> list:
    """The anchors on each page of a cached booklet document."""
    return json.loads(cache.path(key, "json").read_text())["anchors"]


def _cached_map(pool, cache: "Cache"):
    """The map the booklets' assembly runs its jobs with. The front matter and stamp documents it lays
    out are cached like the parts, by their HTML: after an edit that moves no page number (a renamed
    power, a corrected phone) none is laid out again. Joining the booklets always runs."""

    def map_fn(fn, items):
        items = list(items)
        if fn is not booklet.render_part:
            return list(pool.map(fn, items))
        keys = [_part_key(html) for html in items]
        missing = [i for i, key in enumerate(keys) if not cache.has(key, "pdf", "json")]
        for i, (pdf, meta) in zip(missing, pool.map(_part_job, [items[i] for i in missing])):
            _put_pdf(cache, keys[i], pdf, meta)
        return [(cache.path(key, "pdf").read_bytes(), _anchors(cache, key)) for key in keys]

    return map_fn


class Cache:
    def __init__(self, folder: Path, enabled: bool):
        self.folder = folder
        self.enabled = enabled
        folder.mkdir(parents=True, exist_ok=True)
        self.sweep()

    def sweep(self) -> None:
        """Remove the temporary files and folders that processes now gone left in the cache (a killed
        build's half-written entry); never a live build's (one of the same project into another output)."""
        scratch.sweep_files(self.folder)
        for sub in os.scandir(self.folder):
            if sub.is_dir(follow_symlinks=False) and len(sub.name) == 2:  # the key's first two digits
                scratch.sweep_files(Path(sub.path))

    def path(self, key: str, ext: str) -> Path:
        return self.folder / f"{key[:2]}" / f"{key}.{ext}"

    def has(self, key: str, *exts: str) -> bool:
        return self.enabled and all(self.path(key, e).is_file() for e in exts)

    def put(self, key: str, ext: str, data: bytes) -> Path:
        return write_atomically(self.path(key, ext), data)


MARKER = ".powerlist-output"  # an empty file: this folder was written by powerlist and may be replaced


def check_output_folder(root: Path, out: Path) -> None:
    """Refuse an output folder whose replacement would destroy something that is not ours."""
    protected = [root / "catalog", root / "flows", root / "powerlist.yaml", root / "powerlist.yml", root / CACHE_DIR,
                 root / ".git"]
    if out == root or root.is_relative_to(out):
        raise BuildError(f"输出目录 {out} 不能是项目目录或其上级目录")
    for p in protected:
        if out == p or out.is_relative_to(p) or p.is_relative_to(out):
            raise BuildError(f"输出目录 {out} 与 {p.name} 重叠; 请另选输出目录 (默认 site/)")
    if out.exists() and not out.is_dir():
        raise BuildError(f"输出路径 {out} 是一个文件, 不是目录")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise BuildError(f"输出目录 {out} 已有其他内容 (不是 powerlist 生成的); 为免覆盖, 请指定空目录或新目录")


def build(root: Path, opts: Options) -> Report:
    root = root.resolve()
    out = opts.out.resolve()
    check_output_folder(root, out)
    scratch.sweep()
    with output_lock(out), scratch.as_tempdir():
        _sweep(out)
        return _build(root, out, opts)


def lock_path(out: Path) -> Path:
    """The lock of an output folder: beside it, so that builds of different projects into the same
    folder wait for each other too."""
    return out.with_name(f".{out.name}.lock")


@contextlib.contextmanager
def output_lock(out: Path):
    """One build at a time per output folder: with `powerlist serve` rebuilding while `powerlist
    build` runs, the second build waits for the first, instead of sweeping its half-assembled folder
    away as a leftover. A POSIX record lock (lockf): it belongs to this process alone, so the PDF
    workers forked from it never hold it, and it ends with the process however the process ends."""
    import fcntl

    out.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path(out), "a+b") as lock:
        try:
            fcntl.lockf(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:  # EAGAIN or EACCES, by system
            print(f"另一个 powerlist 进程正在生成 {out}, 等它完成 ...", file=sys.stderr, flush=True)
            fcntl.lockf(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.lockf(lock, fcntl.LOCK_UN)


def _sweep(out: Path) -> None:
    """The half-assembled output folders of builds killed before their end: under the output's lock,
    none of them can be running."""
    for stale in [*out.parent.glob(f".{out.name}.new-*"), *out.parent.glob(f".{out.name}.old-*")]:
        shutil.rmtree(stale, ignore_errors=True)


def _build(root: Path, out: Path, opts: Options) -> Report:
    report = Report()
    files, problems = read_folder(root)
    cache = Cache(root / CACHE_DIR, opts.cache)
    manifest_path = cache.folder / ("manifest-" + _digest(str(out))[:16] + ".json")
    options_key = (opts.charts, opts.posters, opts.documents, opts.site, opts.paper, opts.landscape)
    # Today is an input too: it is the default check date (a law repealed overnight must be caught)
    # and the last-resort version date.
    inputs = _digest(tool_digest(), options_key, os.environ.get("SOURCE_DATE_EPOCH", ""), _git_date(root), _git_tags(root),
                     dt.date.today(), *[(p, b) for p, b in sorted(files.items())])
    if opts.cache and not problems and _unchanged(manifest_path, inputs, out):
        report.unchanged = True
        return report

    clock = time.perf_counter()
    result = load_files(str(root), files)
    findings, _ = check(result)
    report.findings = list(problems) + findings
    if any(f.severity == "error" for f in report.findings):
        return report  # nothing is written: the catalogue must pass check first
    project = public(result.project)  # from here on, nothing private exists to be published
    units = {u.id: u for u in project.units}
    day = version_date(root, project)
    report.seconds["load+check"] = time.perf_counter() - clock
    # never more workers than cores: the PDF jobs are CPU-bound, and every worker is forked up front
    jobs = min(opts.jobs or os.cpu_count() or 1, os.cpu_count() or 1)
    outputs: dict[str, Path] = {}  # relative output path -> cached file

    # 1. Charts: the screen chart (SVG + PNG) and, for posters, the wall chart (PDF, placed on the poster).
    chart_tasks = []
    wall_charts: dict[str, tuple[str, Path]] = {}  # flow -> (key, PDF)
    for flow in project.flows:
        unit = units.get(flow.unit)
        base = (tool_digest(), repr(flow), repr(unit.posts) if unit else None)
        if opts.charts:
            key = _digest("chart", *base, png_device())  # cairo's PNG and ours differ in their bytes
            if cache.has(key, "svg", "png"):
                report.charts_reused += 1
            else:
                chart_tasks.append((flow, unit, SCREEN, {"svg": cache.path(key, "svg"), "png": cache.path(key, "png")}))
                report.charts_rendered += 1
                report.slow_png = png_device() != GRAPHVIZ_BMP
            outputs[chart_href(flow.id, "svg")] = cache.path(key, "svg")
            outputs[chart_href(flow.id, "png")] = cache.path(key, "png")
        if opts.posters:
            wkey = _digest("wall", *base)
            if not cache.has(wkey, "pdf"):
                chart_tasks.append((flow, unit, WALL, {"pdf": cache.path(wkey, "pdf")}))
            wall_charts[flow.id] = (wkey, cache.path(wkey, "pdf"))
    # Everything below runs at once, so that both cores stay busy from here to the end: the charts on
    # threads (Graphviz processes); the booklets' parts, then the posters (once their charts exist) and
    # the booklets' assembly on the process pool; the website's pages and search index in this thread.
    started = time.perf_counter()
    stop = threading.Event()  # set when the build fails or is interrupted: the chart thread then stops soon
    with _frozen(), _pool(jobs, pdfs=opts.posters or opts.documents) as pool, \
            cf.ThreadPoolExecutor(max_workers=1) as background, _stopping(stop):
        charts = background.submit(_run_charts, chart_tasks, jobs, stop)

        # 2. PDFs on the process pool: booklet parts, posters (one per flow), then the booklets.
        assemblies: list = []  # booklets to join from their parts once the parts exist
        warnings = sum(1 for f in report.findings if f.severity == "warning")
        summary = D.summary(project, 0, warnings)  # the cover, the open data and the site show the same figures
        tables = document_tables(project) if opts.documents or opts.site else None
        part_tasks: dict[str, tuple] = {}  # key -> (None, job function, args)
        if opts.documents:
            _documents(project, tables, summary, report, cache, outputs, part_tasks, day, assemblies)
        parts = _submit(pool, part_tasks)

        # 3. The website's pages meanwhile (the data page again at the end, with the files' sizes).
        clock = time.perf_counter()
        site = None
        if opts.site:
            site = SiteInput(project, day, summary, tables["risks"], charts=opts.charts, posters=opts.posters,
                             announcements=_announcements(root, project, day, report, cache))
            pages = site_files(site)
        report.seconds["site"] = time.perf_counter() - clock

        charts.result()
        report.seconds["charts"] = time.perf_counter() - started
        poster_tasks: dict[str, tuple] = {}  # key -> (flow, job function, args)
        if opts.posters:
            _posters(project, units, opts, report, cache, outputs, poster_tasks, wall_charts, day)
        posters = _submit(pool, poster_tasks)

        search = None
        if opts.site:  # the search index (Pagefind, a process of its own) while the posters are drawn
            clock = time.perf_counter()
            search = _search_bundle(cache, pages, report)
            report.search_index = search is not None
            report.seconds["site"] += time.perf_counter() - clock

        for key, (flow, future) in {**parts, **posters}.items():
            try:
                pdf, meta = future.result()
            except Exception as e:  # the build names the flow in its message
                e.add_note(f"{flow.path}: 流程 {flow.id} 的上墙海报" if flow is not None else "职权目录等文档 (PDF)")
                raise
            _put_pdf(cache, key, pdf, meta)
            if flow is not None:
                _note_poster(report, flow, meta)
        if assemblies:  # the booklets, from their parts, all together
            rendered = [[(str(cache.path(k, "pdf")), _anchors(cache, k)) for k in part_keys] for _, _, part_keys in assemblies]
            with scratch.temporary("booklets-") as folder:
                made = booklet.assemble([plan for _, plan, _ in assemblies], rendered, folder,
                                        _cached_map(pool, cache))
            for (key, _, _), pdf in zip(assemblies, made):
                cache.put(key, "pdf", pdf)
    report.seconds["pdfs"] = time.perf_counter() - started  # from the start: posters and booklets overlap the rest

    if site is not None:
        pages["data.html"] = data_page(dataclasses.replace(site, downloads=_downloads(project, outputs)))
        report.pages = sum(1 for rel in pages if rel.endswith(".html"))
        outputs.update(pages)
    clock = time.perf_counter()
    report.files = len(outputs)
    _swap_in(out, outputs, search)
    _write_manifest(manifest_path, inputs, out)
    report.seconds["write"] = time.perf_counter() - clock
    return report


def _posters(project: Project, units: dict, opts: Options, report: Report, cache: Cache, outputs: dict[str, Path],
             tasks: dict, wall_charts: dict[str, tuple[str, Path]], day: dt.date) -> None:
    """posters/: one per flow, from the cache or queued as a PDF job."""
    sources = {s.id: s for s in project.sources}
    pages = _pages(opts)
    by_flow: dict[str, list] = {}  # one pass over the powers, not one per flow
    for _, p in project.powers():
        by_flow.setdefault(p.flow, []).append(p)
    for flow in project.flows:
        unit = units.get(flow.unit)
        powers = sorted(by_flow.get(flow.id, []), key=lambda p: p.code)
        cited = {c.source: sources[c.source] for p in powers for c in p.basis if c.source in sources}
        wkey, wall = wall_charts[flow.id]  # the chart's key, not its bytes: cairo stamps each PDF with the time
        key = _digest("poster", tool_digest(), repr(flow), repr(unit), repr(powers), repr(sorted(cited.items())),
                      project.settings.base_url, day, pages, wkey)
        if cache.has(key, "pdf"):
            report.posters_reused += 1
            meta = json.loads(cache.path(key, "json").read_text()) if cache.path(key, "json").is_file() else {}
            _note_poster(report, flow, meta)
        else:
            tasks[key] = (flow, _poster_job, (flow, unit, powers, cited, project.settings, wall.read_bytes(), pages, day))
            report.posters_rendered += 1
        outputs[poster_href(flow.id)] = cache.path(key, "pdf")


def _pages(opts: Options):
    """The page for each poster: a fixed paper, or for "auto" the candidates smallest first."""
    if opts.paper == "auto":
        return tuple(Page(p, opts.landscape) for p in ("A3", "A2", "A1"))
    return (Page(opts.paper, opts.landscape),)


def _note_poster(report: Report, flow: Flow, meta: dict) -> None:
    from .render.poster import MIN_CHART_PT

    if meta.get("chart_pt") is not None and meta["chart_pt"] < MIN_CHART_PT:
        report.small_charts.append((flow.id, meta["chart_pt"], meta.get("fits_on")))
    if meta.get("pages", 1) > 1:
        report.long_posters.append((flow.id, meta["pages"]))


CHART_BATCH = 10
_SVG_GRAPH_ID = re.compile(rb'id="page\d+,\d+_graph0"')


def _run_charts(tasks, jobs: int, stop: threading.Event | None = None) -> None:
    """Charts in batches (same formats together) on ``jobs`` threads, each driving a Graphviz process.
    Once ``stop`` is set (the build failed or was interrupted), batches not yet started are skipped."""
    if not tasks:
        return
    groups: dict[tuple, list] = {}
    for t in tasks:
        groups.setdefault(tuple(t[3]), []).append(t)
    batches = []
    for group in groups.values():
        batches += [group[i:i + CHART_BATCH] for i in range(0, len(group), CHART_BATCH)]

    def one(batch):
        if stop is None or not stop.is_set():
            try:
                _render_charts([(chart_dot(flow, unit, style), targets) for flow, unit, style, targets in batch])
            except Exception as e:  # the build names the flows in its message
                if not isinstance(e, BuildError):
                    e.add_note("流程图: " + ", ".join(sorted({flow.path for flow, _, _, _ in batch})))
                raise

    with cf.ThreadPoolExecutor(max_workers=jobs) as pool:
        for f in [pool.submit(one, b) for b in batches]:
            f.result()


class _Inline:
    """The executor interface, running each job at once in this process (``--jobs 1``); a job that
    fails raises at once, as it would without an executor."""

    map = staticmethod(map)

    @staticmethod
    def submit(fn, *args):
        future = cf.Future()
        future.set_result(fn(*args))
        return future


@contextlib.contextmanager
def _stopping(stop: threading.Event):
    """Set ``stop`` if the block fails or is interrupted, so that background work ends early."""
    try:
        yield
    except BaseException:
        stop.set()
        raise


@contextlib.contextmanager
def _pool(jobs: int, pdfs: bool = True):
    """An executor with ``submit`` and ``map`` on ``jobs`` worker processes; jobs not yet started are
    dropped if the build fails. Without ``pdfs`` to make, no worker is started."""
    if not pdfs:
        yield _Inline()
        return
    from .render import pdf

    pdf.prepare()  # the fonts once, before the workers fork, instead of once in each
    if jobs == 1:
        yield _Inline()
        return
    pool = cf.ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"),
                                  initializer=_worker_start, initargs=(os.getpid(),))
    try:
        pool.submit(int).result()  # the workers fork now (all at once, with "fork"), before any other thread starts
        yield pool
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


def _worker_start(parent: int) -> None:
    """In each worker, first: it dies with the build. Killed with ``kill -9`` (or by the kernel's
    out-of-memory killer), the build cannot stop its pool; without this, the workers would wait for
    jobs for ever. And Ctrl+C reaches every process of the terminal's group: the build stops the pool
    itself (the jobs running finish, the others are dropped); a worker that took the signal as well
    would print its own traceback from wherever it was waiting."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent(parent)


def die_with_parent(parent: int) -> None:
    """Have the kernel kill this process when the thread that forked it ends (Linux prctl
    PR_SET_PDEATHSIG); if the parent is already gone, end now."""
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)  # 1: PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:
        os._exit(1)


@contextlib.contextmanager
def _frozen():
    """The loaded catalogue lives to the end of the build. Frozen, it is out of the cyclic garbage
    collector's reach: not scanned again at every full collection, here and in the workers forked
    from this process (12% of the PDF jobs' CPU time went to that)."""
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _submit(pool, tasks: dict) -> dict:
    """key -> (flow, future of (pdf, metadata)); booklet parts largest first, so that no worker is left
    with a long part at the end."""
    keys = sorted(tasks, key=lambda k: (tasks[k][0] is not None, -len(str(tasks[k][2])) if tasks[k][0] is None else 0, k))
    return {k: (tasks[k][0], pool.submit(tasks[k][1], tasks[k][2])) for k in keys}


def _documents(project: Project, tables: dict[str, D.Table], summary: dict, report: Report, cache: Cache,
               outputs: dict[str, Path], pdf_tasks: dict, day: dt.date, assemblies: list) -> None:
    """data/: the open-data files (made here, they are quick) and the booklets (queued as PDF jobs)."""
    warnings = summary["findings"]["warnings"]
    public = _digest("documents", tool_digest(), _public_repr(project), day, warnings)
    files = {"data/powerlist.json": "json", "data/powerlist.xlsx": "xlsx", "data/catalogue.csv": "csv",
             "data/risks.csv": "csv", "data/responsibilities.csv": "csv"}
    keys = {rel: _digest(public, rel) for rel in files}
    if all(cache.has(keys[rel], ext) for rel, ext in files.items()):
        report.documents_reused += len(files)
    else:
        made = {"data/powerlist.json": json_bytes(open_data(project, tables, summary, day)),
                "data/powerlist.xlsx": xlsx_bytes(list(tables.values()), summary, project.settings.title, day)}
        for table in tables.values():
            made[f"data/{table.slug}.csv"] = csv_bytes(table)
        for rel, data in made.items():
            cache.put(keys[rel], files[rel], data)
        report.documents_rendered += len(files)
    for rel, ext in files.items():
        outputs[rel] = cache.path(keys[rel], ext)

    # The whole booklet first: each unit's booklet takes its catalogue, risk register and responsibility
    # pages from parts of the whole booklet's plan, so a unit booklet's parts are keyed by those parts.
    whole = booklet.plan(project, tables, summary, day)
    shared_keys = [_part_key(part.html) for part in whole.parts + whole.library]
    plans = []
    for rel, scope in [("data/catalogue.pdf", project)] + [
            (f"data/units/{u.id}.pdf", D.unit_project(project, u)) for u in project.units]:
        plan = whole if scope is project else booklet.plan(
            scope, document_tables(scope), D.summary(scope, 0, warnings), day, whole=whole)
        part_keys = [shared_keys[part.source] if part.source is not None else _part_key(part.html) for part in plan.parts]
        plans.append((rel, plan, part_keys))
    # The booklets are assembled together (their front matter and stamps are laid out in shared
    # documents, whose fonts cover them all), so each booklet's key covers all of them.
    together = _digest("booklets", tool_digest(), _public_repr(project), day, warnings,
                       *[(rel, part_keys) for rel, _, part_keys in plans])
    keys = {rel: _digest(together, rel) for rel, _, _ in plans}
    for rel, _, _ in plans:
        outputs[rel] = cache.path(keys[rel], "pdf")
    if all(cache.has(key, "pdf") for key in keys.values()):
        report.documents_reused += len(plans)
        return
    for rel, plan, part_keys in plans:
        for part, part_key in zip(plan.parts, part_keys):  # parts shared by booklets are laid out once
            if not cache.has(part_key, "pdf", "json") and part_key not in pdf_tasks:
                pdf_tasks[part_key] = (None, _part_job, whole.laid_out(part).html)
        assemblies.append((keys[rel], plan, part_keys))
        report.documents_rendered += 1


def _announcements(root: Path, project: Project, day: dt.date, report: Report, cache: Cache) -> tuple[Announcement, ...]:
    """The published versions (git tags matching settings.release_tags), each with its changes since
    the one before, and this version's changes since the last tag; newest first. What changed between
    two tagged commits never changes, so it is cached: a build loads only the last tagged version."""
    pattern = project.settings.release_tags
    if not pattern:
        return ()
    from .changes import compare

    versions: dict[str, Project | None] = {}

    def version(commit: str) -> Project | None:
        if commit not in versions:
            versions[commit] = history.public_version(root, commit)
        return versions[commit]

    out, previous = [], None
    try:
        for release in history.releases(root, pattern):
            changes = _release_changes(cache, previous, release, version, compare)
            if changes is None:
                report.skipped_releases.append(release.tag)  # skipped, not fatal: the build says so
                continue
            out.append(Announcement(release.tag, release.date, changes, first=previous is None))
            previous = release
        last = version(previous.commit) if previous else None
    except history.HistoryError as e:
        raise BuildError(f"读取发布版本 (git 标签 {pattern}) 失败: {e}") from e
    if last is None:
        return ()
    current = tuple(compare(last, project))
    if current:
        out.append(Announcement("本版本", day, current))
    return tuple(reversed(out))


def _release_changes(cache: Cache, previous, release, version, compare):
    """The changes from the ``previous`` release to ``release`` (none for the first), from the cache
    or worked out now; None when ``release``'s files do not load."""
    from .changes import Change

    key = _digest("release", tool_digest(), previous.commit if previous else None, release.commit)
    if cache.has(key, "json"):
        saved = json.loads(cache.path(key, "json").read_text(encoding="utf-8"))
        if saved["changes"] is None:
            return None
        return tuple(Change.from_dict(c) for c in saved["changes"])
    new = version(release.commit)
    changes = None if new is None else () if previous is None else tuple(compare(version(previous.commit), new))
    cache.put(key, "json", json.dumps({"changes": None if changes is None else [c.as_dict() for c in changes]},
                                      ensure_ascii=False, sort_keys=True).encode())
    return changes


DOWNLOADS = (
    ("data/catalogue.pdf", "权力清单汇编 (PDF)", "封面统计、目录、职权目录、风险点及防控措施登记表、责任清单, A4 横向, 可打印"),
    ("data/powerlist.xlsx", "权力清单 (Excel 工作簿)", "汇总、职权目录、风险点登记表、责任清单各一个工作表"),
    ("data/catalogue.csv", "职权目录 (CSV)", "每项职权一行"),
    ("data/risks.csv", "风险点及防控措施登记表 (CSV)", "每个风险点一行"),
    ("data/responsibilities.csv", "责任清单 (CSV)", "每项职权每个环节一行"),
    ("data/powerlist.json", "开放数据 (JSON)", "全部公开数据, 版本化格式 (schema 1.0)"),
)


def _downloads(project: Project, outputs: dict) -> tuple[Download, ...]:
    """The data page's list: the files this build wrote, with their sizes."""
    found = [Download(rel, title, text, outputs[rel].stat().st_size) for rel, title, text in DOWNLOADS
             if isinstance(outputs.get(rel), Path)]
    for unit in project.units:
        rel = f"data/units/{unit.id}.pdf"
        if isinstance(outputs.get(rel), Path):
            found.append(Download(rel, f"{unit.name}权力清单 (PDF)", "本单位的职权目录、风险点登记表和责任清单",
                                  outputs[rel].stat().st_size))
    return tuple(found)


def _search_bundle(cache: Cache, pages: dict[str, bytes], report: Report) -> Path | None:
    """The Pagefind bundle for these pages: from the cache, or indexed now and then cached. None when
    there is no power page to index (Pagefind refuses to make an empty index; the search page then
    says there is nothing yet). A bundle is a folder: it is written beside its place in the cache and
    renamed into it in one step, so a bundle found in the cache is always whole."""
    from . import searchindex

    indexed = searchindex.indexed(pages)
    if not indexed:
        return None
    try:
        version = searchindex.version()
    except searchindex.SearchIndexError as e:  # Pagefind not installed
        raise BuildError(str(e)) from e
    key = _digest("search", version, *[(rel, pages[rel]) for rel in indexed])
    bundle = cache.folder / f"search-{key[:32]}"
    if cache.enabled and bundle.is_dir():
        report.search_reused = True
        return bundle
    try:
        files = searchindex.build_index(pages)
    except searchindex.SearchIndexError as e:
        raise BuildError(str(e)) from e
    cache.folder.mkdir(parents=True, exist_ok=True)
    made = cache.folder / scratch.temp_name(bundle.name).rstrip(".")
    for rel, data in sorted(files.items()):
        target = made / _safe_relpath(rel)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    for old in cache.folder.glob("search-*"):  # one bundle is enough: the pages change together
        scratch.remove_tree(old)
    try:
        os.replace(made, bundle)
    except OSError:  # another build of this project made the same bundle meanwhile
        scratch.remove_tree(made)
    return bundle


def document_tables(project: Project) -> dict[str, D.Table]:
    return {t.slug: t for t in (D.catalogue(project), D.risk_register(project), D.responsibilities(project))}


def _public_repr(project: Project) -> str:
    """What the documents depend on (the project is already ``public``: no roster, no internal notes)."""
    return repr((project.settings, project.sources, project.units, project.flows))


def _swap_in(out: Path, outputs: dict[str, Path | bytes], search: Path | None = None) -> None:
    """Assemble the new output beside the old one, then swap: readers never see half a build.
    ``outputs`` maps relative paths to cached files or to content; ``search`` is a Pagefind bundle
    to copy in as pagefind/."""
    out.parent.mkdir(parents=True, exist_ok=True)
    for stale in out.parent.glob(f".{out.name}.new-*"):  # left by a build that was killed
        shutil.rmtree(stale, ignore_errors=True)
    tmp = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.new-"))
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o777 & ~umask)  # mkdtemp makes 0700; a web server must be able to read the site
    old = None
    try:
        (tmp / MARKER).write_bytes(b"")
        for rel, src in sorted(outputs.items()):
            dest = tmp / _safe_relpath(rel)
            dest.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(src, bytes):
                dest.write_bytes(src)
            else:
                shutil.copyfile(src, dest)
        if search is not None:
            shutil.copytree(search, tmp / "pagefind")
        if out.exists() and _exchange(tmp, out):
            old = tmp  # the two folders traded places in one step: tmp now holds the previous output
        else:
            if out.exists():
                old = out.with_name(f".{out.name}.old-{os.getpid()}")
                os.replace(out, old)
            os.replace(tmp, out)
    except BaseException:
        if old is not None and not out.exists():
            os.replace(old, out)
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _safe_relpath(rel: str) -> str:
    """``rel`` if it is a plain relative path inside the output folder, else BuildError: whatever the
    rules let through (an ignored rule, a future bug), no file is written outside the output. The
    names a published site may hold: no empty, hidden, . or .. part, no backslash, colon or control
    character, no device name of Windows (a site is also copied to Windows servers)."""
    parts = rel.split("/")
    for part in parts:
        if (not part or part.startswith(".") or any(c in part for c in '\\:*?"<>|') or not part.isprintable()
                or part.split(".")[0].lower() in WINDOWS_NAMES or len(part.encode()) > 200):
            raise BuildError(f"不能安全地写入的输出文件名 {rel!r}: 请检查事项编码和各 id (规则 PL604)")
    return rel


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (Linux renameat2 RENAME_EXCHANGE), so that readers of ``b`` see
    the old or the new output, never none. False where the system cannot (then two renames are used)."""
    import ctypes
    import ctypes.util
    import sys

    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def _file_state(out: Path) -> dict[str, list[int]]:
    return {p.relative_to(out).as_posix(): [p.stat().st_size, p.stat().st_mtime_ns]
            for p in sorted(out.rglob("*")) if p.is_file()}


def _unchanged(manifest: Path, inputs: str, out: Path) -> bool:
    try:
        data = json.loads(manifest.read_text())
    except (OSError, ValueError):
        return False
    return data.get("inputs") == inputs and out.is_dir() and data.get("files") == _file_state(out)


def _write_manifest(manifest: Path, inputs: str, out: Path) -> None:
    write_atomically(manifest, json.dumps({"inputs": inputs, "files": _file_state(out)}, sort_keys=True).encode())
