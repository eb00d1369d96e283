"""Markdown fields (申请条件, 备注, 流程说明) as safe HTML for the website.

Python-Markdown passes raw HTML through, so its output is cleaned with nh3 (the Rust ``ammonia``
sanitiser): an allow-list of tags and attributes, and links only to http, https, mailto and tel.
Anything else (``<script>``, ``onerror=``, ``javascript:`` links, SVG, styles) is dropped, its text
kept as text.
"""

from __future__ import annotations

from functools import cache, lru_cache

from markupsafe import Markup

from .text import strip_invisible

TAGS = {"p", "br", "ul", "ol", "li", "strong", "em", "b", "i", "code", "pre", "blockquote", "a",
        "table", "thead", "tbody", "tr", "th", "td", "h4", "h5", "h6", "hr", "del"}
ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


@cache
def _converter():
    import markdown

    return markdown.Markdown(extensions=["sane_lists", "tables"], output_format="html")


def markdown_html(text: str | None) -> Markup:
    """Sanitised HTML for one Markdown field; headings are shifted down so that a field cannot
    outrank the page's own h1-h3."""
    if not text:
        return Markup("")
    return _html(str(text))


@lru_cache(maxsize=20_000)  # a pure function of the text: `serve` converts only the texts an edit changed
def _html(text: str) -> Markup:
    import nh3

    converter = _converter()
    converter.reset()
    html = converter.convert(strip_invisible(text))
    for level in (3, 2, 1):  # h1 -> h4 ... (the page uses h1-h3)
        html = html.replace(f"<h{level}", f"<h{level + 3}").replace(f"</h{level}>", f"</h{level + 3}>")
    return Markup(nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES,
                            link_rel="noopener noreferrer nofollow"))
