#!/usr/bin/env python3
"""Kill-9 harness for ``powerlist build``: proves (or disproves) that a build survives SIGKILL at any moment.

What it proves
--------------
A user's ``kill -9``, an OOM kill or a power cut can stop ``powerlist build`` anywhere. Each trial
here starts a real build in a scratch copy of a project, kills it with SIGKILL at a chosen moment
and then checks, from outside only (no instrumentation of powerlist is used):

a. the output folder is either absent or EXACTLY one complete earlier build (same file set and bytes
   as reference A or B). Anything else is a "corrupt output"; an output that existed before the kill
   and is gone after it is counted apart as "lost output".
b. no process that came from the killed build (forked PDF workers, Graphviz ``neato``, ``pagefind``)
   is still alive ~2 s after the kill ("orphans"). Processes are recognised by a marker variable
   put into the build's environment (every child inherits it, whoever its parent is after the kill)
   and by the process tree watched while the build ran. The harness kills them itself afterwards, so
   that trials stay independent, but counts them.
c. a normal follow-up build of the same input finishes (a build that waits on nothing, i.e. whose
   process tree uses no CPU for --idle seconds, or that runs past --timeout, is a "stuck build"; the
   harness then kills the orphans and lets that build go on, to see whether they were what held it),
   and its output is byte-identical to the reference: a difference means that something the killed
   build left half-written in the cache was reused ("stale cache entry reused"), and the differing
   files are listed.
d. after the follow-up build no temporary file is left: in the TMPDIR given to the builds, in hidden
   ``.site.new-*`` / ``.site.old-*`` siblings of the output, or as hidden (dot) files or folders
   inside the project's ``.powerlist-cache/``. (A folder holding no file at all, such as a per-user
   scratch folder a program keeps in TMPDIR, is reported apart and is no leftover.)

How the moment of the kill is chosen
------------------------------------
* "random": a uniformly random delay in [0, T], T being the measured time of a full uncached build.
* by phase, detected from outside by polling /proc and the file system every few milliseconds:

  ============  ======================================================================================
  startup       the build runs, but none of its working children (PDF workers, chart-drawing
                ``neato``, indexing ``pagefind``) has appeared yet: imports, reading, loading,
                checking. Short probes (``neato -V``, ``pagefind --version``, ``git``) don't count.
                Killed after a random delay within the startup time measured by the calibration.
  charts        a ``neato`` child that draws (not ``neato -V``) is alive.
  pdf           a forked python child (a PDF worker) has used CPU since it appeared.
  search-index  a ``pagefind`` child that indexes is alive (``--site ...`` or ``--service``, the
                latter being Pagefind's Python API; not ``--version``).
  search-copy   a new ``search-*`` folder (or a temporary one, ``.*search-*``) appears in
                ``.powerlist-cache/``: the Pagefind bundle being moved, copied or written into the
                cache, right after Pagefind ends. Killed at once.
  swap          a hidden ``.site.new-*`` sibling of the output appears (the new output being assembled).
  manifest      the output folder itself changes (inode or mtime): the swap is done, the build is
                writing its manifest. Killed at once.
  ============  ======================================================================================

  A phase that is never seen in a trial is recorded as "not seen" and does not count as a kill in
  that phase (the trial is tried again, up to --attempts times).

References: each variant is built uncached (``--no-cache``) into a folder of its own, with the TMPDIR
on the project's file system and, when there is one, on the other one too. Pagefind's index may depend
on the order in which the file system lists the pages (it did while Pagefind read them from a folder),
so the two may differ: both then count as complete builds of that variant, and the difference is
reported (it does not fail the run). The
same inputs are then built through the cache into the trials' output folder (cold, then warm): a
difference from the reference there means the build is not deterministic, which fails the run, since
the comparisons of the trials would mean nothing.

Trials vary: the input alternates between two variants A and B (B renames one power and changes one
flow step's text, so every build must really render and re-index); the cache is either wiped first
("cold": every stage runs) or kept ("warm": only what the variant switch invalidates runs, the
search index always); about a third of the kills SIGKILL the whole process group instead of the
main process only (``neato`` runs in a session of its own and survives that); half of the trials
give the builds a TMPDIR on another file system than the project (/dev/shm), where a rename from
TMPDIR into the cache fails (a build that then copies the Pagefind bundle into place exposes a half
copy to the next build); some trials start without any earlier output.

The code under test is a snapshot of ``generator/`` and ``templates/`` copied at start (people may
be editing the working tree meanwhile: the references would otherwise go stale in mid-run), from this
checkout or from ``--code DIR`` (e.g. an older version:
``git archive REV generator templates | tar -x -C /tmp/old``, then ``--code /tmp/old``);
``--live-code`` runs the installed ``powerlist`` command instead.

How to run
----------
    .venv/bin/python tests/reliability/kill_builds.py                  # 48 kills on the sample project
    .venv/bin/python tests/reliability/kill_builds.py --kills 8 --seed 1 --project tests/fixtures/minimal
    .venv/bin/python tests/reliability/kill_builds.py --json kills.json --keep   # figures; keep scratch

It prints one line per trial, then a table per phase and a line of totals. Exit status: 0 when no
kill did any harm, 1 when any corrupt or lost output, orphan, stuck build, stale cache reuse, failed
follow-up build or leftover temporary file was seen (or when the references are not reproducible),
2 when the harness itself could not run. Standard library only; Linux only (it reads /proc).
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]  # the powerlist checkout this script lives in

PHASES = ("startup", "charts", "pdf", "search-index", "search-copy", "swap", "manifest", "random")
PHASE_TITLES = {
    "startup": "startup/load",
    "charts": "charts (neato)",
    "pdf": "pdf workers busy",
    "search-index": "search index (pagefind)",
    "search-copy": "search bundle copy",
    "swap": "assemble/swap",
    "manifest": "manifest",
    "random": "random in [0,T]",
}
OUT_NAME = "site"  # the output folder's name: its hidden siblings are .site.new-* and .site.old-*
TAG_VAR = "KILL_BUILDS_TAG"  # marker in every build's environment, inherited by all its processes
LOCK_WAIT_TEXT = "另一个 powerlist 进程正在生成"  # what powerlist prints while waiting for the output lock
CLK_TCK = os.sysconf("SC_CLK_TCK")


class HarnessError(Exception):
    """The harness itself cannot go on (not a finding about powerlist)."""


# ---------------------------------------------------------------------------------------------------
# /proc: processes seen from outside


@dataclasses.dataclass
class Proc:
    pid: int
    ppid: int
    state: str
    cpu: int  # utime + stime, clock ticks
    start: int  # start time after boot, clock ticks: (pid, start) names a process even if pids wrap


def proc_table() -> dict[int, Proc]:
    """Every process now running, from /proc/PID/stat."""
    table = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        proc = read_proc(int(name))
        if proc is not None:
            table[proc.pid] = proc
    return table


def read_proc(pid: int) -> Proc | None:
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            data = f.read()
    except OSError:
        return None
    fields = data[data.rindex(b")") + 2:].split()  # the command name in (...) may hold spaces
    return Proc(pid, int(fields[1]), fields[0].decode(), int(fields[11]) + int(fields[12]), int(fields[19]))


def is_alive(pid: int, start: int) -> bool:
    """The process (pid, start) still exists and is not a zombie (a zombie holds nothing and runs nothing)."""
    proc = read_proc(pid)
    return proc is not None and proc.start == start and proc.state not in ("Z", "X")


def read_cmdline(pid: int) -> list[str]:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return [a.decode(errors="replace") for a in f.read().split(b"\0") if a]
    except OSError:
        return []


def descendants(root: int, table: dict[int, Proc]) -> list[Proc]:
    children: dict[int, list[Proc]] = {}
    for proc in table.values():
        children.setdefault(proc.ppid, []).append(proc)
    found, todo = [], [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child.pid)
    return found


def tagged(tag: str) -> list[Proc]:
    """Living processes whose environment holds TAG_VAR=tag exactly, or TAG_VAR=tag/... (a sub-tag)."""
    needles = (f"{TAG_VAR}={tag}\0".encode(), f"{TAG_VAR}={tag}/".encode())
    found = []
    for proc in proc_table().values():
        if proc.state in ("Z", "X") or proc.pid == os.getpid():
            continue
        try:
            with open(f"/proc/{proc.pid}/environ", "rb") as f:
                env = f.read() + b"\0"
        except OSError:
            continue
        if any(n in env for n in needles):
            found.append(proc)
    return found


def kill_procs(procs: list[Proc]) -> None:
    for proc in procs:
        if is_alive(proc.pid, proc.start):
            try:
                os.kill(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def kind_of(argv: list[str], main_argv: list[str]) -> str:
    """What a child of the build is, from its command line."""
    if not argv:
        return "gone"
    name = os.path.basename(argv[0])
    if name.startswith("neato"):
        return "neato-probe" if "-V" in argv else "neato"
    if "pagefind" in name:  # pagefind --site ... (the command line) or --service (its Python API)
        return "pagefind-probe" if "--version" in argv or "-V" in argv else "pagefind"
    if argv == main_argv:
        return "worker"  # forked from the build and never exec'd: a multiprocessing worker
    return name


def describe(proc: Proc) -> dict:
    argv = read_cmdline(proc.pid)
    return {"pid": proc.pid, "ppid": proc.ppid, "state": proc.state, "cpu_s": round(proc.cpu / CLK_TCK, 2),
            "cmd": " ".join(argv)[:160]}


class Watch:
    """What one running build is doing, seen only from outside: its process tree in /proc and the
    folders it writes (the cache, the output's parent)."""

    WORKING = ("worker", "neato", "pagefind")

    def __init__(self, pid: int, argv: list[str], out: Path, cache: Path):
        self.pid = pid
        self.out = out
        self.cache = cache
        self.main_argv = [str(a) for a in argv]  # what /proc/PID/cmdline shows for the build and its forks
        self.kids: dict[tuple[int, int], dict] = {}  # (pid, start) -> {kind, cpu0, cpu, alive}
        self.working_seen = False
        self.search0 = set(self._search_dirs())
        self.siblings0 = set(self._siblings())
        self.out0 = self._out_key()
        self.first: dict[str, float] = {}  # phase -> first seen (s after start)
        self.last: dict[str, float] = {}  # phase -> last seen

    def _search_dirs(self) -> list[str]:
        """The search bundles in the cache, and the temporary ones being written (whatever their names)."""
        try:
            return [e.name for e in os.scandir(self.cache) if "search-" in e.name]
        except OSError:
            return []

    def _siblings(self) -> list[str]:
        try:
            return [e.name for e in os.scandir(self.out.parent) if e.name.startswith(f".{self.out.name}.new-")]
        except OSError:
            return []

    def _out_key(self):
        try:
            st = os.stat(self.out)
        except OSError:
            return None
        return (st.st_ino, st.st_mtime_ns)

    # cheap checks, usable in a tight loop
    def new_search_dir(self) -> bool:
        return bool(set(self._search_dirs()) - self.search0)

    def new_sibling(self) -> bool:
        return bool(set(self._siblings()) - self.siblings0)

    def out_changed(self) -> bool:
        return self._out_key() != self.out0

    def processes(self) -> set[str]:
        """Scan the process tree; the phases it shows now."""
        seen = set()
        for proc in descendants(self.pid, proc_table()):
            key = (proc.pid, proc.start)
            kind = kind_of(read_cmdline(proc.pid), self.main_argv)  # read again: a child may exec later
            kid = self.kids.setdefault(key, {"kind": kind, "cpu0": proc.cpu, "cpu": proc.cpu, "scans": 0})
            kid["kind"], kid["cpu"] = kind, proc.cpu
            kid["scans"] = kid["scans"] + 1 if kind == "worker" else 0
            if kind == "worker" and kid["scans"] < 2:
                continue  # a child between fork and exec shows the build's command line too: wait for a second look
            if kind in self.WORKING:
                self.working_seen = True
                seen.add("working")  # not a phase: when startup ends (calibration)
            if kind == "neato":
                seen.add("charts")
            elif kind == "pagefind":
                seen.add("search-index")
            elif kind == "worker" and proc.cpu - kid["cpu0"] >= 2:
                seen.add("pdf")
        if not self.working_seen:
            seen.add("startup")
        return seen

    def phases(self, now: float) -> set[str]:
        """Everything this build shows now; remembers when each phase was first and last seen."""
        seen = self.processes()
        if self.new_search_dir():
            seen.add("search-copy")
        if self.new_sibling():
            seen.add("swap")
        if self.out_changed():
            seen.add("manifest")
        self.note(seen, now)
        return seen

    def note(self, seen: set[str], now: float) -> None:
        for phase in seen:
            self.first.setdefault(phase, now)
            self.last[phase] = now


# ---------------------------------------------------------------------------------------------------
# files


def tree_digest(folder: Path) -> dict[str, str] | None:
    """{relative path: sha256} of every file under ``folder``; None when it does not exist."""
    if not folder.is_dir():
        return None
    files = {}
    for dirpath, _, filenames in os.walk(folder):
        for name in filenames:
            path = Path(dirpath, name)
            try:
                files[path.relative_to(folder).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
            except OSError:
                files[path.relative_to(folder).as_posix()] = "unreadable"
    return files


def tree_diff(got: dict[str, str] | None, want: dict[str, str]) -> dict[str, list[str]]:
    got = got or {}
    return {"missing": sorted(set(want) - set(got)), "extra": sorted(set(got) - set(want)),
            "changed": sorted(rel for rel in set(want) & set(got) if want[rel] != got[rel])}


def short_diff(diff: dict[str, list[str]], n: int = 4) -> str:
    parts = []
    for what, rels in diff.items():
        if rels:
            more = f" +{len(rels) - n} more" if len(rels) > n else ""
            parts.append(f"{what} {len(rels)}: {', '.join(rels[:n])}{more}")
    return "; ".join(parts)


def size_of(path: Path) -> tuple[int, int, int]:
    """(entries, bytes, empty folders) of a file, or of a folder with everything in it. Entries are
    the files and the folders holding any file; folders holding no file at all are counted apart (a
    program may keep an empty folder of its own in TMPDIR on purpose: that is no leak)."""
    try:
        if path.is_symlink() or not path.is_dir():
            return 1, path.lstat().st_size, 0
    except OSError:
        return 0, 0, 0
    entries = total = empty = 0
    holding: set[str] = set()  # folders with a file somewhere under them (the walk is bottom-up)
    for dirpath, dirnames, filenames in os.walk(path, topdown=False):
        files = 0
        for name in filenames:
            try:
                total += os.lstat(os.path.join(dirpath, name)).st_size
                files += 1
            except OSError:
                pass
        entries += files
        if files or any(os.path.join(dirpath, d) in holding for d in dirnames):
            entries += 1
            holding.add(dirpath)
        else:
            empty += 1
    return entries, total, empty


def files_under(paths: list[Path], base: Path) -> list[str]:
    """The files in ``paths`` (folders walked), relative to ``base``; an empty folder as ``name/``."""
    found = []
    for path in paths:
        if path.is_dir() and not path.is_symlink():
            walked = [Path(d, f) for d, _, files in os.walk(path) for f in files]
            found += [str(f.relative_to(base)) for f in walked] or [f"{path.relative_to(base)}/"]
        else:
            found.append(str(path.relative_to(base)))
    return sorted(found)


def remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        try:
            path.unlink()
        except OSError:
            pass


def hidden_in(folder: Path) -> list[Path]:
    """Hidden (dot) files and folders anywhere under ``folder`` (outermost only)."""
    found = []
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in list(dirnames):
            if name.startswith("."):
                found.append(Path(dirpath, name))
                dirnames.remove(name)  # counted whole, with its contents
        found += [Path(dirpath, n) for n in filenames if n.startswith(".")]
    return found


# ---------------------------------------------------------------------------------------------------
# the project and its two variants


def copy_project(src: Path, dest: Path) -> None:
    dest.mkdir(parents=True)
    for name in ("catalog", "flows"):
        if (src / name).is_dir():
            shutil.copytree(src / name, dest / name)
    for name in ("powerlist.yaml", "powerlist.yml"):
        if (src / name).is_file():
            shutil.copy2(src / name, dest / name)
    if not (dest / "catalog").is_dir():
        raise HarnessError(f"{src} has no catalog/ folder: not a powerlist project")


def git_commit(project: Path) -> None:
    """A git repository with one commit at a fixed date: the builds' version date comes from it."""
    env = {**os.environ, "GIT_AUTHOR_DATE": "2024-01-02T03:04:05+00:00",
           "GIT_COMMITTER_DATE": "2024-01-02T03:04:05+00:00"}
    for args in (["init", "-q"], ["add", "-A"],
                 ["-c", "user.name=kill_builds", "-c", "user.email=kill_builds@localhost", "-c", "commit.gpgsign=false",
                  "commit", "-q", "-m", "kill_builds scratch copy"]):
        subprocess.run(["git", *args], cwd=project, env=env, check=True, capture_output=True)


def _edit_after(text: str, section: str, key: str, suffix: str) -> str | None:
    """Append ``suffix`` to the first ``key:`` value indented below the top-level ``section:`` line
    (a plain or quoted scalar on one line); None when there is none."""
    lines = text.split("\n")
    inside = False
    for i, line in enumerate(lines):
        if re.match(rf"{section}:\s*(#.*)?$", line):
            inside = True
            continue
        if inside and line and not line[0].isspace() and not line.startswith("-") and not line.startswith("#"):
            inside = False  # the next top-level key
        m = re.match(rf"(\s+(?:-\s+)?{key}:\s*)(.+?)\s*$", line) if inside else None
        if not m:
            continue
        value = m.group(2)
        if value[0] in "'\"" and value[-1] == value[0] and len(value) > 1:
            value = value[:-1] + suffix + value[-1]
        elif value[0] in "|>&*!{[" or " #" in value:
            continue  # a block, an alias, a flow collection or a comment: not ours to edit blindly
        else:
            value += suffix
        lines[i] = m.group(1) + value
        return "\n".join(lines)
    return None


def make_variants(project: Path) -> tuple[dict[str, bytes], dict[str, bytes], str]:
    """Variant A is the project as it is; B renames one power and changes one flow step's name.
    Returns the two versions of the files that differ, and what was changed."""
    a, b, what = {}, {}, []
    for folder, section, key, suffix in (("catalog", "powers", "name", "（改名）"),
                                         ("flows", "steps", "name", "（修订）")):
        for path in sorted((project / folder).glob("*.y*ml")):
            text = path.read_text(encoding="utf-8")
            edited = _edit_after(text, section, key, suffix)
            if edited is not None:
                rel = path.relative_to(project).as_posix()
                a[rel], b[rel] = text.encode(), edited.encode()
                what.append(f"{rel}: first {section}[].{key} += {suffix}")
                break
        else:
            raise HarnessError(f"no {section}[].{key} found to edit in {folder}/*.yaml: cannot make variant B")
    return a, b, "; ".join(what)


# ---------------------------------------------------------------------------------------------------
# the harness


@dataclasses.dataclass
class Trial:
    n: int
    phase: str
    slot: int  # the kill's index within its phase
    attempt: int
    variant: str = ""
    cache: str = "cold"  # cold: the cache was wiped first; warm: kept
    tmp_fs: str = "same"  # same / other: the builds' TMPDIR on the project's file system or not
    kill_mode: str = "main"  # main: os.kill(pid); group: os.killpg
    fresh_out: bool = False
    before: str = ""  # the output before the trial: absent / A / B
    planned_delay: float | None = None
    observed: bool = False
    observed_at: float | None = None
    killed: bool = False
    killed_at: float | None = None
    state_at_kill: list[str] = dataclasses.field(default_factory=list)
    build_rc: int | None = None  # when the build ended before it was killed
    after_kill: str = ""  # absent / A / B / corrupt
    corrupt: bool = False
    lost: bool = False
    corrupt_diff: dict | None = None
    orphans: list[dict] = dataclasses.field(default_factory=list)
    follow: dict = dataclasses.field(default_factory=dict)
    stuck: bool = False
    stale: bool = False
    stale_diff: dict | None = None
    failed: bool = False
    leftovers: dict = dataclasses.field(default_factory=dict)
    leftover_entries: int = 0
    leftover_bytes: int = 0
    seconds: float = 0.0

    @property
    def name(self) -> str:
        return f"t{self.n:03d}"


class Harness:
    def __init__(self, args):
        self.args = args
        self.rng = random.Random(args.seed)
        self.run_id = f"kb{os.getpid()}-{int(time.time())}"
        scratch_parent = Path(args.scratch) if args.scratch else None
        if scratch_parent:
            scratch_parent.mkdir(parents=True, exist_ok=True)
        self.root = Path(tempfile.mkdtemp(prefix="kill_builds-", dir=scratch_parent))
        self.project = self.root / "project"
        self.out = self.root / "out" / OUT_NAME
        self.cache = self.project / ".powerlist-cache"
        self.logs = self.root / "logs"
        self.logs.mkdir()
        self.tmp_same = self.root / "tmp"
        self.tmp_same.mkdir()
        self.tmp_other = self._other_fs_root()
        self.findings: list[str] = []
        self.trials: list[Trial] = []
        self.refs: dict[str, dict[str, dict[str, str]]] = {"A": {}, "B": {}}  # variant -> TMPDIR's fs -> digest
        self.notes: list[str] = []  # findings that do not make the run fail (see calibrate)
        self.current = "absent"  # what the output holds now: absent / A / B
        self.calibration: dict = {}
        self.code = {}

    # --- set-up -----------------------------------------------------------------------------------

    def _other_fs_root(self) -> Path | None:
        candidate = Path(self.args.other_fs)
        try:
            if not candidate.is_dir() or os.stat(candidate).st_dev == os.stat(self.root).st_dev:
                return None
            folder = Path(tempfile.mkdtemp(prefix="kill_builds-", dir=candidate))
        except OSError:
            return None
        return folder

    def command(self) -> list[str]:
        if self.args.live_code:
            exe = Path(sys.executable).with_name("powerlist")
            return [str(exe) if exe.exists() else shutil.which("powerlist") or "powerlist"]
        return [sys.executable, "-m", "generator"]

    def snapshot_code(self) -> None:
        """Copy generator/ and templates/ (the code as it is now) into the scratch root."""
        if self.args.live_code:
            self.code = {"mode": "live", "command": self.command()}
            return
        code, source = self.root / "code", Path(self.args.code).resolve()
        if not (source / "generator" / "__main__.py").is_file():
            raise HarnessError(f"{source} has no generator/ package to test")
        ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
        shutil.copytree(source / "generator", code / "generator", ignore=ignore)
        shutil.copytree(source / "templates", code / "templates", ignore=ignore)
        h = hashlib.sha256()
        for path in sorted(code.rglob("*")):
            if path.is_file():
                h.update(path.relative_to(code).as_posix().encode() + b"\0" + path.read_bytes())
        head = subprocess.run(["git", "-C", str(source), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True)
        dirty = subprocess.run(["git", "-C", str(source), "status", "--porcelain", "--", "generator", "templates"],
                               capture_output=True, text=True)
        self.code = {"mode": "snapshot", "from": str(source), "head": head.stdout.strip(),
                     "uncommitted_changes": [line[3:] for line in dirty.stdout.splitlines()],
                     "digest": h.hexdigest()[:16]}
        where = subprocess.run([sys.executable, "-c", "import generator; print(generator.__file__)"],
                               env=self.env(self.tmp_same, "probe"), cwd=self.root, capture_output=True, text=True)
        if not where.stdout.strip().startswith(str(code)):
            raise HarnessError("the snapshot is not what python imports: "
                               f"{where.stdout.strip() or where.stderr[-300:]}")

    def env(self, tmpdir: Path, tag: str) -> dict[str, str]:
        env = {**os.environ, "TMPDIR": str(tmpdir), TAG_VAR: f"{self.run_id}/{tag}"}
        if not self.args.live_code:
            env["PYTHONPATH"] = os.pathsep.join([str(self.root / "code"),
                                                 *filter(None, [os.environ.get("PYTHONPATH")])])
        return env

    def start(self, tmpdir: Path, tag: str, out: Path, *extra: str, log: str) -> subprocess.Popen:
        cmd = [*self.command(), "build", str(self.project), "--out", str(out), "--jobs", str(self.args.jobs), *extra]
        with open(self.logs / f"{log}.err", "wb") as err:
            return subprocess.Popen(cmd, env=self.env(tmpdir, tag), cwd=self.root, stdin=subprocess.DEVNULL,
                                    stdout=subprocess.DEVNULL, stderr=err, start_new_session=True)

    def log_tail(self, log: str, n: int = 400) -> str:
        try:
            return (self.logs / f"{log}.err").read_text(errors="replace")[-n:].strip()
        except OSError:
            return ""

    def set_variant(self, variant: str) -> None:
        for rel, data in (self.variant_a if variant == "A" else self.variant_b).items():
            (self.project / rel).write_bytes(data)

    def match(self, digest: dict[str, str] | None) -> str:
        """absent, A, B (a complete build of that variant), or corrupt."""
        if digest is None:
            return "absent"
        for variant in ("A", "B"):
            if digest in self.refs[variant].values():
                return variant
        return "corrupt"

    def nearest_diff(self, digest: dict[str, str] | None, variants: str = "AB") -> dict[str, list[str]]:
        """The difference from the nearest reference of these variants."""
        diffs = [tree_diff(digest, ref) for v in variants for ref in self.refs[v].values()]
        return min(diffs, key=lambda d: sum(len(x) for x in d.values()))

    def timed_build(self, label: str, out: Path, tmpdir: Path, *extra: str) -> tuple[float, Watch, int]:
        """A build run to its end, watched (for the calibration of the phases)."""
        t0 = time.monotonic()
        p = self.start(tmpdir, label, out, *extra, log=label)
        watch = Watch(p.pid, p.args, out, self.cache)
        while p.poll() is None:
            watch.phases(time.monotonic() - t0)
            time.sleep(self.args.poll)
        seconds = time.monotonic() - t0
        if p.returncode != 0:
            raise HarnessError(f"build {label} failed (exit {p.returncode}): {self.log_tail(label)}")
        return seconds, watch, p.returncode

    def setup(self) -> None:
        copy_project(Path(self.args.project).resolve(), self.project)
        git_commit(self.project)
        self.variant_a, self.variant_b, self.variant_note = make_variants(self.project)
        self.snapshot_code()
        self.calibrate()

    def calibrate(self) -> None:
        """References (uncached, into folders of their own), T, and each phase's timing, cold and warm."""
        cal = self.calibration
        say(f"scratch: {self.root}" + (f"; other file system for TMPDIR: {self.tmp_other}" if self.tmp_other else
                                       "; no other file system for TMPDIR found"))
        say(f"code under test: {json.dumps(self.code, ensure_ascii=False)}")
        say(f"variant B: {self.variant_note}")
        # References: each variant built uncached, with the TMPDIR on the project's file system and, when
        # there is one, on the other file system too (the trials use both).
        for fs in ("same", "other") if self.tmp_other else ("same",):
            for variant in ("A", "B"):
                self.set_variant(variant)
                label = f"ref-{variant}-{fs}"
                out = self.root / label / OUT_NAME
                tmp = (self.tmp_other if fs == "other" else self.tmp_same) / label
                tmp.mkdir()
                seconds, _, _ = self.timed_build(label, out, tmp, "--no-cache")
                self.refs[variant][fs] = tree_digest(out)
                cal[f"{label}_seconds"] = round(seconds, 2)
                say(f"reference {variant} (TMPDIR on {fs} file system): {len(self.refs[variant][fs])} files, "
                    f"{seconds:.1f} s uncached (--no-cache)")
                remove(tmp)
        if self.refs["A"]["same"] == self.refs["B"]["same"]:
            raise HarnessError("variants A and B build the same output: the edit made for B is not published")
        for variant in ("A", "B") if self.tmp_other else ():
            if self.refs[variant]["same"] != self.refs[variant]["other"]:
                diff = tree_diff(self.refs[variant]["other"], self.refs[variant]["same"])
                self.notes.append(f"NOT REPRODUCIBLE ACROSS FILE SYSTEMS: variant {variant} built with TMPDIR on "
                                  f"{self.tmp_other.parent} differs from the same input built with TMPDIR on the "
                                  f"project's file system: {short_diff(diff)} (both are accepted as complete builds)")
        # T: a full uncached build (the quickest seen: the machine's load varies)
        self.T = cal["T"] = min(v for k, v in cal.items() if k.endswith("_seconds"))

        # The same inputs through the cache, into the trials' output folder: the build must be
        # deterministic (same input => the same bytes) for the trials' comparisons to mean anything.
        checks = [("cold-A", "A", True), ("warm-B", "B", False), ("warm-A", "A", False)]
        for label, variant, wipe in checks:
            if wipe:
                remove(self.cache)
            self.set_variant(variant)
            tmp = self.tmp_same / label
            tmp.mkdir()
            seconds, watch, _ = self.timed_build(label, self.out, tmp)
            got = tree_digest(self.out)
            cal[label] = {"seconds": round(seconds, 2),
                          "first": {k: round(v, 3) for k, v in sorted(watch.first.items(), key=lambda kv: kv[1])},
                          "last": {k: round(v, 3) for k, v in watch.last.items()}}
            left = self.leftovers(tmp)
            if left["entries"]:
                self.findings.append(f"a normal build ({label}) left temporary files: {left}")
            if got != self.refs[variant]["same"]:
                diff = tree_diff(got, self.refs[variant]["same"])
                cal[label]["differs_from_reference"] = diff
                self.findings.append(f"NOT DETERMINISTIC: build {label} (through the cache) differs from the uncached "
                                     f"reference {variant}: {short_diff(diff)}")
            self.cleanup_leftovers(tmp)
            say(f"calibration {label}: {seconds:.1f} s, phases first seen at "
                + ", ".join(f"{k} {v:.2f}s" for k, v in cal[label]["first"].items()))
        self.current = "A"

    # --- delays -----------------------------------------------------------------------------------

    def span(self, cache: str, phase: str, end: str | None = None) -> float:
        """How long ``phase`` lasted in the calibration build (or until ``end`` first appeared)."""
        cal = self.calibration["cold-A" if cache == "cold" else "warm-A"]
        first = cal["first"].get(phase)
        if first is None:
            return 0.0
        last = cal["first"].get(end) if end else cal["last"].get(phase)
        return max(0.0, (last if last is not None else first) - first)

    def plan_delay(self, trial: Trial) -> float:
        """The random delay after the phase is first seen (for "random": after the start)."""
        r, c = self.rng, trial.cache
        if trial.phase == "random":
            return r.uniform(0, self.T)
        if trial.phase == "startup":
            cal = self.calibration["cold-A" if c == "cold" else "warm-A"]["first"]
            return r.uniform(0, cal.get("working", 0.5))
        if trial.phase == "charts":
            return r.uniform(0, 0.5 * self.span(c, "charts"))
        if trial.phase == "pdf":
            return r.uniform(0, 0.7 * self.span(c, "pdf"))
        if trial.phase == "search-index":
            return r.uniform(0, 0.8 * self.span(c, "search-index"))
        if trial.phase == "swap":
            return r.uniform(0, self.span(c, "swap", end="manifest"))
        return r.uniform(0, 0.003)  # search-copy, manifest: at once

    # --- one trial --------------------------------------------------------------------------------

    def plan(self) -> list[tuple[str, int]]:
        """(phase, slot) in an interleaved order: every phase early, not one phase after another."""
        quota = {p: self.args.kills // len(PHASES) + (1 if i < self.args.kills % len(PHASES) else 0)
                 for i, p in enumerate(PHASES)}
        return [(p, k) for k in range(max(quota.values(), default=0)) for p in PHASES if k < quota[p]]

    def configure(self, trial: Trial) -> None:
        k, phase = trial.slot, trial.phase
        trial.cache = {"charts": "cold", "pdf": "cold", "random": "cold",
                       "startup": "cold" if k % 2 == 0 else "warm"}.get(phase, "warm" if k % 2 == 0 else "cold")
        trial.tmp_fs = "other" if (k % 2 == 1 and self.tmp_other) else "same"
        trial.kill_mode = "group" if k % 3 == 2 else "main"
        trial.fresh_out = (phase == "startup" and k % 2 == 0) or k % 6 == 4
        # the other variant than the output holds, so that the build cannot be skipped as unchanged
        trial.variant = "B" if self.current == "A" else "A" if self.current == "B" else self.rng.choice("AB")

    def run_trial(self, trial: Trial) -> None:
        started = time.monotonic()
        self.configure(trial)
        if trial.fresh_out:
            remove(self.out)
            self.current = "absent"
        if trial.cache == "cold":
            remove(self.cache)
        trial.before = self.current
        self.set_variant(trial.variant)
        tmpdir = (self.tmp_other if trial.tmp_fs == "other" else self.tmp_same) / trial.name
        tmpdir.mkdir()
        trial.planned_delay = round(self.plan_delay(trial), 4)

        # the build, killed at the chosen moment
        p = self.start(tmpdir, f"{trial.name}/kill", self.out, log=f"{trial.name}-kill")
        watch = Watch(p.pid, p.args, self.out, self.cache)
        self.kill_when(trial, p, watch, time.monotonic())
        if trial.killed:
            # a. the output right after the kill
            digest = tree_digest(self.out)
            trial.after_kill = self.match(digest)
            if trial.after_kill == "corrupt":
                trial.corrupt = True
                trial.corrupt_diff = self.nearest_diff(digest)
            elif trial.after_kill == "absent" and trial.before != "absent":
                trial.lost = True
            # b. processes of the killed build still alive after a while
            time.sleep(self.args.orphan_wait)
            orphans = {(p_.pid, p_.start): p_ for p_ in tagged(f"{self.run_id}/{trial.name}/kill")}
            for pid, start in watch.kids:
                proc = read_proc(pid)
                if (pid, start) not in orphans and proc is not None and is_alive(pid, start):
                    orphans[(pid, start)] = proc
            trial.orphans = [dict(describe(o), kind=kind_of(read_cmdline(o.pid), watch.main_argv))
                             for o in orphans.values()]
            # c. a normal build of the same input
            self.follow_up(trial, tmpdir)
        else:
            # the phase never came: the build ran to its end, which is then checked like a follow-up
            trial.after_kill = "not killed"
            trial.follow = {"rc": trial.build_rc, "normal_end": True}
            trial.failed = trial.build_rc != 0
            if not trial.failed:
                self.compare(trial)
        # d. temporary files left after the (follow-up) build
        left = self.leftovers(tmpdir)
        trial.leftovers, trial.leftover_entries, trial.leftover_bytes = left, left["entries"], left["bytes"]
        self.cleanup(trial, tmpdir)
        trial.seconds = round(time.monotonic() - started, 2)

    PROCESS_PHASES = ("charts", "pdf", "search-index")  # phases that come and go with processes
    REGRACE = 1.0  # seconds to wait, once the delay is over, for such a phase to show again

    def kill_when(self, trial: Trial, p: subprocess.Popen, watch: Watch, t0: float) -> None:
        """Poll the build until the trial's moment comes, then SIGKILL it."""
        target, kill_at = trial.phase, None
        if target == "random":
            trial.observed, trial.observed_at, kill_at = True, 0.0, trial.planned_delay
        last_scan, seen = -1.0, set()
        limit = max(120.0, 4 * self.T)
        while True:
            now = time.monotonic() - t0
            if p.poll() is not None:
                trial.build_rc = p.returncode
                if target == "random":
                    trial.observed = False  # ended before its random moment: not a kill
                return
            # the /proc scan every --poll seconds; the file-system checks of the short phases in between
            # (search-copy: once Pagefind has come and gone; manifest: once the new output is being assembled)
            tight = (target == "search-copy" and "search-index" in watch.first and "search-index" not in seen) or \
                    (target == "manifest" and "swap" in watch.first)
            if now - last_scan >= self.args.poll or not tight:
                seen = watch.phases(now)
                last_scan = now
            elif target == "search-copy" and watch.new_search_dir():
                seen = {"search-copy"}
                watch.note(seen, now)
            elif target == "manifest" and watch.out_changed():
                seen = {"manifest"}
                watch.note(seen, now)
            if kill_at is None and target in seen:
                trial.observed, trial.observed_at = True, round(now, 4)
                kill_at = now + trial.planned_delay
            phase_over = target == "startup" and trial.observed and "startup" not in seen
            due = kill_at is not None and now >= kill_at
            if due and target in self.PROCESS_PHASES and target not in seen and now < kill_at + self.REGRACE:
                due = False  # between two neato / pagefind runs or worker jobs: wait for the phase to show again
            if due or phase_over:
                trial.state_at_kill = sorted(seen)
                if trial.kill_mode == "group":
                    os.killpg(p.pid, signal.SIGKILL)
                else:
                    os.kill(p.pid, signal.SIGKILL)
                trial.killed, trial.killed_at = True, round(time.monotonic() - t0, 4)
                p.wait()
                return
            if now > limit:
                raise HarnessError(f"{trial.name}: the build ran for {limit:.0f} s without ending")
            wait = self.args.poll if not tight else 0.0005
            if kill_at is not None and now < kill_at:
                wait = max(0.0, min(wait, kill_at - now))
            time.sleep(wait)

    def follow_up(self, trial: Trial, tmpdir: Path) -> None:
        """A normal build after the kill: it must end, with the reference's bytes."""
        label = f"{trial.name}-follow"
        t0 = time.monotonic()
        p = self.start(tmpdir, f"{trial.name}/follow", self.out, log=label)
        info: dict = {"stuck": False}
        last_cpu, progress, since = None, t0, t0
        while p.poll() is None:
            time.sleep(0.25)
            now = time.monotonic()
            table = proc_table()
            tree = [table[p.pid]] + descendants(p.pid, table) if p.pid in table else []
            cpu = tuple(sorted((x.pid, x.cpu) for x in tree))
            if cpu != last_cpu:
                last_cpu, progress = cpu, now
            idle, running = now - progress, now - since
            if idle < self.args.idle and running < self.args.timeout:
                continue
            reason = (f"no CPU used for {idle:.0f} s" if idle >= self.args.idle
                      else f"still running after {running:.0f} s")
            if not info["stuck"]:
                # stuck: kill what is left of the killed build, and see whether this build then goes on
                info.update(stuck=True, stuck_after=round(now - t0, 1), reason=reason,
                            waiting_for_lock=LOCK_WAIT_TEXT in self.log_tail(label, 2000))
                left = tagged(f"{self.run_id}/{trial.name}/kill")
                info["killed_to_unstick"] = [describe(x) for x in left]
                kill_procs(left)
                progress = since = time.monotonic()
            else:
                info["gave_up"] = f"still stuck after the orphans were killed: {reason}"
                os.killpg(p.pid, signal.SIGKILL)
                kill_procs(tagged(f"{self.run_id}/{trial.name}/follow"))
                p.wait()
                break
        info["rc"] = p.returncode
        info["seconds"] = round(time.monotonic() - t0, 2)
        if info["stuck"] and "gave_up" not in info:
            info["recovered"] = p.returncode == 0
        trial.follow, trial.stuck = info, info["stuck"]
        if "gave_up" in info:
            return
        if p.returncode != 0:
            trial.failed = True
            info["error"] = self.log_tail(label)
            return
        self.compare(trial)

    def compare(self, trial: Trial) -> None:
        digest = tree_digest(self.out)
        if digest not in self.refs[trial.variant].values():
            trial.stale = True
            trial.stale_diff = self.nearest_diff(digest, trial.variant)

    def leftovers(self, tmpdir: Path) -> dict:
        """Temporary files and folders left: in the builds' TMPDIR, beside the output, in the cache."""
        found = {"tmpdir": list(tmpdir.iterdir()) if tmpdir.is_dir() else [],
                 "siblings": [p for p in self.out.parent.glob(f".{OUT_NAME}.*")
                              if p.name.startswith((f".{OUT_NAME}.new-", f".{OUT_NAME}.old-"))]
                 if self.out.parent.is_dir() else [],
                 "cache_hidden": hidden_in(self.cache) if self.cache.is_dir() else []}
        result = {"entries": 0, "bytes": 0, "empty_dirs": 0}
        for where, paths in found.items():
            sizes = [size_of(p) for p in paths]
            result["empty_dirs"] += sum(s[2] for s in sizes)
            result[where] = {"entries": sum(s[0] for s in sizes), "bytes": sum(s[1] for s in sizes),
                             "empty_dirs": sum(s[2] for s in sizes),
                             "names": files_under(paths, tmpdir if where == "tmpdir" else
                                                  self.out.parent if where == "siblings" else self.cache)[:20]}
            result["entries"] += result[where]["entries"]
            result["bytes"] += result[where]["bytes"]
        return result

    def cleanup_leftovers(self, tmpdir: Path) -> None:
        remove(tmpdir)
        for p in self.out.parent.glob(f".{OUT_NAME}.*"):
            remove(p)
        if self.cache.is_dir():
            for p in hidden_in(self.cache):
                remove(p)

    def cleanup(self, trial: Trial, tmpdir: Path) -> None:
        """Make the next trial independent of this one: no process, no leftover, a known output."""
        kill_procs(tagged(f"{self.run_id}/{trial.name}"))
        self.cleanup_leftovers(tmpdir)
        self.current = self.match(tree_digest(self.out))
        if self.current == "corrupt":  # the next trial must start from a complete output
            remove(self.out)
            self.current = "absent"

    # --- the run ----------------------------------------------------------------------------------

    def run(self) -> None:
        self.setup()
        n = 0
        for phase, slot in self.plan():
            for attempt in range(1, self.args.attempts + 1):
                n += 1
                trial = Trial(n, phase, slot, attempt)
                self.trials.append(trial)
                self.run_trial(trial)
                say(trial_line(trial))
                if trial.killed:
                    break

    def close(self) -> None:
        kill_procs(tagged(self.run_id))
        if self.args.keep:
            say(f"scratch kept: {self.root}" + (f" and {self.tmp_other}" if self.tmp_other else ""))
            return
        shutil.rmtree(self.root, ignore_errors=True)
        if self.tmp_other:
            shutil.rmtree(self.tmp_other, ignore_errors=True)


# ---------------------------------------------------------------------------------------------------
# the report

COLUMNS = ("kills", "group", "other_fs", "not_seen", "corrupt", "lost", "orphans", "orphan_procs", "stuck",
           "stale", "failed", "leftover_trials", "leftover_entries", "leftover_bytes")
FAILURES = ("corrupt", "lost", "orphans", "stuck", "stale", "failed", "leftover_trials")


def summarise(trials: list[Trial]) -> dict[str, dict[str, int]]:
    rows = {}
    for phase in PHASES:
        row = dict.fromkeys(COLUMNS, 0)
        for t in (t for t in trials if t.phase == phase):
            if not t.killed:
                row["not_seen"] += 1
            else:
                row["kills"] += 1
                row["group"] += t.kill_mode == "group"
                row["other_fs"] += t.tmp_fs == "other"
                row["corrupt"] += t.corrupt
                row["lost"] += t.lost
                row["orphans"] += bool(t.orphans)
                row["orphan_procs"] += len(t.orphans)
            row["stuck"] += t.stuck
            row["stale"] += t.stale
            row["failed"] += t.failed
            row["leftover_trials"] += t.leftover_entries > 0
            row["leftover_entries"] += t.leftover_entries
            row["leftover_bytes"] += t.leftover_bytes
        rows[phase] = row
    rows["total"] = {c: sum(rows[p][c] for p in PHASES) for c in COLUMNS}
    return rows


def trial_line(t: Trial) -> str:
    head = (f"{t.name} {PHASE_TITLES[t.phase]:<23} #{t.slot + 1}.{t.attempt} {t.variant} {t.cache:<4} "
            f"tmp={t.tmp_fs:<5} kill={t.kill_mode:<5} before={t.before:<6}")
    if not t.killed:
        why = f"build ended (exit {t.build_rc}) before " + (
            "its random moment" if t.phase == "random" else
            f"its kill moment (phase seen at {t.observed_at:.3f}s)" if t.observed else "the phase was seen")
        return f"{head} NOT KILLED: {why}" + (" STALE" if t.stale else "") + \
            (f" LEFTOVER {t.leftover_entries}" if t.leftover_entries else "")
    parts = [f"killed at {t.killed_at:.3f}s (seen {t.observed_at:.3f}s) in [{','.join(t.state_at_kill)}]",
             f"out={t.after_kill}"]
    if t.corrupt:
        parts.append(f"CORRUPT ({short_diff(t.corrupt_diff)})")
    if t.lost:
        parts.append("LOST OUTPUT")
    if t.orphans:
        kinds: dict[str, int] = {}
        for o in t.orphans:
            kinds[o["kind"]] = kinds.get(o["kind"], 0) + 1
        parts.append("ORPHANS " + ",".join(f"{k}x{v}" for k, v in sorted(kinds.items())))
    f = t.follow
    if t.stuck:
        parts.append(f"STUCK ({f.get('reason')}; lock message: {f.get('waiting_for_lock')}; "
                     + ("gave up)" if "gave_up" in f else f"went on after killing orphans: {f.get('recovered')})"))
    if t.failed:
        parts.append(f"FOLLOW-UP FAILED (exit {f.get('rc')}: {f.get('error', '')[-120:]})")
    if t.stale:
        parts.append(f"STALE ({short_diff(t.stale_diff)})")
    if t.leftover_entries:
        where = ", ".join(f"{k} {v['entries']}" for k, v in t.leftovers.items() if isinstance(v, dict) and v["entries"])
        parts.append(f"LEFTOVER {t.leftover_entries} entries/{t.leftover_bytes} B ({where})")
    parts.append(f"follow-up {f.get('seconds', 0):.1f}s")
    return f"{head} " + "; ".join(parts)


def table(rows: dict[str, dict[str, int]]) -> str:
    heads = ("phase", "kills", "group", "othFS", "unseen", "corrupt", "lost", "orphans(procs)", "stuck", "stale",
             "failed", "leftover trials/entries/bytes")
    body = []
    for phase, r in rows.items():
        body.append([PHASE_TITLES.get(phase, "TOTAL"), r["kills"], r["group"], r["other_fs"], r["not_seen"],
                     r["corrupt"], r["lost"], f"{r['orphans']}({r['orphan_procs']})", r["stuck"], r["stale"],
                     r["failed"], f"{r['leftover_trials']}/{r['leftover_entries']}/{r['leftover_bytes']}"])
    widths = [max(len(str(x)) for x in col) for col in zip(heads, *body)]

    def line(cells):
        return "  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w)
                         for i, (c, w) in enumerate(zip(cells, widths)))

    lines = [line(heads)] + [line(cells) for cells in body]
    lines.insert(len(lines) - 1, "-" * len(lines[0]))  # above the totals
    return "\n".join(lines)


def say(text: str) -> None:
    print(text, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kills", type=int, default=48, help="kills to make, spread over the phases (default 48)")
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: drawn, and printed)")
    parser.add_argument("--project", default=str(REPO), help="project to copy (default: the sample project, the repo)")
    parser.add_argument("--json", help="write all figures and every trial to this file")
    parser.add_argument("--jobs", type=int, default=2, help="powerlist build --jobs (default 2)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds a follow-up build may take (default 120)")
    parser.add_argument("--idle", type=float, default=15.0,
                        help="a follow-up build whose processes use no CPU for this long is stuck (default 15)")
    parser.add_argument("--orphan-wait", type=float, default=2.0,
                        help="seconds after the kill before looking for orphans")
    parser.add_argument("--poll", type=float, default=0.005, help="seconds between looks at the build (default 0.005)")
    parser.add_argument("--attempts", type=int, default=3, help="tries per kill when its phase is not seen (default 3)")
    parser.add_argument("--other-fs", default="/dev/shm", help="a folder on another file system, for TMPDIR")
    parser.add_argument("--scratch", help="where to make the scratch folder (default: the system's temp folder)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder (logs, outputs) at the end")
    parser.add_argument("--code", default=str(REPO),
                        help="the checkout whose generator/ and templates/ are tested (default: this one)")
    parser.add_argument("--live-code", action="store_true",
                        help="run the installed powerlist command instead of a snapshot of generator/ and templates/")
    args = parser.parse_args(argv)
    if args.seed is None:
        args.seed = random.SystemRandom().randrange(1_000_000)
    if not sys.platform.startswith("linux"):
        print("kill_builds: Linux only (reads /proc)", file=sys.stderr)
        return 2

    started = time.monotonic()
    harness = Harness(args)
    say(f"kill_builds: {args.kills} kills, seed {args.seed}, project {args.project}, --jobs {args.jobs}")
    status = 0
    try:
        harness.run()
    except HarnessError as e:
        print(f"kill_builds: cannot go on: {e}", file=sys.stderr)
        status = 2
    except KeyboardInterrupt:
        print("kill_builds: interrupted", file=sys.stderr)
        status = 2
    finally:
        harness.close()
    rows = summarise(harness.trials)
    seconds = time.monotonic() - started
    say("")
    say(table(rows))
    total = rows["total"]
    say(f"TOTAL: {total['kills']} kills ({total['not_seen']} tries where the phase was not seen), "
        f"{total['corrupt']} corrupt outputs, {total['lost']} lost outputs, {total['orphans']} kills leaving orphans "
        f"({total['orphan_procs']} processes), {total['stuck']} stuck builds, {total['stale']} stale cache reuses, "
        f"{total['failed']} failed follow-up builds, {total['leftover_trials']} trials leaving temporary files "
        f"({total['leftover_entries']} entries, {total['leftover_bytes']} bytes); {seconds:.0f} s")
    for finding in harness.findings:
        say(f"FINDING: {finding}")
    for note in harness.notes:
        say(f"FINDING (does not fail the run): {note}")
    failed = any(total[c] for c in FAILURES) or bool(harness.findings)
    if status == 0 and failed:
        status = 1
    if args.json:
        Path(args.json).write_text(json.dumps({
            "config": {k: v for k, v in vars(args).items()}, "code": harness.code,
            "variant_b": getattr(harness, "variant_note", None),
            "scratch": str(harness.root), "other_fs_tmp": str(harness.tmp_other) if harness.tmp_other else None,
            "calibration": harness.calibration, "findings": harness.findings, "notes": harness.notes, "phases": rows,
            "trials": [dataclasses.asdict(t) for t in harness.trials], "seconds": round(seconds, 1),
            "exit_status": status,
        }, ensure_ascii=False, indent=1))
    return status


if __name__ == "__main__":
    sys.exit(main())
