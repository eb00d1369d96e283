#!/usr/bin/env python3
"""Hostile inputs through the real ``powerlist`` command line.

A standalone script, not a pytest test::

    .venv/bin/python tests/reliability/hostile_inputs.py [--quick] [--json FILE] [--timeout 60]
        [--only ID-PREFIX[,ID-PREFIX...]] [--keep] [--list] [--workdir DIR] [--mem-gb 3]
        [--code DIR] [--allow GLOB]

Every case copies tests/fixtures/minimal into a sandbox of its own, makes one hostile change and
runs powerlist as a subprocess (its own session and process group; cwd, HOME and TMPDIR inside the
sandbox; the address space limited to --mem-gb; every process of the case in a pids cgroup of its
own where the system allows one). Per family it counts:

  tb        a traceback ("Traceback (most recent call last)" in stdout or stderr) or an exit status
            other than 0, 1 or 2 (a crash by a signal too)
  hang      no exit within the timeout (the process group is killed)
  outside   a file or folder created, changed or deleted in the sandbox outside the places the command
            may write (its output folder, the intended report file, the project's .powerlist-cache/,
            TMPDIR; for import the new unit and sources files), or a HOSTILE_ESCAPE marker file
            anywhere above the sandbox. The project sits ten folders deep, so that ../../X traversal
            lands visibly inside the sandbox.
  inject    the built site has an unescaped <script>alert(1) / <img onerror, a javascript: link, a
            rendered template expression, a DOT node injected into a chart, a CSV cell that starts
            (after spaces) with = + - @ without a leading ', or a formula cell in the XLSX
  leaks     output (stdout, stderr, the site) shows the contents of a file a symlink points at
  replaced  a special file or symlink given as an output (/dev/full, a FIFO, a symlink) was replaced
            by a regular file (/dev/full and /dev/null are restored at once with mknod)
  resource  MemoryError / killed at the memory limit / fork failures / far too many processes
  expect    (informational) a case-specific expectation that failed, e.g. `check` passes but `build`
            fails on the same project

and the largest wall time, RSS (ru_maxrss from os.wait4 of the command: its own or its largest
waited-for descendant's) and process count (sampled every 0.1 s) of the family. A command slower
than 20 s (or a third of the timeout) is reported under "expect".
Exit status 1 when any case has a traceback, hang, outside write, injection, leak, replaced file or
resource failure; 0 otherwise.

Other options: --list; --keep (keep the sandboxes and each command's stdout/stderr under _logs/);
--code DIR (test DIR/generator instead of the installed one, e.g. an older version from
`git archive REV | tar -x -C DIR`); --allow GLOB (accept writes to sandbox-relative paths matching
GLOB, e.g. 'w/*/.out.lock'); --mem-gb N (address-space limit, default 3).
"""

from __future__ import annotations

import argparse
import csv
import fnmatch
import hashlib
import io
import json
import os
import re
import resource
import select
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.request
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FIXTURE = REPO / "tests" / "fixtures" / "minimal"
POWERLIST = REPO / ".venv" / "bin" / "powerlist"
PYTHON = REPO / ".venv" / "bin" / "python"

DEPTH = 10  # folders between the sandbox and the project: ../../X traversal stays visible inside
ESCAPE = "HOSTILE_ESCAPE"  # in every traversal payload; searched for above the sandbox too
SECRET = "hostile-secret-7f3c9a1e"  # in the environment: must never show up in output
TRACEBACK = "Traceback (most recent call last)"
PROC_FLAG = 64  # more processes than this in one command's group counts as a resource failure
PROC_KILL = 1500  # the watchdog kills the group beyond this (when no pids cgroup holds it back)
PIDS_MAX = 1024  # the pids cgroup's limit (tasks: threads count too)
SLOW_S = 20  # a command slower than this (or a third of the timeout) is reported under "expect"
SLOW_OK = ("xls-rows-", "cli-serve-")  # cases that are big or long-running on purpose
COLUMNS = ("tb", "hang", "outside", "inject", "leaks", "replaced", "resource", "expect")
FAILING = ("tb", "hang", "outside", "inject", "leaks", "replaced", "resource")
FAMILIES = {
    "acc": "1 build on check-accepted projects",
    "path": "2 path safety (codes, ids, file names)",
    "dos": "3 ReDoS and size",
    "inj": "4 injection",
    "sym": "5 symlinks",
    "out": "6 -o / --report targets",
    "rev": "7 diff revisions",
    "xls": "8 import spreadsheets",
    "cli": "9 misc CLI",
}
HEADER = ["序号", "权力分类", "项目名称", "子项", "实施依据", "责任事项", "追责情形", "承办机构", "办理层级", "备注"]


# ---------------------------------------------------------------------------------------------
# YAML text without PyYAML: flow style, double-quoted strings with every awkward character escaped


_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\0": "\\0",
            "\x85": "\\N", "\u2028": "\\L", "\u2029": "\\P"}
_AWKWARD = re.compile("[\\\\\"\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")


def _esc(m: re.Match) -> str:
    ch = m.group()
    if ch in _ESCAPES:
        return _ESCAPES[ch]
    return f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}"


def y(v) -> str:
    """A YAML flow value for ``v`` (str, int, float, bool, None, list, dict)."""
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, str):
        return '"' + _AWKWARD.sub(_esc, v) + '"'
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(y(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{y(k)}: {y(x)}" for k, x in v.items()) + "}"
    raise TypeError(type(v))


class Project:
    """A copy of the minimal fixture, edited as text."""

    def __init__(self, root: Path):
        self.root = root
        shutil.copytree(FIXTURE, root, symlinks=True)

    def path(self, rel: str) -> Path:
        return self.root / rel

    def read(self, rel: str) -> str:
        return self.path(rel).read_text(encoding="utf-8")

    def write(self, rel: str, text: str) -> None:
        p = self.path(rel)
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")

    def edit(self, rel: str, old: str, new: str, count: int = 1) -> None:
        text = self.read(rel)
        if old not in text:
            raise AssertionError(f"{rel}: {old!r} not found")
        self.write(rel, text.replace(old, new, count))

    def setting(self, key: str, value, raw: str | None = None) -> None:
        text = self.read("powerlist.yaml")
        line = f"{key}: {raw if raw is not None else y(value)}"
        pattern = re.compile(rf"^{re.escape(key)}:.*$", re.M)
        text = pattern.sub(lambda _: line, text, 1) if pattern.search(text) else text.rstrip("\n") + "\n" + line + "\n"
        self.write("powerlist.yaml", text)

    def _power_block(self, lines: list[str], code: str) -> tuple[int, int]:
        start = lines.index(f"  - code: {code}")
        end = start + 1
        while end < len(lines) and (lines[end].startswith("    ") or not lines[end].strip()):
            end += 1
        return start, end

    def power_set(self, code: str, key: str, value=None, raw: str | None = None,
                  unit: str = "catalog/bureau.yaml") -> None:
        """Set a power's key (replacing a one-line or block value, or adding it after the code)."""
        if key == "code":
            self.edit(unit, f"  - code: {code}\n", f"  - code: {raw if raw is not None else y(value)}\n")
            return
        self.power_del(code, key, unit)
        lines = self.read(unit).split("\n")
        start, _ = self._power_block(lines, code)
        lines.insert(start + 1, f"    {key}: {raw if raw is not None else y(value)}")
        self.write(unit, "\n".join(lines))

    def power_del(self, code: str, key: str, unit: str = "catalog/bureau.yaml") -> None:
        lines = self.read(unit).split("\n")
        start, end = self._power_block(lines, code)
        for i in range(start + 1, end):
            if lines[i].startswith(f"    {key}:"):
                j = i + 1
                while j < end and lines[j].startswith("     "):
                    j += 1
                del lines[i:j]
                break
        self.write(unit, "\n".join(lines))

    def rename(self, old: str, new: str) -> None:
        os.rename(self.path(old), self.path(new))


# ---------------------------------------------------------------------------------------------
# Running commands: own session, limits, sampling, wait4


class Cgroup:
    """A pids cgroup (v1 or v2) of one case that each of its commands joins: a fork bomb stops at
    PIDS_MAX, and whatever a command leaves running is found and ended before the next case."""

    def __init__(self, name: str):
        self.path: Path | None = None
        for base in (Path("/sys/fs/cgroup/pids"), Path("/sys/fs/cgroup/unified"), Path("/sys/fs/cgroup")):
            if not (base / "cgroup.procs").exists():
                continue
            p = base / f"powerlist-hostile-{os.getpid()}-{name}"
            try:
                p.mkdir()
            except OSError:
                continue
            try:
                (p / "pids.max").write_text(str(PIDS_MAX))
            except OSError:
                p.rmdir()
                continue
            self.path = p
            break

    def procs(self) -> list[int]:
        if self.path is None:
            return []
        try:
            return [int(x) for x in (self.path / "cgroup.procs").read_text().split()]
        except OSError:
            return []

    def kill_all(self, seconds: float = 60) -> bool:
        """SIGKILL every process in the group until it is empty (True) or ``seconds`` pass."""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            pids = self.procs()
            if not pids:
                return True
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
            time.sleep(0.05)
        return not self.procs()

    def remove(self) -> bool:
        if self.path is None:
            return True
        self.kill_all()
        for _ in range(100):
            try:
                self.path.rmdir()
                self.path = None
                return True
            except OSError:
                time.sleep(0.1)
        return False


def cgroups_available() -> bool:
    probe = Cgroup("probe")
    ok = probe.path is not None
    probe.remove()
    return ok


USE_CGROUPS = True
CODE: Path | None = None  # --code: a tree whose generator/ is tested instead of the installed one


def _session_pids(sid: int) -> list[int]:
    pids = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as f:
                fields = f.read().rpartition(b")")[2].split()
            if int(fields[3]) == sid:
                pids.append(int(name))
        except (OSError, IndexError, ValueError):
            pass
    return pids


def _tail_head(path: Path, limit: int = 1 << 20) -> str:
    """The first and last ``limit`` bytes of a file, decoded."""
    size = path.stat().st_size
    with open(path, "rb") as f:
        if size <= 2 * limit:
            data = f.read()
        else:
            data = f.read(limit) + b"\n[...]\n"
            f.seek(size - limit)
            data += f.read()
    return data.decode("utf-8", errors="replace")


def _file_has(path: Path, needle: bytes) -> bool:
    overlap = len(needle)
    prev = b""
    with open(path, "rb") as f:
        while chunk := f.read(1 << 22):
            if needle in prev[-overlap:] + chunk:
                return True
            prev = chunk
    return False


def traceback_excerpt(text: str) -> list[str]:
    i = text.rfind(TRACEBACK)
    if i < 0:
        return []
    lines = text[i:].splitlines()
    out = [lines[0]]
    for line in lines[1:]:
        out.append(line)
        if EXC_LINE.match(line):  # the exception line ends the block
            break
    return out[:80]


EXC_LINE = re.compile(r"^(?:[A-Za-z_]\w*\.)*[A-Z]\w*(?::\s.*)?$")


def short_tb(lines: list[str]) -> str:
    """The innermost frame and the exception, on one line."""
    frames = [ln.strip() for ln in lines if ln.strip().startswith("File ")]
    exc = next((ln for ln in reversed(lines) if EXC_LINE.match(ln)), lines[-1] if lines else "")
    where = frames[-1] if frames else ""
    where = re.sub(r'File ".*?/(generator|site-packages|lib/python3\.\d+)/', r'File "\1/', where)
    return f"{exc.strip()[:300]}  @ {where[:200]}"


MEMORY_MARKERS = ("MemoryError", "Cannot allocate memory", "std::bad_alloc", "out of memory",
                  "Resource temporarily unavailable", "can't start new thread")


@dataclass
class Result:
    label: str
    argv: list[str]
    rc: int | None = None
    signal: str | None = None
    wall: float = 0.0
    maxrss_mb: float = 0.0
    peak_procs: int = 0
    timed_out: bool = False
    killed_by_watchdog: bool = False
    tb: list[str] = field(default_factory=list)
    stdout: str = ""
    stderr: str = ""
    stdout_path: Path | None = None
    stderr_path: Path | None = None

    def brief(self) -> dict:
        return {"label": self.label, "argv": self.argv, "rc": self.rc, "signal": self.signal,
                "wall_s": round(self.wall, 2), "maxrss_mb": round(self.maxrss_mb, 1), "peak_procs": self.peak_procs,
                "timed_out": self.timed_out, "traceback": self.tb,
                "stderr_tail": self.stderr[-1500:], "stdout_tail": self.stdout[-800:]}


class Proc:
    """One command: started in a session of its own, sampled while it runs, reaped with wait4."""

    def __init__(self, ctx: "Case", args, label: str, cwd: Path | None, mem: bool, env: dict | None):
        self.ctx, self.label = ctx, label
        argv = [str(POWERLIST)] + [a if isinstance(a, bytes) else str(a) for a in args]
        self.result = Result(label, [a.decode("utf-8", "backslashreplace") if isinstance(a, bytes) else a[:300]
                                     for a in argv[1:]])
        n = len(ctx.results)
        self.result.stdout_path = ctx.logs / f"{n:02d}-{label}.stdout"
        self.result.stderr_path = ctx.logs / f"{n:02d}-{label}.stderr"
        limit = ctx.opts.mem_gb << 30
        self.cgroup = ctx.cgroup()
        cg = self.cgroup.path

        def pre():
            if mem:
                resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
            if cg is not None:
                try:
                    with open(cg / "cgroup.procs", "w") as f:
                        f.write(str(os.getpid()))
                except OSError:
                    pass

        full_env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(ctx.home), "TMPDIR": str(ctx.tmp),
                    "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "HOSTILE_SECRET": SECRET,
                    "GIT_CONFIG_NOSYSTEM": "1", "PYTHONDONTWRITEBYTECODE": "1"}
        if CODE is not None:
            full_env["PYTHONPATH"] = str(CODE)
        full_env.update(env or {})
        self.out_f = open(self.result.stdout_path, "wb")
        self.err_f = open(self.result.stderr_path, "wb")
        self.started = time.monotonic()
        self.p = subprocess.Popen(argv, cwd=cwd or ctx.proj_dir, env=full_env, stdin=subprocess.DEVNULL,
                                  stdout=self.out_f, stderr=self.err_f, start_new_session=True, preexec_fn=pre)
        self.done = False
        self.last_sample = 0.0

    def pids(self) -> list[int]:
        if self.cgroup.path is not None:
            return self.cgroup.procs()
        return _session_pids(self.p.pid)

    def sample(self) -> None:
        pids = self.pids()
        self.result.peak_procs = max(self.result.peak_procs, len(pids))
        if len(pids) > PROC_KILL:
            self.result.killed_by_watchdog = True
            self.kill()

    def poll(self) -> bool:
        if self.done:
            return True
        now = time.monotonic()
        if now - self.last_sample >= 0.1:
            self.last_sample = now
            self.sample()
        pid, status, ru = os.wait4(self.p.pid, os.WNOHANG)
        if pid == 0:
            return False
        self._reaped(status, ru)
        return True

    def _reaped(self, status, ru) -> None:
        self.done = True
        r = self.result
        r.wall = time.monotonic() - self.started
        self.p.returncode = os.waitstatus_to_exitcode(status)
        r.rc = self.p.returncode
        if r.rc < 0:
            r.signal = signal.Signals(-r.rc).name
        r.maxrss_mb = ru.ru_maxrss / 1024  # the command's, or its largest waited-for descendant's
        self.kill_rest()
        self.out_f.close()
        self.err_f.close()
        r.stdout = _tail_head(r.stdout_path)
        r.stderr = _tail_head(r.stderr_path)
        r.tb = traceback_excerpt(r.stderr) or traceback_excerpt(r.stdout)
        if not r.tb and (_file_has(r.stdout_path, TRACEBACK.encode()) or _file_has(r.stderr_path, TRACEBACK.encode())):
            r.tb = [TRACEBACK, "(in the middle of a large output)"]

    def kill(self) -> None:
        try:
            os.killpg(self.p.pid, signal.SIGKILL)
        except OSError:
            pass
        self.kill_rest()

    def kill_rest(self) -> None:
        """Whatever is left of the command's processes (workers that outlived it)."""
        try:
            os.killpg(self.p.pid, signal.SIGKILL)
        except OSError:
            pass
        if self.cgroup.path is not None:
            if not self.cgroup.kill_all():
                self.ctx.note(f"{self.label}: processes still in the cgroup after 60 s of SIGKILL")
        else:
            for pid in _session_pids(self.p.pid):
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass

    def signal_group(self, sig) -> None:
        try:
            os.killpg(self.p.pid, sig)
        except OSError:
            pass

    def wait(self, timeout: float) -> Result:
        while not self.poll():
            if time.monotonic() - self.started > timeout:
                self.result.timed_out = True
                self.kill()
                _, status, ru = os.wait4(self.p.pid, 0)
                self._reaped(status, ru)
                break
            time.sleep(0.02)
        return self.result


# ---------------------------------------------------------------------------------------------
# The per-case sandbox, snapshots and checks


def snapshot(root: Path) -> dict[str, tuple]:
    state = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            p = os.path.join(folder, name)
            try:
                st = os.lstat(p)
            except OSError:
                continue
            kind = stat.S_IFMT(st.st_mode)
            link = os.readlink(p) if stat.S_ISLNK(st.st_mode) else None
            state[p] = (kind, st.st_size, st.st_mtime_ns, st.st_ino, link, st.st_rdev)
    return state


class Case:
    def __init__(self, spec: "Spec", opts, base: Path):
        self.spec, self.opts = spec, opts
        self.id, self.family, self.desc = spec.id, spec.family, spec.desc
        self.quick = opts.quick
        self.timeout = opts.timeout
        self.sandbox = base / spec.id
        self.logs = base / "_logs" / spec.id
        self.home = self.sandbox / "home"
        # TMPDIR nested deeper than the traversal payloads reach (the search index is built there)
        self.tmp = self.sandbox.joinpath("t", *[f"t{i}" for i in range(1, DEPTH + 6)], "tmp")
        self.work = self.sandbox.joinpath("w", *[f"d{i}" for i in range(1, DEPTH + 1)])
        self.outside = self.sandbox / "outside"  # things a project may point at, outside it
        for p in (self.logs, self.home, self.tmp, self.work, self.outside):
            p.mkdir(parents=True, exist_ok=True)
        self.proj_dir = self.work / "proj"
        self.out = self.work / "out"
        self.allowed: list[tuple[str, bool]] = [(str(self.out), True), (str(self.tmp), True)]
        self.results: list[Result] = []
        self.fails: dict[str, list[str]] = {k: [] for k in COLUMNS}
        self.notes: list[str] = []
        self.before: dict | None = None
        self.after_hooks: list = []
        self._cgroup: Cgroup | None = None
        self.outside_paths: list[str] = []

    def cgroup(self) -> Cgroup:
        if self._cgroup is None:
            if USE_CGROUPS:
                self._cgroup = Cgroup(self.id)
            else:
                self._cgroup = Cgroup.__new__(Cgroup)
                self._cgroup.path = None
        return self._cgroup

    def end_processes(self) -> None:
        if self._cgroup is not None and not self._cgroup.remove():
            self.note(f"could not remove the cgroup {self._cgroup.path} (processes left?)")

    # setup helpers
    def project(self, name: str = "proj") -> Project:
        p = Project(self.work / name)
        self.allowed.append((str(p.root / ".powerlist-cache"), True))
        return p

    def allow(self, path: Path, tree: bool = False) -> None:
        self.allowed.append((str(path), tree))

    def git_repo(self, p: Project) -> None:
        """The project as a git repository: v1 (tagged v1 and qlqd-2026-01), then a renamed power."""
        def git(*args):
            subprocess.run(["git", "-c", "user.name=hostile", "-c", "user.email=h@example.invalid",
                            "-c", "init.defaultBranch=main", *args], cwd=p.root, check=True, capture_output=True,
                           env={**os.environ, "HOME": str(self.home), "GIT_CONFIG_NOSYSTEM": "1"})
        git("init", "-q")
        git("add", "-A")
        git("commit", "-qm", "v1 initial list")
        git("tag", "v1")
        git("tag", "qlqd-2026-01")
        p.power_set("XK00001000", "name", "测试许可 (更名)")
        git("commit", "-qam", "v2 rename a power")

    def xlsx(self, path: Path, rows: list, header=HEADER, write_only: bool = False) -> Path:
        import openpyxl

        wb = openpyxl.Workbook(write_only=write_only)
        ws = wb.create_sheet("权力清单") if write_only else wb.active
        if not write_only:
            ws.title = "权力清单"
        ws.append(header)
        for row in rows:
            ws.append(row)
        wb.save(path)
        return path

    # running
    def start(self, args, label: str = "cmd", cwd: Path | None = None, mem: bool = True,
              env: dict | None = None) -> Proc:
        if self.before is None:
            self.before = snapshot(self.sandbox)
        proc = Proc(self, args, label, cwd, mem, env)
        self.results.append(proc.result)
        return proc

    def run(self, args, label: str = "cmd", timeout: float | None = None, **kw) -> Result:
        return self.start(args, label, **kw).wait(timeout or self.timeout)

    def fail(self, kind: str, message: str) -> None:
        self.fails[kind].append(message)

    def note(self, message: str) -> None:
        self.notes.append(message)

    def expect_rc(self, r: Result, allowed, why: str = "") -> None:
        if r.rc is not None and r.rc not in allowed and not r.timed_out and r.rc >= 0:
            self.fail("expect", f"{r.label}: exit {r.rc}, expected {'/'.join(map(str, allowed))}{why}: "
                      + _last_line(r.stderr or r.stdout))

    def check_then_build(self, extra_build=(), must_build: bool = True) -> tuple[Result, Result | None]:
        """check; then build into ../out (also when check fails: build must refuse cleanly)."""
        c = self.run(["check"], "check")
        b = None
        if not c.timed_out:
            b = self.run(["build", "--out", "../out", *extra_build], "build")
            if c.rc == 0 and must_build:
                self.expect_rc(b, (0,), " (check passed)")
            if c.rc == 1:
                self.note("check rejects the project: " + "; ".join(f[:160] for f in _findings(c.stdout)[:2]))
        return c, b

    # after the case
    def is_allowed(self, path: str, is_dir: bool) -> bool:
        rel = self.rel(path)
        if any(fnmatch.fnmatch(rel, pat) for pat in self.opts.allow):
            return True
        for a, tree in self.allowed:
            if path == a or (tree and path.startswith(a + os.sep)):
                return True
            if is_dir and a.startswith(path + os.sep):
                return True
        return False

    def finish(self) -> None:
        if self.before is not None:
            after = snapshot(self.sandbox)
            bad = []
            for p, st in after.items():
                old = self.before.get(p)
                is_dir = stat.S_ISDIR(st[0])
                if old is None:
                    changed = "new"
                elif is_dir and stat.S_ISDIR(old[0]):
                    continue  # a folder's own mtime changes with any file made and removed in it
                elif old == st:
                    continue
                else:  # (kind, size, mtime, inode, link target, rdev)
                    changed = "replaced" if old[0] != st[0] or old[3] != st[3] else "modified"
                if not self.is_allowed(p, is_dir):
                    bad.append(f"{changed} {self.rel(p)}")
            for p, st in self.before.items():
                if p not in after and not self.is_allowed(p, stat.S_ISDIR(st[0])):
                    bad.append(f"deleted {self.rel(p)}")
            if bad:
                shown = sorted(bad)
                self.outside_paths = shown
                self.fail("outside", f"{len(bad)} path(s): " + ", ".join(shown[:6]) + (" ..." if len(bad) > 6 else ""))
        for found in escape_markers(self.sandbox):
            self.fail("outside", f"escaped the sandbox: {found}")
            try:
                if os.path.isdir(found) and not os.path.islink(found):
                    shutil.rmtree(found)
                else:
                    os.unlink(found)
            except OSError:
                pass
        for r in self.results:
            if r.timed_out:
                self.fail("hang", f"{r.label}: no exit within {self.timeout:g} s")
            text = r.stdout + r.stderr
            memory = next((m for m in MEMORY_MARKERS if m in text), None)
            if r.killed_by_watchdog:
                self.fail("resource", f"{r.label}: {r.peak_procs} processes, killed by the watchdog")
            elif memory:
                self.fail("resource", f"{r.label}: {memory} (exit {r.rc}): "
                          + (short_tb(r.tb) if r.tb else _last_line(r.stderr)))
            elif r.tb:
                self.fail("tb", f"{r.label}: {short_tb(r.tb)}")
            elif r.rc is not None and r.rc not in (0, 1, 2) and not r.timed_out:
                self.fail("tb", f"{r.label}: exit {r.rc}{' (' + r.signal + ')' if r.signal else ''}: "
                          + _last_line(r.stderr))
            slow = max(SLOW_S, self.timeout / 3)
            if not r.timed_out and r.wall > slow and not self.spec.id.startswith(SLOW_OK):
                self.fail("expect", f"{r.label}: slow, {r.wall:.1f} s (over {slow:g} s on a project of a few powers)")
            if r.peak_procs > PROC_FLAG and not r.killed_by_watchdog:
                self.fail("resource", f"{r.label}: {r.peak_procs} processes at once")
        for hook in self.after_hooks:
            hook()

    def rel(self, p: str) -> str:
        return os.path.relpath(p, self.sandbox)


def escape_markers(sandbox: Path) -> list[str]:
    """HOSTILE_ESCAPE files above the sandbox (in each ancestor folder up to /)."""
    found = []
    for folder in [sandbox.parent, *sandbox.parent.parents]:
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        found += [os.path.join(folder, n) for n in names if ESCAPE in n]
    return found


def _last_line(text: str) -> str:
    lines = [ln for ln in text.strip().splitlines() if ln.strip()]
    return lines[-1][:300] if lines else "(no output)"


def _findings(text: str) -> list[str]:
    return [ln[:200] for ln in text.splitlines() if re.search(r"\bPL\d{3}\b", ln)]


# ---------------------------------------------------------------------------------------------
# Scanning a built site


def scan_site(c: Case, out: Path, leak_markers: tuple[str, ...] = ()) -> None:
    if not out.is_dir():
        return
    hits: list[str] = []
    for p in sorted(out.rglob("*")):
        if not p.is_file() or p.is_symlink():
            continue
        rel = p.relative_to(out).as_posix()
        suffix = p.suffix.lower()
        if suffix in (".html", ".svg", ".xml", ".htm"):
            text = p.read_text(encoding="utf-8", errors="replace")
            if "<script>alert(1)" in text:
                hits.append(f"{rel}: raw <script>alert(1)")
            markup = MarkupScan()
            try:
                markup.feed(text)
                markup.close()
            except Exception as e:  # noqa: BLE001 - html.parser rarely gives up; say so if it does
                c.note(f"{rel}: html.parser failed ({type(e).__name__})")
            hits += [f"{rel}: {h}" for h in markup.hits]
            if "54439" in text:  # {{ 7777*7 }} rendered
                hits.append(f"{rel}: template expression evaluated (54439)")
            if suffix == ".svg" and re.search(r"<title>\s*HOSTILEDOT\s*</title>", text):
                hits.append(f"{rel}: DOT injection created node HOSTILEDOT")
        elif suffix == ".csv":
            text = p.read_text(encoding="utf-8-sig", errors="replace")
            for i, row in enumerate(csv.reader(io.StringIO(text))):
                for cell in row:
                    s = cell.lstrip(" \t\r\n")
                    if s[:1] in ("=", "+", "-", "@") and not cell.startswith("'"):
                        hits.append(f"{rel}: row {i + 1} cell {cell[:40]!r} not neutralised")
        elif suffix == ".xlsx":
            try:
                import openpyxl

                wb = openpyxl.load_workbook(p)
                for ws in wb.worksheets:
                    for row in ws.iter_rows():
                        for cell in row:
                            if cell.data_type == "f":
                                hits.append(f"{rel}: formula cell {ws.title}!{cell.coordinate} "
                                            f"{str(cell.value)[:40]!r}")
            except Exception as e:  # noqa: BLE001 - a workbook we cannot read is reported, not fatal
                c.note(f"{rel}: openpyxl cannot read it ({type(e).__name__})")
        if leak_markers and suffix in (".html", ".svg", ".json", ".csv", ".xml", ".txt"):
            text = p.read_text(encoding="utf-8", errors="replace")
            for m in leak_markers:
                if m in text:
                    c.fail("leaks", f"site file {rel} contains {m[:40]!r}")
                    break
    if hits:
        c.fail("inject", f"{len(hits)}: " + "; ".join(hits[:5]) + (" ..." if len(hits) > 5 else ""))


class MarkupScan(HTMLParser):
    """Real elements and attributes (not escaped text) that would run the payloads' alert(1)."""

    URL_ATTRS = {"href", "src", "xlink:href", "action", "formaction", "data", "srcdoc"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hits: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            value = value or ""
            if name.startswith("on") and "alert" in value:
                self.hits.append(f"<{tag} {name}=...> event handler from the input")
            if name in self.URL_ATTRS and value.strip().lower().startswith("javascript:"):
                self.hits.append(f"<{tag} {name}=javascript:...>")
        if tag == "script":
            self.in_script = True

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = False

    def handle_data(self, data):
        if self.in_script and "alert(1)" in data:
            self.hits.append("<script> element with alert(1)")


def check_leaks(c: Case, markers: tuple[str, ...]) -> None:
    for r in c.results:
        text = r.stdout + r.stderr
        for m in markers:
            if m in text:
                c.fail("leaks", f"{r.label} prints {m[:60]!r}")
                break


# ---------------------------------------------------------------------------------------------
# Special files: /dev/full and /dev/null stay character devices


DEVICES = {"/dev/full": (1, 7), "/dev/null": (1, 3)}


def device_ok(path: str) -> bool:
    try:
        st = os.lstat(path)
    except OSError:
        return False
    major, minor = DEVICES[path]
    return stat.S_ISCHR(st.st_mode) and os.major(st.st_rdev) == major and os.minor(st.st_rdev) == minor


def restore_device(path: str) -> str:
    major, minor = DEVICES[path]
    try:
        if os.path.lexists(path):
            os.unlink(path)
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(major, minor))
        os.chmod(path, 0o666)
        return "restored with mknod"
    except OSError as e:
        return f"COULD NOT RESTORE ({e})"


def guard_devices(c: Case, dev_before: set[str]) -> None:
    for path in DEVICES:
        if not device_ok(path):
            c.fail("replaced", f"{path} is no longer a character device ({restore_device(path)})")
    try:
        now = set(os.listdir("/dev"))
    except OSError:
        return
    for name in sorted(now - dev_before):
        if name.startswith((".full.", ".null.")):
            c.fail("outside", f"left /dev/{name}")
            try:
                os.unlink(f"/dev/{name}")
            except OSError:
                pass


# ---------------------------------------------------------------------------------------------
# Cases


@dataclass
class Spec:
    id: str
    family: str
    desc: str
    fn: object
    quick: bool


SPECS: list[Spec] = []


def case(id_: str, desc: str, quick: bool = True):
    def register(fn):
        SPECS.append(Spec(id_, id_.split("-")[0], desc, fn, quick))
        return fn
    return register


# 1. Build must not crash on projects that check accepts ----------------------------------------


@case("acc-noeffective", "a cited legal source without `effective` (PL109 warning only)")
def _(c: Case):
    p = c.project()
    p.edit("catalog/sources.yaml", "    issuer: 国务院\n    effective: 2010-01-01\n", "    issuer: 国务院\n")
    chk, _ = c.check_then_build()
    if "PL109" not in chk.stdout + chk.stderr:
        c.note("check did not report PL109")


def _draft(deletions: list[tuple[str, str]]):
    """A draft preview under ignore [PL506, PL101]: the given (power code, key) pairs deleted."""
    def run(c: Case):
        p = c.project()
        p.setting("ignore", ["PL506", "PL101"])
        for code, key in deletions:
            p.power_del(code, key)
        c.check_then_build()
    return run


ALL_POWERS = ("XK00001000", "CF00001000", "SY00001000")
case("acc-draft-nobasis", "ignore [PL506, PL101]: a power without basis")(_draft([("XK00001000", "basis")]))
case("acc-draft-noflow", "ignore [PL506, PL101]: a power without a flow reference")(_draft([("XK00001000", "flow")]))
case("acc-draft-both", "ignore [PL506, PL101]: every power without basis and flow")(
    _draft([(code, key) for code in ALL_POWERS for key in ("basis", "flow")]))


@case("acc-draft-ghostflow", "ignore [PL501, PL506, PL101]: a power whose flow file does not exist", quick=False)
def _(c: Case):
    p = c.project()
    p.setting("ignore", ["PL501", "PL506", "PL101"])
    p.power_set("XK00001000", "flow", "ghost-flow")
    c.check_then_build()


@case("acc-baseurl-3k", "a 3 KB base_url")
def _(c: Case):
    p = c.project()
    p.setting("base_url", "https://www.example.gov.cn/" + "a" * 3000 + "/")
    c.check_then_build()


@case("acc-baseurl-10k", "a 10 KB base_url")
def _(c: Case):
    p = c.project()
    p.setting("base_url", "https://www.example.gov.cn/" + "q/" * 5000)
    c.check_then_build()


@case("acc-baseurl-idn", "base_url with a Chinese host and a query-like path", quick=False)
def _(c: Case):
    p = c.project()
    p.setting("base_url", "https://示例县.政务.cn/权力 清单/?a=1&b=<2>#frag/")
    c.check_then_build()


@case("acc-optional-absent", "every optional field absent (unit and powers)")
def _(c: Case):
    p = c.project()
    for line in ("code: 11999999MB00000011\n", "address: 测试县人民路 1 号\n", "phone: 0999-6123456\n",
                 "complaint_phone: '12345'\n"):
        p.edit("catalog/bureau.yaml", line, "")
    for key in ("legal_limit", "promised_limit", "phone", "complaint_phone"):
        for code in ("XK00001000", "CF00001000"):
            p.power_del(code, key)
    p.edit("catalog/bureau.yaml", "roster:\n  - person: 张某\n    posts: [director]\n  - person: 李某\n"
           "    posts: [deputy]\n  - person: 王某\n    posts: [head]\n", "")
    c.check_then_build()


@case("acc-empty-strings", "optional fields given as empty strings")
def _(c: Case):
    p = c.project()
    p.edit("catalog/bureau.yaml", "address: 测试县人民路 1 号", 'address: ""')
    for key in ("remarks", "conditions", "fee_basis", "address", "office_hours", "internal_notes", "phone"):
        p.power_set("XK00001000", key, "")
    p.power_set("XK00001000", "materials", [])
    p.power_set("XK00001000", "sub_items", [])
    p.power_set("XK00001000", "accountability", [])
    p.power_set("XK00001000", "responsibilities", [])
    c.check_then_build()


@case("acc-empty-title", "title: \"\" in powerlist.yaml (docs: an optional key left empty counts as not given)",
      quick=False)
def _(c: Case):
    p = c.project()
    p.setting("title", "")
    c.check_then_build()


UNICODE = {
    "rtl": "测试\u202e许可\u202c\u200f名称\u200e",
    "emoji": "测试许可🏛️👨‍👩‍👧‍👦🇨🇳",
    "zw": "\u200b测\u200c试\u200d许\u2060可\ufeff",
    "ls": "测试\u2028许可\u2029名称\x85",
    "combining": "测试许可" + "\u0301" * 300,
    "astral": "𠀀𪚥𰻞许可",
}


for _key, _text in UNICODE.items():
    def _make(key=_key, text=_text):
        @case(f"acc-uni-{key}", f"unusual Unicode ({key}) in the title, unit, post, power, flow and step names",
              quick=key in ("rtl", "ls", "emoji"))
        def _(c: Case):
            p = c.project()
            p.setting("title", text)
            p.edit("catalog/bureau.yaml", "name: 测试县测试局", f"name: {y(text + '局')}")
            p.edit("catalog/bureau.yaml", "{id: director, name: 局长,", f"{{id: director, name: {y(text + '长')},")
            p.power_set("XK00001000", "name", text)
            p.power_set("XK00001000", "materials", [text, text + "2"])
            p.edit("flows/licence.yaml", "name: 测试许可流程", f"name: {y(text + '流程')}")
            p.edit("flows/licence.yaml", "    name: 受理\n", f"    name: {y(text + '受理')}\n")
            c.check_then_build()
    _make()


# 2. Path safety ------------------------------------------------------------------------------------


def path_project(c: Case) -> Project:
    p = c.project()
    p.setting("ignore", ["PL602", "PL604"])
    p.setting("item_code_pattern", None, raw="'.*'")
    return p


def _codes(c: Case):
    return {
        "dotdot3": f"../../../{ESCAPE}-3",
        "dotdot8": "../" * 8 + f"{ESCAPE}-8",
        "dotdot12": "../" * (DEPTH + 2) + f"{ESCAPE}-12",
        "abs": str(c.sandbox / "outside" / f"{ESCAPE}-abs"),
        "dotdot": "..",
        "dot": ".",
        "slash": "a/b",
        "backslash": "a\\b",
        "con": "con",
        "nul": "nul",
        "aux": "aux",
        "com1": "com1",
        "nulbyte": "XK\x00001000",
        "nulsym": "XK\u2400001000",
        "pctnul": "XK%00%2e%2e%2f" + ESCAPE,
        "long300": "X" * 300,
        "newline": "XK0001\n1000",
    }


for _key in ("dotdot3", "dotdot8", "dotdot12", "abs", "dotdot", "dot", "slash", "backslash", "con", "nul", "aux",
             "com1", "nulbyte", "nulsym", "pctnul", "long300", "newline"):
    def _make(key=_key):
        @case(f"path-code-{key}", f"item code {key!s} (ignore PL602/PL604, item_code_pattern '.*')",
              quick=key in ("dotdot3", "dotdot12", "abs", "dotdot", "slash", "con", "nulbyte", "long300"))
        def _(c: Case):
            p = path_project(c)
            p.power_set("XK00001000", "code", _codes(c)[key])
            c.check_then_build()
    _make()


FLOW_NAMES = {"con": "CON", "space": "a b", "chinese": "中文", "dotdot": "..", "dash": "-rf", "newline": "a\nb",
              "pct": "%2e%2e%2f" + ESCAPE, "nulsym": "\u2400", "long250": "f" * 250, "quote": "a\"b'c<d>"}


for _key, _name in FLOW_NAMES.items():
    def _make(key=_key, name=_name):
        @case(f"path-flow-{key}", f"flow file name {name[:20]!r}.yaml (ignore PL604)",
              quick=key in ("con", "space", "chinese", "dotdot", "dash", "long250"))
        def _(c: Case):
            p = path_project(c)
            p.rename("flows/licence.yaml", f"flows/{name}.yaml")
            p.power_set("XK00001000", "flow", name)
            c.check_then_build()
    _make()


@case("path-unit-long250", "unit file name of 250 characters (ignore PL604)", quick=False)
def _(c: Case):
    p = path_project(c)
    name = "u" * 250
    p.rename("catalog/bureau.yaml", f"catalog/{name}.yaml")
    for f in ("licence", "penalty", "spending"):
        p.edit(f"flows/{f}.yaml", "unit: bureau", f"unit: {name}")
    c.check_then_build()


@case("path-step-post-ids", "step, post and source ids with ../ and slashes (ignore PL604)", quick=False)
def _(c: Case):
    p = path_project(c)
    p.edit("flows/licence.yaml", "  - id: review\n", f"  - id: ../../{ESCAPE}-step\n")
    p.edit("flows/licence.yaml", "{to: review,", f"{{to: ../../{ESCAPE}-step,")
    p.edit("catalog/sources.yaml", "  - id: licensing-law", f"  - id: ../{ESCAPE}-src")
    p.edit("catalog/bureau.yaml", "- source: licensing-law", f"- source: ../{ESCAPE}-src")
    c.check_then_build()


# 3. ReDoS and size -------------------------------------------------------------------------------


@case("dos-redos-code", "item_code_pattern '^(a+)+$' and a code 'a'*30 + '!'")
def _(c: Case):
    p = c.project()
    p.setting("item_code_pattern", None, raw="'^(a+)+$'")
    p.power_set("XK00001000", "code", "a" * 30 + "!")
    c.run(["check"], "check")


@case("dos-redos-phone", "phone_pattern '^(a+)+$' and a phone 'a'*30 + '!'")
def _(c: Case):
    p = c.project()
    p.setting("phone_pattern", None, raw="'^(a+)+$'")
    p.edit("catalog/bureau.yaml", "phone: 0999-6123456", f"phone: {y('a' * 30 + '!')}")
    c.run(["check"], "check")


@case("dos-alias-amp", "YAML alias amplification: a ~900 KB string referenced ~150,000 times in materials")
def _(c: Case):
    p = c.project()
    size, refs = (900_000, 150_000)
    p.power_set("XK00001000", "materials", None, raw="[" + ", ".join(["*b"] * refs) + "]")
    p.power_set("XK00001000", "remarks", None, raw="&b " + "A" * size)
    n = p.path("catalog/bureau.yaml").stat().st_size
    c.note(f"bureau.yaml is {n:,} bytes")
    c.check_then_build(must_build=False)


@case("dos-laughs", "billion laughs (nested aliases, 9 levels x 10)")
def _(c: Case):
    p = c.project()
    lines = ['    remarks: &l0 "lol"']
    for i in range(1, 10):
        lines.append(f"    accountability: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]"
                     if i == 1 else f"    x{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]")
    p.edit("catalog/bureau.yaml", "  - code: XK00001000\n", "  - code: XK00001000\n" + "\n".join(lines) + "\n")
    c.check_then_build(must_build=False)


@case("dos-longname", "a 30,000-character power name")
def _(c: Case):
    p = c.project()
    p.power_set("XK00001000", "name", "很长的事项名称" * (30_000 // 7) + "长长")
    c.check_then_build(must_build=False)


@case("dos-longnames-limit", "every name at the 300-character bound (power, unit, posts, flow, steps, risks)")
def _(c: Case):
    p = c.project()
    long = ("很长的名称" * 60)[:300]
    p.power_set("XK00001000", "name", long)
    p.edit("catalog/bureau.yaml", "name: 测试县测试局", f"name: {y(long)}")
    for post in ("director", "deputy", "officer", "window", "head"):
        text = p.read("catalog/bureau.yaml")
        p.write("catalog/bureau.yaml",
                re.sub(rf"(\{{id: {post}, name: )[^,]+,", lambda m: m.group(1) + y(long) + ",", text))
    text = p.read("flows/licence.yaml")
    p.write("flows/licence.yaml", re.sub(r"^(\s+name: ).*$", lambda m: m.group(1) + y(long), text, flags=re.M))
    (p.edit("flows/licence.yaml", "name: 测试许可流程", f"name: {y(long)}")
     if "测试许可流程" in p.read("flows/licence.yaml") else None)
    c.check_then_build()


MARKDOWN = {
    "brackets": lambda: "[" * 100_000,
    "stars": lambda: "*" * 100_000,
    "lt": lambda: "<" * 50_000,
    "backticks": lambda: "`" * 100_000,
    "links": lambda: "[a](" * 20_000,
    "underscores": lambda: "_a" * 50_000,
    "lists": lambda: "\n".join("    " * i + "- 项" for i in range(1000)),
    "quotes": lambda: ">" * 10_000 + " 引用",
    "quotelines": lambda: "\n".join(">" * i + " q" for i in range(1, 2000)),
    "table": lambda: "|a" * 5000 + "|\n" + "|-" * 5000 + "|\n" + ("|x" * 5000 + "|\n") * 50,
}


MD_LIMIT, MD_BRACKETS = 5000, 100  # the model's bounds (PL012): texts at the bound must still build
MARKDOWN_AT_LIMIT = {
    "brackets": lambda: "[" * MD_BRACKETS + "a" * 10,
    "stars": lambda: "*" * MD_LIMIT,
    "lt": lambda: "<" * MD_LIMIT,
    "backticks": lambda: "`" * MD_LIMIT,
    "links": lambda: "[a](" * MD_BRACKETS,
    "underscores": lambda: "_a" * (MD_LIMIT // 2),
    "lists": lambda: _fit("\n".join("    " * i + "- 项" for i in range(100))),
    "quotes": lambda: ">" * (MD_LIMIT - 4) + " 引用",
    "quotelines": lambda: _fit("\n".join(">" * i + " q" for i in range(1, 200))),
    "table": lambda: _fit("|a" * 300 + "|\n" + "|-" * 300 + "|\n" + ("|x" * 300 + "|\n") * 10),
    "emph-nest": lambda: _fit("*_" * 1200 + "x" + "_*" * 1200),
    "html-nest": lambda: _fit("<div>" * 500 + "x" + "</div>" * 500),
}


def _fit(text: str) -> str:
    return text[:MD_LIMIT]


for _key, _gen in MARKDOWN.items():
    def _make(key=_key, gen=_gen):
        @case(f"dos-md-{key}", f"Markdown conditions/remarks: {key} (as big as the brief says)",
              quick=key in ("brackets", "stars", "lt", "lists", "quotes"))
        def _(c: Case):
            p = c.project()
            text = gen()
            p.power_set("XK00001000", "conditions", text)
            p.power_set("XK00001000", "remarks", text)
            c.check_then_build(must_build=False)
    _make()


for _key, _gen in MARKDOWN_AT_LIMIT.items():
    def _make(key=_key, gen=_gen):
        @case(f"dos-mdlim-{key}", f"Markdown conditions/remarks/description: {key}, at the PL012 bound (check passes)",
              quick=key in ("brackets", "stars", "lt", "lists", "quotes", "links", "emph-nest"))
        def _(c: Case):
            p = c.project()
            text = gen()
            p.power_set("XK00001000", "conditions", text)
            p.power_set("XK00001000", "remarks", text)
            p.edit("flows/licence.yaml", "area: 行政审批\n", f"area: 行政审批\ndescription: {y(text)}\n")
            c.check_then_build()
    _make()


@case("dos-materials-5000", "5,000 materials")
def _(c: Case):
    p = c.project()
    p.power_set("XK00001000", "materials", [f"申请材料第 {i} 项: 营业执照副本复印件加盖公章" for i in range(5000)])
    c.check_then_build(must_build=False)


@case("dos-materials-limit", "200 materials of 300 characters on each of the three powers (the PL012 bounds)")
def _(c: Case):
    p = c.project()
    for code in ("XK00001000", "CF00001000", "SY00001000"):
        p.power_set(code, "materials", [(f"申请材料第 {i} 项: " + "营业执照副本复印件加盖公章" * 30)[:300]
                                        for i in range(200)])
    c.check_then_build()


@case("dos-deep-list", "100,000 nested flow lists in a power's remarks")
def _(c: Case):
    p = c.project()
    p.power_set("XK00001000", "remarks", None, raw="[" * 100_000 + "]" * 100_000)
    c.run(["check"], "check")


@case("dos-deep-map", "20,000 nested block mappings in a flow file", quick=False)
def _(c: Case):
    p = c.project()
    deep = "".join(" " * i + "k:\n" for i in range(20_000))
    p.write("flows/deep.yaml",
            "name: 深\nunit: bureau\nsteps:\n" + "".join("  " + ln + "\n" for ln in deep.splitlines()))
    c.run(["check"], "check")


@case("dos-deep-settings", "100,000 nested lists in powerlist.yaml", quick=False)
def _(c: Case):
    p = c.project()
    p.setting("ignore", None, raw="[" * 100_000 + "]" * 100_000)
    c.run(["check"], "check")
    c.run(["build", "--out", "../out"], "build")


@case("dos-steps-200", "a flow of 200 steps (the PL012 bound), every step with a branch back to the first", quick=False)
def _(c: Case):
    p = c.project()
    posts = ["officer", "head"]
    actions = ["经办", "审核"]
    steps = [f"  - {{id: s{i}, name: 第{i}步, post: {posts[i % 2]}, action: {actions[i % 2]}, days: 0"
             + (f", next: [{{to: s{i + 1}, when: 通过}}, {{to: s0, when: 退回}}]" if i < 199 else "") + "}"
             for i in range(200)]
    p.write("flows/licence.yaml", "name: 长流程\nunit: bureau\nsteps:\n" + "\n".join(steps) + "\n")
    c.check_then_build(must_build=False)


# 4. Injection ------------------------------------------------------------------------------------


PAYLOADS = {
    "script": "<script>alert(1)</script>",
    "img": '"><img src=x onerror=alert(1)>',
    "jinja": "{{ 7*7 }}{{ 7777*7 }}",
    "raw": "{% raw %}",
    "dot": '"]; HOSTILEDOT [label="pwn',
    "dotesc": "\\N \\G \\L \\E \\T \\H \\l \\r",
    "hyperlink": '=HYPERLINK("http://evil.example/","click")',
    "spaceeq": " =1+1",
    "at": "@SUM(1)",
    "plus": "+1",
    "minus": "-1",
    "tabeq": "\t=1+1",
    "mdjs": "[click](javascript:alert(1)) <svg onload=alert(1)> <script>alert(1)</script>",
}


for _key, _payload in PAYLOADS.items():
    def _make(key=_key, payload=_payload):
        @case(f"inj-{key}", f"{payload[:40]!r} in names, materials, Markdown, flow and step names",
              quick=key in ("script", "img", "jinja", "dot", "hyperlink", "spaceeq", "minus"))
        def _(c: Case):
            p = c.project()
            p.setting("title", payload)
            p.edit("catalog/bureau.yaml", "name: 测试县测试局", f"name: {y(payload)}")
            p.edit("catalog/bureau.yaml", "{id: director, name: 局长,", f"{{id: director, name: {y(payload)},")
            p.edit("catalog/bureau.yaml", "{id: officer, name: 审批股经办人,", f"{{id: officer, name: {y(payload)},")
            p.power_set("XK00001000", "name", payload)
            p.power_set("XK00001000", "materials", [payload])
            p.power_set("XK00001000", "conditions", payload)
            p.power_set("XK00001000", "remarks", payload)
            p.power_set("XK00001000", "accountability", [payload])
            p.power_set("XK00001000", "responsibilities", [{"stage": "受理", "duty": payload}])
            p.edit("flows/licence.yaml", "name: 测试许可流程", f"name: {y(payload)}")
            p.edit("flows/licence.yaml", "    name: 受理\n", f"    name: {y(payload)}\n")
            p.edit("flows/licence.yaml", "description: 审查不细致", f"description: {y(payload)}")
            p.edit("flows/licence.yaml", "{to: review, when: 材料齐全}", f"{{to: review, when: {y(payload)}}}")
            chk, b = c.check_then_build()
            scan_site(c, c.out)
            if chk.rc == 0 and b is not None and b.rc == 0 and payload.strip() and not _site_mentions(c.out, payload):
                c.note("the payload text appears nowhere in the site's HTML (changed or dropped?)")
    _make()


@case("inj-baseurl", "base_url with a quote and a script (ignore PL608)")
def _(c: Case):
    p = c.project()
    p.setting("ignore", ["PL608"])
    p.setting("base_url", 'https://x.example/"><script>alert(1)</script>/')
    c.check_then_build()
    scan_site(c, c.out)


@case("inj-baseurl-js", "base_url javascript:alert(1)// (ignore PL608)", quick=False)
def _(c: Case):
    p = c.project()
    p.setting("ignore", ["PL608"])
    p.setting("base_url", "javascript:alert(1)//")
    c.check_then_build()
    scan_site(c, c.out)


def _site_mentions(out: Path, payload: str) -> bool:
    import html

    want = " ".join(payload.split())
    for p in out.rglob("*.html"):
        text = " ".join(html.unescape(p.read_text(encoding="utf-8", errors="replace")).split())
        if want in text:
            return True
    return False


# 5. Symlinks ---------------------------------------------------------------------------------------


def _passwd_markers() -> tuple[str, ...]:
    try:
        lines = Path("/etc/passwd").read_text().splitlines()
    except OSError:
        return ("root:x:0:0",)
    marks = {"root:x:0:0"}  # not a bare "root:": a finding about a file named root would match it
    for ln in lines:
        if ln.count(":") >= 5:
            marks.add(ln.split(":", 1)[1])  # the part after the user name: x:0:0:root:/root:/bin/bash
    return tuple(sorted(marks, key=len, reverse=True))


def sym_case(c: Case, p: Project, markers: tuple[str, ...]) -> None:
    c.run(["check"], "check")
    c.run(["check", "--format", "json"], "check-json")
    c.run(["build", "--out", "../out"], "build")
    check_leaks(c, markers)
    scan_site(c, c.out, markers)


@case("sym-passwd", "catalog/x.yaml -> /etc/passwd")
def _(c: Case):
    p = c.project()
    os.symlink("/etc/passwd", p.path("catalog/x.yaml"))
    sym_case(c, p, _passwd_markers())


@case("sym-settings-passwd", "powerlist.yaml -> /etc/passwd")
def _(c: Case):
    p = c.project()
    p.path("powerlist.yaml").unlink()
    os.symlink("/etc/passwd", p.path("powerlist.yaml"))
    sym_case(c, p, _passwd_markers())


@case("sym-sources-shadow", "catalog/sources/extra.yaml -> /etc/shadow", quick=False)
def _(c: Case):
    p = c.project()
    p.path("catalog/sources").mkdir()
    os.symlink("/etc/shadow", p.path("catalog/sources/extra.yaml"))
    markers = ("root:$", "root:*", "root:!")
    try:
        markers = tuple(ln.split(":", 2)[1] for ln in Path("/etc/shadow").read_text().splitlines()
                        if ln.count(":") > 2 and len(ln.split(":", 2)[1]) > 3) or markers
    except OSError:
        pass
    sym_case(c, p, markers)


@case("sym-environ", "catalog/e.yaml -> /proc/self/environ (the secret must not show)")
def _(c: Case):
    p = c.project()
    os.symlink("/proc/self/environ", p.path("catalog/e.yaml"))
    sym_case(c, p, (SECRET,))


@case("sym-outside-unit", "catalog/y.yaml -> a valid unit file outside the project")
def _(c: Case):
    p = c.project()
    text = p.read("catalog/bureau.yaml").replace("测试县测试局", "外部单位OUTSIDEUNIT")
    for old, new in (("XK00001000", "XK00009000"), ("CF00001000", "CF00009000"), ("SY00001000", "SY00009000")):
        text = text.replace(old, new)
    (c.outside / "y.yaml").write_text(text, encoding="utf-8")
    os.symlink(c.outside / "y.yaml", p.path("catalog/y.yaml"))
    sym_case(c, p, ())
    loaded = any("OUTSIDEUNIT" in r.stdout or '"units": 2' in r.stdout for r in c.results) or (
        c.out.is_dir() and any("OUTSIDEUNIT" in f.read_text(errors="replace") for f in c.out.rglob("*.html")))
    c.note("the linked unit file outside the project was " + ("followed (read)" if loaded else "not read"))


@case("sym-flows-dir-outside", "flows/ext -> a folder outside with a valid flow")
def _(c: Case):
    p = c.project()
    ext = c.outside / "flows"
    ext.mkdir()
    (ext / "extra.yaml").write_text(p.read("flows/licence.yaml").replace("测试许可流程", "外部流程OUTSIDEFLOW"),
                                    encoding="utf-8")
    os.symlink(ext, p.path("flows/ext"))
    sym_case(c, p, ())
    if any("OUTSIDEFLOW" in r.stdout for r in c.results):
        c.note("the linked folder outside the project was followed")


@case("sym-flows-etc", "flows/etc -> /etc and catalog/slash-link -> /")
def _(c: Case):
    p = c.project()
    os.symlink("/etc", p.path("flows/etc"))
    os.symlink("/", p.path("catalog/slash-link"))
    sym_case(c, p, _passwd_markers())


@case("sym-loops", "flows/loop -> flows, catalog/a.yaml -> itself, a dangling link", quick=False)
def _(c: Case):
    p = c.project()
    os.symlink(".", p.path("flows/loop"))
    os.symlink("a.yaml", p.path("catalog/a.yaml"))
    os.symlink("does-not-exist.yaml", p.path("catalog/d.yaml"))
    sym_case(c, p, ())


@case("sym-devzero-fifo", "catalog/z.yaml -> /dev/zero, catalog/f.yaml a FIFO")
def _(c: Case):
    p = c.project()
    os.symlink("/dev/zero", p.path("catalog/z.yaml"))
    os.mkfifo(p.path("catalog/f.yaml"))
    sym_case(c, p, ())


@case("sym-out-link", "build --out a symlink to a folder outside with someone's files")
def _(c: Case):
    c.project()
    target = c.outside / "precious"
    target.mkdir()
    (target / "important.txt").write_text("do not delete\n")
    os.symlink(target, c.work / "out")
    r = c.run(["build", "--out", "../out"], "build")
    if not (target / "important.txt").is_file():
        c.fail("outside", "build deleted outside/precious/important.txt through the --out symlink")
    c.expect_rc(r, (1, 2), " (an output folder with other content must be refused)")


# 6. -o / --report targets ------------------------------------------------------------------------


def _fifo_reader(path: Path):
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    data = bytearray()
    stop = threading.Event()

    def loop():
        while True:
            r, _, _ = select.select([fd], [], [], 0.1)
            if r:
                try:
                    chunk = os.read(fd, 65536)
                except BlockingIOError:
                    chunk = b""
                if chunk:
                    data.extend(chunk)
                    continue
            if stop.is_set():
                break
        os.close(fd)

    t = threading.Thread(target=loop, daemon=True)
    t.start()

    def finish() -> bytes:
        stop.set()
        t.join(5)
        return bytes(data)
    return finish


def _symlink_target(c: Case, name: str, content: str = "old content\n") -> tuple[Path, Path]:
    real = c.work / "reports" / f"{name}.txt"
    real.parent.mkdir(exist_ok=True)
    real.write_text(content)
    link = c.work / f"{name}-link"
    os.symlink(real, link)
    c.allow(real)
    c.allow(link)
    return link, real


def _check_symlink(c: Case, link: Path, real: Path, want: str) -> None:
    if not link.is_symlink():
        kind = "a regular file" if link.is_file() else "gone" if not os.path.lexists(link) else "something else"
        c.fail("replaced", f"the symlink {c.rel(str(link))} is now {kind}")
    content = real.read_text(errors="replace") if real.is_file() else ""
    if want not in content:
        c.fail("expect", f"the symlink's target did not receive the output (has {content[:40]!r})")


def _check_fifo(c: Case, fifo: Path, data: bytes, want: bytes) -> None:
    try:
        st = os.lstat(fifo)
        if not stat.S_ISFIFO(st.st_mode):
            c.fail("replaced", f"the FIFO {c.rel(str(fifo))} was replaced by "
                   + ("a regular file" if stat.S_ISREG(st.st_mode) else "something else"))
    except FileNotFoundError:
        c.fail("replaced", "the FIFO is gone")
    if want not in data:
        c.note(f"the FIFO reader got {len(data)} bytes, not the report")


def _real_device_case(c: Case, device: str, args, label: str, allowed=(0, 1, 2)) -> None:
    if not device_ok(device):
        c.note(f"{device} is not the expected character device before the case: skipped")
        return
    r = c.run(args, label)
    # guard_devices (after every case) restores it and counts the violation
    c.expect_rc(r, allowed)


@case("out-check-devfull", "check -o /dev/full (the real one, restored if replaced)")
def _(c: Case):
    c.project()
    _real_device_case(c, "/dev/full", ["check", "--format", "json", "-o", "/dev/full"], "check", (2,))


@case("out-check-mydevfull", "check -o a full-device node made in the sandbox (mknod c 1 7)")
def _(c: Case):
    c.project()
    dev = c.work / "devfull"
    try:
        os.mknod(dev, 0o666 | stat.S_IFCHR, os.makedev(1, 7))
    except OSError as e:
        c.note(f"mknod not possible ({e}); skipped")
        return
    c.allow(dev)
    r = c.run(["check", "--format", "json", "-o", "../devfull"], "check")
    st = os.lstat(dev)
    if not stat.S_ISCHR(st.st_mode):
        c.fail("replaced", "the device node devfull became "
               + ("a regular file" if stat.S_ISREG(st.st_mode) else "something else"))
    c.expect_rc(r, (2,), " (ENOSPC)")


@case("out-check-fifo", "check -o a FIFO (with a reader)")
def _(c: Case):
    c.project()
    fifo = c.work / "report.fifo"
    os.mkfifo(fifo)
    c.allow(fifo)
    finish = _fifo_reader(fifo)
    c.run(["check", "--format", "json", "-o", "../report.fifo"], "check")
    _check_fifo(c, fifo, finish(), b'"findings"')


@case("out-check-symlink", "check -o a symlink to a file: the file gets the report, the link stays")
def _(c: Case):
    c.project()
    link, real = _symlink_target(c, "check")
    c.run(["check", "--format", "json", "-o", str(link)], "check")
    _check_symlink(c, link, real, '"findings"')


@case("out-check-dangling", "check -o a dangling symlink", quick=False)
def _(c: Case):
    c.project()
    link = c.work / "dangling-link"
    real = c.work / "reports" / "new.txt"
    real.parent.mkdir()
    os.symlink(real, link)
    c.allow(link)
    c.allow(real)
    c.run(["check", "--format", "json", "-o", str(link)], "check")
    if not link.is_symlink():
        c.fail("replaced", "the dangling symlink was replaced by a regular file")


@case("out-check-dir", "check -o an existing folder, and -o into a folder that does not exist", quick=False)
def _(c: Case):
    c.project()
    (c.work / "adir").mkdir()
    r1 = c.run(["check", "-o", "../adir"], "check-dir")
    r2 = c.run(["check", "-o", "../missing/sub/report.txt"], "check-missing")
    c.expect_rc(r1, (2,))
    c.expect_rc(r2, (2,))


@case("out-check-readonly", "check -o a file in a read-only folder (root ignores modes: records what happens)",
      quick=False)
def _(c: Case):
    c.project()
    ro = c.work / "ro"
    ro.mkdir()
    (ro / "r.txt").write_text("keep\n")
    c.allow(ro / "r.txt")
    os.chmod(ro, 0o555)
    c.run(["check", "-o", "../ro/r.txt"], "check")
    os.chmod(ro, 0o755)


@case("out-diff-devfull", "diff v1 -o /dev/full (the real one, restored if replaced)")
def _(c: Case):
    p = c.project()
    c.git_repo(p)
    _real_device_case(c, "/dev/full", ["diff", "v1", "-o", "/dev/full"], "diff", (2,))


@case("out-diff-symlink", "diff v1 -o a symlink to a file")
def _(c: Case):
    p = c.project()
    c.git_repo(p)
    link, real = _symlink_target(c, "diff")
    c.run(["diff", "v1", "-o", str(link)], "diff")
    _check_symlink(c, link, real, "更名")


@case("out-diff-fifo", "diff v1 --format html -o a FIFO", quick=False)
def _(c: Case):
    p = c.project()
    c.git_repo(p)
    fifo = c.work / "diff.fifo"
    os.mkfifo(fifo)
    c.allow(fifo)
    finish = _fifo_reader(fifo)
    c.run(["diff", "v1", "--format", "html", "-o", str(fifo)], "diff")
    _check_fifo(c, fifo, finish(), b"<html")


def _small_sheet(c: Case) -> Path:
    return c.xlsx(c.work / "small.xlsx", [[1, "行政许可", "导入的许可", "", "《中华人民共和国行政许可法》第十二条",
                                           "受理、审查、决定责任", "", "审批股", "县级", ""]])


def _allow_import(c: Case, p: Project, unit: str = "imp") -> None:
    c.allow(p.path(f"catalog/{unit}.yaml"))
    c.allow(p.path(f"catalog/sources/{unit}.yaml"))


@case("out-import-report-symlink", "import --report a symlink to a file")
def _(c: Case):
    p = c.project()
    sheet = _small_sheet(c)
    _allow_import(c, p)
    link, real = _symlink_target(c, "import")
    c.run(["import", str(sheet), "--unit", "imp", "--name", "导入单位", "--report", str(link)], "import")
    _check_symlink(c, link, real, "导入")


@case("out-import-report-fifo", "import --report a FIFO", quick=False)
def _(c: Case):
    p = c.project()
    sheet = _small_sheet(c)
    _allow_import(c, p)
    fifo = c.work / "import.fifo"
    os.mkfifo(fifo)
    c.allow(fifo)
    finish = _fifo_reader(fifo)
    c.run(["import", str(sheet), "--unit", "imp", "--name", "导入单位", "--report", str(fifo)], "import")
    _check_fifo(c, fifo, finish(), "导入".encode())


@case("out-import-report-devfull", "import --report /dev/full (the real one, restored if replaced)")
def _(c: Case):
    p = c.project()
    sheet = _small_sheet(c)
    _allow_import(c, p)
    _real_device_case(c, "/dev/full", ["import", str(sheet), "--unit", "imp", "--name", "导入单位",
                                       "--report", "/dev/full"], "import")


@case("out-build-devnull", "build --out /dev/null (must refuse; /dev/null restored if replaced)")
def _(c: Case):
    c.project()
    _real_device_case(c, "/dev/null", ["build", "--out", "/dev/null"], "build", (1, 2))


@case("out-build-file", "build --out an existing regular file, and --posters-only -o a FIFO", quick=False)
def _(c: Case):
    c.project()
    f = c.work / "afile"
    f.write_text("keep\n")
    fifo = c.work / "bfifo"
    os.mkfifo(fifo)
    r1 = c.run(["build", "--out", "../afile"], "build-file")
    r2 = c.run(["build", "--posters-only", "--out", "../bfifo"], "build-fifo")
    c.expect_rc(r1, (1, 2))
    c.expect_rc(r2, (1, 2))


# 7. diff revisions ---------------------------------------------------------------------------------


REVISIONS = {
    "tag-colon": "tag:",
    "head-colon-dot": "HEAD:./",
    "colon-search": ":/v1",
    "long-a": "a" * 5000,
    "long-caret": "HEAD" + "^0" * 2498,
    "output-opt": "--output=x",
    "dash-o": "-o",
    "range": "HEAD..",
    "tilde999": "HEAD~999",
    "dotdot-etc": "../../etc",
    "tree": "HEAD^{tree}",
    "newline": "v1\nHEAD",
    "newline-batch": "v1:catalog/bureau.yaml\nHEAD",
    "nonutf8": b"v1\xff\xfe",
    "subtree": "v1:catalog",
    "reflog": "HEAD@{-1}",
    "upstream": "@{u}",
    "dot-folder": ".",
    "root-folder": "/",
    "blob": "v1:catalog/bureau.yaml",
    "stash": "stash@{0}",
    "space": "v1 HEAD",
    "nul-like": "v1\u2400",
}


for _key, _rev in REVISIONS.items():
    def _make(key=_key, rev=_rev):
        @case(f"rev-{key}", f"diff {rev[:30]!r}",
              quick=key in ("tag-colon", "head-colon-dot", "colon-search", "long-a", "output-opt", "tree",
                            "newline", "nonutf8", "blob", "range"))
        def _(c: Case):
            p = c.project()
            c.git_repo(p)
            if key == "output-opt":  # as an option (argparse) and after --
                c.run(["diff", rev], "diff-opt")
                c.run(["diff", "--", rev], "diff")
            elif key == "dash-o":
                c.run(["diff", "-o"], "diff-opt")
                c.run(["diff", "--", "-o"], "diff")
            else:
                r = c.run(["diff", "--", rev], "diff")
                if key in ("colon-search", "tree"):
                    c.note(f"exit {r.rc}: {_last_line(r.stderr)}")
            c.run(["diff", "--format", "json", "--", rev], "diff-json")
    _make()


@case("rev-baseline", "diff v1 in text, json, html (a control: must succeed)")
def _(c: Case):
    p = c.project()
    c.git_repo(p)
    report = c.work / "ann.html"
    c.allow(report)
    for fmt in ("text", "json"):
        c.expect_rc(c.run(["diff", "--format", fmt, "v1"], f"diff-{fmt}"), (0,))
    c.expect_rc(c.run(["diff", "--format", "html", "-o", str(report), "v1"], "diff-html"), (0,))


@case("rev-release-build", "build with release_tags on a git project (a control: must succeed)", quick=False)
def _(c: Case):
    p = c.project()
    p.setting("release_tags", "qlqd-*")
    c.git_repo(p)
    c.check_then_build()


# 8. Spreadsheets for import ------------------------------------------------------------------------


def rewrite_zip(src: Path, dst: Path, replace: dict) -> None:
    """Copy a zip, replacing members: a value is bytes, a function of the old bytes, or a generator
    function yielding chunks (streamed: for bombs)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zout:
        names = zin.namelist()
        for name, new in replace.items():
            if name not in names:  # a new member
                data = b""
                if getattr(new, "streamed", False):
                    with zout.open(name, "w", force_zip64=True) as f:
                        for chunk in new(data):
                            f.write(chunk)
                else:
                    zout.writestr(name, new if isinstance(new, bytes) else new(data))
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename not in replace:
                zout.writestr(info, data)
                continue
            new = replace[info.filename]
            if isinstance(new, bytes):
                zout.writestr(info.filename, new)
            elif getattr(new, "streamed", False):
                with zout.open(info.filename, "w", force_zip64=True) as f:
                    for chunk in new(data):
                        f.write(chunk)
            else:
                zout.writestr(info.filename, new(data))


def streamed(fn):
    fn.streamed = True
    return fn


def _row(i: int, name: str | None = None) -> list:
    return [i, "行政许可", name or f"导入的许可事项第{i}项", "", "《中华人民共和国行政许可法》第十二条",
            "受理、审查、决定责任", "", "审批股", "县级", ""]


def import_case(c: Case, sheet: Path, p: Project, label: str = "import", unit: str = "imp") -> Result:
    _allow_import(c, p, unit)
    return c.run(["import", str(sheet), "--unit", unit, "--name", "导入单位"], label, cwd=p.root)


@case("xls-dimension", "a sheet whose dimension says A1:XFD1048576 with a few cells")
def _(c: Case):
    p = c.project()
    src = c.xlsx(c.work / "base.xlsx", [_row(1), _row(2)])
    dst = c.work / "dimension.xlsx"
    rewrite_zip(src, dst, {"xl/worksheets/sheet1.xml": lambda d: re.sub(rb'<dimension ref="[^"]*"/>',
                                                                       b'<dimension ref="A1:XFD1048576"/>', d)})
    import_case(c, dst, p)


@case("xls-merge-huge", "a merged range A3:J1048576 over a few real rows")
def _(c: Case):
    p = c.project()
    src = c.xlsx(c.work / "base.xlsx", [_row(1), _row(2)])
    dst = c.work / "merged.xlsx"

    def add_merge(d: bytes) -> bytes:
        return d.replace(b"</sheetData>",
                         b'</sheetData><mergeCells count="1"><mergeCell ref="A3:J1048576"/></mergeCells>', 1)
    rewrite_zip(src, dst, {"xl/worksheets/sheet1.xml": add_merge})
    import_case(c, dst, p)


def _bomb_mb(c: Case) -> int:
    return 60 if c.quick else 300


def _bomb_rows(total: int):
    """A sheet1.xml rewriter: ~``total`` bytes of identical 10-cell rows (no r= attributes), each
    followed by 1,000 spaces (deflate packs runs of one byte best: the whole stays under 1 MB)."""
    cell = b'<c t="inlineStr"><is><t>x</t></is></c>'
    row = b"<row>" + cell * 10 + b"</row>" + b" " * 1000
    block = row * ((1 << 20) // len(row))

    @streamed
    def gen(d: bytes):
        head, _, tail = d.partition(b"</sheetData>")
        yield head
        sent = 0
        while sent < total:
            yield block
            sent += len(block)
        yield b"</sheetData>" + tail
    return gen


@case("xls-bomb-rows", "zip bomb: ~300 MB of identical rows (no r= attributes) in under 1 MB")
def _(c: Case):
    p = c.project()
    src = c.xlsx(c.work / "base.xlsx", [_row(1)])
    dst = c.work / "bomb-rows.xlsx"
    total = _bomb_mb(c) << 20
    rewrite_zip(src, dst, {"xl/worksheets/sheet1.xml": _bomb_rows(total)})
    c.note(f"{dst.stat().st_size:,} bytes zipped, {total >> 20} MB sheet XML")
    import_case(c, dst, p)


@case("xls-bomb-undercap", "~62 MB of identical rows in ~200 KB: just under a 64 MB unpacked-size cap", quick=False)
def _(c: Case):
    p = c.project()
    src = c.xlsx(c.work / "base.xlsx", [_row(1)])
    dst = c.work / "bomb-undercap.xlsx"
    total = 62 << 20
    rewrite_zip(src, dst, {"xl/worksheets/sheet1.xml": _bomb_rows(total)})
    c.note(f"{dst.stat().st_size:,} bytes zipped, {total >> 20} MB sheet XML")
    import_case(c, dst, p)


def _lie_about_size(path: Path, member: str, size: int = 4096) -> None:
    """Patch the zip's local and central headers so that ``member`` claims ``size`` bytes
    uncompressed (a bomb that passes a check of the declared sizes)."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    with zipfile.ZipFile(path) as z:
        info = z.getinfo(member)
    if info.file_size >= 0xFFFFFFFF or info.compress_size >= 0xFFFFFFFF:
        raise AssertionError("zip64 member: cannot patch")
    off = info.header_offset
    assert data[off:off + 4] == b"PK\x03\x04"
    data[off + 22:off + 26] = size.to_bytes(4, "little")
    i = data.find(b"PK\x01\x02" + b"", 0)
    while i >= 0:
        n = int.from_bytes(data[i + 28:i + 30], "little")
        if data[i + 46:i + 46 + n] == name:
            data[i + 24:i + 28] = size.to_bytes(4, "little")
            break
        i = data.find(b"PK\x01\x02", i + 4)
    path.write_bytes(bytes(data))


@case("xls-bomb-liar", "zip bomb whose headers claim 4 KB for the ~300 MB sheet (passes a declared-size check)")
def _(c: Case):
    p = c.project()
    src = c.xlsx(c.work / "base.xlsx", [_row(1)])
    dst = c.work / "bomb-liar.xlsx"
    total = _bomb_mb(c) << 20
    gen = _bomb_rows(total)
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename != "xl/worksheets/sheet1.xml":
                zout.writestr(info, data)
                continue
            with zout.open(info.filename, "w") as f:  # not zip64: the sizes fit in 32 bits
                for chunk in gen(data):
                    f.write(chunk)
    _lie_about_size(dst, "xl/worksheets/sheet1.xml")
    c.note(f"{dst.stat().st_size:,} bytes zipped, {total >> 20} MB sheet XML declared as 4 KB")
    import_case(c, dst, p)


@case("xls-bomb-sst", "zip bomb: one ~300 MB shared string (the name cell of a row)")
def _(c: Case):
    p = c.project()
    src = c.xlsx(c.work / "base.xlsx", [_row(1, "BOMBPLACEHOLDER")])
    dst = c.work / "bomb-sst.xlsx"
    total = _bomb_mb(c) << 20
    block = "名".encode() * ((1 << 20) // 3)

    @streamed
    def sst(_: bytes):
        yield (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
               b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
               b'<si><t>')
        sent = 0
        while sent < total:
            yield block
            sent += len(block)
        yield b"</t></si></sst>"

    def cell(d: bytes) -> bytes:  # openpyxl writes inline strings: point the cell at the shared string
        new = re.sub(rb'(<c r="[A-Z]+\d+") t="inlineStr"><is><t>BOMBPLACEHOLDER</t></is></c>',
                     rb'\1 t="s"><v>0</v></c>', d)
        assert new != d, "placeholder cell not found"
        return new

    rewrite_zip(src, dst, {
        "xl/sharedStrings.xml": sst,
        "xl/worksheets/sheet1.xml": cell,
        "[Content_Types].xml": lambda d: d.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" '
                                                  b'ContentType="application/vnd.openxmlformats-officedocument.'
                                                  b'spreadsheetml.sharedStrings+xml"/></Types>'),
        "xl/_rels/workbook.xml.rels": lambda d: d.replace(b"</Relationships>", b'<Relationship Id="rIdSST" '
                                                          b'Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                                                          b'relationships/sharedStrings" '
                                                          b'Target="sharedStrings.xml"/></Relationships>'),
    })
    c.note(f"{dst.stat().st_size:,} bytes zipped, {total >> 20} MB shared string")
    import_case(c, dst, p)


@case("xls-rows-100k", "1,000 / 4,000 / 100,000 valid rows: time must grow about linearly")
def _(c: Case):
    sizes = (1_000, 4_000, 20_000) if c.quick else (1_000, 4_000, 100_000)
    projects = [c.project(f"proj{n}") for n in sizes]
    sheets = [c.xlsx(c.work / f"rows{n}.xlsx", [_row(i) for i in range(1, n + 1)], write_only=True) for n in sizes]
    walls, said = [], []
    for n, p, sheet in zip(sizes, projects, sheets):
        r = import_case(c, sheet, p, f"import-{n}")
        walls.append((n, r.wall, r.timed_out or r.rc != 0))
        said.append(f"{n:,} rows: " + ("did not finish" if r.timed_out else f"{r.wall:.1f} s"
                                        + (f" (exit {r.rc}: {_last_line(r.stderr)[:120]})" if r.rc else "")))
    c.note("; ".join(said))
    (n1, w1, b1), (n2, w2, b2) = walls[0], walls[1]
    if not (b1 or b2):
        ratio = w2 / max(w1, 0.01)
        if ratio > 2 * (n2 / n1):
            c.fail("expect", f"import time grows superlinearly: x{ratio:.1f} for x{n2 // n1} rows "
                             f"({w1:.1f} s -> {w2:.1f} s)")


@case("xls-notzip", "a text file named .xlsx, an empty .xlsx, a truncated .xlsx")
def _(c: Case):
    p = c.project()
    (c.work / "text.xlsx").write_text("序号,事项名称\n1,x\n", encoding="utf-8")
    (c.work / "empty.xlsx").write_bytes(b"")
    good = c.xlsx(c.work / "good.xlsx", [_row(1)])
    data = good.read_bytes()
    (c.work / "truncated.xlsx").write_bytes(data[: len(data) // 2])
    for name in ("text", "empty", "truncated"):
        r = import_case(c, c.work / f"{name}.xlsx", p, f"import-{name}")
        c.expect_rc(r, (2,))


@case("xls-formula", "formula cells (=HYPERLINK, =1+1, a cross-sheet reference)")
def _(c: Case):
    p = c.project()
    sheet = c.xlsx(c.work / "formula.xlsx", [
        [1, "行政许可", '=HYPERLINK("http://evil.example/","click")', "", "=1+1", "", "", "审批股", "县级",
         "=Sheet2!A1"],
        [2, "行政许可", "=A3&B3", "", "《中华人民共和国行政许可法》第十二条", "", "", "审批股", "县级", "=1/0"]])
    import_case(c, sheet, p)


@case("xls-bigcell", "cells of 1 MB text (name, basis, responsibilities)")
def _(c: Case):
    p = c.project()
    mb = 1 << 20
    sheet = c.xlsx(c.work / "big.xlsx", [
        [1, "行政许可", "名" * (mb // 3), "", "《某法》第一条、" * (mb // 24), "1.受理责任:" * (mb // 16), "", "审批股",
         "县级", "x" * mb],
        [2, "行政许可", "事项二", "", "《" * (mb // 6) + "第" * (mb // 6), "", "（1）" * (mb // 9), "审批股", "县级",
         ""]])
    import_case(c, sheet, p)


@case("xls-control-chars", "cells with control characters: _x0001_ escapes and raw bytes in the XML")
def _(c: Case):
    p = c.project()
    rows = [[1, "行政许可", "名称_x0001__x001F__x0000_", "", "《中华人民共和国行政许可法》第十二条", "", "", "审批股",
             "县级", "换行\n回车\r制表\t\u2028\u2029\ufeff"],
            [2, "行政许可", "CTRLPLACEHOLDER", "", "", "", "", "", "", ""]]
    src = c.xlsx(c.work / "ctrl.xlsx", rows)
    raw = c.work / "ctrl-raw.xlsx"

    def ctrl(d: bytes) -> bytes:
        assert b"CTRLPLACEHOLDER" in d
        return d.replace(b"CTRLPLACEHOLDER", b"a\x01b\x1bc\x7fd\x00e")
    rewrite_zip(src, raw, {"xl/worksheets/sheet1.xml": ctrl})
    import_case(c, src, p, "import-escaped")
    r = import_case(c, raw, p, "import-raw", unit="imp2")
    c.expect_rc(r, (2,), " (not well-formed XML)")


@case("xls-unit-ids", "import --unit ../../HOSTILE_ESCAPE, con, a 300-character id", quick=False)
def _(c: Case):
    p = c.project()
    sheet = _small_sheet(c)
    for unit, label in ((f"../../{ESCAPE}", "import-traversal"), ("con", "import-con"), ("a" * 300, "import-long"),
                        ("-rf", "import-dash")):
        _allow_import(c, p, unit)
        r = c.run(["import", str(sheet), "--unit", unit, "--name", "导入单位"], label)
        if unit != "con":
            c.expect_rc(r, (2,))


@case("xls-many-sheets-cols", "a cell in column XFD and 200 sheets", quick=False)
def _(c: Case):
    import openpyxl

    p = c.project()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER)
    ws.append(_row(1))
    ws["XFD2"] = "最后一列"
    for i in range(200):
        wb.create_sheet(f"S{i}")["A1"] = i
    wb.save(c.work / "wide.xlsx")
    import_case(c, c.work / "wide.xlsx", p)


# 9. Misc CLI -----------------------------------------------------------------------------------------


@case("cli-jobs-100000", "build --jobs 100000: how many processes appear")
def _(c: Case):
    c.project()
    r = c.run(["build", "--out", "../out", "--jobs", "100000"], "build")
    c.note(f"peak {r.peak_procs} processes in the command's group"
           + (f" (held at {PIDS_MAX} tasks by a pids cgroup)" if USE_CGROUPS else " (no pids cgroup: watchdog only)"))


@case("cli-jobs-neg", "build --jobs -1 and --jobs 99999999999999999999")
def _(c: Case):
    c.project()
    r = c.run(["build", "--out", "../out", "--jobs", "-1"], "build-neg")
    c.expect_rc(r, (2,))
    c.run(["build", "--out", "../out", "--jobs", "99999999999999999999"], "build-huge")


def serve_case(c: Case, extra=()) -> None:
    proc = c.start(["serve", "--port", "0", "--out", "../out", *extra], "serve")
    deadline = proc.started + c.timeout
    port = None
    while time.monotonic() < deadline and not proc.poll():
        try:
            m = re.search(r"http://[^:/]+:(\d+)/", proc.result.stderr_path.read_text(errors="replace"))
        except OSError:
            m = None
        if m:
            port = int(m.group(1))
            break
        time.sleep(0.2)
    if port is None:
        if proc.done:
            c.fail("expect", f"serve exited ({proc.result.rc}) before it served: {_last_line(proc.result.stderr)}")
        else:
            proc.result.timed_out = True
            proc.kill()
            _, status, ru = os.wait4(proc.p.pid, 0)
            proc._reaped(status, ru)
        return
    end = time.monotonic() + 3
    while time.monotonic() < end and not proc.poll():
        time.sleep(0.1)
    if proc.done:
        c.fail("expect", f"serve died after it started (exit {proc.result.rc})")
        return
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/index.html", timeout=10) as resp:
            body = resp.read()
        c.note(f"served index.html ({len(body):,} bytes)")
    except Exception as e:  # noqa: BLE001 - e.g. 404 when the first build was refused: serve stays up
        c.note(f"GET index.html failed: {e}")
    proc.signal_group(signal.SIGINT)
    end = time.monotonic() + 15
    while time.monotonic() < end and not proc.poll():
        time.sleep(0.1)
    if not proc.done:
        c.note("serve did not stop within 15 s of SIGINT: killed")
        proc.kill()
        _, status, ru = os.wait4(proc.p.pid, 0)
        proc._reaped(status, ru)
        proc.result.rc = 0  # our kill, not its failure


@case("cli-serve-baseurl-10k", "serve --port 0 with a 10 KB base_url: alive after the build, serves, stops on SIGINT")
def _(c: Case):
    p = c.project()
    p.setting("base_url", "https://www.example.gov.cn/" + "q/" * 5000)
    serve_case(c)


@case("cli-serve-plain", "serve --port 0 on the minimal project (a control)")
def _(c: Case):
    c.project()
    serve_case(c)


for _name in ("con", "nul", "aux", "com1"):
    def _make(name=_name):
        @case(f"cli-ids-{name}", f"unit file catalog/{name}.yaml and flow flows/{name}.yaml",
              quick=name in ("con", "nul"))
        def _(c: Case):
            p = c.project()
            p.rename("catalog/bureau.yaml", f"catalog/{name}.yaml")
            for f in ("licence", "penalty", "spending"):
                p.edit(f"flows/{f}.yaml", "unit: bureau", f"unit: {name}")
            p.rename("flows/licence.yaml", f"flows/{name}.yaml")
            p.edit(f"catalog/{name}.yaml", "flow: licence", f"flow: {name}")
            c.check_then_build()
    _make()


@case("cli-out-overlaps", "build --out ., .., ../.., catalog, .git, .powerlist-cache: refused, nothing touched")
def _(c: Case):
    p = c.project()
    c.git_repo(p)
    for out, label in ((".", "out-dot"), ("..", "out-parent"), ("../..", "out-grandparent"), ("catalog", "out-catalog"),
                       (".git", "out-git"), (".powerlist-cache", "out-cache"), ("catalog/site", "out-in-catalog")):
        r = c.run(["build", "--out", out], label)
        c.expect_rc(r, (1, 2), " (must refuse)")


@case("cli-new-hostile", "new unit/flow/power with traversal, NUL-like and option-like ids")
def _(c: Case):
    p = c.project()
    for args, label in ((["new", "unit", f"../../{ESCAPE}", "--name", "x"], "new-unit-traversal"),
                        (["new", "flow", f"../{ESCAPE}", "--unit", "bureau", "--name", "x"], "new-flow-traversal"),
                        (["new", "unit", "con", "--name", "<script>alert(1)</script>\n- x"], "new-unit-con"),
                        (["new", "power", "bureau", "--code", f"../../{ESCAPE}", "--name", "x",
                          "--category", "行政许可", "--flow", "licence", "--source", "licensing-law",
                          "--article", "第十二条"], "new-power-code")):
        c.run(args, label)
    c.allow(p.path("catalog/con.yaml"))
    c.allow(p.path("catalog/bureau.yaml"))  # new power appends to it


@case("cli-dates", "check --date 9999-12-31 / 0001-01-01; check_date 9999-12-31 in settings")
def _(c: Case):
    c.project()
    p2 = c.project("proj2")
    p2.setting("check_date", None, raw="9999-12-31")
    p2.setting("version_date", None, raw="0001-01-01")
    c.run(["check", "--date", "9999-12-31"], "check-max")
    c.run(["check", "--date", "0001-01-01"], "check-min")
    c.run(["check"], "check-settings", cwd=p2.root)
    c.run(["build", "--out", "../out"], "build-settings", cwd=p2.root)


# ---------------------------------------------------------------------------------------------
# Main


def run_case(spec: Spec, opts, base: Path) -> Case:
    c = Case(spec, opts, base)
    dev_before = set(os.listdir("/dev")) if os.path.isdir("/dev") else set()
    try:
        spec.fn(c)
    except Exception:  # a harness error: shown, counted as expect (not as a powerlist traceback)
        c.fail("expect", "HARNESS ERROR: " + traceback.format_exc().strip().splitlines()[-1])
        c.note(traceback.format_exc())
    finally:
        c.end_processes()
        try:
            c.finish()
        except Exception:  # noqa: BLE001
            c.fail("expect", "HARNESS ERROR in finish: " + traceback.format_exc().strip().splitlines()[-1])
        guard_devices(c, dev_before)
    return c


def code_version() -> str:
    """HEAD, and a digest of generator/ and templates/ as they are (others may be editing them)."""
    root = CODE or REPO
    head, dirty = "?", 0
    try:
        r = subprocess.run(["git", "-C", str(root), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
        if r.returncode == 0:
            head = r.stdout.strip()
            dirty = subprocess.run(["git", "-C", str(root), "status", "--porcelain", "--", "generator", "templates"],
                                   capture_output=True, text=True).stdout.count("\n")
    except OSError:
        pass
    h = hashlib.sha256()
    for folder in (root / "generator", root / "templates"):
        for p in sorted(folder.rglob("*")):
            if p.is_file() and "__pycache__" not in p.parts:
                h.update(p.relative_to(root).as_posix().encode())
                h.update(p.read_bytes())
    return (f"{root}: {head} + {dirty} changed file(s) in generator/ templates/, content {h.hexdigest()[:12]}"
            if head != "?" else f"{root}: content of generator/ templates/ {h.hexdigest()[:12]}")


def outside_patterns(cases: list["Case"]) -> list[tuple[str, int]]:
    """Outside-write paths with the sandbox's nesting folded, and in how many cases each occurs."""
    counts: dict[str, set[str]] = {}
    for c in cases:
        for entry in c.outside_paths:
            pat = re.sub(r"w(/d\d+)+", "<work>", entry)
            pat = re.sub(r"t(/t\d+)+", "<tmp-parent>", pat)
            pat = re.sub(r"\.new-[^/]+", ".new-*", pat)
            counts.setdefault(pat, set()).add(c.id)
    return sorted(((p, len(ids)) for p, ids in counts.items()), key=lambda x: -x[1])


def summarize(cases: list[Case]) -> tuple[list[dict], dict]:
    rows = []
    for fam, title in FAMILIES.items():
        mine = [c for c in cases if c.family == fam]
        if not mine:
            continue
        row = {"family": fam, "title": title, "cases": len(mine)}
        for k in COLUMNS:
            row[k] = sum(1 for c in mine if c.fails[k])
        rs = [r for c in mine for r in c.results]
        row["max_wall_s"] = max((r.wall for r in rs), default=0.0)
        row["max_rss_mb"] = max((r.maxrss_mb for r in rs), default=0.0)
        row["max_procs"] = max((r.peak_procs for r in rs), default=0)
        row["failing"] = sum(1 for c in mine if any(c.fails[k] for k in FAILING))
        rows.append(row)
    total = {"family": "TOTAL", "cases": sum(r["cases"] for r in rows)}
    for k in (*COLUMNS, "failing"):
        total[k] = sum(r[k] for r in rows)
    total["max_wall_s"] = max((r["max_wall_s"] for r in rows), default=0)
    total["max_rss_mb"] = max((r["max_rss_mb"] for r in rows), default=0)
    total["max_procs"] = max((r["max_procs"] for r in rows), default=0)
    return rows, total


def print_table(rows: list[dict], total: dict) -> None:
    cols = ("cases", *COLUMNS, "failing", "max_wall_s", "max_rss_mb", "max_procs")
    heads = ("cases", *COLUMNS, "failing", "wall s", "RSS MB", "procs")
    print(f"\n{'family':<42}" + "".join(f"{h:>9}" for h in heads))
    for r in [*rows, total]:
        name = r["family"] if r["family"] == "TOTAL" else f"{r['family']:<5}{r['title']}"
        cells = []
        for k in cols:
            v = r[k]
            cells.append(f"{v:>9.1f}" if isinstance(v, float) else f"{v:>9}")
        if r["family"] == "TOTAL":
            print("-" * (42 + 9 * len(cols)))
        print(f"{name[:41]:<42}" + "".join(cells))


def main(argv=None) -> int:
    global USE_CGROUPS, CODE
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="fewer, lighter cases; timeout 30 s")
    ap.add_argument("--json", metavar="FILE", help="write every case's results as JSON")
    ap.add_argument("--timeout", type=float, help="seconds per command (default 60, --quick 30)")
    ap.add_argument("--only", action="append", default=[], metavar="ID-PREFIX",
                    help="run the cases whose id starts with this (repeatable, or comma-separated)")
    ap.add_argument("--keep", action="store_true", help="keep the sandboxes and logs")
    ap.add_argument("--list", action="store_true", help="list the cases and exit")
    ap.add_argument("--workdir", help="where the sandboxes go (default: a new folder under $TMPDIR)")
    ap.add_argument("--mem-gb", type=int, default=3, help="address-space limit per process, GiB (default 3)")
    ap.add_argument("--code", metavar="DIR", help="test DIR/generator (put first on PYTHONPATH) instead of the "
                    "installed one, e.g. an older version unpacked with git archive")
    ap.add_argument("--allow", action="append", default=[], metavar="GLOB",
                    help="also allow writes to sandbox-relative paths matching this (e.g. 'w/*/.out.lock'); repeatable")
    opts = ap.parse_args(argv)
    if opts.code:
        CODE = Path(opts.code).resolve()
        if not (CODE / "generator" / "cli.py").is_file():
            print(f"{CODE}/generator/cli.py not found", file=sys.stderr)
            return 2
    if opts.timeout is None:
        opts.timeout = 30.0 if opts.quick else 60.0
    prefixes = [p for arg in opts.only for p in arg.split(",") if p]
    specs = [s for s in SPECS if (not opts.quick or s.quick or prefixes) and
             (not prefixes or any(s.id.startswith(p) for p in prefixes))]
    ids = [s.id for s in SPECS]
    assert len(ids) == len(set(ids)), "duplicate case ids"
    if opts.list:
        for s in specs:
            print(f"{s.id:<28} {'quick' if s.quick else 'full ':<6}{s.desc}")
        return 0
    if not specs:
        print("no case matches", file=sys.stderr)
        return 2
    if not POWERLIST.exists():
        print(f"{POWERLIST} not found", file=sys.stderr)
        return 2
    base = Path(tempfile.mkdtemp(prefix="powerlist-hostile-", dir=opts.workdir))
    USE_CGROUPS = cgroups_available()
    if not USE_CGROUPS:
        print("note: no pids cgroup available; a fork bomb is only held back by the watchdog", file=sys.stderr)
    version_start = code_version()
    print(f"{len(specs)} cases, timeout {opts.timeout:g} s, memory limit {opts.mem_gb} GiB, sandboxes in {base}",
          file=sys.stderr)
    print(f"code under test: {version_start}", file=sys.stderr)
    started = time.monotonic()
    cases: list[Case] = []

    def on_signal(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_signal)
    interrupted = False
    try:
        for i, spec in enumerate(specs, 1):
            t = time.monotonic()
            c = run_case(spec, opts, base)
            cases.append(c)
            bad = [k for k in COLUMNS if c.fails[k]]
            status = "ok" if not bad else " ".join(bad)
            print(f"[{i:>3}/{len(specs)}] {spec.id:<28} {time.monotonic() - t:6.1f} s  {status}", file=sys.stderr,
                  flush=True)
            if not opts.keep:
                shutil.rmtree(c.sandbox, ignore_errors=True)
    except KeyboardInterrupt:
        interrupted = True
        print("interrupted", file=sys.stderr)
    finally:
        for path in DEVICES:
            if not device_ok(path):
                print(f"{path} damaged: {restore_device(path)}", file=sys.stderr)
    elapsed = time.monotonic() - started
    version_end = code_version()

    rows, total = summarize(cases)
    print(f"\ncode under test: {version_start}")
    if version_end != version_start:
        print(f"WARNING: the code changed during the run (now {version_end}): results mix versions")
    print_table(rows, total)
    print(f"\nTOTAL: {total['cases']} cases, {total['failing']} failing; tracebacks {total['tb']}, "
          f"hangs {total['hang']}, outside writes {total['outside']}, injections {total['inject']}, "
          f"leaks {total['leaks']}, replaced {total['replaced']}, resource {total['resource']}, "
          f"expectations {total['expect']}; {elapsed:.0f} s{' (interrupted)' if interrupted else ''}")
    failing = [c for c in cases if any(c.fails[k] for k in COLUMNS)]
    if failing:
        print("\nFailing cases:")
        for c in failing:
            print(f"- {c.id}: {c.desc}")
            for k in COLUMNS:
                for msg in c.fails[k]:
                    print(f"    [{k}] {msg}")
            for n in c.notes:
                if not n.startswith("Traceback"):
                    print(f"    (note) {n[:300]}")
    patterns = outside_patterns(cases)
    if patterns:
        print("\nOutside writes by path (sandbox nesting folded), cases:")
        for pat, n in patterns[:20]:
            print(f"  {n:>4}  {pat}")
    noted = [c for c in cases if c.notes and c not in failing]
    if noted:
        print("\nNotes on passing cases:")
        for c in noted:
            for n in c.notes:
                print(f"- {c.id}: {n[:300]}")
    if opts.json:
        data = {"elapsed_s": round(elapsed, 1), "timeout_s": opts.timeout, "quick": opts.quick,
                "code_start": version_start, "code_end": version_end, "outside_patterns": patterns,
                "families": rows, "total": total,
                "cases": [{"id": c.id, "family": c.family, "description": c.desc, "failures": c.fails,
                           "notes": c.notes, "commands": [r.brief() for r in c.results]} for c in cases]}
        Path(opts.json).write_text(json.dumps(data, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    if opts.keep:
        print(f"\nsandboxes and logs kept in {base}", file=sys.stderr)
    else:
        shutil.rmtree(base, ignore_errors=True)
    return 1 if (any(total[k] for k in FAILING) or interrupted) else 0


if __name__ == "__main__":
    sys.exit(main())
