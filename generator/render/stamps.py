"""The booklets' running headers and page numbers ("stamps"), written as PDF text directly.

Each page of every booklet gets its section on the left, the booklet's title and version on the right
and 第 x 页 / 共 y 页 centred at the foot. WeasyPrint took 4.3 ms a page to lay that out (5 CPU-seconds
for the 1,150 pages of a 1,500-power catalogue's 56 booklets). Here WeasyPrint sets every character the
stamps use once, on one page; its PDF gives the font (subset, with widths and the ToUnicode map that
keeps the text searchable), and each stamp page is three lines of text drawn in that font: glyph codes
and positions computed from the font's own widths, as WeasyPrint would place them (same baselines,
right and centre alignment, the header clipped at its width).

A character's code is read from that font's own ToUnicode map, its width from its /W array. Stamps
the page cannot give this way (a character outside the common cut set in the full font, so that the
page has two fonts; a title wider than its box, which WeasyPrint would wrap) are not made here:
``stamp_pdfs`` returns None and the booklet falls back to laying the stamps out with WeasyPrint
(booklet-stamps.html.j2).
"""

from __future__ import annotations

import io
import re
from functools import cache

from ..wording import chinese_date

MM = 72 / 25.4
PAGE_W, PAGE_H = 297 * MM, 210 * MM  # A4 landscape
SIZE = 9.0  # pt
INK = b"0.2706 0.3529 0.3922 rg"  # #455a64
LEFT = RIGHT = 12 * MM
TOP = 10 * MM  # top of the header line's box
BOTTOM = 9 * MM  # bottom of the page number line's box
HEAD_W = 170 * MM  # the header is cut off beyond this width
FONT = b"/StampFont"


def texts(page: dict) -> tuple[str, str, str] | None:
    """The header, title and page number of a stamp page (None on a cover, which has none), with
    white space collapsed and trimmed as WeasyPrint shows it."""
    if page["number"] <= 1:
        return None
    lines = (page["header"], f"{page['title']} · 版本 {chinese_date(page['version_date'])}",
             f"第 {page['number']} 页 / 共 {page['total']} 页")
    return tuple(_SPACES.sub(" ", line).strip(" ") for line in lines)


_SPACES = re.compile(r"[ \t\n\r\f]+")


def glyph_html(characters: str) -> str:
    """The page WeasyPrint sets every character of the stamps on, in the stamps' font and size."""
    from .templates import environment

    return environment().get_template("booklet-glyphs.html.j2").render(characters=characters)


def characters(pages: list[dict]) -> str:
    """Every character the stamps of ``pages`` use, once each, in code point order."""
    return "".join(sorted({ch for page in pages for text in (texts(page) or ()) for ch in text}))


@cache
def _metrics() -> tuple[float, float]:
    """Ascent and descent of the common cut (em units of 1) as WeasyPrint's line boxes use them
    (the hhea metrics)."""
    from fontTools.ttLib import TTFont

    from .pdf import font_path

    font = TTFont(font_path(bold=False), lazy=True)
    em = font["head"].unitsPerEm
    return font["hhea"].ascent / em, -font["hhea"].descent / em


_HEX = rb"<([0-9a-fA-F]+)>"


def _codes(font) -> dict[str, int]:
    """Character -> code (glyph number) from a font's ToUnicode map (bfchar and bfrange entries)."""
    cmap = font.ToUnicode.read_bytes() if "/ToUnicode" in font else b""
    out: dict[str, int] = {}

    def text(hexed: bytes) -> str:
        return bytes.fromhex(hexed.decode()).decode("utf-16-be", errors="replace")

    for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, target in re.findall(_HEX + rb"\s*" + _HEX, block):
            out.setdefault(text(target), int(code, 16))
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
        for first, last, target in re.findall(_HEX + rb"\s*" + _HEX + rb"\s*" + _HEX, block):
            start = ord(text(target)[-1])
            for k in range(int(last, 16) - int(first, 16) + 1):
                out.setdefault(chr(start + k), int(first, 16) + k)
    return out


def _widths(descendant) -> dict[int, float]:
    """Glyph widths (1/1000 em) from a CID font's /W array: ``c [w1 w2 ...]`` and ``c1 c2 w`` runs."""
    import pikepdf

    w, out, i = list(descendant.get("/W", [])), {}, 0
    while i < len(w):
        first = int(w[i])
        if isinstance(w[i + 1], pikepdf.Array):
            for k, width in enumerate(w[i + 1]):
                out[first + k] = float(width)
            i += 2
        else:
            for code in range(first, int(w[i + 1]) + 1):
                out[code] = float(w[i + 2])
            i += 3
    return out


def stamp_pdfs(pages: list[dict], glyph_pdf: bytes, chunk: int) -> list[bytes] | None:
    """The stamp pages of ``pages``, ``chunk`` to a document, in the font of ``glyph_pdf`` (what
    WeasyPrint made of ``glyph_html(characters(pages))``); None if that font lacks a glyph they need."""
    import pikepdf

    ascent, descent = _metrics()
    with pikepdf.open(io.BytesIO(glyph_pdf)) as source:
        fonts = list(source.pages[0].Resources.get("/Font", {}).values())
        if len(fonts) != 1 or fonts[0].get("/Encoding") != "/Identity-H":
            return None  # a character set in another font (outside the common cut), or not as expected
        widths, cmap = _widths(fonts[0].DescendantFonts[0]), _codes(fonts[0])
        if any(cmap.get(ch) not in widths for ch in characters(pages)):
            return None

        def run(text: str) -> tuple[bytes, float]:
            codes = [cmap[ch] for ch in text]
            hexed = "".join(f"{c:04X}" for c in codes).encode()
            return b"<" + hexed + b">", sum(widths[c] for c in codes) * SIZE / 1000

        top_baseline = PAGE_H - TOP - ascent * SIZE  # line-height normal: no half-leading around the glyphs
        foot_baseline = BOTTOM + descent * SIZE
        out = []
        for start in range(0, len(pages), chunk):
            pdf = pikepdf.new()
            font = pdf.copy_foreign(fonts[0])
            for page in pages[start:start + chunk]:
                body = b""
                lines = texts(page)
                if lines:
                    (head, _), (title, title_w), (number, number_w) = (run(t) for t in lines)
                    if title_w > PAGE_W - RIGHT:
                        return None  # wider than its box (the page less the right margin): WeasyPrint wraps it
                    y0 = top_baseline - descent * SIZE
                    body = b"\n".join([
                        INK,
                        b"q %.3f %.3f %.3f %.3f re W n" % (LEFT, y0, HEAD_W, PAGE_H - TOP - y0),
                        b"BT %s %g Tf %.3f %.3f Td %s Tj ET Q" % (FONT, SIZE, LEFT, top_baseline, head),
                        b"BT %s %g Tf %.3f %.3f Td %s Tj ET"
                        % (FONT, SIZE, PAGE_W - RIGHT - title_w, top_baseline, title),
                        b"BT %s %g Tf %.3f %.3f Td %s Tj ET"
                        % (FONT, SIZE, (PAGE_W - number_w) / 2, foot_baseline, number),
                    ])
                blank = pdf.add_blank_page(page_size=(PAGE_W, PAGE_H))
                blank.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary({FONT.decode(): font}))
                blank.obj.Contents = pdf.make_stream(body)
            buffer = io.BytesIO()
            pdf.save(buffer, deterministic_id=True)
            out.append(buffer.getvalue())
        return out
