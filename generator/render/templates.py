"""The one Jinja environment of every template (website pages, posters, booklets, announcements): the
theme lives in templates/ at the top of the repository, like MkDocs' theme folder. Templates make
addresses only through the address book's functions (render/links.py), which are globals here."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..wording import NOT_STATED, chart_name, chinese_date, stated
from .fonts import COMMON_FAMILY, FONT_FAMILY
from .links import TEMPLATE_GLOBALS

if TYPE_CHECKING:
    import jinja2

TEMPLATES = Path(__file__).resolve().parent.parent.parent / "templates"


@cache
def environment() -> jinja2.Environment:
    import jinja2
    import markupsafe

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                             auto_reload=False)  # each build starts from fresh_environment(): no stat per page
    env.filters["chinese_number"] = lambda n: "一二三四五六七八九十"[n - 1] if 1 <= n <= 10 else str(n)
    # the font list of every PDF template: the common cut first, then the full font for rare characters
    env.globals["pdf_fonts"] = markupsafe.Markup(f'"{COMMON_FAMILY}", "{FONT_FAMILY}"')
    env.globals.update(TEMPLATE_GLOBALS)
    # an absent fact reads 未列明 in every template: `{{ power.fee | stated }}`, `{{ NOT_STATED }}`
    env.filters["stated"] = stated
    env.filters["css_string"] = css_string
    env.filters["chinese_date"] = chinese_date
    env.filters["chart_name"] = chart_name
    env.filters["points"] = lambda x: f"{round(float(x), 1):g}"  # a score: 4, 3.5, 29.7
    env.globals["NOT_STATED"] = NOT_STATED
    return env


def fresh_environment() -> None:
    """Forget the compiled templates, so that the next use reads them again: called once per build
    (a `serve` process builds many times, and a template may have been edited in between)."""
    environment().cache.clear()


def css_string(text):
    """Text as a quoted CSS string (a margin box's content): quotes, backslashes, line breaks and the
    characters that could end the <style> element written as CSS escapes, so that a unit's name shows
    as typed (R&D, "中心") and cannot close the string or the stylesheet."""
    import markupsafe

    out = "".join(f"\\{ord(ch):X} " if ch in '\\"<>&\'' or ord(ch) < 32 or ord(ch) == 127 else ch for ch in str(text))
    return markupsafe.Markup(f'"{out}"')
