"""The project layout, in one place: what makes a folder a project, where each kind of file lives,
what ``serve`` watches and what a build must never replace. Every command asks here, so they agree.

    powerlist.yaml            settings (optional; powerlist.yml is read too)
    catalog/<unit>.yaml       one unit (单位) and its powers per file; the id is the file name
    catalog/sources.yaml      the legal-source library (法律依据库), or several files in catalog/sources/
    flows/<flow>.yaml         one workflow (权力运行流程) per file
    .powerlist-cache/         the build's cache (not published, git-ignored)
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

CATALOG = "catalog"
FLOWS = "flows"
SOURCES = "sources"
SETTINGS_FILES = ("powerlist.yaml", "powerlist.yml")  # the first is the one ``new project`` writes
CACHE_DIR = ".powerlist-cache"
YAML_SUFFIXES = (".yaml", ".yml")


def is_project(root: Path) -> bool:
    """A project folder holds catalog/ or flows/ (a project may start with either)."""
    try:
        return root.is_dir() and ((root / CATALOG).is_dir() or (root / FLOWS).is_dir())
    except OSError:  # a name too long for a path, or not readable
        return False


def not_a_project(shown: str) -> str:
    """What to tell someone who ran a command outside a project."""
    return f"{shown} 不是项目目录（其中没有 {CATALOG}/ 或 {FLOWS}/ 目录）；请在项目目录中运行，或指定项目目录"


def settings_file(root: Path) -> Path:
    return root / SETTINGS_FILES[0]


def unit_file(root: Path, unit_id: str) -> Path:
    return root / CATALOG / f"{unit_id}.yaml"


def flow_file(root: Path, flow_id: str) -> Path:
    return root / FLOWS / f"{flow_id}.yaml"


def sources_file(root: Path, unit_id: str | None = None) -> Path:
    """The library's main file, or the file of sources registered for one unit (``import``)."""
    return root / CATALOG / (f"{SOURCES}.yaml" if unit_id is None else f"{SOURCES}/{unit_id}.yaml")


def kind_of(relpath: str) -> str | None:
    """Which kind of file a project-relative path holds: settings, sources, unit, flow or None."""
    p = PurePosixPath(relpath)
    if p.suffix not in YAML_SUFFIXES:
        return None
    if len(p.parts) == 1:
        return "settings" if p.name in SETTINGS_FILES else None
    top = p.parts[0]
    if top == CATALOG:
        if p.stem == SOURCES and len(p.parts) == 2 or len(p.parts) > 2 and p.parts[1] == SOURCES:
            return "sources"
        return "unit"
    if top == FLOWS:
        return "flow"
    return None


def input_folders(root: Path) -> list[Path]:
    """The folders whose YAML files make the project."""
    return [root / CATALOG, root / FLOWS]


def inputs(root: Path) -> list[Path]:
    """What ``serve`` watches: the settings files and everything under the input folders."""
    paths = [root / name for name in SETTINGS_FILES]
    for base in input_folders(root):
        try:
            paths += sorted(base.rglob("*"))
        except OSError:  # a folder removed or renamed while it was read: the next poll sees the change
            pass
    return paths


def protected(root: Path) -> list[Path]:
    """What a build's output folder may never be, hold or lie in: the inputs, the cache, git's folder."""
    return [*input_folders(root), *(root / name for name in SETTINGS_FILES), root / CACHE_DIR, root / ".git"]
