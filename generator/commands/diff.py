"""``powerlist diff OLD [NEW]``: what changed between two versions of the power list, as a report, as
JSON, or as an adjustment announcement (调整公告) in HTML or PDF.

OLD and NEW are git revisions of the project (a commit, a tag such as ``qlqd-2026-01``, ``HEAD~3``) or
project folders; NEW defaults to the files as they are now. Exit status 0, or 1 when a version cannot
be read (its findings are printed), 2 on a usage error.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections import Counter
from pathlib import Path

from ..changes import KIND_NAMES, compare
from ..files import os_reason, write_output
from ..history import HistoryError, load_version
from ..model import public
from ..project import load_project
from ..render.announcement import changes_text
from ..render.findings import as_text
from . import usage_error


def add_parser(sub) -> None:
    p = sub.add_parser("diff", help="比较两个版本，生成调整公告（changes between two versions）",
                       description="列出两个版本之间新增、取消、名称调整和变更的职权"
                                   " （依据、时限、收费、流程环节、岗位、风险点）。"
                                   "版本可以是 git 版本号/标签，也可以是项目目录；NEW 省略时为当前文件。")
    p.add_argument("old", metavar="OLD", help="旧版本：git 版本号、标签或项目目录")
    p.add_argument("new", metavar="NEW", nargs="?", help="新版本（默认：当前文件）")
    p.add_argument("--dir", default=".", help="项目目录（默认当前目录）")
    p.add_argument("--format", choices=("text", "json", "html", "pdf"), default="text",
                   help="text 文字报告；json; html / pdf 调整公告")
    p.add_argument("--output", "-o", metavar="FILE", help="写入文件（pdf 必须指定）")
    p.add_argument("--date", help="公告日期 YYYY-MM-DD（默认今天）")
    p.add_argument("--issuer", help="公告的发布机关（落款），如 示例县人民政府办公室")
    p.add_argument("--number", help="公告的文号，如 示政办〔2026〕3号")
    p.set_defaults(run=run)


def _load(root: Path, spec: str | None):
    if spec is None:
        return load_project(root), "当前文件"
    return load_version(root, spec)


def run(args) -> int:
    root = Path(args.dir)
    if args.format == "pdf" and not args.output:
        return usage_error("--format pdf 需要用 -o 指定输出文件")
    try:
        day = dt.date.fromisoformat(args.date) if args.date else dt.date.today()
    except ValueError:
        return usage_error(f"不是 YYYY-MM-DD 格式的日期：{args.date!r}")
    versions = []
    for spec in (args.old, args.new):
        try:
            result, label = _load(root, spec)
        except HistoryError as e:
            return usage_error(str(e))
        if not result.readable:
            sys.stdout.write(as_text([f for f in result.findings if f.severity == "error"], lambda p: p))
            print(f"powerlist: 错误：版本 {label} 无法读取，见上。", file=sys.stderr)
            return 1
        versions.append((public(result.project), label))
    (old, old_label), (new, new_label) = versions
    changes = compare(old, new)
    counts = Counter(c.kind for c in changes)
    if args.format == "json":
        data = (json.dumps({"schema_version": 1, "old": old_label, "new": new_label,
                            "summary": {k: counts[k] for k in KIND_NAMES},
                            "changes": [c.as_dict() for c in changes]}, ensure_ascii=False, indent=2) + "\n").encode()
    elif args.format in ("html", "pdf"):
        from ..render.announcement import announcement_html

        html = announcement_html(new.settings.title, changes, day, args.issuer, args.number)
        if not args.issuer:
            print("注意：公告没有落款的发布机关，可用 --issuer 写明。", file=sys.stderr)
        if args.format == "pdf":
            from ..render.pdf import html_to_pdf

            data = html_to_pdf(html)
        else:
            data = html.encode()
    else:
        data = changes_text(changes, old_label, new_label).encode()
    if args.output:
        try:
            write_output(Path(args.output), data)
        except OSError as e:
            return usage_error(f"无法写入 {args.output}：{os_reason(e)}")
    else:
        sys.stdout.buffer.write(data)
    summary = "，".join(f"{KIND_NAMES[k]} {counts[k]}" for k in KIND_NAMES)
    print(f"{old_label} → {new_label}：{summary}。", file=sys.stderr)
    return 0
