"""``powerlist assess [DIR]``: the self-inspection (自查) against a scoring table (考核评分表): each item
the catalogue can speak to computed with its evidence, the others listed for the office to fill in
(assessment.yaml), written as an XLSX in the table's layout and an A4 PDF report. Internal papers,
written beside the project (assessment/ by default), never into the website.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from ..files import os_reason, write_output
from ..layout import is_project, not_a_project
from ..render.findings import as_text
from . import usage_error

XLSX_NAME, PDF_NAME = "self-inspection.xlsx", "self-inspection.pdf"


def add_parser(sub) -> None:
    p = sub.add_parser("assess", help="对照考核评分表自查（self-inspection against a scoring table）",
                       description="按考核评分表逐项自查：能由清单计算的项目给出口径、完成比例和待改进清单，"
                                   "其余项目列出待单位填写（assessment.yaml）。生成自查评分表（XLSX）和自查报告（PDF），"
                                   "为内部材料，不写入网站。")
    p.add_argument("dir", nargs="?", default=".", help="项目目录（默认当前目录）")
    p.add_argument("--table", metavar="FILE", help="评分表（YAML，格式见 docs/assess.md；默认：县纪委检查评分表）")
    p.add_argument("--out", "-o", metavar="DIR", help="输出目录（默认 DIR/assessment）")
    p.add_argument("--against", metavar="REV",
                   help="与某个版本比较（git 版本号、标签或项目目录；默认：最近的发布标签）")
    p.add_argument("--date", help="报告日期 YYYY-MM-DD（默认今天）")
    p.add_argument("--measures", action="store_true", help="列出各计算口径及其说明后退出")
    p.set_defaults(run=run)


def run(args) -> int:
    from ..assess import AssessError, assess
    from ..assess.measures import MEASURES

    if args.measures:
        for m in MEASURES.values():
            print(f"{m.id}　{m.title}\n    {m.explained}\n")
        return 0
    root = Path(args.dir)
    if not is_project(root):
        return usage_error(not_a_project(args.dir))
    try:
        day = dt.date.fromisoformat(args.date) if args.date else None
    except ValueError:
        return usage_error(f"不是有效的日期（YYYY-MM-DD）：{args.date!r}")
    table = Path(args.table) if args.table else None
    if table is not None and not table.is_file():
        return usage_error(f"找不到评分表文件 {args.table}")
    try:
        a = assess(root, table, day, args.against)
    except AssessError as e:
        sys.stdout.write(as_text(e.findings, lambda p: p))
        print("powerlist: 错误：评分表、assessment.yaml 或清单文件有错误（见上），自查报告未生成；修正后重试。",
              file=sys.stderr)
        return 1
    out = Path(args.out) if args.out else root / "assessment"
    from ..build.output import MARKER

    inside = next((p for p in [out.resolve(), *out.resolve().parents] if (p / MARKER).is_file()), None)
    if inside is not None:
        return usage_error(f"{out} 在生成的网站目录 {inside} 之内：自查报告是内部材料，不得发布；请另选 --out")
    from ..render.assessment import report_pdf, xlsx_bytes

    try:
        out.mkdir(parents=True, exist_ok=True)
        write_output(out / XLSX_NAME, xlsx_bytes(a))
        write_output(out / PDF_NAME, report_pdf(a))
    except OSError as e:
        return usage_error(f"无法写入 {out}：{os_reason(e)}")
    _summary(a, out)
    return 0


def _summary(a, out: Path) -> None:
    for part in a.table.parts:
        lines = [line for line in a.lines if line.part is part]
        scored = [line.score for line in lines if line.score is not None]
        left = sum(line.item.points for line in lines if line.score is None)
        print(f"{part.name}（{part.points:g} 分）：" + (f"已评 {sum(scored):.1f} 分" if scored else "未评")
              + (f"，未评 {left:g} 分" if scored and left else ""))
        for line in lines:
            if line.computed:
                figures = "；".join(e.figure for e in line.evidence)
                print(f"  {line.item.id} 得 {line.score:.1f}/{line.item.points:g} 分　{figures}")
    todo = sum(len(line.missing) for line in a.lines)
    print(f"由清单计算 {a.total('computed'):.1f}/{a.total('computable'):g} 分，自评 {a.total('self'):.1f} 分，"
          f"未评 {a.total('open'):g} 分；目前 {a.score:.1f} 分（{a.band()}）；待改进 {todo} 处。")
    if a.previous_tag:
        before = sum(a.previous.values())
        print(f"与{a.previous_tag}相比：由清单计算的得分 {before:.1f} → {a.total('computed'):.1f}。")
    print(f"已写入 {out / XLSX_NAME} 和 {out / PDF_NAME}（内部材料，不要放入网站目录）。", file=sys.stderr)
