"""HTML to PDF with WeasyPrint, shared by posters, booklets and announcements. Text is set in the
common cut of Noto Sans CJK SC (fonts.COMMON_FAMILY, declared here for every document), with the full
font from fontconfig as the fallback the templates name next; WeasyPrint subsets what a document uses
(fast with Debian's libharfbuzz-subset0)."""

from __future__ import annotations

import atexit
import contextlib
import gc
import shutil
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from .. import scratch
from .fonts import COMMON_FAMILY, DATE_FAMILY, FONT_FAMILY, common_font, date_font
from .templates import TEMPLATES

if TYPE_CHECKING:
    import weasyprint.document


def render_document(html: str) -> weasyprint.document.Document:
    """Lay out an HTML document; the result has ``.pages`` and ``.write_pdf()``."""
    from weasyprint import HTML  # slow to import: only when a PDF is really made

    return HTML(string=html, base_url=str(TEMPLATES)).render(font_config=_font_config(),
                                                             stylesheets=[_font_faces()])


def html_to_pdf(html: str) -> bytes:
    with collector_paused():
        return render_document(html).write_pdf()


@contextlib.contextmanager
def collector_paused():
    """Lay out and write documents inside this. WeasyPrint makes millions of small objects that live
    until the PDF is written, and Python's cyclic collector, at its default pace, scans them again
    and again: a fifth of a booklet part's time. Paused, everything made meanwhile stays in the
    youngest generation, and one collection of that generation at the end frees the cycles."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
        gc.collect(0)


def prepare() -> None:
    """Make the fonts and the font configuration now: a process that forks workers afterwards does
    this once for all of them."""
    _font_faces()
    fontconfig_file()


@cache
def _font_config():
    """One font configuration per process: building it for every document costs ~25 ms."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


@cache
def _font_folder() -> Path:
    """The common cut (regular and bold) as files, in a folder kept for the life of this process:
    WeasyPrint reads them when the @font-face rules are parsed, Graphviz through fontconfig."""
    folder = scratch.make("fonts-")  # removed at exit; after a kill, by the next powerlist process
    atexit.register(_release, folder)
    for bold in (False, True):
        (folder / _font_name(bold)).write_bytes(common_font(bold))
    (folder / DATE_FONT).write_bytes(date_font())
    return folder


DATE_FONT = "date.otf"


def _font_name(bold: bool) -> str:
    return f"common-{'bold' if bold else 'normal'}.otf"


def font_path(bold: bool = False) -> Path:
    """The common cut's file, as WeasyPrint reads it."""
    return _font_folder() / _font_name(bold)


@cache
def _font_faces():
    """The @font-face rules of the common cut (regular and bold) and of the date's font (render/dated.py)."""
    from weasyprint import CSS

    rules = [f'@font-face {{ font-family: "{COMMON_FAMILY}"; font-weight: {"bold" if bold else "normal"}; '
             f'src: url("{font_path(bold).as_uri()}"); }}' for bold in (False, True)]
    rules.append(f'@font-face {{ font-family: "{DATE_FAMILY}"; src: url("{(_font_folder() / DATE_FONT).as_uri()}"); }}')
    return CSS(string="\n".join(rules), font_config=_font_config())


@cache
def fontconfig_file() -> str:
    """A fontconfig configuration (for FONTCONFIG_FILE) that adds the common cut to the system's fonts
    and puts it first wherever Noto Sans CJK SC is asked for, the full font next. Graphviz's cairo
    subsets the font of every PDF it draws, in proportion to the font it starts from: a wall chart
    takes 8 ms instead of 22 ms, and is half the size. The glyphs and advances are the full font's,
    so the drawing is the same; a character outside the cut falls back to the full font."""
    import os
    from xml.sax.saxutils import escape

    folder = _font_folder()
    system = os.environ.get("FONTCONFIG_FILE") or "/etc/fonts/fonts.conf"
    # the cache of the cut's folder goes beside it (the first cachedir), not into the system's
    path = folder / "fonts.conf"
    path.write_text(f"""<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <cachedir>{escape(str(folder / "cache"))}</cachedir>
  <include ignore_missing="yes">{escape(system)}</include>
  <dir>{escape(str(folder))}</dir>
  <match target="pattern">
    <test name="family"><string>{FONT_FAMILY}</string></test>
    <edit name="family" mode="prepend" binding="strong"><string>{COMMON_FAMILY}</string></edit>
  </match>
</fontconfig>
""", encoding="utf-8")
    return str(path)


def _release(folder: Path) -> None:
    """At exit, while the modules still exist: WeasyPrint's font configuration cleans up after itself
    when it is freed, and fails noisily if that happens during the interpreter's shutdown."""
    _font_faces.cache_clear()
    _font_config.cache_clear()
    _font_folder.cache_clear()
    fontconfig_file.cache_clear()
    gc.collect()
    shutil.rmtree(folder, ignore_errors=True)
