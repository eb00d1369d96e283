"""The site's search index, made by Pagefind (extended build: it segments Chinese into words).

Pagefind indexes the power pages (``powers/*.html``; only their ``data-pagefind-body``, less the parts
marked ``data-pagefind-ignore``: text several powers share, which so tells none apart, such as the
steps of a flow other powers use too and a category's standard texts) and returns its bundle (index
shards, WebAssembly, its JavaScript API) as files. Called by ``build`` only, which caches the bundle by a
hash of the pages it indexes.

The pages go to Pagefind's service mode (one process, spoken to through pipes), in the order of their
paths, not as a folder for it to walk: Pagefind numbers pages in the order it meets them, and a folder
is walked in the file system's order, so the same pages gave different bytes on tmpfs and on ext4.
Nothing is written to disk here, either.

The pages use ``data-pagefind-meta`` (实施主体, 职权类型: the search page shows the keys as written),
not ``data-pagefind-filter``: Pagefind 1.5
writes filter indexes in a different order on every run (Pagefind/pagefind#638: "Other files will
still change, such as the filter/metadata indexes"), which would make two builds of the same input
differ. Without filters its output is byte-identical run to run (checked by tests/test_site.py).
"""

from __future__ import annotations

import base64
import fnmatch
import gzip
import json
import re
import subprocess
import threading
from functools import cache

GLOB = "powers/*.html"
PAGES = "pages.json"  # added to the bundle: Pagefind's page ids -> addresses
FORMAT = 2  # of the bundle as this module makes it (2: with PAGES): part of its cache key
# Pagefind's ready-made search interfaces and highlighter: the search page lists results itself
# (templates/site/search.js over Pagefind's JavaScript API), so the site leaves them out.
UNUSED = re.compile(r"pagefind-(component-ui|modular-ui|ui|highlight)\.(js|css)$")
WINDOW = 16  # pages sent to Pagefind ahead of its replies


class SearchIndexError(RuntimeError):
    pass


@cache
def pagefind() -> str:
    """The extended Pagefind binary shipped by the ``pagefind[extended]`` wheel."""
    try:
        from pagefind_bin_extended import get_executable
    except ImportError as e:
        raise SearchIndexError("找不到 Pagefind 扩展版（中文分词）：请运行 ./dev.sh setup, "
                               "或 pip install 'pagefind[extended]'") from e
    return str(get_executable())


@cache
def version() -> str:
    r = subprocess.run([pagefind(), "--version"], capture_output=True, text=True)
    return r.stdout.strip()


# What of a power page Pagefind reads: its <html lang> and the data-pagefind-body article, never the
# site's footer, which carries the version date. A bundle is keyed by its pages without the footer, so
# that a new version date does not index every page again.
_FOOTER = re.compile(rb'<footer class="site-footer">.*?</footer>', re.S)


def keyed(page: bytes) -> bytes:
    """A page as a search bundle's cache key sees it: without the site's footer."""
    return _FOOTER.sub(b"", page, count=1)


def indexed(paths) -> list[str]:
    """The site paths Pagefind indexes, in the order it is given them."""
    return sorted(p for p in paths if fnmatch.fnmatch(p, GLOB))


def build_index(pages: dict[str, bytes]) -> dict[str, bytes]:
    """The search bundle for ``pages`` (site path -> HTML; those matching GLOB are indexed), as
    {path inside the bundle: bytes}."""
    try:
        files = _Service(pagefind()).index([(path, pages[path]) for path in indexed(pages)])
    except SearchIndexError:
        raise
    except (OSError, ValueError, KeyError, TypeError) as e:  # the service died or spoke nonsense
        raise SearchIndexError(f"Pagefind 建立搜索索引失败：{type(e).__name__}: {str(e)[:500]}") from e
    if "pagefind.js" not in files:
        raise SearchIndexError("Pagefind 建立搜索索引失败：索引中没有 pagefind.js")
    files = {path: data for path, data in files.items() if not UNUSED.match(path)}
    files[PAGES] = _pages(files)
    return files


def _pages(files: dict[str, bytes]) -> bytes:
    """Each indexed page's address by Pagefind's id for it ({"zh_1525741": "/powers/XK00201000.html"}),
    read from the fragments: the search page knows which page a result is without loading the result
    (to list a power once, whether its name or Pagefind's index found it)."""
    pages = {}
    for path, data in files.items():
        if path.startswith("fragment/") and path.endswith(".pf_fragment"):
            raw = gzip.decompress(data)
            pages[path[len("fragment/"):-len(".pf_fragment")]] = json.loads(raw[raw.index(b"{"):])["url"]
    return json.dumps(pages, sort_keys=True, separators=(",", ":")).encode()


class _Service:
    """Pagefind's service mode (``pagefind --service``), spoken directly: each message is base64 of a
    JSON object and a comma, both ways; replies carry the message's id. The project's own Python
    wrapper (``pagefind.index``) speaks the same protocol but reads one reply per 100 ms (it sleeps
    between reads): 150 s for 1,500 pages. Here the pages are written from a thread while the
    replies are read as they come, and Pagefind takes the pages in the order they are written."""

    def __init__(self, binary: str):
        self.process = subprocess.Popen([binary, "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL)
        self.buffer = b""
        self.last_id = 0
        self.window = threading.Semaphore(WINDOW)
        self.stopped = False

    def index(self, pages: list[tuple[str, bytes]]) -> dict[str, bytes]:
        try:
            index_id = self._ask({"type": "NewIndex", "config": {"force_language": "zh"}})["index_id"]
            adds = ({"type": "AddFile", "index_id": index_id, "url": "/" + path, "file_path": None,
                     "file_contents": html.decode("utf-8")} for path, html in pages)
            writer = threading.Thread(target=self._write_all, args=(adds,), daemon=True)
            writer.start()
            try:
                for _ in pages:
                    self._reply(expect="IndexedFile")
                    self.window.release()
            finally:
                self.stopped = True
                self.window.release()  # a writer waiting for room sees the stop
            writer.join()
            files = self._ask({"type": "GetFiles", "index_id": index_id}, expect="GetFiles")["files"]
            return {item["path"]: base64.b64decode(item["content"]) for item in files}
        finally:
            self.close()

    def _message(self, payload: dict) -> bytes:
        self.last_id += 1
        return base64.b64encode(json.dumps({"message_id": self.last_id, "payload": payload}).encode()) + b","

    def _write_all(self, payloads) -> None:
        """Each page as room opens in the window, encoded as it is sent: a province's pages encoded up
        front were some 150 MB in this process. (Pagefind's own memory, about 0.2 MB a page, is its
        index and does not depend on how fast the pages come.)"""
        try:
            for payload in payloads:
                self.window.acquire()
                if self.stopped:
                    return
                self.process.stdin.write(self._message(payload))
                self.process.stdin.flush()
        except OSError:  # the service died: the reader says so
            pass

    def _ask(self, payload: dict, expect: str | None = None) -> dict:
        self.process.stdin.write(self._message(payload))
        self.process.stdin.flush()
        return self._reply(expect or payload["type"])

    def _reply(self, expect: str) -> dict:
        while b"," not in self.buffer:
            chunk = self.process.stdout.read1(1 << 20)
            if not chunk:
                raise SearchIndexError("Pagefind 建立搜索索引失败：Pagefind 服务进程意外退出")
            self.buffer += chunk
        raw, self.buffer = self.buffer.split(b",", 1)
        payload = json.loads(base64.b64decode(raw))["payload"]
        if payload.get("type") != expect:
            raise SearchIndexError(f"Pagefind 建立搜索索引失败：{str(payload.get('message', payload))[:500]}")
        return payload

    def close(self) -> None:
        try:
            self.process.stdin.close()
        except OSError:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
