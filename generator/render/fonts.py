"""The CJK font every renderer uses, and its text metrics (so layouts know how wide text is)."""

from __future__ import annotations

import shutil
import subprocess
from functools import cache

FONT_FAMILY = "Noto Sans CJK SC"  # Debian: fonts-noto-cjk


class FontMissing(RuntimeError):
    pass


@cache
def font_file(bold: bool = False) -> tuple[str, int]:
    """(path, face index) of the CJK font, found through fontconfig."""
    pattern = FONT_FAMILY + (":bold" if bold else "")
    if shutil.which("fc-match") is None:
        raise FontMissing("fc-match not found: install fontconfig and fonts-noto-cjk")
    out = subprocess.run(["fc-match", "-f", "%{family}\n%{file}\n%{index}", pattern],
                         capture_output=True, text=True, check=True).stdout.split("\n")
    if FONT_FAMILY not in out[0]:
        raise FontMissing(f"font '{FONT_FAMILY}' is not installed (Debian: apt-get install fonts-noto-cjk)")
    return out[1], int(out[2] or 0)


@cache
def _font(size: float, bold: bool):
    from PIL import ImageFont

    path, index = font_file(bold)
    return ImageFont.truetype(path, size=int(round(size * 8)), index=index)  # 8x for sub-point precision


@cache
def char_pt(ch: str, size: float, bold: bool = False) -> float:
    """Advance width of one character in points at ``size`` points. A line break or tab is measured
    as the space HTML makes of it; raqm refuses to lay out control characters (a YAML text with a
    line break made a poster fail), and any other character it refuses counts one em."""
    if ch in "\t\n\r\f\v":
        ch = " "
    try:
        return _font(size, bold).getlength(ch) / 8
    except RuntimeError:  # raqm_layout() failed
        return float(size)


def text_pt(text: str, size: float, bold: bool = False) -> float:
    return sum(char_pt(c, size, bold) for c in text)


def line_height(size: float) -> float:
    """Height Graphviz (Pango) gives one line of Noto Sans CJK in an HTML-like label, in points."""
    return size * 1.45 + 2


# The PDFs use the CJK font cut down to the characters in common use. WeasyPrint subsets the font of
# every document it writes, and the cost follows the size of the font it starts from: from the full
# Noto Sans CJK (65,535 glyphs) about 27 ms per font and document, from this cut (8,450 characters in
# 8,448 glyphs) about 3 ms, with files a third the size. Characters outside it are still drawn: the
# templates name the full font next, so the layout falls back to it.
COMMON_FAMILY = FONT_FAMILY + " Common"
COMMON_RANGES = (  # besides GB 2312's characters: the punctuation and symbols offices type
    (0x20, 0x7E), (0xA0, 0xFF),  # ASCII, Latin-1 (·, ×, §)
    (0x2000, 0x206F), (0x2100, 0x218F),  # general punctuation (—, …, ‰), letterlike and number forms (℃, Ⅱ)
    (0x2190, 0x22FF), (0x2460, 0x24FF),  # arrows and mathematical operators, enclosed numbers (①)
    (0x2500, 0x26FF),  # box drawing, geometric shapes (■, ▲), miscellaneous symbols (★)
    (0x3000, 0x303F), (0x3200, 0x32FF),  # CJK punctuation (、。《》【】), enclosed CJK (㈠)
    (0xFE30, 0xFE4F), (0xFF00, 0xFFEF),  # CJK compatibility forms, full-width forms (，：（）)
)


def common_codepoints() -> list[int]:
    """The characters of the common cut: GB 2312 (6,763 hanzi and its symbols) and COMMON_RANGES."""
    points = {cp for first, last in COMMON_RANGES for cp in range(first, last + 1)}
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                points.add(ord(bytes((high, low)).decode("gb2312")))
            except UnicodeDecodeError:
                pass
    return sorted(points)


# Only horizontal Simplified Chinese is set: the cut keeps the default shaping features and leaves out
# 'locl' (whose closure adds the Japanese, Korean and Traditional forms: 5,850 glyphs that an SC text never
# shows) and the vertical metrics. Every glyph a document uses then has a lower number, and the subset
# WeasyPrint embeds (which keeps glyph numbers, so it carries an empty entry for each one below the
# highest used) is a third smaller: 3 ms instead of 5 ms per font and document.
SHAPING_FEATURES = ("ccmp", "rlig", "liga", "clig", "calt", "kern", "mark", "mkmk")
VERTICAL_TABLES = ("vhea", "vmtx", "VORG")


def _tag(name: str) -> int:
    return int.from_bytes(name.encode("ascii"), "big")


@cache
def common_font(bold: bool = False) -> bytes:
    """The CJK font (OpenType) reduced to ``common_codepoints()`` by HarfBuzz, its family renamed
    COMMON_FAMILY (~0.15 s). WeasyPrint takes it by @font-face; Graphviz finds it through fontconfig
    under that name (pdf.fontconfig_file), next to the full font it falls back to."""
    return _cut(common_codepoints(), COMMON_FAMILY, bold)


# The version date drawn onto laid-out documents (render/dated.py) is set in a font of its own
# characters: WeasyPrint's subset of the common cut keeps every glyph number below the highest used
# (32 KB for a date, added to every poster), the subset of this one is 3 KB. Same outlines.
DATE_FAMILY = FONT_FAMILY + " Date"
DATE_CHARACTERS = "版本日期：0123456789年月日 "


@cache
def date_font() -> bytes:
    """The CJK font reduced to DATE_CHARACTERS, its family renamed DATE_FAMILY."""
    return _cut(sorted(map(ord, DATE_CHARACTERS)), DATE_FAMILY, False)


def _cut(codepoints: list[int], family: str, bold: bool) -> bytes:
    """The CJK font reduced to ``codepoints`` (horizontal, Simplified Chinese), its family renamed."""
    import io

    import uharfbuzz as hb
    from fontTools.ttLib import TTFont

    path, index = font_file(bold)
    face = hb.Face(hb.Blob.from_file_path(path), index)
    request = hb.SubsetInput()
    request.unicode_set.update(codepoints)
    request.layout_feature_tag_set.clear()
    request.layout_feature_tag_set.update(_tag(f) for f in SHAPING_FEATURES)
    request.drop_table_tag_set.update(_tag(t) for t in VERTICAL_TABLES)
    # lazy: the other tables are copied as they are; and the head table keeps its date (fontTools would
    # stamp the time of saving into it, and so into every PDF: builds would differ from run to run)
    font = TTFont(io.BytesIO(hb.subset(face, request).blob.data), lazy=True, recalcTimestamp=False)
    for record in font["name"].names:  # family, full name, typographic family; the PostScript name stays
        if record.nameID in (1, 4, 16) and record.toUnicode().startswith(FONT_FAMILY):
            record.string = family + record.toUnicode()[len(FONT_FAMILY):]
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()
