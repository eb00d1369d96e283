"""Text helpers shared by the renderers: escaping for Graphviz HTML-like labels, and wrapping by
display width (a CJK character is as wide as two Latin letters)."""

from __future__ import annotations

import html
import re
import unicodedata

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u2028\u2029]")
_BREAK_AFTER = set(" ,，、;；。:：)）]】》/-")


def char_width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def strip_invisible(text: str) -> str:
    """Control and invisible format characters (U+202E and the like, which would reverse a line)
    dropped; line breaks and indentation kept."""
    return "".join(c for c in _CONTROL.sub("", text.replace("\r\n", "\n")) if unicodedata.category(c) != "Cf")


def clean(text: str) -> str:
    """One line of plain text: invisible characters dropped, whitespace runs folded."""
    return " ".join(strip_invisible(str(text)).split())


def wrap(text: str, width: float, max_lines: int | None = None, measure=char_width) -> list[str]:
    """Split ``text`` into lines of at most ``width``: display columns, or the unit of ``measure``
    (a function giving one character's width, e.g. in points).

    Breaks preferably after spaces and punctuation; words longer than a line are cut hard, so no
    input (a 200-letter URL, a run of digits) can make a box grow without bound. With ``max_lines``
    the last line ends in … when text was left out.
    """
    text = clean(text)
    lines: list[str] = []
    line, used, last_break = "", 0, -1
    for ch in text:
        w = measure(ch)
        if used + w > width and line:
            if 0 <= last_break < len(line) - 1 and not ch.isspace():
                lines.append(line[: last_break + 1].rstrip())
                line = line[last_break + 1 :].lstrip()
            else:
                lines.append(line.rstrip())
                line = ""
            used, last_break = sum(measure(c) for c in line), -1
            if ch.isspace() and not line:
                continue
        line += ch
        used += w
        if ch in _BREAK_AFTER or char_width(ch) == 2:
            last_break = len(line) - 1
    if line.strip():
        lines.append(line.strip())
    if max_lines is not None and len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and sum(measure(c) for c in last) + measure("…") > width:
            last = last[:-1]
        lines[-1] = last + "…"
    return lines


def html_label_text(text: str) -> str:
    """Escape text for a Graphviz HTML-like label: no markup, quote, entity or escape sequence
    (Graphviz expands \\N, \\G ... even in HTML-like labels) can pass through."""
    # Graphviz decodes entities first, so &#92; would not do: an invisible word joiner after each
    # backslash breaks the escape while the text looks the same.
    # A text that is only "]" (or "]]") ends Graphviz's label scanner early: a syntax error (found by
    # the build property with a post called "]"); as an entity it is read as text.
    return html.escape(clean(text), quote=True).replace("\\", "\\\u2060").replace("]", "&#93;")

