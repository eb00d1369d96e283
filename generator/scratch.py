"""Temporary folders and files that a killed process cannot leave behind for ever.

Every temporary thing a powerlist process makes carries the process's identity (its pid and start
time) in its name: a folder ``<TMPDIR>/powerlist-<uid>/<pid>-<start>/`` for scratch work, and a
``.<pid>-<start>.`` part in the name of a file being written into place. The process removes its own
at exit; after ``kill -9`` or a power cut, the next process that sweeps the place removes what belongs
to processes that no longer exist, and never what belongs to a live one (a second build running
beside it). A pid alone is not enough: pids are reused, so the start time goes with it.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import re
import shutil
import tempfile
from functools import cache
from pathlib import Path

_TAG = re.compile(r"(\d+)-(\d+)")


def _start_time(pid: int) -> str | None:
    """The process's start time in clock ticks since boot (/proc/<pid>/stat, field 22), or None when
    there is no such process. Where /proc is missing, "0" for any live process."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            stat = f.read()
        return stat[stat.rindex(b")") + 2:].split()[19].decode()  # fields after the command name
    except FileNotFoundError:
        return None
    except (OSError, IndexError, ValueError):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        except PermissionError:
            pass
        return "0"


def tag() -> str:
    """This process's identity: ``<pid>-<start time>``. (A forked worker has a tag of its own.)"""
    return _tag(os.getpid())


@cache
def _tag(pid: int) -> str:
    return f"{pid}-{_start_time(pid) or 0}"


def alive(name: str) -> bool:
    """Whether the process named by the tag at the start of ``name`` (``<pid>-<start>...``) still runs.
    A name without a tag is not ours: reported alive, so that nobody removes it."""
    m = _TAG.match(name)
    if not m:
        return True
    start = _start_time(int(m.group(1)))
    return start is not None and (start == m.group(2) or start == "0" or m.group(2) == "0")


@cache
def base() -> Path:
    """The folder that holds each process's scratch folder (in TMPDIR as it was when first asked)."""
    return Path(tempfile.gettempdir()) / f"powerlist-{os.getuid()}"


def sweep() -> int:
    """Remove what processes that are gone left in ``base()``; run at the start of every build (serve
    runs many in one process)."""
    return sweep_folders(base()) if base().is_dir() else 0


@contextlib.contextmanager
def as_tempdir():
    """Within the block, every temporary file Python code makes (WeasyPrint's font folders, cffi's
    probes ...) goes into this process's scratch folder, and so is removed with it even after a kill;
    forked workers inherit the setting."""
    saved = tempfile.tempdir
    tempfile.tempdir = str(folder())
    try:
        yield
    finally:
        tempfile.tempdir = saved


def folder() -> Path:
    """This process's scratch folder, made on first use and removed at exit. (What a killed process
    left is removed by ``sweep``, at the start of each build.)"""
    return _folder(os.getpid())


@cache
def _folder(pid: int) -> Path:  # keyed by pid: a forked worker makes its own, not its parent's
    root = base()
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = root / tag()
    path.mkdir(mode=0o700, exist_ok=True)
    atexit.register(_remove_own, path, pid)
    return path


def _remove_own(path: Path, pid: int) -> None:
    if os.getpid() == pid:  # atexit runs in forked children too: only the owner removes it
        shutil.rmtree(path, ignore_errors=True)


def make(prefix: str) -> Path:
    """A new, empty folder in this process's scratch folder."""
    return Path(tempfile.mkdtemp(prefix=prefix, dir=folder()))


@contextlib.contextmanager
def temporary(prefix: str):
    """A new folder in this process's scratch folder, removed when the block ends."""
    path = make(prefix)
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def sweep_folders(root: Path) -> int:
    """Remove the folders in ``root`` whose owning process is gone; how many were removed."""
    return _sweep(root, lambda e: e.name if e.is_dir(follow_symlinks=False) and _TAG.match(e.name) else None)


def temp_name(name: str) -> str:
    """The prefix of a temporary file written beside ``name`` (then renamed into place)."""
    return f".{tag()}.{name}."


def sweep_files(folder: Path) -> int:
    """Remove the temporary files (see ``temp_name``) in ``folder`` whose writer is gone."""
    return _sweep(folder, lambda e: e.name[1:] if e.name.startswith(".") and _TAG.match(e.name[1:]) else None)


def _sweep(folder: Path, owner) -> int:
    """Remove each entry of ``folder`` whose ``owner(entry)`` (a tag, or None: not a temporary thing)
    names a process that is gone; how many were removed."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    removed = 0
    for entry in entries:
        tag = owner(entry)
        if tag is None or alive(tag):
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                remove_tree(Path(entry.path))
            else:
                os.unlink(entry.path)
            removed += 1
        except OSError:
            pass
    return removed


def remove_tree(path: Path) -> None:
    """Remove a folder so that nobody can see it half-removed: renamed out of the way first (one
    step), then deleted. A kill during the deletion leaves a hidden ``.trash`` folder, never a folder
    under its old name that looks whole."""
    trash = path.with_name(f".{tag()}.trash.{path.name}")
    try:
        os.replace(path, trash)
    except OSError:
        trash = path
    shutil.rmtree(trash, ignore_errors=True)
