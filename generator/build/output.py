"""The output folder: only the build writes it, and only here. A build may replace a folder only if
powerlist made it; one build at a time per folder; the new output is assembled beside the old one and
swapped in whole, so that readers never see half a build and a failed build leaves the old one."""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import tempfile
from pathlib import Path

from .. import layout
from ..model import WINDOWS_NAMES
from .base import BuildError

MARKER = ".powerlist-output"  # an empty file: this folder was written by powerlist and may be replaced


def check_output_folder(root: Path, out: Path) -> None:
    """Refuse an output folder whose replacement would destroy something that is not ours."""
    if out == root or root.is_relative_to(out):
        raise BuildError(f"输出目录 {out} 不能是项目目录或其上级目录")
    for p in layout.protected(root):
        if out == p or out.is_relative_to(p) or p.is_relative_to(out):
            raise BuildError(f"输出目录 {out} 与 {p.name} 重叠；请另选输出目录（默认 site/）")
    if out.exists() and not out.is_dir():
        raise BuildError(f"输出路径 {out} 是一个文件，不是目录")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise BuildError(f"输出目录 {out} 已有其他内容（不是 powerlist 生成的）；为免覆盖，请指定空目录或新目录")


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
            print(f"另一个 powerlist 进程正在生成 {out}，等它完成 ...", file=sys.stderr, flush=True)
            fcntl.lockf(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.lockf(lock, fcntl.LOCK_UN)


def sweep_stale(out: Path) -> None:
    """The half-assembled output folders of builds killed before their end: under the output's lock,
    none of them can be running."""
    for stale in [*out.parent.glob(f".{out.name}.new-*"), *out.parent.glob(f".{out.name}.old-*")]:
        shutil.rmtree(stale, ignore_errors=True)


class NewOutput:
    """The new output, assembled beside the old one (``.<name>.new-*``) and swapped in whole at the end:
    readers never see half a build, and a build that fails leaves the old output as it was. Files can
    go in early (the site's pages as soon as they are made, instead of staying in memory to the end)."""

    def __init__(self, out: Path):
        self.out = out
        out.parent.mkdir(parents=True, exist_ok=True)
        for stale in out.parent.glob(f".{out.name}.new-*"):  # left by a build that was killed
            shutil.rmtree(stale, ignore_errors=True)
        self.folder = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.new-"))
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(self.folder, 0o777 & ~umask)  # mkdtemp makes 0700; a web server must be able to read the site
        (self.folder / MARKER).write_bytes(b"")

    def write(self, rel: str, data: bytes) -> Path:
        """``data`` in place as ``rel``; returns where it is (to read back, or to give as an output)."""
        dest = self.folder / safe_relpath(rel)
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(data)
        return dest

    def fill(self, outputs: dict[str, Path | bytes], search: dict[str, Path] | None = None) -> None:
        """``outputs``: relative path -> a cached file or content (a file already in place is left);
        ``search``: the search index's Pagefind bundles, each copied in whole as its folder (pagefind/,
        pagefind-2/ ...)."""
        for rel, src in sorted(outputs.items()):
            dest = self.folder / safe_relpath(rel)
            if isinstance(src, bytes):
                dest.parent.mkdir(parents=True, exist_ok=True)
                dest.write_bytes(src)
            elif Path(src) != dest:
                dest.parent.mkdir(parents=True, exist_ok=True)
                link_or_copy(src, dest)
        for folder, bundle in sorted((search or {}).items()):
            shutil.copytree(bundle, self.folder / safe_relpath(folder), copy_function=link_or_copy)

    def swap(self) -> None:
        out, tmp, old = self.out, self.folder, None
        try:
            if out.exists() and exchange(tmp, out):
                old = tmp  # the two folders traded places in one step: tmp now holds the previous output
            else:
                if out.exists():
                    old = out.with_name(f".{out.name}.old-{os.getpid()}")
                    os.replace(out, old)
                os.replace(tmp, out)
        except BaseException:
            if old is not None and not out.exists():
                os.replace(old, out)
            raise
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


@contextlib.contextmanager
def new_output(out: Path):
    """A NewOutput that is removed if the block fails (swap it in within the block)."""
    made = NewOutput(out)
    try:
        yield made
    except BaseException:
        made.discard()
        raise


def link_or_copy(src: Path | str, dest: Path | str) -> None:
    """A cached file into the new output: a hard link where the file system allows (the cache's entries
    are never written again once made, so the two names can share their bytes: an edit's build then
    writes thousands of unchanged PDFs and PNGs in a fraction of a second), else a copy."""
    try:
        os.link(src, dest)
    except OSError:  # another file system, or one without hard links
        shutil.copyfile(src, dest)


def carried(out: Path, folders: tuple[str, ...]) -> dict[str, Path]:
    """The files under ``folders`` of the output now in place, by relative path: what a deferred
    build (Options.defer) keeps of the previous build until the full build that follows replaces them."""
    found: dict[str, Path] = {}
    for folder in folders:
        base = out / folder
        if base.is_dir() and not base.is_symlink():
            found.update({p.relative_to(out).as_posix(): p for p in sorted(base.rglob("*"))
                          if p.is_file() and not p.is_symlink()})
    return found


def safe_relpath(rel: str) -> str:
    """``rel`` if it is a plain relative path inside the output folder, else BuildError: whatever the
    rules let through (an ignored rule, a future bug), no file is written outside the output. The
    names a published site may hold: no empty, hidden, . or .. part, no backslash, colon or control
    character, no device name of Windows (a site is also copied to Windows servers)."""
    parts = rel.split("/")
    for part in parts:
        if (not part or part.startswith(".") or any(c in part for c in '\\:*?"<>|') or not part.isprintable()
                or part.split(".")[0].lower() in WINDOWS_NAMES or len(part.encode()) > 200):
            raise BuildError(f"不能安全地写入的输出文件名 {rel!r}：请检查事项编码和各 id（规则 PL604）")
    return rel


def exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (Linux renameat2 RENAME_EXCHANGE), so that readers of ``b`` see
    the old or the new output, never none. False where the system cannot (then two renames are used)."""
    import ctypes
    import ctypes.util

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
