"""The version date (版本日期) drawn onto documents laid out without it.

Posters and post statements print the version date, which changes with every published version, and
by default is the date of the last commit: a new one nearly every working day. Laid out with the date,
every new date laid out every poster and every post statement again, two thirds of a county's cold
build. They are laid out around an empty box for it instead and cached by what else they show; the
date is laid out once per build as a small PDF (in a font of the date's own characters, fonts.DATE_FAMILY,
so that a document grows by ~3 KB) and drawn into the box by pikepdf, in milliseconds.

Two kinds: ``box``, a page exactly the size of the box a poster leaves (id ``DATE_BOX``, placed at the
box's anchor), and ``footer``, a whole A4 page with the date in the bottom-right margin box the post
statements leave empty (placed over every page)."""

from __future__ import annotations

import datetime as dt
import io
import math
from functools import cache, lru_cache

from ..wording import chinese_date
from .fonts import DATE_FAMILY
from .overlay import place

DATE_BOX = "version-date"  # the id of the poster's empty box
POSTER_PT = 12.0  # the poster's .version text (poster.SIZES["body"])
POSTER_COLOR = "#37474f"
FOOTER_PT = 8.5  # the post statements' footer
FOOTER_COLOR = "#546e7a"
FOOTER_MARGINS = "16mm 15mm 16mm 15mm"  # the post statements' @page margins
FOOTER_WIDTH_MM = 50  # the bottom-right margin box the statements leave for it


def label(day: dt.date) -> str:
    return f"版本日期：{chinese_date(day)}"


@cache
def box_mm() -> tuple[float, float]:
    """Width and height of the poster's date box: the longest date at POSTER_PT, one line."""
    from .fonts import text_pt

    widest = max(text_pt(label(dt.date(2888, 12, 28)), POSTER_PT), text_pt(label(dt.date(2000, 10, 10)), POSTER_PT))
    return math.ceil(widest * 25.4 / 72) + 2.0, round(POSTER_PT * 1.35 * 25.4 / 72, 2)


@lru_cache(maxsize=8)
def stamp(kind: str, day: dt.date) -> bytes:
    """The date laid out alone, as a one-page PDF of its kind."""
    from .pdf import html_to_pdf
    from .templates import environment

    width, height = box_mm() if kind == "box" else (FOOTER_WIDTH_MM, 0)
    html = environment().get_template("dated.html.j2").render(
        kind=kind, text=label(day), width_mm=width, height_mm=height, date_family=DATE_FAMILY,
        size_pt=POSTER_PT if kind == "box" else FOOTER_PT, color=POSTER_COLOR if kind == "box" else FOOTER_COLOR,
        margins=FOOTER_MARGINS)
    return html_to_pdf(html)


def draw(pdf: bytes, kind: str, day: dt.date, box: tuple[int, list[float]] | None = None) -> bytes:
    """``pdf`` with the date drawn in: into ``box`` (page number, and its rectangle in CSS px as
    WeasyPrint's anchors give it) for a poster, over every page for the statements' footer."""
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as document, pikepdf.open(io.BytesIO(stamp(kind, day))) as drawn:
        if kind == "box":
            on_page, (left, top, right, bottom) = box
            target = document.pages[on_page]
            height = float(target.mediabox[3])  # PDF y runs upwards from the bottom, in points (3/4 px)
            rect = pikepdf.Rectangle(left * 0.75, height - bottom * 0.75, right * 0.75, height - top * 0.75)
            place(document, target, drawn.pages[0], rect, "/PowerlistDate")
        else:
            rect = pikepdf.Rectangle(*(float(v) for v in drawn.pages[0].mediabox))
            form = None
            for target in document.pages:
                form = place(document, target, drawn.pages[0], rect, "/PowerlistDate", form)
        out = io.BytesIO()
        document.save(out, deterministic_id=True)
        return out.getvalue()
