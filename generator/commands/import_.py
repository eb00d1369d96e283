"""``powerlist import FILE.xlsx --unit ID --name 单位名称``: an office's power-list workbook into
catalog/ID.yaml (and the legal sources it cites into catalog/sources/ID.yaml), then a report that
accounts for every non-empty cell (``--report 导入报告.xlsx``: the clerk's workbook, annotated).
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

import yaml

from .. import layout
from ..files import os_reason, write_atomically, write_output
from ..importing.canonical import CanonicalError, is_canonical, read_canonical
from ..importing.citations import Library
from ..importing.merge import merge_unit, update_report, with_files
from ..importing.report import annotated_workbook, ledger_lines, summary_lines
from ..importing.sheets import SheetMissing, TooLarge, read_workbook
from ..importing.workbook import columns_of, import_workbook
from ..layout import is_project, not_a_project
from ..project import load_project
from ..render.findings import as_text
from ..rules import check_folder
from ..scaffold import id_problem, standard_posts
from . import usage_error


def add_parser(sub) -> None:
    p = sub.add_parser("import", help="从已有的权力清单表格（xlsx）导入（import a spreadsheet）",
                       description="把已有的权力清单 Excel 表格转换为 catalog/ 下的单位文件，"
                                   "并把实施依据登记到法律依据库。表头、分类标题行、子项行、同上、编号列表、"
                                   "时限和收费的写法按内容识别；每个非空单元格的去向都写进导入报告，"
                                   "无法确定含义的内容不发布，保留在内部备注中并列为需核对。")
    p.add_argument("file", help="xlsx 文件")
    p.add_argument("--unit", required=True, help="单位标识，也是文件名：小写字母、数字和连字符，如 finance")
    p.add_argument("--name", required=True, help="单位名称，如 某县财政局")
    p.add_argument("--sheet", action="append", metavar="NAME",
                   help="只导入这张工作表（可重复；默认：所有含表头的工作表）")
    p.add_argument("--header-rows", type=int, choices=(1, 2, 3), metavar="N",
                   help="表头的行数（1-3；默认按内容识别，如合并的分组表头）")
    p.add_argument("--dry-run", action="store_true", help="只打印识别出的表格结构和列的对应，不写任何文件")
    p.add_argument("--dir", default=".", help="项目目录（默认当前目录）")
    p.add_argument("--force", action="store_true",
                   help="整个覆盖已有的单位文件（默认：已有时按新版表格更新，保留表中没有的字段和注释）")
    p.add_argument("--report", metavar="FILE",
                   help="把导入报告写入文件：.xlsx 为标注过的原表（颜色、批注、状态列），其他为文本")
    p.set_defaults(run=run)


def read(path: str, sheets: list[str] | None):
    """The workbook's sheets, or an error message for the clerk."""
    try:
        return read_workbook(Path(path), sheets), None
    except SheetMissing as e:
        return None, f"{path} 中没有工作表 '{e.args[0]}'（有：{'、'.join(e.args[1])}）"
    except TooLarge as e:
        return None, f"{path}: {e}"
    except FileNotFoundError:
        return None, f"找不到文件 {path}"
    except MemoryError:
        return None, f"无法读取 {path}：内存不足"
    except (zipfile.BadZipFile, Exception) as e:  # openpyxl raises many kinds for a file that is not a workbook
        return None, f"无法读取 {path}：不是有效的 xlsx 文件（{type(e).__name__}）；旧的 .xls 请先另存为 .xlsx"


class _Dumper(yaml.SafeDumper):
    """Multi-line texts as literal blocks, readable and diffable; list items indented under their key,
    as in the hand-written files (so that `powerlist new power` can append to them)."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)


_Dumper.add_representer(str, lambda d, s: d.represent_scalar("tag:yaml.org,2002:str", s,
                                                             style="|" if "\n" in s else None))


def dump(data) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100000, default_flow_style=False)


def run(args) -> int:
    root = Path(args.dir)
    if not is_project(root):
        return usage_error(not_a_project(args.dir))
    if problem := id_problem(args.unit, "单位标识"):
        return usage_error(problem)
    target = layout.unit_file(root, args.unit)
    sources_file = layout.sources_file(root, args.unit)
    update = target.exists() and not args.force
    sheets, problem = read(args.file, args.sheet)
    if problem:
        return usage_error(problem)
    loaded = load_project(root)
    if not loaded.readable:
        return usage_error("项目现在不能正确读取；请先修正（powerlist check）")
    current = loaded.project
    mine = sources_file.relative_to(root).as_posix()
    replaced = args.force  # the unit's file and its sources file are written anew
    library = Library.of([(s.id, s.title) for s in current.sources if not (replaced and s.loc.path == mine)])
    taken = {p.code for u in current.units if u.id != args.unit for p in u.powers}
    old_unit = next((u for u in current.units if u.id == args.unit), None)
    known = {p.name: p.code for p in old_unit.powers} if old_unit and update else {}
    rel = target.relative_to(root).as_posix()
    book = canonical_book(args.file)
    if isinstance(book, str):
        return usage_error(book)
    if book is not None:
        chosen = pick_unit(book, args.unit)
        if isinstance(chosen, str):
            return usage_error(chosen)
        powers, columns, new_sources = chosen.powers, chosen.columns, rekey(book, chosen.powers, library)
        summary = [f"导入 {Path(args.file).name} → {rel}",
                   f"powerlist export 导出的规范表格：工作表「{chosen.sheet}」，{len(powers)} 项职权", *book.notes]
        out = None
    else:
        out = import_workbook(sheets, args.name, library, taken, args.header_rows, known)
        if not out.tables:
            return usage_error(f"{args.file}: 找不到表头：各工作表的前 20 行中没有一行含两个以上可识别的列名"
                               " (如 事项名称、职权类型、实施依据); 可用 --sheet 指定工作表")
        powers, columns, new_sources = out.powers, columns_of(out), library.as_yaml()
        summary = summary_lines(out, library, Path(args.file).name, rel)
    name = Path(args.file).name
    texts = {}
    if update:
        merged, edits = merge_unit(target.read_text(encoding="utf-8"), powers, columns)
        texts[rel] = merged
        summary.append(f"按新版表格更新 {rel}：" + ("；".join(str(e) for e in edits) if edits else "没有变化")
                       + " (表中没有的字段，如运行流程、内部备注，保持不变)")
    else:
        unit = {"name": args.name, "posts": standard_posts("业务股室", args.name)}
        if out is not None and out.unit_notes:
            unit["internal_notes"] = "导入时未归入任何事项的内容（说明行等）：\n" + "\n".join(out.unit_notes)
        unit["powers"] = powers
        texts[rel] = ("# yaml-language-server: $schema=../schema/unit.schema.json\n"
                      f"# 由 powerlist import 从 {name} 导入；岗位为常用岗位，请按本单位实际修改\n" + dump(unit))
    if new_sources:
        texts[mine] = sources_text(sources_file if not replaced else None, new_sources, name)
    changes = update_report(root, with_files(root, texts)) if update else ""
    if args.dry_run:  # what would be written, and for a new edition what would change
        sys.stdout.write("\n".join(summary + ([changes.rstrip()] if changes else []))
                         + "\n（--dry-run：没有写入任何文件）\n")
        return 0
    for path, text in texts.items():
        write_atomically(root / path, text.encode())
    findings, _ = check_folder(root)
    errors = sum(f.severity == "error" for f in findings)
    checked = [f"检查结果：{errors} 个错误，{len(findings) - errors} 个警告"]
    text = "\n".join(summary + ([changes.rstrip()] if changes else []) + checked) + "\n"
    if findings:
        text += as_text(findings, lambda r: (root / r).as_posix())
    if not args.report:
        sys.stdout.write(text + ("逐格台账：用 --report 导入报告.xlsx （标注过的原表）或 --report 导入报告.txt\n"
                                 if out is not None else ""))
        return 0
    report = Path(args.report)
    try:
        if report.suffix.lower() == ".xlsx" and out is not None:
            write_output(report, annotated_workbook(Path(args.file), out, summary + checked))
        else:
            write_output(report, (text + ("\n".join(ledger_lines(out.ledger)) + "\n" if out else "")).encode())
    except OSError as e:
        return usage_error(f"无法写入导入报告 {args.report}：{os_reason(e)}")
    sys.stdout.write("\n".join(summary[:3] + checked) + "\n")
    print(f"导入报告已写入 {args.report}", file=sys.stderr)
    return 0


def canonical_book(path: str):
    """The workbook as ``powerlist export`` wrote it (a Book), None for any other workbook, or what
    to tell the clerk."""
    import openpyxl

    try:
        if not is_canonical(openpyxl.load_workbook(path, read_only=True)):
            return None
        return read_canonical(path)
    except CanonicalError as e:
        return f"{path}:\n" + "\n".join(f"  {p}" for p in e.problems)


def pick_unit(book, unit: str):
    ids = [u.unit for u in book.units]
    if unit in ids:
        return book.units[ids.index(unit)]
    if len(book.units) == 1:
        return book.units[0]
    return f"表格中有 {len(ids)} 个单位（{'、'.join(ids)}），没有 --unit {unit}；请写其中一个"


def rekey(book, powers: list[dict], library: Library) -> list[dict]:
    """The sources the project lacks, with ids no source of the project has; the powers' citations
    follow the new ids. A source the project has (same title) is cited by the project's id."""
    ids, renamed, new = {}, {}, []
    for source in book.sources:
        known = library.by_title.get(source.get("title", ""))
        if known is not None:
            renamed[source["id"]] = known.id
            continue
        ident = source["id"]
        if ident in library.ids:
            n = len(library.ids) + 1
            while f"src-{n:03d}" in library.ids:
                n += 1
            ident = f"src-{n:03d}"
        library.ids.add(ident)
        renamed[source["id"]] = ident
        ids[ident] = {**source, "id": ident}
    cited = {c["source"] for p in powers for c in p.get("basis", [])}
    for power in powers:
        for citation in power.get("basis", []):
            citation["source"] = renamed.get(citation["source"], citation["source"])
    new = [s for s in ids.values() if any(renamed.get(c) == s["id"] for c in cited)]
    return new


def sources_text(existing: Path | None, new: list[dict], name: str) -> str:
    """catalog/sources/<unit>.yaml with ``new`` appended (kept as written, comments and all), or a new file."""
    if existing is not None and existing.exists():
        from ruamel.yaml import YAML

        y = YAML()
        y.indent(mapping=2, sequence=4, offset=2)
        y.width = 100000
        data = y.load(existing.read_text(encoding="utf-8"))
        known = {s.get("id") for s in data.get("sources", [])}
        data.setdefault("sources", []).extend(s for s in new if s["id"] not in known)
        import io

        buffer = io.StringIO()
        y.dump(data, buffer)
        return buffer.getvalue()
    return ("# yaml-language-server: $schema=../../schema/sources.schema.json\n"
            f"# 由 powerlist import 从 {name} 导入：请核对效力层级，补充制定机关和施行日期\n"
            + dump({"sources": new}))
