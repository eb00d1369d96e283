"""Product: the website (晒权): its pages, the announcements of each published version, the data
page's list of downloads and the search index."""

from __future__ import annotations

import json
import os
from pathlib import Path

from .. import history, scratch, searchindex
from ..changes import Change, compare
from ..derived import ordered_powers
from ..model import Project
from ..render.links import DATA_FILES, power_href, search_dir, statements_file, unit_booklet_file
from ..render.site import Announcement, Download, SiteInput, power_page, search_parts
from .base import BuildError, Run
from .cache import digest
from .output import safe_relpath


def announcements(run: Run) -> tuple[Announcement, ...]:
    """The published versions (git tags matching settings.release_tags), each with its changes since
    the one before, and this version's changes since the last tag; newest first. What changed between
    two tagged commits never changes, so it is cached: a build loads only the last tagged version."""
    project, root = run.project, run.root
    pattern = project.settings.release_tags
    if not pattern:
        return ()
    versions: dict[str, Project | None] = {}

    def version(commit: str) -> Project | None:
        if commit not in versions:
            versions[commit] = history.public_version(root, commit)
        return versions[commit]

    out, previous = [], None
    try:
        for release in history.releases(root, pattern):
            changes = _release_changes(run, previous, release, version)
            if changes is None:
                run.report.skipped_releases.append(release.tag)  # skipped, not fatal: the build says so
                continue
            out.append(Announcement(release.tag, release.date, changes, first=previous is None))
            previous = release
        last = version(previous.commit) if previous else None
    except history.HistoryError as e:
        raise BuildError(f"读取发布版本（git 标签 {pattern}）失败：{e}") from e
    if last is None:
        return ()
    current = tuple(compare(last, project))
    if current:
        out.append(Announcement("本版本", run.day, current))
    return tuple(reversed(out))


def _release_changes(run: Run, previous, release, version) -> tuple[Change, ...] | None:
    """The changes from the ``previous`` release to ``release`` (none for the first), from the cache
    or worked out now; None when ``release``'s files do not load."""
    cache = run.cache
    key = digest("release", run.tool, previous.commit if previous else None, release.commit)
    if cache.has(key, "json"):
        saved = json.loads(cache.path(key, "json").read_text(encoding="utf-8"))
        if saved["changes"] is None:
            return None
        return tuple(Change.from_dict(c) for c in saved["changes"])
    new = version(release.commit)
    changes = None if new is None else () if previous is None else tuple(compare(version(previous.commit), new))
    cache.put(key, "json", json.dumps({"changes": None if changes is None else [c.as_dict() for c in changes]},
                                      ensure_ascii=False, sort_keys=True).encode())
    return changes


def downloads(run: Run) -> tuple[Download, ...]:
    """The data page's list: the files this build wrote, with their sizes."""
    files = [*DATA_FILES, *(unit_booklet_file(u.id, u.name) for u in run.project.units),
             *(statements_file(u.id, u.name) for u in run.project.units)]
    return tuple(Download(f.path, f.title, f.description, run.outputs[f.path].stat().st_size) for f in files
                 if isinstance(run.outputs.get(f.path), Path))


def search_bundles(run: Run, pages: dict[str, Path]) -> dict[str, Path]:
    """The search index's parts (render/site.py search_parts) as Pagefind bundles, by the site folder
    each goes to: each from the cache, or indexed now (one Pagefind at a time) and then cached. Empty
    when there is no power page to index (Pagefind refuses to make an empty index; the search page then
    says there is nothing yet)."""
    parts = [[rel for rel in part if rel in pages] for part in search_parts(run.project)]
    parts = [part for part in parts if part]
    if not parts:
        return {}
    version = _version()
    bundles, indexed = {}, 0
    for n, part in enumerate(parts):
        bundle, made = _bundle(run, version, {rel: pages[rel].read_bytes() for rel in part})
        bundles[search_dir(n)] = bundle
        indexed += made
    run.report.search_reused = indexed == 0
    run.report.search_parts, run.report.search_indexed = len(bundles), indexed
    folder = run.cache.folder
    for bundle in bundles.values():  # used now: the last to go
        os.utime(bundle)
    # older bundles go, but for a few: serve's drafts and build's site have pages of their own (also
    # when this build indexed nothing: after a sharded build the shards made the new bundles)
    older = sorted((b for b in folder.glob("search-*") if b not in bundles.values()),
                   key=lambda b: b.stat().st_mtime, reverse=True)
    for old in older[KEPT_BUNDLES:]:
        scratch.remove_tree(old)
    return bundles


KEPT_BUNDLES = 3  # search bundles the cache keeps besides this build's


def shard_bundles(run: Run, data: SiteInput, mine) -> int:
    """A shard's parts of the search index (part n is the shard's if ``mine(n)``) indexed into the cache
    from their power pages, made here as the assembly makes them: the assembly then finds them in the
    cache (a bundle is keyed by its pages) and indexes nothing. How many were indexed now."""
    parts = [n_part for n_part in enumerate(search_parts(run.project)) if mine(n_part[0])]
    if not parts:
        return 0
    version = _version()
    of = {power_href(power.code): (unit, power) for unit, power in ordered_powers(run.project)}
    return sum(_bundle(run, version, {rel: power_page(data, *of[rel]) for rel in part})[1] for _, part in parts)


def _version() -> str:
    try:
        return searchindex.version()
    except searchindex.SearchIndexError as e:  # Pagefind not installed
        raise BuildError(str(e)) from e


def _bundle(run: Run, version: str, pages: dict[str, bytes]) -> tuple[Path, bool]:
    """One part's bundle, and whether it was indexed now. A bundle is a folder: it is written beside
    its place in the cache and renamed into it in one step, so a bundle found in the cache is whole."""
    cache = run.cache
    key = digest("search", searchindex.FORMAT, version,
                 *sorted((rel, searchindex.keyed(page)) for rel, page in pages.items()))
    bundle = cache.folder / f"search-{key[:32]}"
    if cache.enabled and bundle.is_dir():
        return bundle, False
    try:
        files = searchindex.build_index(pages)
    except searchindex.SearchIndexError as e:
        raise BuildError(str(e)) from e
    cache.folder.mkdir(parents=True, exist_ok=True)
    made = cache.folder / scratch.temp_name(bundle.name).rstrip(".")
    for rel, data in sorted(files.items()):
        target = made / safe_relpath(rel)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    if bundle.is_dir():  # --no-cache: this build's bundle replaces the one of the same pages
        scratch.remove_tree(bundle)
    try:
        os.replace(made, bundle)
    except OSError:  # another build of this project made the same bundle meanwhile
        scratch.remove_tree(made)
    return bundle, True


