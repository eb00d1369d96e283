"""The site's search index, made by Pagefind (extended build: it segments Chinese into words).

Pagefind reads the power pages (``powers/*.html``; only their ``data-pagefind-body`` is indexed, less
the parts marked ``data-pagefind-ignore``: text several powers share, which so tells none apart, such
as the steps of a flow other powers use too and a category's standard texts) and writes its bundle (index shards, WebAssembly, the search UI) into a folder. Called by ``build`` only,
which caches the bundle by a hash of the pages it indexes.

The pages use ``data-pagefind-meta`` (unit, category), not ``data-pagefind-filter``: Pagefind 1.5
writes filter indexes in a different order on every run (Pagefind/pagefind#638: "Other files will
still change, such as the filter/metadata indexes"), which would make two builds of the same input
differ. Without filters its output is byte-identical run to run (checked by tests/test_site.py).
"""

from __future__ import annotations

import subprocess
from functools import cache
from pathlib import Path

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


def build_index(site: Path, output: Path) -> None:
    """Index the power pages under ``site`` into ``output`` (which must not exist yet)."""
    r = subprocess.run([pagefind(), "--site", str(site), "--glob", GLOB, "--force-language", "zh",
                        "--output-path", str(output), "--silent"], capture_output=True, text=True)
    if r.returncode != 0 or not (output / "pagefind-ui.js").is_file():
        raise SearchIndexError(f"Pagefind 建立搜索索引失败: {(r.stderr or r.stdout).strip()[:500]}")
