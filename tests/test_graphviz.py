"""The Graphviz engine (render/graphviz.py: draw, png_device): the screen chart's
PNG drawn as a bitmap and encoded by render/raster.py, the posters' chart PDF, the common cut of the
font, and a machine without the gdk plugin or without Graphviz at all."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pypdf
import pytest

from generator.model import Flow
from generator.project import load_project
from generator.render import graphviz
from generator.render.chart import chart_dot
from tests.helpers import REPO
from tests.sitetools import load_png, make_project, pdf_text, powerlist

SAMPLE = load_project(REPO).project
UNITS = {u.id: u for u in SAMPLE.units}


def _needs_gdk_plugin():
    """Skip a test of the bitmap path on a machine whose Graphviz lacks the gdk plugin (the build then
    writes cairo's own PNG)."""
    if graphviz.png_device() != graphviz.GRAPHVIZ_BMP:
        pytest.skip("Graphviz's gdk plugin (libgvc6-plugins-gtk) is not installed")


@pytest.mark.parametrize("flow", [SAMPLE.flows[0], max(SAMPLE.flows, key=lambda f: len(f.steps))], ids=lambda f: f.id)
def test_chart_png_has_exactly_the_pixels_of_graphviz_own_png(flow: Flow, tmp_path):
    _needs_gdk_plugin()
    dot = chart_dot(flow, UNITS[flow.unit])
    graphviz.draw([(dot, {"svg": tmp_path / "c.svg", "png": tmp_path / "c.png"})])
    ours = load_png((tmp_path / "c.png").read_bytes())
    cairo = subprocess.run(["neato", "-n2", "-Gdpi=72", "-Tpng"], input=dot.encode(), capture_output=True, timeout=60)
    theirs = load_png(cairo.stdout)
    assert ours.mode == "RGB" and ours.size == theirs.size
    assert ours.tobytes() == theirs.convert("RGB").tobytes()
    # (a drawing of fractional size gives Graphviz's PNG a half-transparent edge row, RGBA: converted to
    # RGB it is the same pixels as ours only because both paint that row the page's white)
    assert (tmp_path / "c.png").stat().st_size < len(cairo.stdout)
    assert not list(tmp_path.glob("*.bmp"))


def test_a_drawing_of_fractional_size_gets_white_edges_not_grey_ones(tmp_path):
    """A pad of 0.13 in makes the drawing a fraction of a pixel larger than whole pixels: cairo leaves
    the last column and row partly transparent, which its PNG keeps as alpha and a bitmap cannot. Ours
    is cairo's picture laid on white."""
    from PIL import Image

    _needs_gdk_plugin()
    dot = 'digraph g { graph [pad=0.13, bgcolor="white"]; a [shape=box, pos="40,20", width=1, height=0.5]; }\n'
    graphviz.draw([(dot, {"svg": tmp_path / "c.svg", "png": tmp_path / "c.png"})])
    cairo = load_png(subprocess.run(["neato", "-n2", "-Gdpi=72", "-Tpng"], input=dot.encode(), capture_output=True,
                                    timeout=60).stdout).convert("RGBA")
    assert cairo.getextrema()[3][0] < 255  # the premise: cairo's edge is partly transparent
    on_white = Image.alpha_composite(Image.new("RGBA", cairo.size, "white"), cairo).convert("RGB")
    assert load_png((tmp_path / "c.png").read_bytes()).tobytes() == on_white.tobytes()


def test_poster_chart_pdf_is_the_drawing_without_margin(tmp_path):
    """Graphviz gives PDF a 36 pt margin by default; the chart placed on the poster must be the
    drawing alone, the size of the same chart as SVG, so that it fills its box."""
    import re

    from generator.project import load_project
    from generator.render.wall import wall_dot, wall_layout

    project = load_project(make_project(tmp_path)).project
    flow = project.flows[0]
    unit = next(u for u in project.units if u.id == flow.unit)
    svg, pdf = tmp_path / "wall.svg", tmp_path / "wall.pdf"
    graphviz.draw([(wall_dot(wall_layout(flow, unit, 774, 14)), {"pdf": pdf})])
    graphviz.draw([(wall_dot(wall_layout(flow, unit, 774, 14)), {"svg": svg})])
    width, height = (float(v) for v in re.search(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"',
                                                 svg.read_text()).groups())
    box = pypdf.PdfReader(pdf).pages[0].mediabox
    assert abs(float(box.width) - width) <= 1 and abs(float(box.height) - height) <= 1


def test_wall_charts_come_out_the_same_from_the_common_cut(tmp_path):
    """Graphviz draws the posters' charts with a fontconfig that puts the common cut of the font
    first (cairo subsets it three times faster, and the PDF is half the size): the drawing must be
    exactly what the full font gives, and a rarer character must still fall back to the full font."""
    from generator.project import load_project
    from generator.render.wall import wall_dot, wall_layout

    root = make_project(tmp_path)
    flow_file = root / "flows" / "licence.yaml"
    flow_file.write_text(flow_file.read_text(encoding="utf-8").replace("name: 受理", "name: 受理曌"), encoding="utf-8")
    project = load_project(root).project
    flow = next(f for f in project.flows if f.id == "licence")
    dot = wall_dot(wall_layout(flow, next(u for u in project.units if u.id == flow.unit), 774, 14))
    cut, full = tmp_path / "cut.pdf", tmp_path / "full.pdf"
    graphviz.draw([(dot, {"pdf": cut})])
    subprocess.run(["neato", "-n2", "-Gmargin=0", "-Tpdf", "-o", str(full)], input=dot.encode(), check=True)

    def raster(pdf: Path) -> bytes:
        subprocess.run(["pdftoppm", "-r", "96", "-png", "-singlefile", str(pdf), str(pdf.with_suffix(""))], check=True)
        return pdf.with_suffix(".png").read_bytes()

    assert raster(cut) == raster(full)
    assert cut.stat().st_size < full.stat().st_size * 0.8  # the cut's subsets, not the full font's
    assert "受理曌" in pdf_text(cut)
    fonts = subprocess.run(["pdffonts", str(cut)], capture_output=True, text=True, check=True).stdout
    assert len(fonts.splitlines()) - 2 == 3  # regular and bold from the cut, and the full font for 曌


def test_cli_without_graphviz_fails_cleanly_and_writes_nothing(tmp_path):
    root = make_project(tmp_path)
    env = {"PATH": str(Path(sys.executable).parent), "HOME": str(tmp_path)}
    r = powerlist("build", root, env=env)
    assert r.returncode == 1 and "graphviz" in r.stderr.lower() and "Traceback" not in r.stderr
    assert not (root / "site").exists()


@pytest.mark.build
def test_a_graphviz_without_its_gdk_plugin_still_draws_every_chart(tmp_path):
    """Without libgvc6-plugins-gtk the charts' PNG comes from cairo's own writer (slower): the same
    pixels, a hint to install the plugin, and a print-only build that never asks for it."""
    import os

    from PIL import Image

    root = make_project(tmp_path)
    installed = [p for p in Path("/usr/lib").glob("*/graphviz/libgvplugin_*.so.6")]
    if not installed:
        pytest.skip("Graphviz's plugins are not under /usr/lib/<arch>/graphviz")
    plugins = tmp_path / "graphviz"  # Graphviz's plugins as on a machine without libgvc6-plugins-gtk
    plugins.mkdir()
    for plugin in installed:
        if "gdk" not in plugin.name and "gtk" not in plugin.name:
            (plugins / plugin.name).symlink_to(plugin)
    env = {**os.environ, "GVBINDIR": str(plugins)}
    subprocess.run(["dot", "-c"], env=env, check=True)  # the plugin list of that folder
    r = powerlist("build", root, "--out", tmp_path / "slow", env=env)
    assert r.returncode == 0 and "libgvc6-plugins-gtk" in r.stderr, r.stderr
    assert "libgvc6-plugins-gtk" not in powerlist("build", root, "--out", tmp_path / "fast").stderr
    for png in (tmp_path / "fast" / "charts").glob("*.png"):
        slow, fast = Image.open(tmp_path / "slow" / "charts" / png.name), Image.open(png)
        assert slow.convert("RGB").tobytes() == fast.tobytes() and slow.size == fast.size
    r = powerlist("build", root, "--posters-only", "--out", tmp_path / "print", env=env)
    assert r.returncode == 0 and "libgvc6-plugins-gtk" not in r.stderr, r.stderr
