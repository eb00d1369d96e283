"""Find the YAML files of a project folder and turn them into one ``Project`` model.

Stage 1 and 2's glue: the files are found as ``layout.py`` describes, each is loaded (load.py) and
converted (schema.py) by its kind. A unit's and a flow's id is its file name without ``.yaml``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .files import os_reason
from .findings import Finding, Loc
from .layout import CATALOG, FLOWS, SETTINGS_FILES, YAML_SUFFIXES, input_folders, kind_of
from .load import load_text
from .model import Flow, Project, Settings, SourceLibrary, Unit
from .patterns import PatternError, compile_pattern
from .schema import Collector, build


@dataclass(frozen=True)
class LoadResult:
    """A project model (None when the files could not be read into one) and the findings so far."""

    project: Project | None
    findings: tuple[Finding, ...]

    @property
    def readable(self) -> bool:
        """Every file loaded into the model (findings, if any, are about content, not format)."""
        return self.project is not None and not any(f.severity == "error" and f.code < "PL100" for f in self.findings)


def read_folder(root: Path) -> tuple[dict[str, bytes], list[Finding]]:
    """All project files under ``root`` as {relative posix path: bytes}, sorted, and read failures.

    Hidden files and folders are skipped. A symbolic link is read only if it leads to a file inside the
    project: a link out of it (to a system file, to another office's folder) is refused unread (PL013),
    so that neither ``check`` nor the site ever shows what lies outside. Links to folders are not
    followed (no loops)."""
    files, problems = {}, []
    inside = root.resolve()

    def refuse(path: Path, what: str) -> None:
        rel = path.relative_to(root).as_posix()
        problems.append(Finding(Loc(rel, 1, 1), "error", "PL013",
                                f"{what}指向项目目录之外（{os.path.realpath(path)}），未读取",
                                f"把文件复制到项目中（{CATALOG}/ 或 {FLOWS}/），不要用符号链接指向项目外"))

    candidates = [root / name for name in SETTINGS_FILES]
    for top in input_folders(root):
        if top.is_symlink() and not _within(top, inside):
            refuse(top, "目录链接")
            continue
        for folder, dirs, names in os.walk(top):
            for d in dirs:
                link = Path(folder) / d
                if link.is_symlink() and not d.startswith(".") and not _within(link, inside):
                    refuse(link, "目录链接")
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            candidates.extend(Path(folder) / n for n in names if n.endswith(YAML_SUFFIXES) and not n.startswith("."))
    for path in sorted(candidates):
        if path.is_symlink() and not _within(path, inside):
            refuse(path, "文件链接")
            continue
        if not path.is_file():
            continue
        rel = path.relative_to(root).as_posix()
        try:
            files[rel] = path.read_bytes()
        except OSError as e:
            problems.append(Finding(Loc(rel, 1, 1), "error", "PL001", f"无法读取文件：{os_reason(e)}",
                                    "检查文件权限，或删除损坏的链接"))
    return files, sorted(problems, key=Finding.sort_key)


def _within(path: Path, root: Path) -> bool:
    """Whether ``path``, its links followed, lies inside ``root`` (a resolved path)."""
    return Path(os.path.realpath(path)).is_relative_to(root)


def load_project(root: Path | str) -> LoadResult:
    root = Path(root)
    files, problems = read_folder(root)
    result = load_files(str(root), files)
    return LoadResult(result.project, tuple(problems) + result.findings)


def load_files(root: str, files: dict[str, bytes]) -> LoadResult:
    """Build the model from in-memory files (the tests and the fuzzer use this directly)."""
    findings: list[Finding] = []
    settings = Settings()
    settings_path = next((p for p in files if kind_of(p) == "settings"), None)
    if settings_path is not None:
        settings = _load_settings(settings_path, files[settings_path], findings) or settings

    sources, units, flows = [], [], []
    loaded: dict[tuple, tuple] = {}
    for path in sorted(files):
        kind = kind_of(path)
        if kind in (None, "settings"):
            continue
        key = (path, kind, settings.max_file_bytes, files[path])
        made, file_findings = loaded[key] = _LOADED.get(key) or _load_one(path, kind, files[path], settings)
        findings.extend(file_findings)
        if kind == "sources" and made:
            sources.extend(made.sources)
        elif made:
            (units if kind == "unit" else flows).append(made)
    # What a long-running process (`serve`) keeps for its next build: only this build's files, so that
    # memory holds one catalogue. The objects are frozen, so sharing them between builds is safe.
    _LOADED.clear()
    _LOADED.update(loaded)
    project = Project(root=root, settings=settings, sources=tuple(sources), units=tuple(units), flows=tuple(flows))
    return LoadResult(project, tuple(findings))


_LOADED: dict[tuple, tuple] = {}  # (path, kind, size limit, bytes) -> the file's model object and findings


def _load_one(path: str, kind: str, content: bytes, settings: Settings) -> tuple:
    """One file's model object (None when it does not load) and its findings."""
    raw = load_text(path, content, settings.max_file_bytes)
    if raw.data is None and raw.findings:
        return None, raw.findings
    out = Collector()
    top = Loc(path, 1, 1)
    stem = PurePosixPath(path).stem
    if kind == "sources":
        made = build(SourceLibrary, raw.data, top, out)
    else:
        made = build(Unit if kind == "unit" else Flow, raw.data, top, out, extra={"id": stem, "path": path})
    return made, (*raw.findings, *out.findings)


def _load_settings(path: str, content: bytes, findings: list[Finding]) -> Settings | None:
    raw = load_text(path, content)
    findings.extend(raw.findings)
    if raw.data is None:
        return None
    out = Collector()
    settings = build(Settings, raw.data, Loc(path, 1, 1), out)
    if settings is not None:
        for key in ("item_code_pattern", "phone_pattern"):
            try:
                compile_pattern(getattr(settings, key))
            except PatternError as e:
                out.error(settings.at(key), "PL006", f"'{key}' {e}",
                          "检查括号、重复次数和转义；在 YAML 中用单引号包住正则表达式")
                settings = None
                break
    findings.extend(out.findings)
    return settings
