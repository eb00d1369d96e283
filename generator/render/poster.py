"""Wall posters (上墙): one printable sheet per flow, as HTML for WeasyPrint, then PDF.

The poster carries the unit and the flow's name, 监督投诉电话 in large type and a QR code per power at
the top, the powers with codes, legal basis and time limits, the wall chart (render/wall.py: the
steps read top to bottom with their risk points and measures beside them, 流程 | 风险点 | 防控措施), and
the version date. The chart is laid out for the box the rest of the page leaves, with its text as
large as that box allows and never below 12 pt (read from 2 m); ``PosterResult.chart_pt`` says how
large it came out, ``fits_on`` which paper a chart too long for this one needs.

The chart is drawn by Graphviz (cairo) as a PDF and placed, at its size, into the box the layout leaves
for it (pikepdf, as a form XObject): WeasyPrint would otherwise redraw the chart from SVG in Python,
which took half of a poster's time.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..model import Flow, LegalSource, Power, Settings, Unit
from ..wording import NOT_STATED, citation, limits_text, stated
from . import dated
from .fonts import char_pt
from .links import absolute, power_href, unit_href
from .overlay import place
from .pdf import collector_paused, render_document
from .templates import environment
from .wall import MIN_PT, WallLayout, fit, fits_larger, sheet_parts, wall_dot

PAPERS_MM = {"A4": (210, 297), "A3": (297, 420), "A2": (420, 594), "A1": (594, 841)}
PT_MM = 25.4 / 72

# Sizes in points: the headline parts for reading from 2 m, the rest at MIN_PT or more (docs/posters.md).
SIZES = {"title": 30, "unit": 18, "heading": 16, "body": 12, "small": 12, "phones": 22, "qr_mm": 26}
MIN_CHART_PT = MIN_PT  # smallest chart text on paper that still reads from 2 m
MARGIN_MM = 10


@dataclass(frozen=True)
class Page:
    paper: str = "A3"
    landscape: bool | None = False  # None: per flow, landscape where the chart's text comes out larger

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
    fits_on: str | None  # the paper a chart too long for this one needs at MIN_CHART_PT (None: it fits)
    pages: int = 1  # sheets the poster needed (more than one: the build warns)
    chart: WallLayout | None = None
    page: Page | None = None  # the sheet used (its orientation chosen per flow when not given)
    parts: tuple[tuple[float, float], ...] = ()  # the chart's part on each sheet: (top, bottom) in points
    date_box: tuple[int, list[float]] | None = None  # where the version date goes: page, rect in CSS px


CHART_BOX = "chart-box"  # the first part's box; a chart continued on further sheets: chart-box-2, -3 ...
CONTINUED_MM = 12  # above a continued part: the flow's name and （续）
MAX_POWER_ROWS = 2  # more powers than this share one QR code (the unit's catalogue) and a compact list
# A compact list names at most this many powers and laws, then how many there are in all: a general
# penalty procedure can serve hundreds of a bureau's powers, whose names filled a whole sheet and pushed
# the chart onto further ones; the unit's catalogue (its QR code) lists them all.
LISTED_POWERS = 24
LISTED_LAWS = 8


def _limits(p: Power) -> str:
    return limits_text(p.legal_limit, p.promised_limit, p.limit_unit) or NOT_STATED


def poster_html(flow: Flow, unit: Unit | None, powers: list[Power], sources: dict[str, LegalSource],
                settings: Settings, page: Page, chart_h_mm: float | None = None,
                draft: bool = False) -> PosterResult:
    """The poster page as HTML with an empty box (id ``CHART_BOX``) where the chart goes, and the chart
    laid out for a box ``chart_h_mm`` high (what the page leaves below the header and the powers, as
    the first layout measured it); without it, a box 1 mm high and no chart (that first layout). The
    version date's box (dated.DATE_BOX) is left empty: the date is drawn into it afterwards. A
    draft's poster says 草稿 at the top, in large red type: it must not go on a wall."""
    page_w, page_h = page.size_mm
    inner_w, inner_h = page_w - 2 * MARGIN_MM, page_h - 2 * MARGIN_MM
    body = SIZES["body"]

    qrs = []  # a QR code per power in its row; many powers share the unit's catalogue's, in the header
    compact = len(powers) > MAX_POWER_ROWS
    targets = ([(p.code, p.name, absolute(settings.base_url, power_href(p.code))) for p in powers] if not compact else
               [(unit.name if unit else flow.unit, "职权目录", absolute(settings.base_url, unit_href(flow.unit)))])
    for label, name, url in targets:
        if url:
            qrs.append({"code": label, "name": name, "url": url, "data_uri": qr_data_uri(url)})
    row_qr = {q["code"]: q for q in qrs} if not compact else {}
    head_qrs = qrs if compact else []
    phones = []
    complaint = _unique([unit.complaint_phone if unit else None] + [p.complaint_phone for p in powers])
    contact = _unique([p.phone for p in powers] + [unit.phone if unit else None])
    # the complaint phone in large type, or in large type that none is stated (never a number made up)
    phones.append({"text": "监督投诉电话：" + ("、".join(complaint) or NOT_STATED), "large": True})
    if contact:
        phones.append({"text": "咨询电话：" + "、".join(contact), "large": False})
    if unit and unit.complaint_box:  # 举报箱 and 网上投诉举报 where the unit gives them (domain guide §5)
        phones.append({"text": "举报箱：" + unit.complaint_box, "large": False})
    if unit and unit.complaint_url:
        phones.append({"text": "网上投诉举报：" + unit.complaint_url, "large": False, "url": True})

    # The header's widths (the title wraps beside the phones and the QR code); no height is estimated:
    # the room for the chart is measured on the laid-out page (_room_mm).
    qr_w = len(head_qrs) * (SIZES["qr_mm"] + 3)
    phone_w = max((text_mm(p["text"], SIZES["phones"] if p["large"] else body, True)
                   for p in phones if not p.get("url")), default=0)  # an address wraps
    date_w, date_h = dated.box_mm()
    side_w = min(max(phone_w, date_w) + 2 + qr_w, inner_w * 0.6)
    title_w = inner_w - side_w - 4
    # many powers: a two-column list, each law named once (with its articles while the list is whole)
    laws = _laws(powers, sources, articles=len(powers) <= LISTED_POWERS) if compact else []
    if compact:
        power_rows = [{"code": p.code, "name": p.name} for p in powers[:LISTED_POWERS]]
    else:
        power_rows = [{"code": p.code, "name": p.name, "category": stated(p.category), "limits": _limits(p),
                       "basis": [_cited(sources.get(c.source), c.source, c.article) for c in p.basis],
                       "qr": row_qr.get(p.code)} for p in powers]
    chart, fits_on, parts, lanes = None, None, (), None
    boxes = [{"box_id": CHART_BOX, "width_mm": round(inner_w, 2), "height_mm": 1}]
    if chart_h_mm is not None:
        chart = fit(flow, unit, inner_w / PT_MM, chart_h_mm / PT_MM)
        parts = ((0.0, chart.height),)
        if chart.height * PT_MM > chart_h_mm:  # the larger paper (same orientation) on which MIN_PT would fit
            used = inner_h - chart_h_mm
            fits_on = next((paper for paper in PAPERS_MM if PAPERS_MM[paper][0] > PAPERS_MM[page.paper][0]
                            and _fits(flow, unit, Page(paper, page.landscape), used)), None)
            # and on this paper, the chart continued on further sheets, cut between its rows
            # a continued sheet repeats the lanes' headings (流程 | 风险点 | 防控措施) above its part
            lanes_mm = chart.header_h * PT_MM
            chart, cut = sheet_parts(flow, unit, chart, chart_h_mm / PT_MM,
                                     (inner_h - CONTINUED_MM - lanes_mm) / PT_MM)
            parts = tuple(cut)
        boxes = [{"box_id": CHART_BOX if i == 0 else f"{CHART_BOX}-{i + 1}", "width_mm": round(chart.width * PT_MM, 2),
                  "height_mm": round((bottom - top) * PT_MM, 2)} for i, (top, bottom) in enumerate(parts)]
        if len(parts) > 1:
            lanes = {"height_mm": round(chart.header_h * PT_MM, 2), "pt": round(chart.body_pt * 1.15, 1),
                     "lanes": [{"title": title, "fill": fill, "left_mm": round(x0 * PT_MM, 2),
                                "width_mm": round((x1 - x0) * PT_MM, 2)} for title, fill, x0, x1 in chart.columns]}
    html = environment().get_template("poster.html.j2").render(
        flow=flow, unit_name=unit.name if unit else flow.unit, powers=power_rows, compact=compact,
        all_powers=len(powers), laws=laws[:LISTED_LAWS], all_laws=len(laws),
        qrs=head_qrs, phones=phones, date_box={"id": dated.DATE_BOX, "width_mm": date_w, "height_mm": date_h},
        charts=boxes, lanes=lanes, sizes=SIZES, draft=draft,
        page={"css_size": page.css_size, "margin_mm": MARGIN_MM, "title_mm": round(title_w, 1),
              "qr_mm": round(qr_w, 1)})
    return PosterResult(html, chart.body_pt if chart else 0.0, fits_on, chart=chart, parts=parts)


def _cited(source: LegalSource | None, ident: str, article: str | None) -> str:
    """A citation as the poster prints it: 《title》article, without the level (the site gives it)."""
    return f"《{source.title}》{article or ''}" if source else citation(source, ident, article)


def text_mm(text: str, pt: float, bold: bool = False) -> float:
    return sum(char_pt(c, pt, bold) for c in text) * PT_MM


def _fits(flow: Flow, unit: Unit | None, page: Page, used_mm: float) -> bool:
    page_w, page_h = page.size_mm
    lay = fit(flow, unit, (page_w - 2 * MARGIN_MM) / PT_MM, (page_h - 2 * MARGIN_MM - used_mm) / PT_MM)
    return lay.height * PT_MM <= page_h - 2 * MARGIN_MM - used_mm


def _laws(powers: list[Power], sources: dict[str, LegalSource], articles: bool = True) -> list[str]:
    """Each law the powers cite, named once, with every article cited from it in the order first
    cited (or, ``articles`` false, none): 【部门规章】《人力资源市场暂行条例》第十五条第（七）项、第十五条第（六）项."""
    cited_by_law: dict[str, list[str]] = {}
    for p in powers:
        for c in p.basis:
            cited = cited_by_law.setdefault(c.source, [])
            if c.article and c.article not in cited:
                cited.append(c.article)
    return [citation(sources.get(source), source, ("、".join(cited) or None) if articles else None)
            for source, cited in cited_by_law.items()]


def _unique(values) -> list[str]:
    out = []
    for v in values:
        if v and v not in out:
            out.append(v)
    return out


@lru_cache(maxsize=512)
def qr_data_uri(url: str) -> str:
    """A QR code of ``url`` as a PNG data URI, one pixel per module, scaled up without smoothing
    (image-rendering: pixelated): sharp squares in print, and an image is placed in a fraction of the
    time an SVG path takes. Kept: a poster is laid out two to four times, and segno, choosing the best
    of eight masks in Python, took a quarter of a poster's own work."""
    import segno  # imported here: only poster builds need it

    return segno.make(url, error="m", micro=False).png_data_uri(scale=1, border=2)


def poster_pdf(flow: Flow, unit: Unit | None, powers: list[Power], sources: dict[str, LegalSource],
               settings: Settings, pages: tuple[Page, ...], version_date: dt.date,
               draft: bool = False) -> tuple[bytes, PosterResult]:
    """The poster as PDF, its version date drawn in (``poster_layout``, then ``dated.draw``)."""
    pdf, result = poster_layout(flow, unit, powers, sources, settings, pages, draft)
    return dated.draw(pdf, "box", version_date, result.date_box), result


def poster_layout(flow: Flow, unit: Unit | None, powers: list[Power], sources: dict[str, LegalSource],
                  settings: Settings, pages: tuple[Page, ...], draft: bool = False) -> tuple[bytes, PosterResult]:
    """The poster as PDF without its version date (``result.date_box`` says where it goes). With
    several candidate pages (paper "auto") the first on which the chart's text reaches MIN_CHART_PT is
    used; a page whose orientation is None is laid out portrait, or landscape when that gives the chart
    larger text. When the layout spills over the sheet, the chart is laid out again for the height
    that is really left."""
    with collector_paused():
        return _poster_pdf(flow, unit, powers, sources, settings, pages, draft)


def _poster_pdf(flow: Flow, unit: Unit | None, powers: list[Power], sources: dict[str, LegalSource],
                settings: Settings, pages: tuple[Page, ...], draft: bool) -> tuple[bytes, PosterResult]:
    args = (flow, unit, powers, sources, settings)
    for page in pages:  # paper "auto": the smallest on which the chart reads from 2 m
        page, room, result, first = _oriented(args, page, draft)
        if not result.fits_on and result.chart.height * PT_MM <= room:
            break
    fitted = not result.fits_on and result.chart.height * PT_MM <= room
    if fitted and len(first.pages) == 1:
        # The first layout, with its empty chart box 1 mm high, is the poster: nothing follows the box,
        # so a taller box would move nothing. The chart goes where the box starts, at its own size
        # (one WeasyPrint layout per poster instead of two).
        left, top = first.pages[0].anchors[CHART_BOX][:2]
        box = (left, top, left + result.chart.width * 4 / 3, top + result.chart.height * 4 / 3)  # pt -> CSS px
        pdf = _place_chart(first, draw_chart(result.chart), result.parts, {CHART_BOX: (0, box)})
        return pdf, dataclasses.replace(result, pages=1, chart=None, page=page, date_box=_date_box(first))
    document = render_document(result.html)
    if len(document.pages) > 1 and fitted:  # measured again: the chart gets what is really left
        retry = poster_html(*args, page, room - _spill_mm(document) - 2, draft)
        retried = render_document(retry.html)
        if len(retried.pages) <= len(document.pages):
            result, document = retry, retried
    pdf = _place_chart(document, draw_chart(result.chart, result.parts), result.parts)
    return pdf, dataclasses.replace(result, pages=len(document.pages), chart=None, page=page,
                                    date_box=_date_box(document))


def _date_box(document) -> tuple[int, list[float]]:
    """The page and rectangle (CSS px) of the version date's empty box."""
    return next((i, [round(v, 3) for v in page.anchors[dated.DATE_BOX]])
                for i, page in enumerate(document.pages) if dated.DATE_BOX in page.anchors)


def _oriented(args, page: Page, draft: bool):
    """The page (its orientation chosen when it has none), the room it leaves for the chart, the
    poster laid out on it, and the first layout (with an empty chart box) that measured the room.
    Landscape is laid out only when the chart, in a box as high as the landscape sheet less the
    portrait header (which a wider sheet only shortens), takes the next text size up: most flows are
    a column of steps, which a portrait sheet suits."""
    chosen = page if page.landscape is not None else dataclasses.replace(page, landscape=False)
    room, first = _room_mm(poster_html(*args, chosen, draft=draft), chosen)
    result = poster_html(*args, chosen, room, draft)
    if page.landscape is not None:
        return chosen, room, result, first
    wide = dataclasses.replace(page, landscape=True)
    (width, height), header = wide.size_mm, chosen.size_mm[1] - room
    fits = not result.fits_on and result.chart.height * PT_MM <= room
    than = result.chart_pt if fits else MIN_CHART_PT - 1  # a chart that does not fit gains from MIN_PT on
    if not fits_larger(args[0], args[1], (width - 2 * MARGIN_MM) / PT_MM, (height - header) / PT_MM, than,
                       result.chart.share):
        return chosen, room, result, first
    wide_room, wide_first = _room_mm(poster_html(*args, wide, draft=draft), wide)
    wide_result = poster_html(*args, wide, wide_room, draft)
    if not wide_result.fits_on and wide_result.chart.height * PT_MM <= wide_room \
            and (not fits or wide_result.chart_pt > result.chart_pt):
        return wide, wide_room, wide_result, wide_first
    return chosen, room, result, first


def _room_mm(first: PosterResult, page: Page):
    """The height the page leaves for the chart below what the first layout put above it, and that
    layout."""
    document = render_document(first.html)
    # CSS px (1/96 in) from the top of its sheet: the first, unless the header itself filled it (a
    # unit's text can be that long) and the box went to the next
    top = next(p.anchors[CHART_BOX][1] for p in document.pages if CHART_BOX in p.anchors)
    return page.size_mm[1] - MARGIN_MM - top * 25.4 / 96 - 1.5, document


def draw_chart(chart: WallLayout, parts: tuple[tuple[float, float], ...] = ()) -> list[bytes]:
    """The wall chart drawn by Graphviz as PDFs of exactly its size: one, or one per sheet's part
    (each with only that part's boxes and text)."""
    from .graphviz import draw

    with tempfile.TemporaryDirectory(prefix="wall-") as tmp:  # in the build's scratch folder (as_tempdir)
        jobs = [(wall_dot(chart, part if len(parts) > 1 else None), {"pdf": Path(tmp) / f"wall-{i}.pdf"})
                for i, part in enumerate(parts or [None])]
        draw(jobs)
        return [target["pdf"].read_bytes() for _, target in jobs]


def _place_chart(document, chart_pdfs: list[bytes], parts: tuple[tuple[float, float], ...],
                 boxes: dict | None = None) -> bytes:
    """The laid-out poster as PDF, with each part of the chart drawn into its box (a part: the chart's
    page cropped to it, so nothing outside it is drawn). ``boxes``: (page, rect in CSS px) by box id,
    where the layout's own boxes are not the chart's size."""
    import pikepdf

    with pikepdf.open(io.BytesIO(document.write_pdf())) as poster:
        anchors = {name: (i, rect) for i, page in enumerate(document.pages) for name, rect in page.anchors.items()}
        anchors.update(boxes or {})
        for n, (top, bottom) in enumerate(parts):
            on_page, (left, y0, right, y1) = anchors[CHART_BOX if n == 0 else f"{CHART_BOX}-{n + 1}"]  # CSS px
            with pikepdf.open(io.BytesIO(chart_pdfs[n])) as chart:
                drawing = chart.pages[0]
                x_min, y_min, x_max, y_max = (float(v) for v in drawing.mediabox)
                scale = (y_max - y_min) / parts[-1][1]  # the drawing's points per layout point (1 when exact)
                drawing.mediabox = pikepdf.Array([x_min, y_max - bottom * scale, x_max, y_max - top * scale])
                target = poster.pages[on_page]
                height = float(target.mediabox[3])  # PDF y runs upwards from the bottom, in points (3/4 px)
                box = pikepdf.Rectangle(left * 0.75, height - y1 * 0.75, right * 0.75, height - y0 * 0.75)
                place(poster, target, drawing, box, f"/PowerlistChart{n + 1}" if n else "/PowerlistChart")
        out = io.BytesIO()
        poster.save(out, deterministic_id=True)
        return out.getvalue()


def _spill_mm(document) -> float:
    """Height of what the layout put on pages after the first, in mm (CSS px are 1/96 inch)."""
    return sum(box.margin_height() for page in document.pages[1:] for box in page._page_box.children) * 25.4 / 96
