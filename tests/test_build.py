"""powerlist build as a whole: what it writes, determinism, the cache, output folders and their
locks, interruptions and missing dependencies; real Graphviz, WeasyPrint and Pagefind. The posters
are in test_poster.py, the Graphviz driver in test_graphviz.py."""

from __future__ import annotations

import gc
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.build import BuildError, Options, build, documents, output, workers
from tests.helpers import MINIMAL, REPO
from tests.sitetools import make_project, powerlist


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


@pytest.mark.build
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


@pytest.mark.build
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


@pytest.mark.build
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


@pytest.mark.build
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


@pytest.mark.build
def test_an_interrupted_build_leaves_the_previous_output_as_it_was(tmp_path, monkeypatch):
    root = make_project(tmp_path)
    out = tmp_path / "site"
    build(root, Options(out=out))
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    flow = root / "flows" / "licence.yaml"
    flow.write_text(flow.read_text(encoding="utf-8").replace("name: 审查", "name: 审查材料"), encoding="utf-8")

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(workers, "submit", interrupted)  # while the charts and the pool are running
    with pytest.raises(KeyboardInterrupt):
        build(root, Options(out=out))
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.lock", "proj", "site"]  # no half-built folder left
    assert gc.get_freeze_count() == 0 and gc.isenabled()  # the collector is as the build found it


@pytest.mark.build
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_build_leaves_the_garbage_collector_as_it_found_it(tmp_path, jobs):
    # builds freeze the loaded catalogue and pause the collector while WeasyPrint works; a process
    # that builds again and again (serve, tests) must not keep growing its frozen heap
    root = make_project(tmp_path)
    build(root, Options(out=tmp_path / "site", jobs=jobs, cache=False))
    assert gc.get_freeze_count() == 0 and gc.isenabled()


@pytest.mark.build
def test_cli_posters_only(tmp_path):
    root = make_project(tmp_path)
    r = powerlist("build", root, "--posters-only")
    assert r.returncode == 0, r.stderr
    assert (sorted(p.name for p in (root / "print" / "posters").iterdir())
            == ["licence.pdf", "penalty.pdf", "spending.pdf"])
    assert not (root / "print" / "charts").exists() and not (root / "site").exists()
    assert "海报：新绘 3" in r.stderr


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
    with pytest.raises(BuildError):
        build(root, Options(out=out))
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before


def test_output_folder_is_readable_by_others(built):
    root, _ = built
    assert (root / "site").stat().st_mode & 0o055 == 0o055


@pytest.mark.build
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

    from generator.build.output import exchange

    a, b = tmp_path / "new", tmp_path / "site"
    a.mkdir()
    b.mkdir()
    (a / "x").write_text("new")
    (b / "x").write_text("old")
    swapped = exchange(a, b)
    assert swapped == sys.platform.startswith("linux")
    if swapped:
        assert (b / "x").read_text() == "new" and (a / "x").read_text() == "old"


def test_one_job_stops_at_the_first_failure(tmp_path, monkeypatch):
    """With --jobs 1 the PDF jobs run in this process: one that fails (or a Ctrl-C) stops the build at
    once instead of being held until every other job has run."""
    root = make_project(tmp_path)
    calls = []

    def failing(args):
        calls.append(args)
        raise KeyboardInterrupt

    monkeypatch.setattr(documents, "part_job", failing)
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


@pytest.mark.build
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


@pytest.mark.build
def test_a_second_build_of_the_same_output_waits_for_the_first(tmp_path):
    """serve rebuilding while `powerlist build` runs: builds of one output folder take turns (the
    second would otherwise sweep away the first's half-assembled folder as a leftover)."""
    import fcntl
    import time

    root = make_project(tmp_path)
    out = tmp_path / "site"
    with output.output_lock(out.resolve()):  # a build in progress
        proc = subprocess.Popen([sys.executable, "-m", "generator", "build", str(root), "--out", str(out),
                                 "--no-documents"], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(3)
        assert proc.poll() is None and not out.exists()  # waiting, nothing written
    _, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 0 and "等它完成" in stderr, stderr
    assert (out / "index.html").is_file()
    with open(output.lock_path(out.resolve()), "a+b") as lock:  # and it let go
        fcntl.lockf(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)


def test_a_machine_without_the_cjk_font_gets_a_message_not_a_traceback(tmp_path):
    root = make_project(tmp_path)
    conf = tmp_path / "fonts.conf"  # fontconfig that knows only DejaVu: as on a machine without fonts-noto-cjk
    conf.write_text(f'<?xml version="1.0"?>\n<fontconfig><dir>/usr/share/fonts/truetype/dejavu</dir>'
                    f'<cachedir>{tmp_path / "fc-cache"}</cachedir></fontconfig>\n', encoding="utf-8")
    import os

    r = powerlist("build", root, "--out", tmp_path / "site", env={**os.environ, "FONTCONFIG_FILE": str(conf)})
    assert r.returncode == 1 and "Traceback" not in r.stderr, r.stderr
    assert "fonts-noto-cjk" in r.stderr and not (tmp_path / "site").exists()


def test_a_build_with_many_findings_prints_a_few_lines_and_writes_the_rest(tmp_path):
    """Issue 21: the build's report stays a few lines whatever the size; the errors come first, the rest
    are counted by rule and written in full to a file of the cache."""
    from bench.generate import generate
    from generator.commands.build import SHOWN_FINDINGS
    from tests.sitetools import powerlist

    root = tmp_path / "big"
    generate(MINIMAL, root, 30, 30)
    for unit in (root / "catalog").glob("bureau*.yaml"):  # a warning for every citation (PL104) ...
        unit.write_text(re.sub(r"article: .*", "article: 42条", unit.read_text(encoding="utf-8")), encoding="utf-8")
    unit = root / "catalog" / "bureau-c0.yaml"  # ... and one error, which must be shown whatever its place
    unit.write_text(unit.read_text(encoding="utf-8").replace("promised_limit: 10", "promised_limit: 25", 1),
                    encoding="utf-8")
    r = powerlist("build", root)
    assert r.returncode == 1
    lines = r.stdout.splitlines()
    assert len(lines) == SHOWN_FINDINGS and " error PL401 " in lines[0]
    listed = root / ".powerlist-cache" / "findings.txt"
    total = len(listed.read_text(encoding="utf-8").splitlines())
    assert total > 30 and f"……另有 {total - SHOWN_FINDINGS} 条（PL104 " in r.stderr and str(listed) in r.stderr
    assert len(r.stderr.splitlines()) <= 3
