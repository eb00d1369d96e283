"""Product: the internal folder (``powerlist build --internal``), never published: with the roster
(人员名册, private), who holds which post, each person's grade (the highest of their posts') and the
incompatible duties one person would hold in one flow through two posts; and the self-inspection
against the scoring table (``powerlist assess``, docs/assess.md). Written next to the site,
never inside it; the CI templates publish site/ only, and this folder is git-ignored."""

from __future__ import annotations

import io
from pathlib import Path

from ..derived import GRADES
from ..index import Index
from ..model import Project
from ..posts import UNGRADED
from .base import BuildError

README = ("本文件夹由 powerlist build --internal 生成，含人员名册（不公开信息），仅供本单位内部使用，"
          "不得发布或提交到公开仓库。\n")


def write_internal(project: Project, folder: Path, site: Path) -> list[Path]:
    """The internal files for the private ``project`` (with its roster) into ``folder``."""
    from ..files import write_atomically

    folder, site = folder.resolve(), site.resolve()
    if folder == site or site in folder.parents or folder in site.parents:
        raise BuildError(f"内部文件夹 {folder} 不能在网站输出 {site} 之内或包含它：内部文件不得发布")
    written = [write_atomically(folder / "README.txt", README.encode())]
    written.append(write_atomically(folder / "roster.xlsx", roster_xlsx(project)))
    return written


def write_assessment(root: Path, folder: Path) -> list[Path]:
    """The self-inspection against the scoring table (assess/: 自查评分表 and 自查报告) into the internal
    folder (checked by write_internal first); raises AssessError when the table, assessment.yaml or the
    catalogue's files have errors."""
    from ..assess import assess
    from ..files import write_atomically
    from ..render.assessment import report_pdf, xlsx_bytes

    made = assess(root)
    return [write_atomically(folder / "self-inspection.xlsx", xlsx_bytes(made)),
            write_atomically(folder / "self-inspection.pdf", report_pdf(made))]


def person_rows(project: Project) -> list[dict]:
    """One row per person and unit: their posts, their grade, the incompatible pairs they hold."""
    index = Index(project)
    rows = []
    for unit in project.units:
        views = {v.id: v for v in index.post_views[unit.id]}
        pairs = index.incompatible_pairs(unit)
        held: dict[str, list[str]] = {}
        for entry in unit.roster:
            held.setdefault(entry.person, [])
            held[entry.person] += [p for p in entry.posts if p not in held[entry.person]]
        for person, posts in held.items():
            mine = [views[p] for p in posts if p in views]
            grades = [v.grade for v in mine if v.grade != UNGRADED]
            in_flow: dict[str, dict[str, set[str]]] = {}
            for v in mine:
                for s in v.steps:
                    in_flow.setdefault(s.flow.name, {}).setdefault(s.step.action, set()).add(v.post.name)
            conflicts = [f"{flow}：{a}（{'、'.join(sorted(acts[a]))}）与{b}（{'、'.join(sorted(acts[b]))}）"
                         for flow, acts in in_flow.items() for a, b in pairs
                         if a in acts and b in acts and acts[a] != acts[b]]
            rows.append({"unit": unit.name, "person": person, "posts": [v.post.name for v in mine],
                         "grade": min(grades, key=GRADES.index) if grades else UNGRADED, "conflicts": conflicts})
    return rows


def roster_xlsx(project: Project) -> bytes:
    """人员 x 岗位: a sheet of persons with their posts and grade, and a person x post matrix per unit."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    head = book.add_format({"bold": True, "bg_color": "#ECEFF1", "border": 1, "text_wrap": True})
    cell = book.add_format({"text_wrap": True, "valign": "top", "border": 1})
    sheet = book.add_worksheet("人员岗位")
    for i, (title, width) in enumerate((("单位", 20), ("人员", 10), ("所任岗位", 36), ("风险等级", 10),
                                        ("经两个岗位在同一流程中承担的不相容职责", 60))):
        sheet.set_column(i, i, width)
        sheet.write(0, i, title, head)
    for r, row in enumerate(person_rows(project), start=1):
        values = [row["unit"], row["person"], "、".join(row["posts"]), row["grade"], "\n".join(row["conflicts"])]
        for i, value in enumerate(values):
            sheet.write_string(r, i, value, cell)
    sheet.freeze_panes(1, 0)
    for n, unit in enumerate(project.units, start=1):
        if not unit.roster:
            continue
        matrix = book.add_worksheet(f"矩阵{n} {unit.name}"[:31])
        matrix.write(0, 0, "人员 \\ 岗位", head)
        for i, post in enumerate(unit.posts, start=1):
            matrix.write(0, i, post.name, head)
        for r, entry in enumerate(unit.roster, start=1):
            matrix.write(r, 0, entry.person, head)
            for i, post in enumerate(unit.posts, start=1):
                matrix.write(r, i, "✓" if post.id in entry.posts else "", cell)
    book.close()
    return buffer.getvalue()
