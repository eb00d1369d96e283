"""Where pages live on the published site: the website's own links and the posters' QR codes use
these, so the two cannot drift apart."""

from __future__ import annotations

from urllib.parse import quote


def power_href(code: str) -> str:
    """A power's page, relative to the site root."""
    return "powers/" + quote(code) + ".html"


def unit_href(unit_id: str) -> str:
    """A unit's catalogue page, relative to the site root."""
    return "units/" + quote(unit_id) + ".html"


def absolute(base_url: str | None, href: str) -> str | None:
    """The address of ``href`` on the site published at ``base_url`` (None without a base URL)."""
    return base_url.rstrip("/") + "/" + href if base_url else None
