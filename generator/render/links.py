"""Where pages and files live on the published site: the build writes them there, and the website's
own links and the posters' QR codes use the same functions, so none can drift apart."""

from __future__ import annotations

from urllib.parse import quote, urlsplit, urlunsplit


def power_href(code: str) -> str:
    """A power's page, relative to the site root."""
    return "powers/" + quote(code) + ".html"


def unit_href(unit_id: str) -> str:
    """A unit's catalogue page, relative to the site root."""
    return "units/" + quote(unit_id) + ".html"


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
