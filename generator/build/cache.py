"""The build's cache (.powerlist-cache/): every chart, poster, booklet part and search bundle is kept
under a key that hashes exactly what it depends on, and the manifest of the last build lets a build
whose inputs are unchanged stop at once."""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
from functools import cache
from pathlib import Path

from .. import __version__, scratch
from ..files import write_atomically
from ..render.templates import TEMPLATES
from .base import BuildError

PACKAGE = Path(__file__).resolve().parent.parent
# The libraries that draw the bytes: a new version of one never reuses old outputs
DRAWING_LIBRARIES = ("weasyprint", "pydyf", "segno", "pillow", "xlsxwriter", "jinja2", "uharfbuzz", "pikepdf")


def digest(*parts) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part if isinstance(part, bytes) else repr(part).encode())
        h.update(b"\0")
    return h.hexdigest()


@cache
def tool_digest(*engines: str) -> str:
    """Hash of the renderer's own code and templates, the drawing libraries, the font and the
    ``engines``' versions (Graphviz): a new version of any never reuses old outputs."""
    h = hashlib.sha256(__version__.encode())
    for path in sorted([*PACKAGE.rglob("*.py"), *TEMPLATES.rglob("*")]):
        if path.is_file():
            h.update(path.relative_to(PACKAGE.parent).as_posix().encode())
            h.update(path.read_bytes())
    for engine in engines:
        h.update(engine.encode())
    for dist in DRAWING_LIBRARIES:
        try:
            h.update(f"{dist}={importlib.metadata.version(dist)}".encode())
        except importlib.metadata.PackageNotFoundError:
            pass
    from ..render.fonts import FontMissing, font_file

    for bold in (False, True):
        try:
            path, index = font_file(bold)
        except FontMissing as e:  # every chart, poster and booklet is set in it
            raise BuildError("找不到中文字体 Noto Sans CJK SC: 请安装 fonts-noto-cjk 和 fontconfig "
                             "(Debian: apt-get install fonts-noto-cjk fontconfig)，或运行 ./dev.sh setup") from e
        h.update(f"{path}:{index}:{os.path.getsize(path)}".encode())
    return h.hexdigest()


class Cache:
    def __init__(self, folder: Path, enabled: bool):
        self.folder = folder
        self.enabled = enabled
        self.used: set[str] = set()  # the entries this build looked up or wrote (``prune`` keeps them)
        folder.mkdir(parents=True, exist_ok=True)
        self.sweep()

    def sweep(self) -> None:
        """Remove the temporary files and folders that processes now gone left in the cache (a killed
        build's half-written entry); never a live build's (one of the same project into another output)."""
        scratch.sweep_files(self.folder)
        for sub in os.scandir(self.folder):
            if sub.is_dir(follow_symlinks=False) and _entry_folder(sub.name):
                scratch.sweep_files(Path(sub.path))

    def nested(self) -> list[str]:
        """Folders inside the cache that are caches themselves (.powerlist-cache/powerlist-cache-1/66/…):
        runners' caches copied in whole instead of merged, whose entries no build finds."""
        found = []
        for sub in sorted(os.scandir(self.folder), key=lambda e: e.name):
            if not sub.is_dir(follow_symlinks=False) or _entry_folder(sub.name) or sub.name.startswith("search-"):
                continue
            inner = [e.name for e in os.scandir(sub.path) if e.is_dir(follow_symlinks=False)]
            if any(_entry_folder(name) for name in inner):
                found.append(sub.name)
        return found

    def path(self, key: str, ext: str) -> Path:
        path = self.folder / f"{key[:2]}" / f"{key}.{ext}"
        self.used.add(str(path))
        return path

    def prune(self, bundles: set[Path]) -> int:
        """Remove every entry this build did not use, and the search bundles but ``bundles`` (``build
        --prune-cache``, for a CI cache kept between runs: without it the cache keeps what every earlier
        version made). How many files and bundles were removed."""
        removed = 0
        for sub in os.scandir(self.folder):
            if not sub.is_dir(follow_symlinks=False):
                continue
            if sub.name.startswith("search-") and Path(sub.path) not in bundles:
                scratch.remove_tree(Path(sub.path))
                removed += 1
            elif _entry_folder(sub.name):
                for entry in os.scandir(sub.path):
                    if entry.is_file(follow_symlinks=False) and entry.path not in self.used:
                        os.unlink(entry.path)
                        removed += 1
        return removed

    def has(self, key: str, *exts: str) -> bool:
        return self.enabled and all(self.path(key, e).is_file() for e in exts)

    def put(self, key: str, ext: str, data: bytes) -> Path:
        return write_atomically(self.path(key, ext), data)

    def link(self, key: str, ext: str, src: Path | bytes) -> Path:
        """Another entry's file (or bytes) also under ``key``: a hard link where the file system allows
        (entries are never written again once made), made under a temporary name and renamed into place."""
        if isinstance(src, bytes):
            return self.put(key, ext, src)
        path = self.path(key, ext)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(scratch.temp_name(path.name) + "link")
        try:
            os.link(src, tmp)
        except OSError:  # another file system, or one without hard links
            return self.put(key, ext, Path(src).read_bytes())
        os.replace(tmp, path)
        return path

    def put_pdf(self, key: str, pdf: bytes, meta: dict) -> None:
        """A PDF job's result: what the job says of it (anchors, poster size), then the PDF, whose
        presence marks the entry whole (a kill between the two leaves no PDF without its metadata)."""
        self.put(key, "json", json.dumps(meta, sort_keys=True).encode())
        self.put(key, "pdf", pdf)

    def meta(self, key: str) -> dict:
        """What a PDF job said of its result; empty if nothing was said."""
        path = self.path(key, "json")
        return json.loads(path.read_text()) if path.is_file() else {}

    def manifest(self, out: Path) -> Path:
        """The record of the last build into ``out``."""
        return self.folder / ("manifest-" + digest(str(out))[:16] + ".json")


def _file_state(out: Path) -> dict[str, list[int]]:
    return {p.relative_to(out).as_posix(): [p.stat().st_size, p.stat().st_mtime_ns]
            for p in sorted(out.rglob("*")) if p.is_file()}


def unchanged(manifest: Path, inputs: str, out: Path) -> bool:
    """The last build had these inputs, and its output is as it left it."""
    try:
        data = json.loads(manifest.read_text())
    except (OSError, ValueError):
        return False
    return data.get("inputs") == inputs and out.is_dir() and data.get("files") == _file_state(out)


def write_manifest(manifest: Path, inputs: str, out: Path) -> None:
    write_atomically(manifest, json.dumps({"inputs": inputs, "files": _file_state(out)}, sort_keys=True).encode())


def _entry_folder(name: str) -> bool:
    """A folder of entries: the first two hex digits of their keys."""
    return len(name) == 2 and all(c in "0123456789abcdef" for c in name)
