"""The booklets' running headers and page numbers ("stamps"), written as PDF text directly.

Each page of every booklet gets its section on the left, the booklet's title and version on the right
and 第 x 页 / 共 y 页 centred at the foot. WeasyPrint took 4.3 ms a page to lay that out (5 CPU-seconds
for the 1,150 pages of a 1,500-power catalogue's 56 booklets). Here WeasyPrint sets every character the
stamps use once, on one page; its PDF gives the font (subset, with widths and the ToUnicode map that
keeps the text searchable), and each stamp page is three lines of text drawn in that font: glyph codes
and positions computed from the font's own widths, as WeasyPrint would place them (same baselines,
right and centre alignment, the header clipped at its width).

WeasyPrint keeps the font's glyph numbers in its subsets, and writes text as those numbers (Identity-H),
so a character's code here is its glyph in the common cut. Stamps whose text needs a character outside
the cut, or a glyph the page did not get, are not made here: ``stamp_pdfs`` returns None and the booklet
falls back to laying the stamps out with WeasyPrint (booklet-stamps.html.j2), which uses the full font.
"""

from __future__ import annotations

import io
from functools import cache

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
    """The header, title and page number of a stamp page (None on a cover, which has none)."""
    if page["number"] <= 1:
        return None
    return (page["header"], f"{page['title']} · 版本 {page['version_date']}",
            f"第 {page['number']} 页 / 共 {page['total']} 页")


def glyph_html(characters: str) -> str:
    """The page WeasyPrint sets every character of the stamps on, in the stamps' font and size."""
    from .pdf import environment

    return environment().get_template("booklet-glyphs.html.j2").render(characters=characters)


def characters(pages: list[dict]) -> str | None:
    """Every character the stamps of ``pages`` use, in code point order; None when one is not in the
    common cut (the stamps are then laid out by WeasyPrint, with the full font)."""
    used = sorted({ch for page in pages for text in (texts(page) or ()) for ch in text})
    cmap = _cut()[0]
    return "".join(used) if all(ord(ch) in cmap for ch in used) else None


@cache
def _cut() -> tuple[dict[int, int], float, float]:
    """The common cut's character map (code point -> glyph number), ascent and descent (em units of
    1) as WeasyPrint's line boxes use them (the hhea metrics)."""
    from fontTools.ttLib import TTFont

    from .pdf import font_path

    font = TTFont(font_path(bold=False), lazy=True)
    glyphs = {name: i for i, name in enumerate(font.getGlyphOrder())}
    cmap = {cp: glyphs[name] for cp, name in font.getBestCmap().items()}
    em = font["head"].unitsPerEm
    return cmap, font["hhea"].ascent / em, -font["hhea"].descent / em


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

    cmap, ascent, descent = _cut()
    with pikepdf.open(io.BytesIO(glyph_pdf)) as source:
        fonts = list(source.pages[0].Resources.get("/Font", {}).values())
        if len(fonts) != 1 or fonts[0].get("/Encoding") != "/Identity-H":
            return None
        widths = _widths(fonts[0].DescendantFonts[0])
        needed = {cmap[ord(ch)] for page in pages for text in (texts(page) or ()) for ch in text}
        if not needed <= widths.keys():
            return None

        def run(text: str) -> tuple[bytes, float]:
            codes = [cmap[ord(ch)] for ch in text]
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
                    y0 = top_baseline - descent * SIZE
                    body = b"\n".join([
                        INK,
                        b"q %.3f %.3f %.3f %.3f re W n" % (LEFT, y0, HEAD_W, PAGE_H - TOP - y0),
                        b"BT %s %g Tf %.3f %.3f Td %s Tj ET Q" % (FONT, SIZE, LEFT, top_baseline, head),
                        b"BT %s %g Tf %.3f %.3f Td %s Tj ET" % (FONT, SIZE, PAGE_W - RIGHT - title_w, top_baseline, title),
                        b"BT %s %g Tf %.3f %.3f Td %s Tj ET" % (FONT, SIZE, (PAGE_W - number_w) / 2, foot_baseline, number),
                    ])
                blank = pdf.add_blank_page(page_size=(PAGE_W, PAGE_H))
                blank.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary({FONT.decode(): font}))
                blank.obj.Contents = pdf.make_stream(body)
            buffer = io.BytesIO()
            pdf.save(buffer, deterministic_id=True)
            out.append(buffer.getvalue())
        return out
