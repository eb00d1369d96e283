"""The PDF booklet (A4): cover with the summary figures, table of contents with page numbers, the duty
catalogue by unit and category, the risk register and the responsibility list. Running header with
the section (and so the unit), page x / y, table heads repeated on every page, no row split."""

from __future__ import annotations

import datetime as dt
from itertools import groupby

from ..model import Project
from ..responsibility import ACCOUNTABILITY_LEAD, standard_cases, standard_stages
from .documents import CATEGORY_ORDER, Table, ordered_powers
from .opendata import summary_rows
from .pdf import environment


PARTS = ("cover", "catalogue", "risks", "responsibilities")


def booklet_html(project: Project, tables: dict[str, Table], summary: dict, version_date: dt.date,
                 title: str | None = None, parts=PARTS) -> str:
    catalogue_rows = tables["catalogue"].rows
    units = []
    used_standard: list[str] = []
    for unit in project.units:
        rows = [r for r in catalogue_rows if r["unit_id"] == unit.id]
        categories = [(c, list(rs)) for c, rs in groupby(rows, key=lambda r: r["category"])]
        duties = []
        for u, p in ordered_powers(project):
            if u is not unit:
                continue
            if not p.responsibilities or not p.accountability:
                if p.category not in used_standard:
                    used_standard.append(p.category)
            duties.append({
                "code": p.code, "name": p.name, "category": p.category,
                "stages": [(r.stage, r.duty) for r in p.responsibilities], "cases": list(p.accountability),
                "standard_index": None,
            })
        units.append({"id": unit.id, "name": unit.name, "categories": categories, "duties": duties})
    used_standard.sort(key=CATEGORY_ORDER.index)
    for u in units:
        for d in u["duties"]:
            if d["category"] in used_standard:
                d["standard_index"] = used_standard.index(d["category"]) + 1
    standard = [(c, standard_stages(c), standard_cases(c)) for c in used_standard]
    return environment().get_template("booklet.html.j2").render(
        title=title or project.settings.title, version_date=version_date.isoformat(), units=units,
        risks=tables["risks"].rows, standard=standard, lead=ACCOUNTABILITY_LEAD,
        summary_rows=summary_rows(summary), parts=parts)
