"""Product: the flowcharts. Each flow gets a screen chart (charts/<flow>.svg and .png, for the
website); the posters draw their wall charts themselves (build/posters.py). A chart is keyed by its
flow, its unit's posts and the tool: an unchanged flow is never laid out again."""

from __future__ import annotations

from functools import partial
from typing import Callable

from ..model import Flow
from ..render import graphviz
from ..render.chart import SCREEN, chart_dot
from ..render.links import chart_href
from .base import Run
from .cache import digest


def plan(run: Run, keep: Callable[[Flow], bool] | None = None) -> list[graphviz.Drawing]:
    """The charts to draw (the others are in the cache), with the screen charts added to the outputs;
    ``keep``: only the flows it keeps (a shard's)."""
    drawings: list[graphviz.Drawing] = []
    cache, report = run.cache, run.report
    for flow in run.project.flows:
        if flow.id in run.left_out or keep is not None and not keep(flow):
            continue  # a draft's flow that cannot be drawn: its powers' pages say so
        unit = run.index.units.get(flow.unit)
        base = (run.tool, repr(flow), repr(unit.posts) if unit else None)
        if run.opts.charts:
            key = digest("chart", *base, graphviz.png_device())  # cairo's PNG and ours differ in their bytes
            if cache.has(key, "svg", "png"):
                report.charts_reused += 1
            else:
                drawings.append(graphviz.Drawing(partial(chart_dot, flow, unit, SCREEN),
                                                 {"svg": cache.path(key, "svg"), "png": cache.path(key, "png")},
                                                 flow.path))
                report.charts_rendered += 1
                report.slow_png = graphviz.png_device() != graphviz.GRAPHVIZ_BMP
            run.outputs[chart_href(flow.id, "svg")] = cache.path(key, "svg")
            run.outputs[chart_href(flow.id, "png")] = cache.path(key, "png")
    return drawings
