"""Wall posters (上墙): one printable page per flow, as HTML for WeasyPrint, then PDF.

The poster carries the unit, the flow's powers with codes and legal basis, the wall-style chart, the
★ risk list, the supervision and complaint phones, a QR code per power linking to its page on the
published site, and the version date. Text sizes are chosen to be read from 2 m (docs/posters.md); the
chart is scaled to the space left, and ``PosterResult.chart_pt`` says how large its text came out.

The chart comes as a PDF drawn by Graphviz (cairo) and is placed, scaled, into the box the layout
leaves for it (pikepdf, as a form XObject): WeasyPrint would otherwise redraw the chart from SVG in
Python, which took half of a poster's time.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from dataclasses import dataclass

from ..derived import numbered_risks
from ..model import Flow, LegalSource, Power, Settings, Unit
from ..wording import NOT_STATED, citation, limit_text, stated
from .fonts import char_pt
from .links import absolute, power_href, unit_href
from .overlay import place
from .pdf import collector_paused, render_document
from .templates import environment
from .text import wrap

PAPERS_MM = {"A4": (210, 297), "A3": (297, 420), "A2": (420, 594), "A1": (594, 841)}
PT_MM = 25.4 / 72

# Sizes in points, for reading from 2 m (see docs/posters.md).
SIZES = {"title": 36, "unit": 20, "heading": 18, "body": 14, "small": 12, "phones": 18, "qr_mm": 28}
MIN_CHART_PT = 12  # smallest chart text on paper that still reads from 2 m
CHART_BODY_PT = 12  # the WALL style's smallest text (conditions, sections) before scaling
MARGIN_MM = 12
RISK_COLUMN_MM = 100  # the 风险点及防控措施 column beside the chart


@dataclass(frozen=True)
class Page:
    paper: str = "A3"
    landscape: bool = False

    @property
    def size_mm(self) -> tuple[float, float]:
        w, h = PAPERS_MM[self.paper]
        return (h, w) if self.landscape else (w, h)

    @property
    def css_size(self) -> str:
        return f"{self.paper} {'landscape' if self.landscape else 'portrait'}"


@dataclass(frozen=True)
class PosterResult:
    html: str
    chart_pt: float  # the chart's smallest text size on paper, in points
    fits_on: str | None  # the smallest paper (same orientation) on which chart_pt would reach MIN_CHART_PT
    pages: int = 1  # sheets the poster needed (more than one: the build warns)


CHART_BOX = "chart-box"
MAX_POWER_ROWS = 3  # more powers than this share one QR code (the unit's catalogue) and a compact list


def _limits(p: Power) -> str:
    parts = [f"{label} {limit_text(days, p.limit_unit)}"
             for label, days in (("法定", p.legal_limit), ("承诺", p.promised_limit)) if days is not None]
    return " / ".join(parts) or NOT_STATED


def chart_size_pt(chart_pdf: bytes) -> tuple[float, float]:
    """Width and height of the chart (the first page of a PDF), in points."""
    import pikepdf

    with pikepdf.open(io.BytesIO(chart_pdf)) as pdf:
        box = pdf.pages[0].mediabox
        return float(box[2]) - float(box[0]), float(box[3]) - float(box[1])


def _lines(text: str, width_mm: float, pt: float) -> int:
    width_pt = width_mm / PT_MM
    return max(1, len(wrap(text, width_pt, None, lambda c: char_pt(c, pt))))


def poster_html(flow: Flow, unit: Unit | None, powers: list[Power], sources: dict[str, LegalSource],
                settings: Settings, chart_size: tuple[float, float], page: Page, version_date: dt.date,
                shrink: float = 1.0) -> PosterResult:
    """The poster page as HTML with an empty box (id ``CHART_BOX``) where the chart goes, and the
    size its chart text comes out at. ``chart_size``: the chart's width and height in points;
    ``shrink`` < 1 makes the chart smaller when the page would otherwise overflow."""
    import segno  # imported here: only poster builds need it

    page_w, page_h = page.size_mm
    inner_w, inner_h = page_w - 2 * MARGIN_MM, page_h - 2 * MARGIN_MM
    body = SIZES["body"]
    line_mm = body * PT_MM * 1.3

    power_rows = []
    # Heights in mm, calibrated against WeasyPrint's layout of this template (see _estimate_rows).
    title_lines = _lines(flow.name, inner_w, SIZES["title"])
    # the powers section's heading and table head; a flow no power uses yet (PL507) has no such section
    powers_h = 12.8 + 15 if powers else 0
    used_h = 18 + title_lines * SIZES["title"] * PT_MM * 1.15 + powers_h + 14.8 + 4  # header, headings
    compact = len(powers) > MAX_POWER_ROWS
    laws: list[str] = []
    if compact:  # many powers share this flow: a two-column list, and each law named once
        laws = _laws(powers, sources)
        used_h += -15 + 4 + _lines("实施依据: " + "".join(laws), inner_w, body) * line_mm
        for p in powers:
            used_h += _lines(f"{p.code} {p.name}", inner_w / 2 - 6, body) * line_mm / 2 + 0.6
            power_rows.append({"code": p.code, "name": p.name})
    for p in powers if not compact else ():
        basis = [citation(sources.get(c.source), c.source, c.article) for c in p.basis]
        row = {"code": p.code, "name": p.name, "category": stated(p.category), "basis": basis, "limits": _limits(p)}
        lines = max(_lines(row["code"], inner_w * 0.16 - 3.5, body), _lines(p.name, inner_w * 0.25 - 3.5, body),
                    _lines(row["category"], inner_w * 0.10 - 3.5, body),
                    _lines(row["limits"], inner_w * 0.14 - 3.5, body),
                    sum(_lines(b, inner_w * 0.35 - 3.5, body) for b in basis))
        used_h += lines * line_mm + 2.3
        power_rows.append(row)

    risks = []
    for item in numbered_risks(flow):
        r = item.risk
        owner = unit.post(r.owner) if unit else None
        measures = list(r.measures)
        risks.append({"number": item.number, "step": item.step.name, "level": r.level, "description": r.description,
                      "measures": measures, "owner": owner.name if owner else r.owner})

    qrs = []
    targets = ([(p.code, p.name, absolute(settings.base_url, power_href(p.code))) for p in powers] if not compact else
               [(unit.name if unit else flow.unit, "职权目录", absolute(settings.base_url, unit_href(flow.unit)))])
    for label, name, url in targets:
        if url:
            qr = segno.make(url, error="m", micro=False)
            # one pixel per module, scaled up without smoothing (image-rendering: pixelated): sharp
            # squares in print, and an image is placed in a fraction of the time an SVG path takes
            qrs.append({"code": label, "name": name, "url": url,
                        "data_uri": qr.png_data_uri(scale=1, border=2)})

    phones = []
    complaint = _unique([unit.complaint_phone if unit else None] + [p.complaint_phone for p in powers])
    contact = _unique([p.phone for p in powers] + [unit.phone if unit else None])
    if complaint:
        phones.append("监督投诉电话: " + "、".join(complaint))
    if contact:
        phones.append("咨询电话: " + "、".join(contact))
    phone_lines = sum(_lines(line, inner_w * 0.6, SIZES["phones"]) for line in phones)
    used_h += 5 + max(phone_lines * SIZES["phones"] * PT_MM * 1.4 + body * PT_MM * 1.4 + 2,
                      SIZES["qr_mm"] + 2 * SIZES["small"] * PT_MM * 1.3 + 4 if qrs else 0)

    chart_w, chart_h = chart_size
    # The chart is the poster: it gets what the tables leave, and never less than half the page.
    side = _risk_column_mm(risks, inner_w, max(inner_h - used_h, inner_h * 0.3)) if risks else 0
    scale = _chart_scale(page, chart_w, chart_h, used_h, side) * shrink
    fits_on = next((paper for paper in PAPERS_MM if CHART_BODY_PT * _chart_scale(
        Page(paper, page.landscape), chart_w, chart_h, used_h, side) >= MIN_CHART_PT), None)
    chart = {"side_mm": side, "box_id": CHART_BOX,
             "width_mm": round(chart_w * PT_MM * scale, 2), "height_mm": round(chart_h * PT_MM * scale, 2)}

    html = environment().get_template("poster.html.j2").render(
        flow=flow, unit_name=unit.name if unit else flow.unit, powers=power_rows, compact=compact, laws=laws,
        risks=risks, qrs=qrs,
        phones=phones, version_date=version_date.isoformat(), chart=chart, sizes=SIZES,
        page={"css_size": page.css_size, "margin_mm": MARGIN_MM})
    return PosterResult(html, round(CHART_BODY_PT * scale, 1), fits_on)


def _laws(powers: list[Power], sources: dict[str, LegalSource]) -> list[str]:
    """Each law the powers cite, named once, with every article cited from it in the order first
    cited: 【部门规章】《人力资源市场暂行条例》第十五条第（七）项、第十五条第（六）项."""
    articles: dict[str, list[str]] = {}
    for p in powers:
        for c in p.basis:
            cited = articles.setdefault(c.source, [])
            if c.article and c.article not in cited:
                cited.append(c.article)
    return [citation(sources.get(source), source, "、".join(cited) or None) for source, cited in articles.items()]


def _risk_column_mm(risks: list[dict], inner_w: float, avail_h: float) -> float:
    """The narrowest risk column (from RISK_COLUMN_MM up to half the page) whose text fits beside the chart."""
    body = SIZES["body"]
    line_mm = body * PT_MM * 1.3
    width = RISK_COLUMN_MM
    while True:
        text_w = width - 10
        height = 12 + sum(2.5 + line_mm * (1 + _lines(r["description"], text_w, body) +
                                           _lines("防控: " + "；".join(r["measures"]), text_w, body) +
                                           _lines("责任: " + r["owner"], text_w, body)) for r in risks)
        if height <= avail_h or width >= inner_w / 2:
            return width
        width += 15


def _chart_scale(page: Page, chart_w: float, chart_h: float, other_mm: float, side_mm: float) -> float:
    page_w, page_h = page.size_mm
    inner_w, inner_h = page_w - 2 * MARGIN_MM, page_h - 2 * MARGIN_MM
    avail_h = max(inner_h - other_mm, inner_h * 0.3)
    return min((inner_w - side_mm) / (chart_w * PT_MM), avail_h / (chart_h * PT_MM))


def _unique(values) -> list[str]:
    out = []
    for v in values:
        if v and v not in out:
            out.append(v)
    return out


def poster_pdf(flow: Flow, unit: Unit | None, powers: list[Power], sources: dict[str, LegalSource],
               settings: Settings, chart_pdf: bytes, pages: tuple[Page, ...],
               version_date: dt.date) -> tuple[bytes, PosterResult]:
    """The poster as PDF. With several candidate pages (paper "auto") the first on which the chart
    reads from 2 m is used. The chart shrinks in steps until everything fits on one sheet."""
    with collector_paused():
        return _poster_pdf(flow, unit, powers, sources, settings, chart_pdf, pages, version_date)


def _poster_pdf(flow: Flow, unit: Unit | None, powers: list[Power], sources: dict[str, LegalSource],
                settings: Settings, chart_pdf: bytes, pages: tuple[Page, ...],
                version_date: dt.date) -> tuple[bytes, PosterResult]:
    size = chart_size_pt(chart_pdf)
    page = pages[0]
    if len(pages) > 1:  # paper "auto": the first candidate at least as large as the paper the chart needs
        fits = poster_html(flow, unit, powers, sources, settings, size, page, version_date).fits_on
        papers = list(PAPERS_MM)
        page = next((p for p in pages if fits and papers.index(p.paper) >= papers.index(fits)), pages[-1])
    shrink = 1.0
    result = poster_html(flow, unit, powers, sources, settings, size, page, version_date)
    document = render_document(result.html)
    for _ in range(4):  # shorten the chart by what spilled over, until the poster is one sheet
        if len(document.pages) == 1:
            break
        chart_mm = result.chart_pt / CHART_BODY_PT * size[1] * PT_MM
        factor = (chart_mm - _spill_mm(document) - 4) / chart_mm if chart_mm else 0
        if factor <= 0 or shrink * factor < 0.2:
            break  # the text alone is longer than the sheet: keep the best layout, the build warns
        shrink *= factor
        retry = poster_html(flow, unit, powers, sources, settings, size, page, version_date, shrink)
        retried = render_document(retry.html)
        if len(retried.pages) > len(document.pages):
            break
        result, document = retry, retried
    pdf = _place_chart(document, chart_pdf)
    return pdf, dataclasses.replace(result, pages=len(document.pages))


def _place_chart(document, chart_pdf: bytes) -> bytes:
    """The laid-out poster as PDF, with the chart drawn into its box."""
    import pikepdf

    on_page = next(i for i, page in enumerate(document.pages) if CHART_BOX in page.anchors)
    left, top, right, bottom = document.pages[on_page].anchors[CHART_BOX]  # CSS px (1/96 in) from the top left
    with pikepdf.open(io.BytesIO(document.write_pdf())) as poster, pikepdf.open(io.BytesIO(chart_pdf)) as chart:
        target = poster.pages[on_page]
        height = float(target.mediabox[3])  # PDF y runs upwards from the bottom, in points (3/4 px)
        box = pikepdf.Rectangle(left * 0.75, height - bottom * 0.75, right * 0.75, height - top * 0.75)
        place(poster, target, chart.pages[0], box, "/PowerlistChart")
        out = io.BytesIO()
        poster.save(out, deterministic_id=True)
        return out.getvalue()


def _spill_mm(document) -> float:
    """Height of what the layout put on pages after the first, in mm (CSS px are 1/96 inch)."""
    return sum(box.margin_height() for page in document.pages[1:] for box in page._page_box.children) * 25.4 / 96
