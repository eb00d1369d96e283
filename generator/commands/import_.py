"""``powerlist import FILE.xlsx --unit ID --name 单位名称``: an existing power-list spreadsheet into
catalog/ID.yaml (and new legal sources into catalog/sources.yaml), then a report: which columns were
recognised, what could not be parsed (by row; kept as remarks), and the `check` findings still open.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections import Counter
from pathlib import Path

import yaml

from .. import layout
from ..files import write_atomically, write_output
from ..importer import ImportReport, Library, import_rows
from ..layout import is_project, not_a_project
from ..project import load_project
from ..render.findings import as_text
from ..rules import check_folder
from ..scaffold import id_problem, standard_posts
from . import usage_error


def add_parser(sub) -> None:
    p = sub.add_parser("import", help="从已有的权力清单表格 (xlsx) 导入 (import a spreadsheet)",
                       description="把已有的权力清单 Excel 表格转换为 catalog/ 下的单位文件,"
                                   " 并把实施依据登记到法律依据库。"
                                   " 表头按同义词识别 (序号、职权类型/权力分类、事项名称/项目名称、"
                                   "子项、实施依据、责任事项、追责情形、承办机构、备注 ...);"
                                   " 无法识别的列和无法解析的单元格按行报告, 内容保留在备注中。")
    p.add_argument("file", help="xlsx 文件")
    p.add_argument("--unit", required=True, help="单位标识, 也是文件名: 小写字母、数字和连字符, 如 finance")
    p.add_argument("--name", required=True, help="单位名称, 如 某县财政局")
    p.add_argument("--sheet", help="工作表名称 (默认第一个)")
    p.add_argument("--dir", default=".", help="项目目录 (默认当前目录)")
    p.add_argument("--force", action="store_true", help="覆盖已有的单位文件")
    p.add_argument("--report", metavar="FILE", help="把导入报告写入文件 (默认输出到屏幕)")
    p.set_defaults(run=run)


class SheetMissing(Exception):
    pass


# What a real power list needs, many times over (a province's list has a few thousand rows and some
# twenty columns); a file beyond these is refused before it is opened, so that no workbook can take
# the machine's memory or time: a 5 KB file can declare a merged range of 17 billion cells, and a 300 KB
# zip can unpack to 300 MB.
MAX_UNPACKED = 32 * 1024 * 1024  # bytes of all the parts of the .xlsx unpacked (a county list: 1-5 MB)
MAX_PARTS = 2_000
MAX_ROWS = 50_000
MAX_COLUMNS = 200


class TooLarge(Exception):
    """The workbook is larger than any power list; the message says what and how to fix it."""


def check_package(path: Path) -> None:
    """Refuse a workbook larger than MAX_* before openpyxl unpacks it (TooLarge), reading the zip's
    directory and streaming each sheet's XML once; zipfile.BadZipFile for a file that is no zip."""
    import re
    import zipfile
    from xml.etree.ElementTree import iterparse

    with zipfile.ZipFile(path) as package:
        parts = package.infolist()
        unpacked = sum(p.file_size for p in parts)
        if len(parts) > MAX_PARTS or unpacked > MAX_UNPACKED:
            raise TooLarge(f"解压后 {unpacked / 2**20:,.0f} MB、{len(parts):,} 个部件, 超过导入上限 "
                           f"({MAX_UNPACKED // 2**20} MB、{MAX_PARTS:,} 个); 请另存为只含权力清单的工作簿")
        cell = re.compile(r"([A-Z]{1,3})(\d+)$")
        for part in parts:
            if not (part.filename.startswith("xl/worksheets/") and part.filename.endswith(".xml")):
                continue
            with package.open(part) as stream:  # the sizes the directory claims are checked as it unpacks
                for _, element in iterparse(stream):
                    tag = element.tag.rsplit("}", 1)[-1]
                    if tag in ("c", "mergeCell"):
                        for ref in (element.get("r") or element.get("ref") or "").split(":"):
                            m = cell.match(ref)
                            if m and (int(m.group(2)) > MAX_ROWS or _column(m.group(1)) > MAX_COLUMNS):
                                raise TooLarge(f"工作表 {part.filename} 用到了单元格 {ref}, 超过导入上限 "
                                               f"({MAX_ROWS:,} 行、{MAX_COLUMNS} 列);"
                                               " 请删除多余的行列和合并单元格后重试")
                    if tag in ("row", "mergeCell"):
                        element.clear()


def _column(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def read_sheet(path: Path, sheet: str | None) -> list[list[str]]:
    """Cell texts row by row; a merged range gives its value to every cell it covers."""
    import openpyxl

    check_package(path)
    book = openpyxl.load_workbook(path, data_only=True)
    if sheet and sheet not in book.sheetnames:
        raise SheetMissing(sheet, book.sheetnames)
    ws = book[sheet] if sheet else book.worksheets[0]
    values = [[_text(c.value) for c in row] for row in ws.iter_rows()]
    formulas = openpyxl.load_workbook(path, data_only=False)[ws.title]
    for r, row in enumerate(formulas.iter_rows()):  # a formula never calculated has no cached value
        for c, cell in enumerate(row):
            if not values[r][c] and isinstance(cell.value, str) and cell.value.startswith("="):
                values[r][c] = cell.value
    for merged in ws.merged_cells.ranges:
        top = values[merged.min_row - 1][merged.min_col - 1]
        for r in range(merged.min_row, merged.max_row + 1):
            for c in range(merged.min_col, merged.max_col + 1):
                values[r - 1][c - 1] = top
    return values


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.datetime, dt.date)):
        return value.date().isoformat() if isinstance(value, dt.datetime) else value.isoformat()
    return str(value).strip()


class _Dumper(yaml.SafeDumper):
    """Multi-line texts (remarks) as literal blocks, readable and diffable; list items indented under
    their key, as in the hand-written files (so that `powerlist new power` can append to them)."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)


_Dumper.add_representer(str, lambda d, s: d.represent_scalar("tag:yaml.org,2002:str", s,
                                                             style="|" if "\n" in s else None))


def _dump(data) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100000, default_flow_style=False)


def run(args) -> int:
    root = Path(args.dir)
    if not is_project(root):
        return usage_error(not_a_project(args.dir))
    if problem := id_problem(args.unit, "单位标识"):
        return usage_error(problem)
    target = layout.unit_file(root, args.unit)
    if target.exists() and not args.force:
        return usage_error(f"{target} 已存在; 换一个 --unit, 或用 --force 覆盖")
    try:
        rows = read_sheet(Path(args.file), args.sheet)
    except SheetMissing as e:
        return usage_error(f"{args.file} 中没有工作表 '{e.args[0]}' (有: {'、'.join(e.args[1])})")
    except TooLarge as e:
        return usage_error(f"{args.file}: {e}")
    except MemoryError:
        return usage_error(f"无法读取 {args.file}: 内存不足")
    except Exception as e:  # openpyxl raises many kinds for a file that is not a workbook
        return usage_error(f"无法读取 {args.file}: 不是有效的 xlsx 文件 ({type(e).__name__})")
    # The project as it is: its sources (matched by title), ids and codes (never reused). Existing
    # files are not edited: new sources go to a file of their own in catalog/sources/.
    loaded = load_project(root)
    if not loaded.readable:
        return usage_error("项目现在不能正确读取; 请先修正 (powerlist check)")
    current = loaded.project
    sources_file = layout.sources_file(root, args.unit)
    if sources_file.exists() and not args.force:
        return usage_error(f"{sources_file} 已存在; 换一个 --unit, 或用 --force 覆盖")
    library = Library([(s.id, s.title) for s in current.sources
                       if s.loc.path != sources_file.relative_to(root).as_posix()])
    taken = {p.code for u in current.units if u.id != args.unit for p in u.powers}
    report, orphans = ImportReport(), []
    try:
        powers = import_rows(rows, 1, library, report, taken, orphans)
    except ValueError as e:
        return usage_error(f"{args.file}: {e}")
    unit = {"name": args.name, "posts": standard_posts("业务股室")}
    if orphans:
        unit["internal_notes"] = "导入时无法归入任何事项的行:\n" + "\n".join(orphans)
    unit["powers"] = powers
    write_atomically(target, ("# yaml-language-server: $schema=../schema/unit.schema.json\n"
                              f"# 由 powerlist import 从 {Path(args.file).name} 导入;"
                              " 岗位为常用岗位, 请按本单位实际修改\n"
                              + _dump(unit)).encode())
    if library.new:
        write_atomically(sources_file, ("# yaml-language-server: $schema=../../schema/sources.schema.json\n"
                                        f"# 由 powerlist import 从 {Path(args.file).name} 导入: "
                                        "请核对效力层级, 补充制定机关和施行日期\n"
                                        + _dump({"sources": library.new})).encode())
    findings, counts = check_folder(root)
    text = report_text(report, args.file, target, findings, root)
    if args.report:
        try:
            write_output(Path(args.report), text.encode())
        except OSError as e:
            return usage_error(f"无法写入导入报告 {args.report}: {e.strerror}")
        print(f"导入报告已写入 {args.report}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def report_text(report: ImportReport, source: str, target: Path, findings, root: Path) -> str:
    lines = [f"导入 {source} → {target}",
             f"读取 {report.rows_read} 行 (跳过空行 {report.blank_rows}), 生成 {report.powers} 项职权,"
             f" 子项 {report.sub_items} 个",
             "识别的列: " + ("、".join(f"{h} → {k}" for h, k in report.mapped.items()) or "无"),
             "未识别的列 (内容已保留在各事项的内部备注 internal_notes 中, 不公开发布): "
             + ("、".join(report.unmapped) or "无"),
             "序号列不导入: 事项按表中顺序排列",
             f"法律依据: 新登记 {len(report.new_sources)} 项 (catalog/sources/ 下的新文件),"
             f" 引用已有 {len(report.reused_sources)} 项"]
    if report.problems:
        lines.append(f"需要人工核对的单元格 ({len(report.problems)}):")
        lines += [f"  第 {row} 行: {message}" for row, message in report.problems]
    errors = [f for f in findings if f.severity == "error"]
    warnings = [f for f in findings if f.severity == "warning"]
    lines.append(f"检查结果: {len(errors)} 个错误, {len(warnings)} 个警告"
                 + (" (按规则: " + ", ".join(f"{c} ×{n}" for c, n in sorted(Counter(f.code for f in findings).items()))
                    + ")" if findings else ""))
    text = "\n".join(lines) + "\n"
    if findings:
        text += as_text(findings, lambda rel: (root / rel).as_posix())
    return text
