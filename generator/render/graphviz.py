"""The Graphviz engine: DOT in, drawings out. Charts are laid out by render/chart.py (positions
fixed), so ``neato -n2`` only draws them; several charts share one Graphviz process, and every format
of a chart comes from a single layout.

Like the PDF engine (render/pdf.py) and the search engine (searchindex.py), it raises its own error,
which the build reports."""

from __future__ import annotations

import concurrent.futures as cf
import os
import re
import shutil
import subprocess
import tempfile
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Callable

from ..files import write_atomically
from .raster import RasterError, png_from_bmp

PNG_DPI = 72  # one pixel per point: sharp on screen; PNG rendering cost grows with the pixel count
TIMEOUT = 600  # seconds for a batch of charts: far beyond any real chart; a hung process fails the build
BATCH = 10  # charts per Graphviz process (start-up is ~15 ms a process)
# The chart's PNG is drawn by cairo as an uncompressed bitmap through Graphviz's gdk-pixbuf device
# (Debian: libgvc6-plugins-gtk) and encoded by render/raster.py: cairo's own PNG writer has libpng try
# every filter on every row, 51 ms against 24 ms for a large chart. Without the plugin, cairo's PNG.
GRAPHVIZ_BMP = "bmp:cairo:gdk"
_SVG_GRAPH_ID = re.compile(rb'id="page\d+,\d+_graph0"')


class GraphvizError(RuntimeError):
    """Graphviz is missing, failed or hung; the message (Chinese) says which and what to do."""


@dataclass(frozen=True)
class Drawing:
    """One chart to draw: its DOT source (made when its batch runs, on the engine's thread), the
    formats wanted and where each goes, and what to name in a message if it fails."""

    dot: Callable[[], str]
    targets: dict[str, Path]  # format (svg, png, pdf) -> file
    name: str


@cache
def version() -> str:
    if shutil.which("neato") is None:
        raise GraphvizError("找不到 Graphviz (neato): 请安装 graphviz (Debian: apt-get install graphviz),"
                            " 或运行 ./dev.sh setup")
    r = subprocess.run(["neato", "-V"], capture_output=True, text=True)
    return (r.stderr or r.stdout).strip()


@cache
def png_device() -> str:
    """The Graphviz output format the charts' PNG is drawn with: GRAPHVIZ_BMP where the plugin is
    installed, else "png". (neato fails on -T with a format it does not know, before -V.)"""
    r = subprocess.run(["neato", f"-T{GRAPHVIZ_BMP}", "-V"], capture_output=True)
    return GRAPHVIZ_BMP if r.returncode == 0 else "png"


def draw(batch: list[tuple[str, dict[str, Path]]]) -> None:
    """Draw several charts in one Graphviz process, every format of each from a single layout.
    ``batch``: (DOT source, {format: target path}), all with the same formats."""
    formats = list(batch[0][1])
    devices = [png_device() if f == "png" else f for f in formats]
    # PDF and PostScript get a 36 pt margin by default (SVG and PNG none): the poster places the chart
    # itself, so its PDF must be the drawing alone
    margin = ["-Gmargin=0"] if "pdf" in formats else []
    env = None
    if "pdf" in formats:  # cairo subsets the font of every PDF: from the common cut it is 3 times faster
        from .pdf import fontconfig_file

        env = {**os.environ, "FONTCONFIG_FILE": fontconfig_file()}
    # tempfile's folder: within a build, the build's scratch folder (scratch.as_tempdir), inherited by
    # the poster workers that draw their own charts, so that a worker leaves no folder of its own
    with tempfile.TemporaryDirectory(prefix="dot-") as tmp:
        source = Path(tmp) / "charts.dot"
        source.write_text("".join(dot for dot, _ in batch), encoding="utf-8")
        try:  # a session of its own: Ctrl-C reaches this build, which stops, not Graphviz in mid-drawing
            r = subprocess.run(["neato", "-n2", f"-Gdpi={PNG_DPI}", *margin, *[f"-T{d}" for d in devices], "-O",
                                source.name], cwd=tmp, capture_output=True, start_new_session=True,
                               timeout=TIMEOUT, env=env)
        except subprocess.TimeoutExpired as e:
            raise GraphvizError(f"Graphviz 绘图超时（{TIMEOUT} 秒未完成）") from e
        if r.returncode != 0:
            raise GraphvizError(f"Graphviz 绘图失败：{r.stderr.decode(errors='replace')[:500]}")
        for i, (_, targets) in enumerate(batch):
            for fmt, device in zip(formats, devices):
                path = targets[fmt]  # -O names them charts.dot.svg, charts.dot.2.gdk.cairo.bmp, ...
                suffix = ".".join(reversed(device.split(":")))
                made = Path(tmp) / (f"charts.dot.{suffix}" if i == 0 else f"charts.dot.{i + 1}.{suffix}")
                if not made.is_file() or not made.stat().st_size:
                    raise GraphvizError(f"Graphviz 未生成流程图（{fmt}）：{r.stderr.decode(errors='replace')[:500]}")
                data = made.read_bytes()
                made.unlink()  # a bitmap is megabytes: the folder holds one batch's, not all of them to the end
                if fmt == "svg":  # later graphs of a batch get id="page0,1_graph0": same bytes wherever drawn
                    data = _SVG_GRAPH_ID.sub(b'id="graph0"', data, count=1)
                elif device == GRAPHVIZ_BMP:
                    try:  # the last column and row lie in the chart's white pad: white even when half-covered
                        data = png_from_bmp(data, white_edges=True)
                    except RasterError as e:
                        raise GraphvizError(f"Graphviz 绘制的位图无法读取（{e}）：请检查 libgvc6-plugins-gtk") from e
                write_atomically(path, data)


def draw_all(drawings: list[Drawing], jobs: int, stop: threading.Event | None = None) -> None:
    """Drawings in batches (same formats together) on ``jobs`` threads, each driving a Graphviz
    process. Once ``stop`` is set (the build failed or was interrupted), batches not yet started are
    skipped."""
    if not drawings:
        return
    groups: dict[tuple, list[Drawing]] = {}
    for d in drawings:
        groups.setdefault(tuple(d.targets), []).append(d)
    batches = []
    for group in groups.values():
        batches += [group[i:i + BATCH] for i in range(0, len(group), BATCH)]

    def one(batch: list[Drawing]) -> None:
        if stop is None or not stop.is_set():
            try:
                draw([(d.dot(), d.targets) for d in batch])
            except Exception as e:  # the build names the charts in its message
                if not isinstance(e, GraphvizError):
                    e.add_note("流程图：" + ", ".join(sorted({d.name for d in batch})))
                raise

    with cf.ThreadPoolExecutor(max_workers=jobs) as pool:
        for f in [pool.submit(one, b) for b in batches]:
            f.result()
