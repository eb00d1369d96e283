"""The canonical layout (规范表格): the workbook ``powerlist export`` writes and ``read_canonical`` reads
back, so that export → import is the identity on a catalogue.

One sheet per unit (named after the unit; the hidden ``powerlist`` sheet records the format version and
maps each sheet to its unit id), one row per power, one column per ``Power`` field headed by its Chinese
title: a new field is exported as soon as the model has it. 法律依据 lists the cited sources (a citation
names its source by title), 说明 explains the columns to the clerk. The grammar of each cell is in
``canonical_cells``. Every written cell is read back before the file is made: a value the grammar
cannot carry stops the export with a message (ExportError); nothing is changed silently.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..model import LegalSource, Project, Unit
from .canonical_cells import LIMITS, CellError, Column, Sources, columns, format_cell, number, parse_cell, to_data

FORMAT = "powerlist 规范表格"  # A1:B1 of the hidden sheet: how is_canonical knows the layout
VERSION = 1
META, GUIDE, SOURCES = "powerlist", "说明", "法律依据"
MAX_CELL = 32_767  # characters Excel keeps in one cell


class ExportError(Exception):
    """Values the layout cannot carry faithfully; ``problems`` says which, in Chinese."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


class CanonicalError(Exception):
    """A workbook that cannot be read back; each problem is "工作表!单元格: what is wrong; how to fix"."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems

# ---------------------------------------------------------------- the workbook


def _sheet_names(units: list[Unit]) -> list[str]:
    taken = {META.lower(), GUIDE.lower(), SOURCES.lower()}
    out = []
    for unit in units:
        base = re.sub(r"[\[\]:*?/\\]", "_", unit.name).strip("'") or unit.id
        name, n = base[:31], 1
        while name.lower() in taken:
            n += 1
            name = f"{base[:31 - len(str(n)) - 2]}({n})"
        taken.add(name.lower())
        out.append(name)
    return out


HOW = {"text": "照原文填写", "int": "填数字", "bool": "填 是 或 否", "date": "如 2024-01-01",
       "words": "每行一个，只能用可选值", "list": "每项一行，以 1. 2. 3. 编号；一项可以换行",
       "basis": "每条依据一项，以 1. 2. 编号：第一行 《名称》第X条，下一行起为条文摘录；"
                "名称重复时在书名号后写 [标识]",
       "duties": "每个环节一项，以 1. 2. 编号，写成 环节：责任内容",
       "remedies": "每种渠道一项，以 1. 2. 编号，写成 行政复议：受理机关，60日（或 6个月）"}


def write_workbook(project: Project, *, unit: str | None = None, internal: bool = False,
                   created: dt.datetime) -> bytes:
    """The catalogue (or one unit) as the canonical workbook; byte-identical for the same catalogue and
    ``created`` (the workbook's date; xlsxwriter fixes the zip entries' times). ExportError when a
    value cannot be written so that it reads back the same."""
    import xlsxwriter

    units = [u for u in project.units if unit is None or u.id == unit]
    library = {s.id: s for s in project.sources}
    cited = list(dict.fromkeys(c.source for u in units for p in u.powers for c in p.basis if c.source in library))
    sources = Sources({i: library[i].title for i in cited})
    cols, problems = columns(internal), []
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    book.set_properties({"title": project.settings.title, "author": "powerlist", "created": created,
                         "comments": FORMAT})
    head = book.add_format({"bold": True, "bg_color": "#ECEFF1", "border": 1, "text_wrap": True, "valign": "top"})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    public = "本表为公开版本：不含内部备注等不公开字段，可以对外提供" if not internal else \
        "本表含内部备注等不公开字段（用 --internal 导出），仅供本单位内部使用，不得公开"
    guide = book.add_worksheet(GUIDE)
    guide.set_column(0, 0, 18)
    guide.set_column(1, 2, 60)
    intro = [f"{project.settings.title}: 由 powerlist export 导出的规范表格（格式版本 {VERSION}）", public,
             "每个单位一个工作表，每行一项职权，每列一个字段；修改后可用 powerlist import 导回，"
             "未改动的内容导回后保持不变。请勿修改工作表名称和表头；列的顺序可以调整，空行会被忽略。",
             "实施依据中的法律依据名称须与「法律依据」表一致；新的依据会登记为新的法律依据，请导回后核对。"]
    for r, text in enumerate(intro):
        guide.write_string(r, 0, text)
    guide.write_row(len(intro) + 1, 0, ["列名", "含义", "填写方式"], head)
    for r, col in enumerate(cols, start=len(intro) + 2):
        guide.write_row(r, 0, [col.title, col.doc or col.title, HOW[col.kind] + ("; 必填" if col.required else "")
                               + (f"; 可选：{'、'.join(col.words)}" if col.words else "")], wrap)
    names = _sheet_names(units)
    for u, name in zip(units, names):
        sheet = book.add_worksheet(name)
        sheet.freeze_panes(1, 2)
        for i, col in enumerate(cols):
            sheet.set_column(i, i, 40 if col.kind in ("basis", "duties", "list") else 14, wrap)
            sheet.write_string(0, i, col.title, head)
        for r, power in enumerate(u.powers, start=1):
            for i, col in enumerate(cols):
                value = getattr(power, col.key)
                cell = format_cell(col, value, sources)
                where = f"{u.name} 事项 {power.code} 的{col.title}"
                try:
                    back = parse_cell(col, cell, sources)
                except CellError as e:
                    back = e
                if back != (to_data(value) if value not in (None, ()) else None):
                    problems.append(f"{where}无法按表格格式写出后原样读回，请检查其中的换行、冒号和书名号")
                elif isinstance(cell, str) and len(cell) > MAX_CELL:
                    problems.append(f"{where}超过 Excel 单元格上限 {MAX_CELL} 个字符")
                elif isinstance(cell, int):
                    sheet.write_number(r, i, cell)
                elif cell is not None:
                    sheet.write_string(r, i, cell)
    src_cols = columns(cls=LegalSource)
    sheet = book.add_worksheet(SOURCES)
    for i, col in enumerate(src_cols):
        sheet.set_column(i, i, 40 if col.key == "title" else 14)
        sheet.write_string(0, i, col.title, head)
    for r, ident in enumerate(cited, start=1):
        for i, col in enumerate(src_cols):
            if (cell := format_cell(col, getattr(library[ident], col.key), sources)) is not None:
                sheet.write_string(r, i, cell)
    meta = book.add_worksheet(META)
    rows = [["格式", FORMAT], ["版本", str(VERSION)], ["内容", "内部" if internal else "公开"],
            ["说明", "powerlist 用本表识别规范表格，请勿修改"]]
    rows += [["单位", name, u.id, u.name] for u, name in zip(units, names)]
    for r, row in enumerate(rows):
        meta.write_row(r, 0, row)
    meta.hide()
    book.close()
    if problems:
        raise ExportError(problems)
    return buffer.getvalue()


# ---------------------------------------------------------------- reading it back


@dataclass
class UnitRows:
    """One unit's sheet read back: its powers as YAML-ready maps (defaults left out), the fields its
    columns cover (what a merge may replace), and each power's row."""

    unit: str
    name: str
    sheet: str
    powers: list[dict] = field(default_factory=list)
    columns: set[str] = field(default_factory=set)
    rows: list[int] = field(default_factory=list)


@dataclass
class Book:
    units: list[UnitRows]
    sources: list[dict]  # the 法律依据 sheet's sources, then those it lacks (new_sources)
    new_sources: list[dict]
    internal: bool
    notes: list[str] = field(default_factory=list)  # what was ignored (extra sheets, unknown columns)


def is_canonical(book) -> bool:
    """Whether an openpyxl workbook is one ``powerlist export`` wrote."""
    return META in book.sheetnames and book[META]["A1"].value == "格式" and book[META]["B1"].value == FORMAT


def read_canonical(path: Path | str) -> Book:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, data_only=True)
    except Exception as e:  # openpyxl raises many kinds for a file that is not a workbook
        raise CanonicalError([f"{Path(path).name}: 无法读取（{type(e).__name__}）；请用 Excel 或 WPS 另存为 xlsx"])
    if not is_canonical(book):
        raise CanonicalError([f"{Path(path).name}: 不是 powerlist export 导出的规范表格（没有隐藏的 {META} 工作表）"])
    meta = [[c.value for c in row] for row in book[META].iter_rows()]
    if str(meta[1][1]) != str(VERSION):
        raise CanonicalError([f"{META}!B2: 格式版本 {meta[1][1]} 不是 {VERSION}; 请用导出它的 powerlist 版本导入"])
    problems, notes = [], []
    sources = _read_sources(book, problems) if SOURCES in book.sheetnames else []
    lib = Sources({s["id"]: s.get("title", "") for s in sources if s.get("id")})
    internal = any(row[:2] == ["内容", "内部"] for row in meta)
    units, listed = [], {row[1] for row in meta if row and row[0] == "单位"}
    for row in meta:
        if row and row[0] == "单位":
            if row[1] not in book.sheetnames:
                problems.append(f"工作表「{row[1]}」（单位 {row[2]}）不见了：请恢复它的名称；单位没有事项时保留表头")
                continue
            units.append(_read_unit(book[row[1]], UnitRows(row[2], row[3], row[1]), lib, internal, problems, notes))
    own = listed | {META, GUIDE, SOURCES}
    notes += [f"工作表「{s}」不是导出的单位表，已忽略" for s in book.sheetnames if s not in own]
    if problems:
        raise CanonicalError(problems)
    new = [_new_source(i, t) for t, i in lib.new.items()]
    notes += [f"新的法律依据《{s['title']}》登记为 {s['id']}，请核对"
              + ("效力层级和制定机关" if s.get("level") else "效力层级（无法确定，未填）和制定机关") for s in new]
    return Book(units, sources + new, new, internal, notes)


def _new_source(ident: str, title: str) -> dict:
    """A source a clerk cited by a title the 法律依据 sheet does not list; its level as levels.py finds it."""
    from .levels import level_of

    found = level_of(title)
    source = {"id": ident, "title": title}
    if found.level:
        source["level"] = found.level
    if found.provincial:
        source["provincial"] = True
    return source


def _header(sheet, cols: list[Column], problems: list[str]) -> tuple[int, dict[int, Column]]:
    by_title = {c.title: c for c in cols}
    for r, row in enumerate(sheet.iter_rows(max_row=5, values_only=True), start=1):
        titles = [re.sub(r"\s+", "", str(v or "")) for v in row]
        if cols[1].title in titles:
            found = {i: by_title[t] for i, t in enumerate(titles) if t in by_title}
            for i, t in enumerate(titles):
                if t and list(found.values()).count(by_title.get(t)) > 1:
                    problems.append(f"{sheet.title}!{_ref(r, i)}: 列「{t}」重复；删除多余的一列")
            missing = [c.title for c in cols if c.required and c not in found.values()]
            if missing:
                problems.append(f"{sheet.title}!{r}: 表头缺少 {'、'.join(missing)}; 请恢复这些列")
            return r, found
    problems.append(f"{sheet.title}!A1: 前 5 行中没有表头（含「{cols[1].title}」的一行）；请恢复表头")
    return 0, {}


def _ref(row: int, index: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(index + 1)}{row}"


def _read_unit(sheet, out: UnitRows, lib: Sources, internal: bool, problems: list[str], notes: list[str]) -> UnitRows:
    cols = columns(internal=True)
    header, found = _header(sheet, cols, problems)
    out.columns = {c.key for c in found.values()}
    extra = [str(v) for i, v in enumerate(next(sheet.iter_rows(min_row=header or 1, values_only=True), ()))
             if v not in (None, "") and i not in found]
    notes += [f"{sheet.title}: 列「{t}」不是导出的列，已忽略" for t in extra]
    seen: dict[str, int] = {}
    for r, row in enumerate(sheet.iter_rows(min_row=header + 1, values_only=True), start=header + 1):
        if not header or all(v is None or str(v).strip() == "" for v in row):
            continue
        power, units = {}, {}
        for i, col in found.items():
            value = row[i] if i < len(row) else None
            try:
                if col.kind == "int" and value not in (None, ""):
                    power[col.key], unit = number(value, col)
                    if unit and col.key in LIMITS:
                        units[unit] = i
                else:
                    power[col.key] = parse_cell(col, value, lib)
            except CellError as e:
                problems.append(f"{sheet.title}!{_ref(r, i)}: {e}")
            if col.required and power.get(col.key) in (None, ""):
                problems.append(f"{sheet.title}!{_ref(r, i)}: {col.title}不能为空；请填写，或删除这一行")
        _limit_unit(power, units, found, sheet.title, r, problems)
        code = str(power.get("code") or "")
        if code in seen:
            problems.append(f"{sheet.title}!{r}: 事项编码 {code} 与第 {seen[code]} 行重复；每项职权一个编码")
        seen[code] = r
        defaults = {c.key: c.default for c in cols}
        out.powers.append({k: v for k, v in power.items() if v is not None and v != [] and v != defaults[k]})
        out.rows.append(r)
    return out


def _limit_unit(power: dict, units: dict[str, int], found: dict[int, Column], sheet: str, row: int,
                problems: list[str]) -> None:
    """A unit typed into a limit cell (20个工作日) must agree with 时限单位, which it fills when empty."""
    given = power.get("limit_unit")
    if len(units) > 1 or (units and given and given not in units):
        where = _ref(row, min(units.values()))
        problems.append(f"{sheet}!{where}: 时限的单位（{'、'.join(units)}）与时限单位（{given or '未填'}）不一致；"
                        "时限只写数字，单位写在 时限单位 列")
    elif units and not given:
        power["limit_unit"] = next(iter(units))


def _read_sources(book, problems: list[str]) -> list[dict]:
    sheet, cols = book[SOURCES], columns(cls=LegalSource)
    header, found = _header(sheet, cols, problems)
    out = []
    for r, row in enumerate(sheet.iter_rows(min_row=header + 1, values_only=True), start=header + 1):
        if not header or all(v is None or str(v).strip() == "" for v in row):
            continue
        source = {}
        for i, col in found.items():
            try:
                value = parse_cell(col, row[i] if i < len(row) else None, Sources({}))
            except CellError as e:
                problems.append(f"{SOURCES}!{_ref(r, i)}: {e}")
                continue
            if value is not None and value != col.default:
                source[col.key] = value
        out.append(source)
    return out
