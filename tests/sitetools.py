"""Helpers for the build and website tests: build a project into a folder, read the pages and PDFs,
serve them."""

from __future__ import annotations

import functools
import gzip
import http.server
import shutil
import subprocess
import sys
import threading
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import yaml

REPO = Path(__file__).resolve().parent.parent
MINIMAL = REPO / "tests" / "fixtures" / "minimal"
BASE_URL = "https://www.example.gov.cn/qlqd/"


def copy_sample(dest: Path, version_date: str = "2026-11-22") -> Path:
    """The sample county in ``dest`` (the repository's own site/ is left alone)."""
    shutil.copytree(REPO / "catalog", dest / "catalog")
    shutil.copytree(REPO / "flows", dest / "flows")
    shutil.copy(REPO / "powerlist.yaml", dest / "powerlist.yaml")
    with open(dest / "powerlist.yaml", "a", encoding="utf-8") as f:
        f.write(f"version_date: {version_date}\n")
    return dest


def make_project(tmp: Path) -> Path:
    root = tmp / "proj"
    shutil.copytree(MINIMAL, root)
    settings = root / "powerlist.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + f"base_url: {BASE_URL}\nversion_date: 2026-11-20\n",
                        encoding="utf-8")
    return root


def powerlist(*args, cwd=None, env=None):
    return subprocess.run([sys.executable, "-m", "generator", *map(str, args)], cwd=cwd or REPO,
                          capture_output=True, text=True, timeout=600, env=env)


def pdf_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return "".join(out.split())


def load_png(png: bytes):
    import io

    from PIL import Image

    image = Image.open(io.BytesIO(png))
    image.load()
    return image


class Page(HTMLParser):
    """The links, ids, images, scripts and headings of one HTML page."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str, str]] = []  # (tag, attribute, url)
        self.ids: set[str] = set()
        self.images: list[dict] = []
        self.headings: list[tuple[str, str]] = []
        self.attrs: list[tuple[str, str, str]] = []  # every (tag, name, value)
        self._heading: list | None = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for name, value in attrs:
            self.attrs.append((tag, name, value or ""))
        if "id" in a:
            self.ids.add(a["id"])
        for key in ("href", "src"):
            if a.get(key) is not None:
                self.links.append((tag, key, a[key]))
        if tag == "img":
            self.images.append(a)
        if tag in ("h1", "h2", "h3"):
            self._heading = [tag, ""]

    def handle_data(self, data):
        if self._heading is not None:
            self._heading[1] += data

    def handle_endtag(self, tag):
        if self._heading is not None and tag == self._heading[0]:
            self.headings.append((tag, self._heading[1].strip()))
            self._heading = None


def tree_bytes(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by relative path, with its bytes: two builds compared byte for byte."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def html_pages(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.html"))
            if not p.relative_to(site).as_posix().startswith("pagefind/")}


def broken_links(site: Path) -> list[str]:
    """Every internal link (href/src) on every page that points at a missing file or a missing id."""
    pages = html_pages(site)
    parsed = {rel: Page(text) for rel, text in pages.items()}
    problems = []
    for rel, page in parsed.items():
        for tag, attr, url in page.links:
            parts = urlsplit(url)
            if parts.scheme in ("http", "https", "tel", "mailto", "data"):
                continue
            if url.startswith("/") or parts.scheme or parts.netloc:
                problems.append(f"{rel}: {attr}={url!r} is not relative")
                continue
            target = urlsplit(urljoin("http://x/" + rel, url))
            path = unquote(target.path.lstrip("/")) or "index.html"
            if not (site / path).is_file():
                problems.append(f"{rel}: {attr}={url!r} -> {path} does not exist")
            elif target.fragment and path in parsed and target.fragment not in parsed[path].ids:
                problems.append(f"{rel}: {attr}={url!r} -> no id {target.fragment!r} in {path}")
    return problems


def all_text(site: Path) -> dict[str, str]:
    """Every file under ``site`` as text a reader could see: PDFs through pdftotext, XLSX members
    unzipped, Pagefind's gzipped index files decompressed, everything else decoded as UTF-8."""
    out = {}
    for p in sorted(site.rglob("*")):
        if not p.is_file():
            continue
        rel = p.relative_to(site).as_posix()
        data = p.read_bytes()
        if p.suffix == ".pdf":
            text = subprocess.run(["pdftotext", str(p), "-"], capture_output=True, check=True).stdout.decode()
        elif p.suffix == ".xlsx":
            with zipfile.ZipFile(p) as z:
                text = "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
        else:
            if data[:2] == b"\x1f\x8b":
                data = gzip.decompress(data)
            text = data.decode("utf-8", "replace")
        out[rel] = text
    return out


class Server:
    """A static HTTP server on localhost for a folder (a thread; port chosen by the OS)."""

    def __init__(self, folder: Path):
        class Quiet(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args):
                pass

        handler = functools.partial(Quiet, directory=str(folder))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


# ---------------------------------------------------------------- hostile text

XSS = [
    "<script>window.__xss=1</script>",
    '<img src=x onerror="window.__xss=1">',
    '"><svg onload="window.__xss=1">',
    "'><a href=\"javascript:window.__xss=1\">x</a>",
    "javascript:window.__xss=1",
    "<svg><script>window.__xss=1</script></svg>",
    "</title></style></textarea><script>window.__xss=1</script>",
    '<iframe src="javascript:window.__xss=1"></iframe>',
    "[点我](javascript:window.__xss=1)",
    "<style>body{display:none}</style>",
    "{{ 7*7 }}{% raw %}",
    "&lt;script&gt;window.__xss=1&lt;/script&gt;",
]
PAYLOAD = " ".join(XSS)
# Keys whose values are ids, references, codes, enums, numbers, dates or patterns: the checker
# rejects anything but their own vocabulary, so hostile text cannot get through them to a page.
NOT_FREE_TEXT = {"id", "code", "source", "post", "posts", "owner", "flow", "unit", "to", "next", "category", "action",
                 "level", "type", "role", "nature", "procedure", "audience", "phone", "complaint_phone", "article",
                 "effective", "amended", "repealed", "check_date", "version_date", "base_url", "item_code_pattern",
                 "phone_pattern", "short_numbers", "incompatible_duties", "field_actions", "leader_not_in_charge",
                 "ignore", "max_file_bytes", "person", "internal_notes", "area",
                 "penalty_kinds", "coercion_kinds", "limit_unit"}


# Keys of long texts (5,000 characters, PL012) take the whole corpus; a short text (300 characters) takes
# one half of it, the halves alternating from field to field, so that every kind of field meets both.
LONG_TEXT = {"conditions", "remarks", "description", "duty", "supervision", "manifestation", "measures",
             "accountability", "materials", "fee", "fee_basis", "text"}
HALVES = (" ".join(XSS[:len(XSS) // 2]), " ".join(XSS[len(XSS) // 2:]))
_turn = [0]


def _poison(node, key=None):
    """Every free-text string in a YAML tree, with the XSS corpus (or half of it) appended."""
    if isinstance(node, dict):
        return {k: (v if k in NOT_FREE_TEXT else _poison(v, k)) for k, v in node.items()}
    if isinstance(node, list):
        return [_poison(v, key) for v in node]
    if isinstance(node, str):
        if key in LONG_TEXT:
            return f"{node} {PAYLOAD}"
        _turn[0] += 1
        return f"{node} {HALVES[_turn[0] % 2]}"
    return node


def make_hostile(root: Path) -> Path:
    """The minimal project with the XSS corpus in every free-text field, plus Markdown fields."""
    shutil.copytree(MINIMAL, root)
    for path in [root / "powerlist.yaml", *sorted((root / "catalog").glob("*.yaml")),
                 *sorted((root / "flows").glob("*.yaml"))]:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if path.parent.name == "catalog" and "powers" in data:
            for p in data["powers"]:
                p.update(conditions="- 条件", materials=["申请表"], remarks="备注", fee_basis="依据",
                         address="地址", office_hours="工作日", sub_items=["子项"],
                         responsibilities=[{"stage": "受理", "duty": "受理职责"}], accountability=["情形"])
        if path.parent.name == "flows":
            data["description"] = "说明"
            for step in data["steps"]:
                step.update(duty="职责", supervision="监督")
                for risk in step.get("risks", []):
                    risk["manifestation"] = "表现"
        path.write_text(yaml.safe_dump(_poison(data), allow_unicode=True, sort_keys=False), encoding="utf-8")
    return root
