"""The site's search index, made by Pagefind (extended build: it segments Chinese into words).

Pagefind indexes the power pages (``powers/*.html``; only their ``data-pagefind-body``, less the parts
marked ``data-pagefind-ignore``: text several powers share, which so tells none apart, such as the
steps of a flow other powers use too and a category's standard texts) and returns its bundle (index
shards, WebAssembly, the search UI) as files. Called by ``build`` only, which caches the bundle by a
hash of the pages it indexes.

The pages go to Pagefind through its Python API (a service process), one by one in the order of their
paths, not as a folder for it to walk: Pagefind numbers pages in the order it meets them, and a folder
is walked in the file system's order, so the same pages gave different bytes on tmpfs and on ext4.
Nothing is written to disk here, either.

The pages use ``data-pagefind-meta`` (unit, category), not ``data-pagefind-filter``: Pagefind 1.5
writes filter indexes in a different order on every run (Pagefind/pagefind#638: "Other files will
still change, such as the filter/metadata indexes"), which would make two builds of the same input
differ. Without filters its output is byte-identical run to run (checked by tests/test_site.py).
"""

from __future__ import annotations

import asyncio
import concurrent.futures as cf
import fnmatch
import subprocess
from functools import cache

GLOB = "powers/*.html"


class SearchIndexError(RuntimeError):
    pass


@cache
def pagefind() -> str:
    """The extended Pagefind binary shipped by the ``pagefind[extended]`` wheel."""
    try:
        from pagefind_bin_extended import get_executable
    except ImportError as e:
        raise SearchIndexError("找不到 Pagefind 扩展版 (中文分词): 请运行 ./dev.sh setup, "
                               "或 pip install 'pagefind[extended]'") from e
    return str(get_executable())


@cache
def version() -> str:
    r = subprocess.run([pagefind(), "--version"], capture_output=True, text=True)
    return r.stdout.strip()


def indexed(paths) -> list[str]:
    """The site paths Pagefind indexes, in the order it is given them."""
    return sorted(p for p in paths if fnmatch.fnmatch(p, GLOB))


def build_index(pages: dict[str, bytes]) -> dict[str, bytes]:
    """The search bundle for ``pages`` (site path -> HTML; those matching GLOB are indexed), as
    {path inside the bundle: bytes}."""
    pagefind()  # the same message as everywhere when the binary is missing
    try:  # on a thread of its own: the caller may be running an event loop (Playwright in the tests)
        with cf.ThreadPoolExecutor(max_workers=1) as thread:
            files = thread.submit(asyncio.run, _index(pages)).result()
    except SearchIndexError:
        raise
    except Exception as e:  # the service reports its errors as exceptions of its own kinds
        raise SearchIndexError(f"Pagefind 建立搜索索引失败: {type(e).__name__}: {str(e)[:500]}") from e
    if "pagefind-ui.js" not in files:
        raise SearchIndexError("Pagefind 建立搜索索引失败: 索引中没有 pagefind-ui.js")
    return files


class _Discard(Exception):
    """Leaves the index's context without its writing the bundle to disk (it does on a clean exit)."""


async def _index(pages: dict[str, bytes]) -> dict[str, bytes]:
    from pagefind.index import IndexConfig, PagefindIndex

    files: dict[str, bytes] = {}
    try:
        async with PagefindIndex(config=IndexConfig(force_language="zh")) as index:
            for path in indexed(pages):
                await index.add_html_file(content=pages[path].decode("utf-8"), url="/" + path)
            files = {item["path"]: item["content"] for item in await index.get_files()}
            raise _Discard  # the service is closed on the way out; nothing is written
    except _Discard:
        pass
    return files
