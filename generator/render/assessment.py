"""The self-inspection (assess/) as documents: the scoring table filled in (XLSX, in the table's own
columns, the computed figures with comments saying how they were counted) and the A4 report (自查报告,
PDF). Internal papers: never part of the website."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from .templates import environment

if TYPE_CHECKING:
    from ..assess import Assessment

TODO_SHOWN = 200  # rows of the report's to-do list (the workbook has them all)


def _lines(a: Assessment) -> list[dict]:
    rows = []
    for line in a.lines:
        rows.append({"part": line.part, "id": line.item.id, "text": line.item.text, "points": line.item.points,
                     "computed": line.computed, "score": line.score, "evidence": [e.figure for e in line.evidence],
                     "office": line.entry.evidence if line.entry else None, "missing": len(line.missing),
                     "previous": (a.previous or {}).get(line.item.id)})
    return rows


def _todo(a: Assessment) -> list[dict]:
    return [{"id": line.item.id, "what": m.what, "why": m.why, "where": m.where}
            for line in a.lines for m in line.missing]


def report_html(a: Assessment) -> str:
    lines = _lines(a)
    parts = [{"name": p.name, "points": p.points, "lines": [row for row in lines if row["part"] is p]}
             for p in a.table.parts]
    todo = _todo(a)
    return environment().get_template("assessment.html.j2").render(
        title=a.title, table=a.table, day=a.day, units=a.units, parts=parts,
        computed=a.total("computed"), computable=a.total("computable"), self_score=a.total("self"),
        open_points=a.total("open"), open_count=sum(1 for row in lines if row["score"] is None),
        score=a.score, band=a.band(), previous_tag=a.previous_tag,
        previous_total=sum((a.previous or {}).values()),
        todo=todo[:TODO_SHOWN], todo_more=max(0, len(todo) - TODO_SHOWN),
        to_fill=[row for row in lines if not row["computed"]])


def report_pdf(a: Assessment) -> bytes:
    from .pdf import html_to_pdf

    return html_to_pdf(report_html(a))


def xlsx_bytes(a: Assessment) -> bytes:
    """The table in its own layout (项目 | 考核内容和标准 | 分值 | 检查情况 | 得分), the part's name merged
    over its items, a comment on each computed cell with the measures' definitions; then 待改进 (every
    missing thing with its file and line) and the totals."""
    import xlsxwriter

    from ..assess.measures import MEASURES

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    import datetime as dt

    book.set_properties({"title": f"{a.title}廉政风险防控工作自查评分表", "author": "powerlist",
                         "comments": "内部材料，不对外公开",
                         "created": dt.datetime.combine(a.day, dt.time())})  # same input, same bytes
    head = book.add_format({"bold": True, "bg_color": "#ECEFF1", "border": 1, "text_wrap": True, "valign": "vcenter"})
    cell = book.add_format({"text_wrap": True, "valign": "top", "border": 1})
    number = book.add_format({"valign": "top", "border": 1, "num_format": "0.0"})
    part_fmt = book.add_format({"text_wrap": True, "valign": "vcenter", "border": 1, "bold": True})

    sheet = book.add_worksheet("评分表")
    widths = (22, 6, 40, 6, 50, 30, 8, 10)
    for i, w in enumerate(widths):
        sheet.set_column(i, i, w)
    titles = ["项目", "编号", "考核内容和标准", "分值", "检查情况（由清单计算）", "佐证材料（单位填写）", "得分",
              "得分来源"]
    if a.previous_tag:
        titles.append(f"比较：{a.previous_tag}")
        sheet.set_column(8, 8, 12)
    sheet.write_row(0, 0, titles, head)
    r = 1
    for part in a.table.parts:
        lines = [line for line in a.lines if line.part is part]
        label = f"{part.name}（{part.points:g} 分）"
        if len(lines) > 1:
            sheet.merge_range(r, 0, r + len(lines) - 1, 0, label, part_fmt)
        else:
            sheet.write_string(r, 0, label, part_fmt)
        for line in lines:
            sheet.write_string(r, 1, line.item.id, cell)
            sheet.write_string(r, 2, line.item.text, cell)
            sheet.write_number(r, 3, line.item.points, number)
            sheet.write_string(r, 4, "\n".join(e.figure for e in line.evidence)
                               + (f"\n待改进 {len(line.missing)} 处（见“待改进”）" if line.missing else ""), cell)
            sheet.write_string(r, 5, (line.entry.evidence or "") if line.entry else "", cell)
            if line.score is None:
                sheet.write_string(r, 6, "", cell)
            else:
                sheet.write_number(r, 6, line.score, number)
            source = "清单计算" if line.computed else ("单位自评" if line.score is not None else "未评")
            sheet.write_string(r, 7, source, cell)
            if a.previous_tag:
                prev = (a.previous or {}).get(line.item.id)
                sheet.write(r, 8, prev if prev is not None else "", number)
            if line.computed:
                sheet.write_comment(r, 4, "\n\n".join(f"{MEASURES[m].title}：{MEASURES[m].explained}"
                                                      for m in line.item.measures), {"x_scale": 3, "y_scale": 4})
            r += 1
    for label, value in (("由清单计算的得分", a.total("computed")), ("单位自评得分", a.total("self")),
                         ("尚未评分的分值", a.total("open")), ("目前得分", a.score)):
        sheet.write_string(r, 2, label, head)
        sheet.write_number(r, 6, value, number)
        r += 1
    sheet.write_string(r, 2, "等次", head)
    sheet.write_string(r, 4, a.band(), cell)
    sheet.freeze_panes(1, 0)
    sheet.set_landscape()  # printed for the inspectors: the header row on every page, marked internal
    sheet.set_paper(9)  # A4
    sheet.repeat_rows(0)
    sheet.fit_to_pages(1, 0)
    sheet.set_header(f"&L{a.title}廉政风险防控工作自查评分表&R内部材料，不对外公开")

    todo = book.add_worksheet("待改进")
    for i, w in enumerate((6, 40, 60, 30)):
        todo.set_column(i, i, w)
    todo.write_row(0, 0, ["编号", "对象", "问题", "文件和行号"], head)
    for k, row in enumerate(_todo(a), start=1):
        todo.write_row(k, 0, [row["id"], row["what"], row["why"], row["where"]], cell)
    todo.freeze_panes(1, 0)
    book.close()
    return buffer.getvalue()
