"""The address book: where every page and file lives on the published site. The build writes each
output at the address given here, and the website's links (templates call these functions), the
posters' QR codes and the data page's list of downloads use the same functions, so none can drift
apart. Addresses are relative to the site root; pages prefix them with their ``root`` ("../" ...)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlsplit, urlunsplit

# The site's own pages (templates link them with page_href("risks") ...)
PAGES = {name: f"{name}.html" for name in ("index", "risks", "data", "announcements", "guide", "search")}
# A draft (powerlist build --draft) has one more page, the check's findings, which its banner links to;
# and a marker file at the root, so that a publishing step can refuse a draft (docs/site.md)
DRAFT_PAGES = {"findings": "findings.html"}
DRAFT_MARKER = "DRAFT.txt"
ASSETS_DIR = "assets"  # style sheet and the search page's script
SEARCH_NAMES = "assets/powers.json"  # every power's code, name, unit and category: the search page's name lookup
SEARCH_DIR = "pagefind"  # the search index (a Pagefind bundle, copied in whole)
# Power pages per part of the search index: Pagefind holds every page of an index in memory while it
# builds it (about 0.2 MB a page: 1.2 GB for a province's 6,000), so a larger catalogue is indexed in
# parts of whole units, one Pagefind at a time, each cached on its own (an edit re-indexes its part),
# and the search page searches them all. Pagefind leaves out a query word an index lacks, so the page
# searches only the parts holding every word some part holds (templates/site/search.js).
SEARCH_PART_PAGES = 1000
DATA_DIR = "data"  # the documents: open data, booklets, post statements
CATALOGUE_BOOKLET = "data/catalogue.pdf"
SITEMAP, ROBOTS = "sitemap.xml", "robots.txt"  # only with a usable base_url
# Where a reader checks a site's records (the footer links its ICP and police record numbers here)
ICP_RECORDS = "https://beian.miit.gov.cn/"  # 工业和信息化部 ICP/IP地址/域名信息备案管理系统
POLICE_RECORDS = "https://beian.mps.gov.cn/"  # 全国互联网安全管理服务平台 (公安机关备案)


def page_href(name: str) -> str:
    """One of the site's own pages (``PAGES``, and a draft's ``DRAFT_PAGES``), relative to the site root."""
    return PAGES.get(name) or DRAFT_PAGES[name]


def asset_href(name: str) -> str:
    return f"{ASSETS_DIR}/{name}"


def search_dir(part: int) -> str:
    """The folder of the search index's part ``part``: pagefind for the first, pagefind-2, pagefind-3 ...
    for the others."""
    return SEARCH_DIR if part == 0 else f"{SEARCH_DIR}-{part + 1}"


def is_search_dir(name: str) -> bool:
    return name == SEARCH_DIR or (name.startswith(SEARCH_DIR + "-") and name[len(SEARCH_DIR) + 1:].isdigit())


def data_href(slug: str, ext: str) -> str:
    """An open-data file: data/catalogue.csv, data/powerlist.json ..."""
    return f"{DATA_DIR}/{quote(slug)}.{ext}"


def unit_booklet_href(unit_id: str) -> str:
    """A unit's own booklet (PDF)."""
    return f"{DATA_DIR}/units/" + quote(unit_id) + ".pdf"


def power_href(code: str) -> str:
    """A power's page, relative to the site root."""
    return "powers/" + quote(code) + ".html"


def unit_href(unit_id: str) -> str:
    """A unit's catalogue page, relative to the site root."""
    return "units/" + quote(unit_id) + ".html"


def post_href(unit_id: str, post_id: str) -> str:
    """A post's page (岗位), relative to the site root."""
    return "posts/" + quote(unit_id) + "/" + quote(post_id) + ".html"


def statements_href(unit_id: str) -> str:
    """A unit's post statements (岗位权力说明书, PDF)."""
    return f"{DATA_DIR}/units/" + quote(unit_id) + "-posts.pdf"


def chart_href(flow_id: str, fmt: str) -> str:
    """A flow's screen chart (``svg`` or ``png``), relative to the site root."""
    return "charts/" + quote(flow_id) + "." + fmt


def poster_href(flow_id: str) -> str:
    """A flow's wall poster (PDF), relative to the site root."""
    return "posters/" + quote(flow_id) + ".pdf"


def absolute(base_url: str | None, href: str) -> str | None:
    """The address of ``href`` on the site published at ``base_url`` (None without a base URL), as
    a URI: a Chinese host name in its ASCII form (IDNA), the path percent-encoded, so that sitemaps,
    canonical links and QR codes carry a valid address (PL608 checks the rest of base_url)."""
    if not base_url:
        return None
    parts = urlsplit(base_url.rstrip("/") + "/" + href)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None  # javascript:, data:, a bare path ...: PL608 says so; nothing of it reaches a page
    host = parts.hostname or ""
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        pass  # not a name IDNA can encode: PL608 or the browser will say so
    netloc = host + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, quote(parts.path, safe="/%:@!$&'()*+,;=-._~"), "", ""))


@dataclass(frozen=True)
class DataFile:
    """A file on the data page (数据下载): its address, title and what it holds."""

    path: str
    title: str
    description: str


# The open-data files and the booklet, in the order the data page lists them; the units' booklets follow.
DATA_FILES = (
    DataFile(CATALOGUE_BOOKLET, "权力清单汇编",
             "封面统计、目录、职权目录、风险点及防控措施登记表、责任清单，A4 横向，可打印"),
    DataFile(data_href("powerlist", "xlsx"), "权力清单工作簿",
             "汇总、职权目录、风险点登记表、责任清单各一个工作表"),
    DataFile(data_href("catalogue", "csv"), "职权目录", "每项职权一行"),
    DataFile(data_href("risks", "csv"), "风险点及防控措施登记表", "每个风险点一行"),
    DataFile(data_href("responsibilities", "csv"), "责任清单", "每项职权每个环节一行"),
    DataFile(data_href("posts", "csv"), "风险岗位登记表",
             "每个定级的风险岗位一行：等级、定级依据、风险点和防控措施"),
    DataFile(data_href("powerlist", "json"), "开放数据", "全部公开数据，机器可读，格式版本 2.0"),
)


def unit_booklet_file(unit_id: str, unit_name: str) -> DataFile:
    return DataFile(unit_booklet_href(unit_id), f"{unit_name}权力清单",
                    "本单位的职权目录、风险点登记表和责任清单")


def statements_file(unit_id: str, unit_name: str) -> DataFile:
    return DataFile(statements_href(unit_id), f"{unit_name}岗位权力说明书（PDF）",
                    "每个岗位一页：职责、承办环节、风险点和防控措施、监督制约，附廉政风险防范承诺签字栏")


# What templates may call to make an address (registered as Jinja globals)
TEMPLATE_GLOBALS = {f.__name__: f for f in (page_href, asset_href, data_href, unit_href, power_href,
                                             post_href, chart_href, poster_href, unit_booklet_href, statements_href)}
