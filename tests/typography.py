"""Chinese typography of what readers see (issue 20): full-width punctuation in Chinese text and dates
written the Chinese way. The scans read the outputs as a reader meets them: a page's visible text, a
PDF through pdftotext, a spreadsheet's cells, a chart's text."""

from __future__ import annotations

import csv
import html
import re
import subprocess
from pathlib import Path

CJK = r"[\u3400-\u4dbf\u4e00-\u9fff]"
# a half-width , ; : ? ! ( ) or " touching a Chinese character (a space between counts as touching)
HALFWIDTH = re.compile(rf"{CJK} ?[,;:?!()\"]|[,;:?!(\"] ?{CJK}|{CJK} ?\)")
ISO_DATE = re.compile(r"(?<![\d-])(19|20)\d\d-[01]\d-[0-3]\d(?![\d-])")


# YAML written inside a Chinese sentence is code, not Chinese text: a flow list ([警告, 罚款]) and a key
# (article: 第四十二条) keep their ASCII marks
YAML_CODE = re.compile(r"\[[^\[\]\n]*\]|\b[a-z_]+: ")


def halfwidth_in_chinese(text: str, context: int = 10) -> list[str]:
    """Excerpts around every half-width mark in Chinese text (empty when the typography is right)."""
    masked = YAML_CODE.sub(lambda m: "_" * len(m.group(0)), text)
    return [text[max(0, m.start() - context):m.end() + context].replace("\n", " ")
            for m in HALFWIDTH.finditer(masked)]


def iso_dates(text: str) -> list[str]:
    return [m.group(0) for m in ISO_DATE.finditer(text)]


def visible_html(page: str) -> str:
    """What a reader sees of a page: no markup, scripts, styles, attribute values or code samples."""
    page = re.sub(r"(?is)<(script|style|pre|code|template)\b.*?</\1>", "\n", page)
    return html.unescape(re.sub(r"(?s)<[^>]+>", "\n", page))


def svg_text(svg: str) -> str:
    return html.unescape("\n".join(re.findall(r"(?s)<text\b[^>]*>(.*?)</text>", svg)))


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def xlsx_cells(path: Path) -> str:
    import openpyxl
    book = openpyxl.load_workbook(path, read_only=True)
    return "\n".join(str(v) for sheet in book for row in sheet.iter_rows(values_only=True)
                     for v in row if isinstance(v, str))


def csv_cells(path: Path) -> str:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return "\n".join(cell for row in csv.reader(f) for cell in row)


def reader_text(path: Path) -> str | None:
    """The text a reader sees in an output file, or None for a kind that has no reader text."""
    kind = path.suffix
    if kind == ".html":
        return visible_html(path.read_text(encoding="utf-8"))
    if kind == ".svg":
        return svg_text(path.read_text(encoding="utf-8"))
    if kind == ".pdf":
        return pdf_text(path)
    if kind == ".xlsx":
        return xlsx_cells(path)
    if kind == ".csv":
        return csv_cells(path)
    return None
