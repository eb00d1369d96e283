"""powerlist build: real Graphviz and WeasyPrint; the outputs are read back with pypdf, pdftotext,
pdftoppm and zbarimg."""

from __future__ import annotations

import gc
import shutil
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest

from helpers import MINIMAL, REPO

from generator import build as build_module
from generator.build import Options, build

BASE_URL = "https://www.example.gov.cn/qlqd/"
A3 = (841.89, 1190.55)
A2 = (1190.55, 1683.78)


def make_project(tmp: Path) -> Path:
    root = tmp / "proj"
    shutil.copytree(MINIMAL, root)
    settings = root / "powerlist.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + f"base_url: {BASE_URL}\nversion_date: 2026-11-20\n",
                        encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("b"))
    report = build(root, Options(out=root / "site"))
    return root, report


def pdf_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return "".join(out.split())


def test_build_writes_charts_and_posters(built):
    root, report = built
    site = root / "site"
    flows = sorted(p.stem for p in (root / "flows").glob("*.yaml"))
    assert sorted(p.stem for p in (site / "charts").glob("*.svg")) == flows
    assert sorted(p.stem for p in (site / "charts").glob("*.png")) == flows
    assert sorted(p.stem for p in (site / "posters").glob("*.pdf")) == flows
    assert (report.charts_rendered, report.posters_rendered) == (3, 3)
    assert (site / "charts" / "licence.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert not (site / ".powerlist-cache").exists()  # the cache stays out of the published folder


def test_poster_is_a3_embeds_a_cjk_font_and_says_what_it_must(built):
    root, _ = built
    poster = root / "site" / "posters" / "licence.pdf"
    reader = pypdf.PdfReader(poster)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert abs(float(box.width) - A3[0]) < 0.5 and abs(float(box.height) - A3[1]) < 0.5
    fonts = subprocess.run(["pdffonts", str(poster)], capture_output=True, text=True, check=True).stdout
    cjk = [line for line in fonts.splitlines() if "Noto-Sans-CJK-SC" in line]
    assert cjk and all(" yes yes yes " in line for line in cjk), fonts  # embedded, subset, with ToUnicode
    text = pdf_text(poster)
    assert "测试许可" in text  # the power's name
    assert "《中华人民共和国行政许可法》第十二条" in text  # its legal basis, as published
    assert "0999-6123400" in text  # the complaint phone
    assert "2026-11-20" in text  # the version date
    assert "★1" in text and "量化审查标准" in text  # the risk list with measures


def words(pdf: Path) -> list[tuple[str, float, float]]:
    """(word, x, y) of every word on the first page, from pdftotext's bounding boxes (y downwards)."""
    import re

    out = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    return [(w, float(x), float(y)) for x, y, w in
            re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>', out)]


def test_poster_chart_is_drawn_in_its_place(built):
    """The chart (drawn by Graphviz, placed after layout) lies under its heading, left of the risk
    column and above the phones, and its text is real text."""
    root, _ = built
    found = words(root / "site" / "posters" / "licence.pdf")
    at = {w: (x, y) for w, x, y in found}
    heading, risks, phones = at["运行流程图"], at["风险点及防控措施"], next(xy for w, *xy in found if w.startswith("监督投诉"))
    start, end = at["开始"], at["结束"]  # the chart's first and last nodes
    assert heading[1] < start[1] < end[1] < phones[1]
    assert start[1] - heading[1] < 150  # right under its heading (lane titles, then the start node)
    assert heading[0] < start[0] < risks[0] and end[0] < risks[0]


def test_a_character_outside_the_common_font_is_still_printed(tmp_path):
    """PDFs use a cut of the CJK font (GB 2312 and common symbols); a rarer character falls back
    to the full font instead of disappearing."""
    root = make_project(tmp_path)
    catalog = root / "catalog" / "bureau.yaml"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace("name: 测试许可", "name: 测试许可曌"), encoding="utf-8")
    build(root, Options(out=tmp_path / "print", charts=False, site=False))
    poster = tmp_path / "print" / "posters" / "licence.pdf"
    assert "测试许可曌" in pdf_text(poster)
    assert "测试许可曌" in pdf_text(tmp_path / "print" / "data" / "catalogue.pdf")
    fonts = subprocess.run(["pdffonts", str(poster)], capture_output=True, text=True, check=True).stdout
    assert "Noto-Sans-CJK-SC-Common " in fonts  # the common cut for the rest
    assert any(line.split()[0].endswith("+Noto-Sans-CJK-SC") for line in fonts.splitlines()[2:])  # full font for 曌


def test_a_compact_poster_names_each_law_once_with_every_article_cited():
    """More than three powers on one flow: the poster lists them in two columns and names each law
    once, but keeps the articles (the legal basis is law and article)."""
    import datetime as dt

    from generator.project import load_project
    from generator.render.poster import MAX_POWER_ROWS, Page, poster_html

    project = load_project(REPO).project
    flow = next(f for f in project.flows if f.id == "talent-archive")
    powers = sorted((p for _, p in project.powers() if p.flow == flow.id), key=lambda p: p.code)
    assert len(powers) > MAX_POWER_ROWS
    unit = next(u for u in project.units if u.id == flow.unit)
    sources = {s.id: s for s in project.sources}
    html = poster_html(flow, unit, powers, sources, project.settings, (600.0, 800.0), Page(), dt.date(2026, 11, 20)).html
    laws = html[html.index('<p class="laws">'):]
    laws = laws[:laws.index("</p>")]
    assert laws.count("《人力资源市场暂行条例》") == 1 and "《人力资源市场暂行条例》第十五条第（七）项、第十五条第（六）项" in laws
    assert laws.count("《流动人员人事档案管理服务规定》第四条") == 1


def test_the_chart_of_a_flow_no_power_uses_takes_the_space_of_the_missing_powers_section():
    """A poster without powers has no powers section: its chart (here tall, so its height decides its
    size) grows into that space instead of leaving it empty at the foot of the sheet."""
    import datetime as dt

    from generator.project import load_project
    from generator.render.pdf import render_document
    from generator.render.poster import Page, poster_html

    project = load_project(REPO).project
    flow = project.flows[0]
    unit = next(u for u in project.units if u.id == flow.unit)
    sources = {s.id: s for s in project.sources}
    result = poster_html(flow, unit, [], sources, project.settings, (400.0, 1600.0), Page(), dt.date(2026, 11, 20))
    document = render_document(result.html)
    assert len(document.pages) == 1
    page = document.pages[0]._page_box
    footer = next(b for b in page.descendants() if getattr(b, "element_tag", "") == "footer")
    free_mm = (page.content_box_y() + page.height - footer.position_y - footer.margin_height()) * 25.4 / 96
    assert 0 <= free_mm < 20, free_mm  # it was 35 mm


def test_poster_qr_code_decodes_to_the_power_page(built, tmp_path):
    root, _ = built
    poster = root / "site" / "posters" / "licence.pdf"
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(poster), str(tmp_path / "p")], check=True)
    r = subprocess.run(["zbarimg", "--raw", "-q", str(tmp_path / "p.png")], capture_output=True, text=True)
    assert r.stdout.split() == [BASE_URL + "powers/XK00001000.html"]


def test_paper_size_and_orientation_on_request(tmp_path):
    root = make_project(tmp_path)
    build(root, Options(out=tmp_path / "print", charts=False, paper="A2", landscape=True))
    box = pypdf.PdfReader(tmp_path / "print" / "posters" / "penalty.pdf").pages[0].mediabox
    assert abs(float(box.width) - A2[1]) < 0.5 and abs(float(box.height) - A2[0]) < 0.5  # landscape
    assert not (tmp_path / "print" / "charts").exists()


def test_same_input_gives_byte_identical_output(tmp_path):
    root = make_project(tmp_path)
    build(root, Options(out=tmp_path / "one", cache=False))
    build(root, Options(out=tmp_path / "two", cache=False))
    one = {p.relative_to(tmp_path / "one"): p.read_bytes() for p in (tmp_path / "one").rglob("*") if p.is_file()}
    two = {p.relative_to(tmp_path / "two"): p.read_bytes() for p in (tmp_path / "two").rglob("*") if p.is_file()}
    names = {k.as_posix() for k in one}
    assert one.keys() == two.keys() and len(one) > 9 + 7 + 10  # charts, posters, data files, pages, search index
    assert {"index.html", "search.html", "pagefind/pagefind-entry.json", "data/powerlist.json"} <= names
    assert [k for k in one if one[k] != two[k]] == []


def test_builds_in_separate_processes_are_byte_identical(tmp_path):
    """As above, but each build in a process of its own, a second or more apart: nothing made once per
    process (the font cut, the font configuration) may carry the time or a random name into a file."""
    import time

    root = make_project(tmp_path)
    assert powerlist("build", root, "--out", tmp_path / "one", "--no-cache").returncode == 0
    time.sleep(1.1)  # a timestamp written with one-second resolution would differ
    assert powerlist("build", root, "--out", tmp_path / "two", "--no-cache").returncode == 0
    one = {p.relative_to(tmp_path / "one"): p.read_bytes() for p in (tmp_path / "one").rglob("*") if p.is_file()}
    two = {p.relative_to(tmp_path / "two"): p.read_bytes() for p in (tmp_path / "two").rglob("*") if p.is_file()}
    assert one.keys() == two.keys() and any(k.suffix == ".pdf" for k in one)
    assert sorted(str(k) for k in one if one[k] != two[k]) == []


def test_nothing_changed_is_skipped_and_one_changed_flow_is_redrawn_alone(tmp_path):
    root = make_project(tmp_path)
    out = tmp_path / "site"
    first = build(root, Options(out=out))
    assert first.charts_rendered == 3 and not first.unchanged
    assert build(root, Options(out=out)).unchanged
    flow = root / "flows" / "penalty.yaml"
    flow.write_text(flow.read_text(encoding="utf-8").replace("name: 送达", "name: 送达当事人"), encoding="utf-8")
    again = build(root, Options(out=out))
    assert (again.charts_rendered, again.charts_reused) == (1, 2)
    assert (again.posters_rendered, again.posters_reused) == (1, 2)
    assert "送达当事人" in (out / "charts" / "penalty.svg").read_text(encoding="utf-8")


def test_a_catalogue_with_errors_builds_nothing_and_keeps_the_old_output(tmp_path):
    root = make_project(tmp_path)
    out = tmp_path / "site"
    build(root, Options(out=out))
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    unit = root / "catalog" / "bureau.yaml"
    unit.write_text(unit.read_text(encoding="utf-8").replace("promised_limit: 10", "promised_limit: 99"),
                    encoding="utf-8")
    report = build(root, Options(out=out))
    assert any(f.code == "PL401" for f in report.findings)
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_an_interrupted_build_leaves_the_previous_output_as_it_was(tmp_path, monkeypatch):
    root = make_project(tmp_path)
    out = tmp_path / "site"
    build(root, Options(out=out))
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    flow = root / "flows" / "licence.yaml"
    flow.write_text(flow.read_text(encoding="utf-8").replace("name: 审查", "name: 审查材料"), encoding="utf-8")

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(build_module, "_submit", interrupted)  # while the charts and the pool are running
    with pytest.raises(KeyboardInterrupt):
        build(root, Options(out=out))
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.lock", "proj", "site"]  # no half-built folder left
    assert gc.get_freeze_count() == 0 and gc.isenabled()  # the collector is as the build found it


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_build_leaves_the_garbage_collector_as_it_found_it(tmp_path, jobs):
    # builds freeze the loaded catalogue and pause the collector while WeasyPrint works; a process
    # that builds again and again (serve, tests) must not keep growing its frozen heap
    root = make_project(tmp_path)
    build(root, Options(out=tmp_path / "site", jobs=jobs, cache=False))
    assert gc.get_freeze_count() == 0 and gc.isenabled()


def powerlist(*args, cwd=None, env=None):
    return subprocess.run([sys.executable, "-m", "generator", *map(str, args)], cwd=cwd or REPO,
                          capture_output=True, text=True, timeout=600, env=env)


def test_cli_posters_only(tmp_path):
    root = make_project(tmp_path)
    r = powerlist("build", root, "--posters-only")
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in (root / "print" / "posters").iterdir()) == ["licence.pdf", "penalty.pdf", "spending.pdf"]
    assert not (root / "print" / "charts").exists() and not (root / "site").exists()
    assert "海报: 新绘 3" in r.stderr


def test_cli_without_graphviz_fails_cleanly_and_writes_nothing(tmp_path):
    root = make_project(tmp_path)
    env = {"PATH": str(Path(sys.executable).parent), "HOME": str(tmp_path)}
    r = powerlist("build", root, env=env)
    assert r.returncode == 1 and "graphviz" in r.stderr.lower() and "Traceback" not in r.stderr
    assert not (root / "site").exists()


def test_cli_build_refuses_a_catalogue_with_errors(tmp_path):
    root = make_project(tmp_path)
    unit = root / "catalog" / "bureau.yaml"
    unit.write_text(unit.read_text(encoding="utf-8").replace("category: 行政许可", "category: 许可"), encoding="utf-8")
    r = powerlist("build", root)
    assert r.returncode == 1 and "PL006" in r.stdout and not (root / "site").exists()


@pytest.mark.parametrize("target", ["flows", "catalog", "powerlist.yaml", ".powerlist-cache", "other"])
def test_output_folder_that_is_not_ours_is_refused(tmp_path, target):
    root = make_project(tmp_path)
    (root / ".powerlist-cache").mkdir(exist_ok=True)
    other = tmp_path / "other"
    other.mkdir()
    (other / "thesis.txt").write_text("keep me")
    out = other if target == "other" else root / target
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    with pytest.raises(build_module.BuildError):
        build(root, Options(out=out))
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before


def test_output_folder_is_readable_by_others(built):
    root, _ = built
    assert (root / "site").stat().st_mode & 0o055 == 0o055


def test_output_does_not_depend_on_the_number_of_jobs(tmp_path):
    root = make_project(tmp_path)
    build(root, Options(out=tmp_path / "one", cache=False, jobs=1, posters=False, documents=False))
    build(root, Options(out=tmp_path / "two", cache=False, jobs=2, posters=False, documents=False))
    for path in (tmp_path / "one" / "charts").iterdir():
        assert (tmp_path / "two" / "charts" / path.name).read_bytes() == path.read_bytes(), path.name


def test_output_folders_trade_places_in_one_step(tmp_path):
    """On Linux the new output replaces the old with one renameat2(RENAME_EXCHANGE): site/ never
    disappears, not even for the moment between two renames."""
    import sys

    from generator.build import _exchange

    a, b = tmp_path / "new", tmp_path / "site"
    a.mkdir()
    b.mkdir()
    (a / "x").write_text("new")
    (b / "x").write_text("old")
    swapped = _exchange(a, b)
    assert swapped == sys.platform.startswith("linux")
    if swapped:
        assert (b / "x").read_text() == "new" and (a / "x").read_text() == "old"


def test_poster_chart_pdf_is_the_drawing_without_margin(tmp_path):
    """Graphviz gives PDF a 36 pt margin by default; the chart placed on the poster must be the
    drawing alone, the size of the same chart as SVG, so that it fills its box."""
    import re

    from generator.project import load_project
    from generator.render.chart import WALL, chart_dot

    project = load_project(make_project(tmp_path)).project
    flow = project.flows[0]
    unit = next(u for u in project.units if u.id == flow.unit)
    svg, pdf = tmp_path / "wall.svg", tmp_path / "wall.pdf"
    build_module._render_charts([(chart_dot(flow, unit, WALL), {"pdf": pdf})])
    build_module._render_charts([(chart_dot(flow, unit, WALL), {"svg": svg})])
    width, height = (float(v) for v in re.search(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"', svg.read_text()).groups())
    box = pypdf.PdfReader(pdf).pages[0].mediabox
    assert abs(float(box.width) - width) <= 1 and abs(float(box.height) - height) <= 1


def test_wall_charts_come_out_the_same_from_the_common_cut(tmp_path):
    """Graphviz draws the posters' charts with a fontconfig that puts the common cut of the font
    first (cairo subsets it three times faster, and the PDF is half the size): the drawing must be
    exactly what the full font gives, and a rarer character must still fall back to the full font."""
    from generator.project import load_project
    from generator.render.chart import WALL, chart_dot

    root = make_project(tmp_path)
    flow_file = root / "flows" / "licence.yaml"
    flow_file.write_text(flow_file.read_text(encoding="utf-8").replace("name: 受理", "name: 受理曌"), encoding="utf-8")
    project = load_project(root).project
    flow = next(f for f in project.flows if f.id == "licence")
    dot = chart_dot(flow, next(u for u in project.units if u.id == flow.unit), WALL)
    cut, full = tmp_path / "cut.pdf", tmp_path / "full.pdf"
    build_module._render_charts([(dot, {"pdf": cut})])
    subprocess.run(["neato", "-n2", "-Gmargin=0", "-Tpdf", "-o", str(full)], input=dot.encode(), check=True)

    def raster(pdf: Path) -> bytes:
        subprocess.run(["pdftoppm", "-r", "96", "-png", "-singlefile", str(pdf), str(pdf.with_suffix(""))], check=True)
        return pdf.with_suffix(".png").read_bytes()

    assert raster(cut) == raster(full)
    assert cut.stat().st_size < full.stat().st_size * 0.8  # the cut's subsets, not the full font's
    assert "受理曌" in pdf_text(cut)
    fonts = subprocess.run(["pdffonts", str(cut)], capture_output=True, text=True, check=True).stdout
    assert len(fonts.splitlines()) - 2 == 3  # regular and bold from the cut, and the full font for 曌


def test_one_job_stops_at_the_first_failure(tmp_path, monkeypatch):
    """With --jobs 1 the PDF jobs run in this process: one that fails (or a Ctrl-C) stops the build at
    once instead of being held until every other job has run."""
    root = make_project(tmp_path)
    calls = []

    def failing(args):
        calls.append(args)
        raise KeyboardInterrupt

    monkeypatch.setattr(build_module, "_part_job", failing)
    with pytest.raises(KeyboardInterrupt):
        build(root, Options(out=tmp_path / "site", jobs=1, cache=False))
    assert len(calls) == 1
    assert not (tmp_path / "site").exists()


def _children(pid: int, name: str) -> list[int]:
    """Processes called ``name`` whose parent is ``pid`` (read from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)
            comm, ppid = fields[0].split("(", 1)[1], int(fields[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue  # the process ended while being read
        if comm == name and ppid == pid:
            found.append(int(stat.parent.name))
    return found


def test_ctrl_c_while_graphviz_draws_leaves_the_previous_site_as_it_was(tmp_path):
    """A real Ctrl+C (SIGINT to the terminal's process group) while Graphviz is drawing the charts:
    the build stops without a traceback, the site is as it was, and nothing is left behind: no
    half-built folder, no temporary files, no Graphviz process."""
    import os
    import signal
    import time

    root = tmp_path / "proj"
    root.mkdir()
    for part in ("catalog", "flows"):
        shutil.copytree(REPO / part, root / part)
    shutil.copy(REPO / "powerlist.yaml", root)
    out = tmp_path / "site"
    assert powerlist("build", root, "--out", out, "--no-documents").returncode == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}

    scratch = tmp_path / "tmp"  # the build's temporary files go here, to be checked afterwards
    scratch.mkdir()
    env = {**os.environ, "TMPDIR": str(scratch)}
    proc = subprocess.Popen([sys.executable, "-m", "generator", "build", str(root), "--out", str(out),
                             "--no-documents", "--no-cache"], cwd=REPO, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    drawing = []
    while not drawing and proc.poll() is None:
        drawing = _children(proc.pid, "neato")
        time.sleep(0.005)
    assert drawing, "the build ended before Graphviz was seen drawing"
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl+C in a terminal does
    _, stderr = proc.communicate(timeout=120)

    assert proc.returncode == 130 and "Traceback" not in stderr, stderr
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.lock", "proj", "site", "tmp"]  # no half-built folder
    # Graphviz's batch folders and the font folder removed with the build's scratch folder
    assert [p.name for p in scratch.iterdir()] == [f"powerlist-{os.getuid()}"]
    assert list((scratch / f"powerlist-{os.getuid()}").iterdir()) == []
    assert not any(Path(f"/proc/{pid}").exists() for pid in drawing)  # Graphviz finished or ended


def test_a_second_build_of_the_same_output_waits_for_the_first(tmp_path):
    """serve rebuilding while `powerlist build` runs: builds of one output folder take turns (the
    second would otherwise sweep away the first's half-assembled folder as a leftover)."""
    import fcntl
    import time

    root = make_project(tmp_path)
    out = tmp_path / "site"
    with build_module.output_lock(out.resolve()):  # a build in progress
        proc = subprocess.Popen([sys.executable, "-m", "generator", "build", str(root), "--out", str(out),
                                 "--no-documents"], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(3)
        assert proc.poll() is None and not out.exists()  # waiting, nothing written
    _, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 0 and "等它完成" in stderr, stderr
    assert (out / "index.html").is_file()
    with open(build_module.lock_path(out.resolve()), "a+b") as lock:  # and it let go
        fcntl.lockf(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)


def test_the_poster_of_a_flow_no_power_uses_has_no_empty_powers_table(tmp_path):
    root = make_project(tmp_path)
    flow = (root / "flows" / "licence.yaml").read_text(encoding="utf-8")
    (root / "flows" / "orphan.yaml").write_text(flow.replace("name: 测试许可流程", "name: 无人使用的流程"), encoding="utf-8")
    build(root, Options(out=tmp_path / "print", site=False, documents=False, charts=False))
    text = pdf_text(tmp_path / "print" / "posters" / "orphan.pdf")
    assert "无人使用的流程" in text and "运行流程图" in text
    assert "职权事项" not in text and "事项编码" not in text
    assert "职权事项" in pdf_text(tmp_path / "print" / "posters" / "licence.pdf")


def test_a_machine_without_the_cjk_font_gets_a_message_not_a_traceback(tmp_path):
    root = make_project(tmp_path)
    conf = tmp_path / "fonts.conf"  # fontconfig that knows only DejaVu: as on a machine without fonts-noto-cjk
    conf.write_text(f'<?xml version="1.0"?>\n<fontconfig><dir>/usr/share/fonts/truetype/dejavu</dir>'
                    f'<cachedir>{tmp_path / "fc-cache"}</cachedir></fontconfig>\n', encoding="utf-8")
    import os

    r = powerlist("build", root, "--out", tmp_path / "site", env={**os.environ, "FONTCONFIG_FILE": str(conf)})
    assert r.returncode == 1 and "Traceback" not in r.stderr, r.stderr
    assert "fonts-noto-cjk" in r.stderr and not (tmp_path / "site").exists()


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
