"""No fault leaves an office stuck (issue 14): each test reproduces one defect a fault-injection run
found (kills, hostile input, odd output targets) and checks the behaviour that replaced it. The
harnesses that found them are kept in tests/reliability/ (see docs/reliability.md)."""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from generator import scratch
from generator.build import BuildError, Options, build, output, workers
from tests.helpers import MINIMAL, REPO, check_files, mutated
from tests.helpers import Mutation as M

B = "catalog/bureau.yaml"
SET = "powerlist.yaml"


def powerlist(*args, cwd=None, env=None, timeout=600, **kw):
    return subprocess.run([sys.executable, "-m", "generator", *map(str, args)], cwd=cwd or REPO,
                          capture_output=True, text=True, timeout=timeout, env=env, **kw)


def project(tmp: Path, changes: list[M] = ()) -> Path:
    root = tmp / "proj"
    for path, data in mutated(list(changes)).items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_bytes(data)
    return root


def children(pid: int) -> list[int]:
    """Processes whose parent is ``pid``."""
    found = []
    for entry in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(entry.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.parent.name))
        except (OSError, IndexError, ValueError):
            continue
    return found


def cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:  # ended meanwhile
        return b""


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


# --- a project check accepts builds ----------------------------------------------------------------

@pytest.mark.build
@pytest.mark.parametrize("changes", [
    # a legal source whose date is not known yet (what `powerlist import` writes; PL109 warns)
    [M("catalog/sources.yaml", "    effective: 2004-07-01\n", "")],
    # the documented draft preview: a power without basis and a flow not written yet
    [M(SET, "check_date: 2026-01-01", "check_date: 2026-01-01\nignore: [PL506, PL101]"),
     M(B, "      - source: penalty-law\n        article: 第五十七条第二款\n", ""),
     M(B, "flow: penalty", "flow: not-written-yet")],
], ids=["source-without-effective", "draft-preview"])
def test_a_project_check_accepts_builds(tmp_path, changes):
    files = mutated(changes)
    assert not [f for f in check_files(files) if f.severity == "error"]
    root = project(tmp_path, changes)
    r = powerlist("build", root)
    assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr
    assert (root / "site" / "powers" / "XK00001000.html").is_file()


def test_a_base_url_too_long_for_a_qr_code_is_a_finding_not_a_crash(tmp_path):
    url = "https://www.example.gov.cn/" + "a" * 3000
    root = project(tmp_path, [M(SET, "check_date: 2026-01-01", f"check_date: 2026-01-01\nbase_url: {url}")])
    r = powerlist("build", root)
    assert r.returncode == 1 and "PL012" in r.stdout and "Traceback" not in r.stderr, r.stdout + r.stderr
    assert not (root / "site").exists()


@pytest.mark.build
def test_an_address_that_is_not_http_never_reaches_a_page_even_with_its_rule_ignored(tmp_path):
    root = project(tmp_path, [M(SET, "check_date: 2026-01-01",
                                "check_date: 2026-01-01\nbase_url: 'javascript:alert(1)//'\nignore: [PL608]")])
    r = powerlist("build", root, "--no-documents")
    assert r.returncode == 0, r.stderr
    pages = [p for p in (root / "site").rglob("*") if p.suffix in (".html", ".xml", ".txt")]
    assert pages and not [p for p in pages if "javascript:alert" in p.read_text(encoding="utf-8")]


@pytest.mark.build
def test_a_defect_in_a_renderer_is_one_message_and_the_site_stays(tmp_path, monkeypatch, capsys):
    """Whatever goes wrong inside the build is said in one message naming what was being made, with
    the traceback kept in a log for the maintainers; the published site is untouched."""
    from generator.commands.build import build_and_report
    from generator.render import site as site_module

    root = project(tmp_path)
    out = root / "site"
    assert build_and_report(root, Options(out=out, documents=False)) == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}

    real = site_module._power_context

    def broken(power, *args):
        if power.code == "CF00001000":
            raise KeyError("a defect")
        return real(power, *args)

    monkeypatch.setattr(site_module, "_power_context", broken)
    (root / "powerlist.yaml").write_text((root / "powerlist.yaml").read_text() + "version_date: 2026-11-20\n",
                                         encoding="utf-8")
    capsys.readouterr()
    assert build_and_report(root, Options(out=out, documents=False)) == 1
    err = capsys.readouterr().err
    assert "内部错误：KeyError" in err and "catalog/bureau.yaml:" in err and "CF00001000" in err, err
    log = root / ".powerlist-cache" / "error.log"
    assert str(log) in err and "Traceback" in log.read_text() and "Traceback" not in err
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


# --- 1. kill -9: the workers die with the build and hold no lock ------------------------------------

@pytest.mark.build
def test_killing_the_build_kills_its_workers_and_the_next_build_runs(tmp_path):
    root = project(tmp_path)
    out = tmp_path / "site"
    proc = subprocess.Popen([sys.executable, "-m", "generator", "build", str(root), "--out", str(out), "--jobs", "2",
                             "--no-cache"], cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    workers: list[int] = []
    deadline = time.time() + 120
    while len(workers) < 2 and proc.poll() is None and time.time() < deadline:
        workers = [p for p in children(proc.pid) if b"generator\0build" in cmdline(p)]  # forked: the build's own
        time.sleep(0.01)
    assert len(workers) == 2, "the build ended before its two PDF workers were seen"
    os.kill(proc.pid, signal.SIGKILL)  # the main process only, as `kill -9` or the OOM killer does
    proc.wait()
    deadline = time.time() + 10
    while any(alive(w) for w in workers) and time.time() < deadline:
        time.sleep(0.05)
    assert not any(alive(w) for w in workers), "PDF workers outlived the build"
    r = powerlist("build", root, "--out", out, timeout=300)
    assert r.returncode == 0 and "等它完成" not in r.stderr, r.stderr


# --- 2. a cache entry is whole or absent; 9. the index does not depend on TMPDIR ---------------------

@pytest.mark.build
def test_search_index_is_the_same_whatever_file_system_tmpdir_is_on(tmp_path):
    if not Path("/dev/shm").is_dir() or os.stat("/dev/shm").st_dev == os.stat(tmp_path).st_dev:
        pytest.skip("needs /dev/shm on a file system of its own")
    bundles = []
    for name, tmpdir in (("disk", tmp_path / "tmp"), ("shm", Path("/dev/shm") / f"powerlist-test-{os.getpid()}")):
        tmpdir.mkdir()
        try:
            root = project(tmp_path / name)
            r = powerlist("build", root, "--no-documents", env={**os.environ, "TMPDIR": str(tmpdir)})
            assert r.returncode == 0, r.stderr
        finally:
            shutil.rmtree(tmpdir, ignore_errors=True)
        pagefind = root / "site" / "pagefind"
        bundles.append({p.relative_to(pagefind).as_posix(): p.read_bytes() for p in pagefind.rglob("*") if p.is_file()})
    assert bundles[0] == bundles[1]


@pytest.mark.build
def test_a_bundle_left_half_written_by_a_killed_build_is_never_used(tmp_path):
    """A bundle is written under a temporary name carrying its writer's identity and renamed into place:
    what a killed build left is swept by the next one, which indexes the pages anew."""
    root = project(tmp_path)
    report = build(root, Options(out=root / "site", documents=False, posters=False))
    cache = root / ".powerlist-cache"
    bundle = next(cache.glob("search-*"))
    dead = "999999999-1"  # no such process
    left = cache / f".{dead}.{bundle.name}"
    shutil.copytree(bundle, left)
    (left / "pagefind.js").unlink()  # half written
    scratch.remove_tree(bundle)  # as if the kill came before the rename
    assert not bundle.exists() and report.search_index
    report = build(root, Options(out=root / "site2", documents=False, posters=False))
    assert not report.search_reused and report.search_index
    assert not left.exists() and (bundle / "pagefind.js").is_file()
    assert (root / "site2" / "pagefind" / "pagefind.js").is_file()


def test_temporary_files_of_killed_processes_are_swept_and_live_ones_kept(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / ".999999999-1.x.json.abc").write_text("dead")
    (folder / f".{scratch.tag()}.y.json.abc").write_text("mine, alive")
    (folder / ".gitkeep").write_text("not a temporary file")
    assert scratch.sweep_files(folder) == 1
    assert sorted(p.name for p in folder.iterdir()) == sorted([f".{scratch.tag()}.y.json.abc", ".gitkeep"])


@pytest.mark.build
def test_a_killed_build_leaves_nothing_in_tmpdir_after_the_next_build(tmp_path):
    root = project(tmp_path)
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    env = {**os.environ, "TMPDIR": str(tmpdir)}
    proc = subprocess.Popen([sys.executable, "-m", "generator", "build", str(root), "--no-cache"], cwd=REPO, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    base = tmpdir / f"powerlist-{os.getuid()}"
    deadline = time.time() + 120
    while not (base.is_dir() and any(base.iterdir())) and proc.poll() is None and time.time() < deadline:
        time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert any(base.iterdir()), "the build ended before it made its scratch folder"
    assert powerlist("build", root, env=env).returncode == 0
    assert list(base.iterdir()) == []


# --- 3. -o writes into its target ------------------------------------------------------------------

def test_output_options_write_into_fifos_devices_and_links(tmp_path):
    root = project(tmp_path, [M(B, "phone: 0999-6123456", "phone: 6123456")])  # one finding to write
    target = tmp_path / "real.txt"
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    assert powerlist("check", root, "-o", link).returncode == 1
    assert link.is_symlink() and "PL605" in target.read_text()

    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE, text=True)
    assert powerlist("check", root, "-o", fifo).returncode == 1
    assert "PL605" in reader.communicate(timeout=30)[0]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)

    if os.path.exists("/dev/full") and stat.S_ISCHR(os.stat("/dev/full").st_mode):
        r = powerlist("check", root, "-o", "/dev/full")
        assert r.returncode == 2 and "无法写入" in r.stderr and "Traceback" not in r.stderr
        assert stat.S_ISCHR(os.stat("/dev/full").st_mode), "/dev/full was replaced by a file"

    r = powerlist("check", root, "-o", tmp_path)
    assert r.returncode == 2 and "Traceback" not in r.stderr


# --- 4. nothing is written outside the output folder ------------------------------------------------

def test_an_item_code_that_climbs_out_of_the_site_is_refused_even_when_rules_are_ignored(tmp_path):
    changes = [M(SET, "check_date: 2026-01-01",
                 "check_date: 2026-01-01\nitem_code_pattern: '.*'\nignore: [PL602, PL603, PL604]"),
               M(B, "code: XK00001000", "code: ../../../X")]
    findings = check_files(mutated(changes))
    assert ("PL604", "error") in {(f.code, f.severity) for f in findings}
    root = project(tmp_path / "deep" / "er", changes)
    r = powerlist("build", root, "--out", root / "site")
    assert r.returncode == 1 and "PL604" in r.stdout
    assert not list((tmp_path).rglob("X.html"))


def test_a_rule_that_cannot_be_ignored_is_still_left_out_by_select():
    files = mutated([M(B, "code: XK00001000", "code: ../X")])
    assert "PL604" in {f.code for f in check_files(files, ignore=("PL604",))}
    assert "PL604" not in {f.code for f in check_files(files, select=("PL101",))}


@pytest.mark.parametrize("rel", ["../X.html", "powers/../../X.html", "/etc/x", "powers/a\\b.html", "powers/CON.html",
                                 "powers/nul.txt.html", "powers/.hidden", "powers//x.html", "powers/a:b.html"])
def test_every_output_path_is_checked_where_it_is_written(rel):
    with pytest.raises(BuildError):
        output.safe_relpath(rel)


def test_windows_device_names_are_not_ids(tmp_path):
    files = mutated([M("flows/penalty.yaml", "name: 行政处罚一般程序", "name: 行政处罚一般程序")])
    files["flows/con.yaml"] = files.pop("flows/penalty.yaml")
    files[B] = files[B].replace(b"flow: penalty", b"flow: con")
    assert "PL604" in {f.code for f in check_files(files)}
    r = powerlist("new", "unit", "aux", "--name", "某局", "--dir", project(tmp_path))
    assert r.returncode == 2 and "Windows" in r.stderr


# --- 5. no input hangs: bounded by what a real list needs ----------------------------------------------

def test_a_backtracking_pattern_cannot_hang_check(tmp_path):
    root = project(tmp_path, [M(SET, "check_date: 2026-01-01", "check_date: 2026-01-01\nitem_code_pattern: '^(a+)+$'"),
                              M(B, "code: XK00001000", "code: " + "a" * 40 + "!")])
    r = powerlist("check", root, timeout=60)  # Python's re needs 2^40 steps for this
    assert r.returncode == 1 and "PL602" in r.stdout


@pytest.mark.parametrize("field,value", [
    ("name", "建设用地" * 7500),  # 30,000 characters: took a build 71 s
    ("remarks", "[" * 100_000),  # Python-Markdown is quadratic in "["
    ("remarks", "链接 [" * 150),
])
def test_values_beyond_any_real_list_are_findings(field, value):
    findings = check_files(mutated([M(B, "    name: 测试许可\n", f"    name: 测试许可\n    {field}: '{value}'\n"
                                      if field != "name" else f"    name: '{value}'\n")]))
    assert "PL012" in {f.code for f in findings}


# --- 6. builds of different projects into one folder take turns ----------------------------------------

@pytest.mark.build
def test_builds_of_two_projects_into_one_folder_take_turns(tmp_path):
    first, second = project(tmp_path / "a"), project(tmp_path / "b")
    out = tmp_path / "site"
    assert powerlist("build", first, "--out", out, "--no-documents").returncode == 0
    with output.output_lock(out.resolve()):  # the first project's build, still running
        half = tmp_path / ".site.new-abc123"  # its folder being assembled
        half.mkdir()
        proc = subprocess.Popen([sys.executable, "-m", "generator", "build", str(second), "--out", str(out),
                                 "--no-documents"], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(3)
        assert proc.poll() is None and half.is_dir()  # the second waits and sweeps nothing away
        half.rmdir()
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0 and "等它完成" in err, err


# --- 7. links out of the project are not read -----------------------------------------------------------

def test_links_out_of_the_project_are_refused_unread(tmp_path):
    root = project(tmp_path)
    secret = tmp_path / "secret.yaml"
    secret.write_text("机密内容: 不应出现\n", encoding="utf-8")
    (root / "catalog" / "x.yaml").symlink_to(secret)
    outside = tmp_path / "shared-flows"
    outside.mkdir()
    shutil.copy(MINIMAL / "flows" / "penalty.yaml", outside / "other.yaml")
    (root / "flows" / "shared").symlink_to(outside)
    (root / "flows" / "inside.yaml").symlink_to(root / "flows" / "penalty.yaml")  # inside: read as usual
    r = powerlist("check", root)
    assert r.returncode == 1 and "机密" not in r.stdout + r.stderr
    assert r.stdout.count("PL013") == 2 and "catalog/x.yaml" in r.stdout and "flows/shared" in r.stdout
    assert "4 个流程" in r.stderr


# --- 8. spreadsheets cannot take the machine's memory --------------------------------------------------

def _sheet(tmp_path: Path, name: str, rewrite) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["事项名称", "职权类型", "实施依据"])
    book.active.append(["测试许可", "行政许可", "《中华人民共和国行政许可法》第十二条"])
    plain = tmp_path / "plain.xlsx"
    book.save(plain)
    path = tmp_path / name
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = rewrite(data)
            dst.writestr(item, data)
    return path


@pytest.mark.parametrize("name,rewrite,message", [
    ("merged.xlsx", lambda d: d.replace(b"</sheetData>", b'</sheetData><mergeCells count="1">'
                                        b'<mergeCell ref="D5:XFD1048576"/></mergeCells>'), "XFD1048576"),
    ("bomb.xlsx", lambda d: d.replace(b"</sheetData>", b"</sheetData><!--" + b" " * 80_000_000 + b"-->"), "MB"),
])
def test_a_workbook_larger_than_any_list_is_refused_before_it_is_unpacked(tmp_path, name, rewrite, message):
    path = _sheet(tmp_path, name, rewrite)
    assert path.stat().st_size < 1_000_000
    root = project(tmp_path)
    r = powerlist("import", path, "--unit", "big", "--name", "某局", "--dir", root, timeout=120)
    assert r.returncode == 2 and message in r.stderr and "Traceback" not in r.stderr, r.stderr
    assert not (root / "catalog" / "big.yaml").exists()


# --- 9. smaller ones ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def repository(tmp_path_factory):
    root = tmp_path_factory.mktemp("git") / "proj"
    shutil.copytree(MINIMAL, root)
    git = ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.cn"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "v1"], check=True)
    subprocess.run([*git, "tag", "v1"], check=True)
    return root


@pytest.mark.parametrize("rev", ["tag:", "HEAD:./", ":/v1", "a" * 5000, "HEAD^{tree}", "HEAD\nx", "../../etc",
                                 "HEAD~999", "-o", "v1\udcff"])
def test_diff_refuses_what_names_no_commit(repository, rev):
    r = subprocess.run([sys.executable, "-m", "generator", "diff", rev, "--dir", str(repository)], cwd=REPO,
                       capture_output=True, timeout=60)
    err = r.stderr.decode(errors="replace")
    assert r.returncode == 2 and "Traceback" not in err, err


def test_diff_still_reads_tags_and_relative_revisions(repository):
    for rev in ("v1", "HEAD", "HEAD~0"):
        r = powerlist("diff", rev, "--dir", repository)
        assert r.returncode == 0, r.stderr


@pytest.mark.build
def test_jobs_are_capped_at_the_cores(tmp_path, monkeypatch):
    started = []
    real = workers.cf.ProcessPoolExecutor

    def counting(*args, max_workers=None, **kw):
        started.append(max_workers)
        return real(*args, max_workers=max_workers, **kw)

    monkeypatch.setattr(workers.cf, "ProcessPoolExecutor", counting)
    build(project(tmp_path), Options(out=tmp_path / "site", jobs=100_000, documents=False))
    assert started and max(started) <= (os.cpu_count() or 1)


def test_a_csv_cell_with_a_formula_after_spaces_is_neutralised():
    from generator.render.opendata import _csv_cell

    assert [_csv_cell(v) for v in (" =1+1", "\u3000@SUM(1)", "\n-2", "正常", "a=b")] == \
        ["' =1+1", "'\u3000@SUM(1)", "'\n-2", "正常", "a=b"]
