"""Earlier versions of a project, read from git (or from another folder): for ``powerlist diff`` and
for the site's announcements of published versions (git tags).

Files are read with one ``git cat-file --batch`` process per revision, not one process per file.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .layout import CATALOG, FLOWS, SETTINGS_FILES, is_project, kind_of
from .model import public
from .project import LoadResult, load_files, read_folder


class HistoryError(RuntimeError):
    """A revision or folder that cannot be read; the message says why."""


def git(root: Path, *args: str, data: bytes | None = None, timeout: float = 120) -> bytes:
    """What ``git args`` prints in ``root``; HistoryError when it cannot run or fails."""
    try:
        r = subprocess.run(["git", "-C", str(root), *args], input=data, capture_output=True, timeout=timeout)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise HistoryError(f"无法运行 git: {e}") from e
    if r.returncode != 0:
        raise HistoryError(r.stderr.decode(errors="replace").strip()[:300] or f"git {args[0]} 失败")
    return r.stdout


def isgit(root: Path) -> bool:
    try:
        return git(root, "rev-parse", "--is-inside-work-tree").strip() == b"true"
    except HistoryError:
        return False


MAX_REVISION = 256  # characters: a tag, a hash, HEAD~3, main@{2026-01-01} ...


def commit_of(root: Path, rev: str) -> str:
    """The commit (40 or 64 hex digits) that revision ``rev`` names; HistoryError for anything that
    names no commit: an option, a path (HEAD:./), a tree, a message search (:/v1), control characters."""
    shown = rev if len(rev) <= 60 else rev[:60] + "…"
    if not rev or len(rev) > MAX_REVISION or rev.startswith("-") or not rev.isprintable():
        raise HistoryError(f"不是有效的 git 版本：{shown!r}")
    try:
        out = git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}")
    except HistoryError:
        raise HistoryError(f"找不到版本 '{shown}': 应为提交号、标签或分支名（如 qlqd-2026-01、HEAD~3）") from None
    commit = out.decode(errors="replace").strip()
    if not commit or any(c not in "0123456789abcdef" for c in commit):
        raise HistoryError(f"找不到版本 '{shown}'")
    return commit


def files_at(root: Path, rev: str) -> dict[str, bytes]:
    """The project's files (settings, sources, units, flows) as they were at git revision ``rev``."""
    rev = commit_of(root, rev)
    prefix = git(root, "rev-parse", "--show-prefix").decode().strip()
    try:
        listing = git(root, "ls-tree", "-r", "-z", "--name-only", "--full-name", rev, "--", ".")
    except HistoryError as e:
        raise HistoryError(f"找不到版本 '{rev}': {e}") from e
    paths = [p for p in listing.decode().split("\0") if p]
    rels = {p: p[len(prefix):] for p in paths if p.startswith(prefix) and kind_of(p[len(prefix):])}
    if not rels:
        raise HistoryError(f"版本 '{rev}' 中没有权力清单文件（{CATALOG}/、{FLOWS}/ 或 {SETTINGS_FILES[0]}）")
    out = git(root, "cat-file", "--batch", data="".join(f"{rev}:{p}\n" for p in rels).encode())
    files, pos = {}, 0
    for path, rel in rels.items():
        end = out.find(b"\n", pos)
        header = out[pos:end].split() if end >= 0 else []
        if len(header) != 3 or not header[2].isdigit():  # "<name> missing": a name git cannot read back
            raise HistoryError(f"无法从版本 {rev[:12]} 读取 {rel}")
        size = int(header[2])
        files[rel] = out[end + 1:end + 1 + size]
        pos = end + 1 + size + 1
    return dict(sorted(files.items()))


def load_version(root: Path, spec: str) -> tuple[LoadResult, str]:
    """A version given as a folder or as a git revision of ``root``: (load result, label)."""
    folder = Path(spec)
    if is_project(folder):  # else maybe a revision
        files, problems = read_folder(folder)
        result = load_files(str(folder), files)
        return LoadResult(result.project, tuple(problems) + result.findings), str(folder)
    if not isgit(root):
        raise HistoryError(f"'{spec}' 不是项目目录，而 {root} 也不是 git 仓库")
    return load_files(str(root), files_at(root, spec)), spec


@dataclass(frozen=True)
class Release:
    tag: str
    date: dt.date
    commit: str


def releases(root: Path, pattern: str) -> list[Release]:
    """Tags matching ``pattern`` (a glob such as ``qlqd-*``), oldest first by their commit's date."""
    if not isgit(root):
        return []
    # for an annotated tag, *objectname / *committerdate are its commit's; for a lightweight tag they
    # are empty and objectname / committerdate are the commit's own
    out = git(root, "for-each-ref", "--format=%(refname:short)%09%(*objectname)%(objectname)"
               "%09%(*committerdate:short)%(committerdate:short)", "refs/tags")
    found = []
    for line in out.decode().splitlines():
        tag, obj, day = (line.split("\t") + ["", ""])[:3]
        if fnmatch.fnmatchcase(tag, pattern) and day:
            found.append(Release(tag, dt.date.fromisoformat(day[:10]), obj[:40]))
    return sorted(found, key=lambda r: (r.date, r.tag))


def public_version(root: Path, spec: str):
    """The public model of a version (for announcements): None when it has no project or does not load."""
    try:
        result, _ = load_version(root, spec)
    except HistoryError:
        return None
    if not result.readable:
        return None
    return public(result.project)
