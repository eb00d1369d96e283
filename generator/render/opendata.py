"""Open data: CSV (UTF-8 with BOM, so Excel and WPS read Chinese), XLSX (what an office hands upward)
and JSON (the documented, versioned schema in docs/open-data.md). Pure functions returning bytes."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

from .. import __version__
from ..derived import ordered_powers
from ..index import Index
from .documents import Table

# 2.0: a power's fee and office, a unit's nature and a source's issuer may be null (not stated), which a
# reader of 1.x did not expect; 1.1 (additions only): penalty/coercion kinds, limit units, practice fields ...
SCHEMA_VERSION = "2.0"
SCHEMA_ID = "https://powerlist.invalid/schemas/open-data/2.0"  # the schema's name, see docs/open-data.schema.json


# A text that Excel or WPS would read as a formula (=HYPERLINK(...), +, -, @, or a leading tab or
# carriage return) is written with a leading apostrophe, as OWASP's CSV-injection guidance advises: the
# CSV files are made for spreadsheets, and a formula in a published file could run on a reader's
# machine. (XLSX cells are written as strings, never formulas; JSON carries the text as it is.)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value):
    """A text a spreadsheet would run as a formula gets a leading ': also after leading white space,
    which LibreOffice and some Excel imports drop before they look at the first character."""
    if isinstance(value, str) and value.lstrip(" \t\r\n\u3000\xa0").startswith(FORMULA_START):
        return "'" + value
    return value


def csv_bytes(table: Table) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.title for c in table.columns])
    for row in table.rows:
        writer.writerow([_csv_cell(row.get(c.key, "")) for c in table.columns])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(tables: list[Table], summary: dict, title: str, version_date: dt.date) -> bytes:
    """One sheet per document plus 汇总; frozen header, filters, widths. Reproducible: the workbook's
    creation date is the version date, so the same input gives the same bytes."""
    import xlsxwriter  # only builds that write spreadsheets need it

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    stamp = dt.datetime.combine(version_date, dt.time())
    book.set_properties({"title": title, "author": "powerlist", "created": stamp,
                         "comments": f"powerlist {__version__}"})
    head = book.add_format({"bold": True, "bg_color": "#ECEFF1", "border": 1, "text_wrap": True, "valign": "vcenter"})
    cell = book.add_format({"text_wrap": True, "valign": "top", "border": 1})

    sheet = book.add_worksheet("汇总")
    sheet.set_column(0, 0, 28)
    sheet.set_column(1, 1, 16)
    sheet.write_row(0, 0, ["项目", "数量"], head)
    for r, (label, value) in enumerate(summary_rows(summary), start=1):
        sheet.write_string(r, 0, label, cell)
        sheet.write_number(r, 1, value, cell)
    sheet.freeze_panes(1, 0)

    for table in tables:
        sheet = book.add_worksheet(table.name[:31])
        for i, col in enumerate(table.columns):
            sheet.set_column(i, i, col.width)
        sheet.write_row(0, 0, [c.title for c in table.columns], head)
        for r, row in enumerate(table.rows, start=1):
            for i, col in enumerate(table.columns):
                value = row.get(col.key, "")
                if isinstance(value, int):
                    sheet.write_number(r, i, value, cell)
                else:
                    sheet.write_string(r, i, str(value), cell)
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(len(table.rows), 1), len(table.columns) - 1)
    book.close()
    return buffer.getvalue()


SUMMARY_LABELS = {
    "units": "单位数", "powers": "职权事项数", "flows": "运行流程图数", "powers_with_chart": "已绘制流程图的事项",
    "powers_without_chart": "未绘制流程图的事项", "risk_points": "风险点数（★）",
    "risk_points_with_measures": "已制定防控措施的风险点", "powers_with_own_responsibilities": "单独列明责任事项的事项",
}


def summary_rows(summary: dict) -> list[tuple[str, int]]:
    """The summary as (label, number) lines, in the order inspectors read them."""
    rows = [(SUMMARY_LABELS[k], summary[k]) for k in ("units", "powers")]
    rows += [(f"  其中{c}", n) for c, n in summary["powers_by_category"].items()]
    rows += [(SUMMARY_LABELS[k], summary[k])
             for k in ("flows", "powers_with_chart", "powers_without_chart", "risk_points")]
    rows += [(f"  其中{lv}风险", n) for lv, n in summary["risk_points_by_level"].items()]
    rows += [(SUMMARY_LABELS["risk_points_with_measures"], summary["risk_points_with_measures"])]
    rows += [(f"{g}风险岗位", n) for g, n in summary["risk_posts_by_grade"].items()]
    # (the check's own counts stay out: a reader of the published list is not its checker)
    rows += [(SUMMARY_LABELS["powers_with_own_responsibilities"], summary["powers_with_own_responsibilities"])]
    return rows


def open_data(index: Index, tables: dict[str, Table], summary: dict, version_date: dt.date) -> dict:
    """The JSON document (schema version 2.0). Public fields only: no roster, no person."""
    project, sources, post_name = index.project, index.sources, index.post_name
    cited = sorted({c.source for _, p in project.powers() for c in p.basis if c.source in sources})

    return {
        "$schema": SCHEMA_ID,
        "schema_version": SCHEMA_VERSION,
        "title": project.settings.title,
        "version_date": version_date.isoformat(),
        "generator": f"powerlist {__version__}",
        "summary": summary,
        "units": [{
            "id": u.id, "name": u.name, "code": u.code, "nature": u.nature, "delegated_by": u.delegated_by,
            "address": u.address, "phone": u.phone,
            "complaint_phone": u.complaint_phone, "complaint_box": u.complaint_box,
            "complaint_url": u.complaint_url, "office_hours": u.office_hours,
            "posts": [{"id": p.id, "name": p.name, "section": p.section, "role": p.role} for p in u.posts],
        } for u in project.units],
        "sources": [{
            "id": s.id, "title": s.title, "level": s.level, "issuer": s.issuer, "number": s.number,
            "effective": s.effective.isoformat() if s.effective else None,
            "amended": s.amended.isoformat() if s.amended else None,
            "repealed": s.repealed.isoformat() if s.repealed else None,
        } for s in (sources[i] for i in cited)],
        "powers": [{
            "code": p.code, "name": p.name, "unit": unit.id, "category": p.category,
            "penalty_kinds": list(p.penalty_kinds), "coercion_kinds": list(p.coercion_kinds),
            "sub_items": list(p.sub_items),
            "basis": [{"source": c.source, "article": c.article, "text": c.text} for c in p.basis],
            "office": p.office, "address": p.address, "office_hours": p.office_hours, "audience": list(p.audience),
            "legal_limit": p.legal_limit, "promised_limit": p.promised_limit, "limit_unit": p.limit_unit,
            "limit_basis": p.limit_basis, "fee": p.fee, "fee_basis": p.fee_basis,
            "phone": p.phone, "complaint_phone": p.complaint_phone, "flow": p.flow, "major": p.major,
            "remarks": p.remarks,
            "remedies": [{"kind": r.kind, "body": r.body, "days": r.days, "months": r.months} for r in p.remedies],
            "case_type": p.case_type, "visits": p.visits, "online_url": p.online_url, "result": p.result,
            "exercise_level": p.exercise_level,
        } for unit, p in ordered_powers(project)],
        "flows": [{
            "id": f.id, "name": f.name, "unit": f.unit, "area": f.area, "procedure": f.procedure,
            "limit_unit": f.limit_unit,
            "steps": [{
                "id": s.id, "name": s.name, "post": s.post, "post_name": post_name(f.unit, s.post), "action": s.action,
                "days": s.days, "counted": s.counted, "duty": s.duty, "supervision": s.supervision,
                "officers": s.officers, "next": [{"to": t.to, "when": t.when} for _, t in f.edges() if _ is s],
                "risks": [{"level": r.level, "type": r.type, "description": r.description,
                           "manifestation": r.manifestation, "measures": list(r.measures),
                           "owner": r.owner, "owner_name": post_name(f.unit, r.owner)} for r in s.risks],
            } for s in f.steps],
        } for f in project.flows],
        "risk_register": [_plain(row, tables["risks"]) for row in tables["risks"].rows],
        "responsibilities": [_plain(row, tables["responsibilities"]) for row in tables["responsibilities"].rows],
    }


def _plain(row: dict, table: Table) -> dict:
    return {c.key: row.get(c.key) for c in table.columns} | {"unit_id": row.get("unit_id")}


def json_bytes(document: dict) -> bytes:
    """The document as json.dumps(ensure_ascii=False, indent=1) writes it, encoded as it is made: a
    province's file is tens of megabytes, and the whole text as one string would be held twice."""
    out, chunks = io.BytesIO(), []
    for chunk in json.JSONEncoder(ensure_ascii=False, indent=1).iterencode(document):
        chunks.append(chunk)
        if len(chunks) == 4096:
            out.write("".join(chunks).encode("utf-8"))
            chunks.clear()
    out.write(("".join(chunks) + "\n").encode("utf-8"))
    return out.getvalue()
