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
    """Advance width of one character in points at ``size`` points."""
    return _font(size, bold).getlength(ch) / 8


def text_pt(text: str, size: float, bold: bool = False) -> float:
    return sum(char_pt(c, size, bold) for c in text)


def line_height(size: float) -> float:
    """Height Graphviz (Pango) gives one line of Noto Sans CJK in an HTML-like label, in points."""
    return size * 1.45 + 2
