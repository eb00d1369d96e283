"""HTML to PDF with WeasyPrint, shared by posters and booklets. Fonts come from fontconfig (Noto Sans
CJK SC); WeasyPrint subsets them (fast with Debian's libharfbuzz-subset0)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent.parent.parent / "templates"


def render_document(html: str):
    """Lay out an HTML document; the result has ``.pages`` and ``.write_pdf()``."""
    from weasyprint import HTML  # slow to import: only when a PDF is really made

    return HTML(string=html, base_url=str(TEMPLATES)).render(font_config=_font_config())


def html_to_pdf(html: str) -> bytes:
    return render_document(html).write_pdf()


@cache
def _font_config():
    """One font configuration per process: building it for every document costs ~25 ms."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


@cache
def environment():
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    env.filters["chinese_number"] = lambda n: "一二三四五六七八九十"[n - 1] if 1 <= n <= 10 else str(n)
    return env
