"""``powerlist check [DIR]``: load the catalogue, run every rule, report findings.

Exit status: 0 no errors (warnings allowed), 1 errors found, 2 usage error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path
from urllib.parse import quote

from ..files import os_reason, write_output
from ..layout import is_project, not_a_project
from ..render.findings import as_codeclimate, as_github, as_json, as_sarif, as_text, summary_text
from ..rules import REGISTRY, all_rules, check_folder
from . import usage_error


def add_parser(sub) -> None:
    p = sub.add_parser("check", help="检查权力清单和流程（check the catalogue）",
                       description="检查 DIR 下 catalog/ 和 flows/ 中的权力清单与流程；有错误时退出码为 1。")
    p.add_argument("dir", nargs="?", default=".", help="项目目录（默认当前目录）")
    p.add_argument("--format", choices=("text", "json", "sarif", "github", "codeclimate"), default="text",
                   help="输出格式：text；json；sarif（代码扫描）；github（GitHub Actions 注释）；"
                        "codeclimate（GitLab 合并请求代码质量报告）")
    p.add_argument("--output", "-o", metavar="FILE", help="把结果写入文件（默认标准输出）")
    p.add_argument("--date", type=_date, help="检查日期 YYYY-MM-DD（默认 powerlist.yaml 的 check_date 或今天）")
    p.add_argument("--select", type=_codes, help="只运行这些规则，逗号分隔，如 PL101,PL202")
    p.add_argument("--ignore", type=_codes, default=(), help="不运行这些规则，逗号分隔")
    p.add_argument("--strict", action="store_true", help="警告也视为错误（退出码 1）")
    p.set_defaults(run=run)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"不是 YYYY-MM-DD 格式的日期：{text!r}") from None


def _codes(text: str) -> tuple[str, ...]:
    all_rules()
    codes = tuple(c.strip().upper() for c in text.split(",") if c.strip())
    unknown = [c for c in codes if c not in REGISTRY]
    if unknown:
        raise argparse.ArgumentTypeError(f"未知的规则代码：{', '.join(unknown)} （powerlist rules 列出全部规则）")
    return codes


def run(args) -> int:
    root = Path(args.dir)
    if not root.is_dir():
        return usage_error(f"目录不存在：{args.dir}")
    if not is_project(root):
        return usage_error(not_a_project(args.dir))
    findings, counts = check_folder(root, args.date, args.select, args.ignore)

    def display(rel: str) -> str:
        path = os.path.relpath(root / rel) if root.resolve().is_relative_to(Path.cwd()) else str(root / rel)
        return Path(path).as_posix()

    def sarif_location(rel: str) -> dict:
        path = (root / rel).resolve()
        if path.is_relative_to(Path.cwd()):
            return {"uri": quote(path.relative_to(Path.cwd()).as_posix(), safe="/"), "uriBaseId": "%SRCROOT%"}
        return {"uri": path.as_uri()}

    rules = {r.code: r for r in all_rules()}
    if args.format == "json":
        text = as_json(findings, counts, rules, display)
    elif args.format == "sarif":
        text = as_sarif(findings, rules, sarif_location)
    elif args.format == "github":
        text = as_github(findings, display)
    elif args.format == "codeclimate":
        text = as_codeclimate(findings, display)
    else:
        text = as_text(findings, display)
    if args.output:
        try:
            write_output(Path(args.output), text.encode("utf-8"))
        except OSError as e:
            return usage_error(f"无法写入 {args.output}：{os_reason(e)}")
    else:
        sys.stdout.write(text)
    print(summary_text(findings, counts), file=sys.stderr)
    failing = {"error", "warning"} if args.strict else {"error"}
    return 1 if any(f.severity in failing for f in findings) else 0
