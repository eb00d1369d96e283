"""``powerlist export [-o 权力清单.xlsx] [--unit ID] [--internal]``: the catalogue as the canonical
workbook (importing/canonical.py), which ``powerlist import`` reads back unchanged. Public by default:
internal notes only with ``--internal``. Exit status 0, 1 when the project cannot be read (its errors
are printed) or a value cannot be written faithfully, 2 on a usage error.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from ..build.versions import version_date
from ..files import os_reason, write_output
from ..importing.canonical import ExportError, write_workbook
from ..layout import is_project, not_a_project
from ..project import load_project
from ..render.findings import as_text
from . import usage_error


def add_parser(sub) -> None:
    p = sub.add_parser("export", help="把权力清单导出为规范表格（xlsx），可再导入（export a spreadsheet）",
                       description="把各单位的职权导出为一个 Excel 工作簿：每个单位一个工作表，每行一项职权，"
                                   "每列一个字段，附「说明」和「法律依据」表。修改后可用 powerlist import 导回，"
                                   "未改动的内容保持不变。默认为公开版本，不含内部备注；"
                                   "加 --internal 才导出内部字段。")
    p.add_argument("-o", "--output", default="权力清单.xlsx", metavar="FILE", help="输出文件（默认 权力清单.xlsx）")
    p.add_argument("--unit", metavar="ID", help="只导出这个单位（单位标识，即 catalog/ 下的文件名）")
    p.add_argument("--internal", action="store_true", help="同时导出内部备注等不公开字段（该表不得公开）")
    p.add_argument("--dir", default=".", help="项目目录（默认当前目录）")
    p.set_defaults(run=run)


def run(args) -> int:
    root = Path(args.dir)
    if not is_project(root):
        return usage_error(not_a_project(args.dir))
    result = load_project(root)
    if not result.readable:
        errors = [f for f in result.findings if f.severity == "error"]
        sys.stdout.write(as_text(errors, lambda rel: (root / rel).as_posix()))
        print("powerlist: 错误：项目不能正确读取，未导出；请先修正上面的错误（powerlist check）", file=sys.stderr)
        return 1
    project = result.project
    ids = [u.id for u in project.units]
    if args.unit is not None and args.unit not in ids:
        return usage_error(f"没有单位 {args.unit}（有：{'、'.join(ids) or '无'}）")
    created = dt.datetime.combine(version_date(root, project), dt.time())
    try:
        data = write_workbook(project, unit=args.unit, internal=args.internal, created=created)
    except ExportError as e:
        for problem in e.problems:
            print(f"powerlist: 错误：{problem}", file=sys.stderr)
        print("powerlist: 错误：未导出；请修改上述内容后重试", file=sys.stderr)
        return 1
    try:
        write_output(Path(args.output), data)
    except OSError as e:
        return usage_error(f"无法写入 {args.output}：{os_reason(e)}")
    units = [u for u in project.units if args.unit in (None, u.id)]
    count = sum(len(u.powers) for u in units)
    scope = "含内部字段，不得公开" if args.internal else "公开版本，不含内部备注"
    print(f"已导出 {len(units)} 个单位、{count} 项职权到 {args.output}（{scope}）", file=sys.stderr)
    return 0
