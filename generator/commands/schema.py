"""``powerlist schema [DIR]``: write the JSON Schemas of the YAML files (for editors) into DIR/schema/.

Each YAML file can then name its schema in a first-line comment that YAML language servers read:

    # yaml-language-server: $schema=../schema/unit.schema.json
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..files import os_reason, write_atomically
from ..render.yaml_schema import FILES, schema_files

MODELINE = "# yaml-language-server: $schema={path}"


def add_parser(sub) -> None:
    p = sub.add_parser("schema", help="写出 YAML 文件的 JSON Schema，供编辑器补全和提示（write editor schemas）",
                       description="把四类 YAML 文件（项目设置、法律依据库、单位、流程）"
                                   "的 JSON Schema 写入 DIR/schema/；"
                                   "在 YAML 文件首行加 “# yaml-language-server: $schema=...” 即可在编辑器中补全键名、"
                                   "悬停查看说明、即时发现拼错的键。")
    p.add_argument("dir", nargs="?", default=".", help="项目目录（默认当前目录）")
    p.add_argument("--out", "-o", help="输出目录（默认 DIR/schema）")
    p.set_defaults(run=run)


def run(args) -> int:
    out = Path(args.out) if args.out else Path(args.dir) / "schema"
    try:
        for name, data in schema_files().items():
            write_atomically(out / name, data)
    except OSError as e:
        print(f"powerlist: 错误：无法写入 {out}：{os_reason(e)}", file=sys.stderr)
        return 1
    print(f"已写入 {len(FILES)} 个 JSON Schema 到 {out}/。在 YAML 文件首行加入，例如：", file=sys.stderr)
    print("  catalog/<单位>.yaml:  " + MODELINE.format(path="../schema/unit.schema.json"), file=sys.stderr)
    print("  flows/<流程>.yaml:    " + MODELINE.format(path="../schema/flow.schema.json"), file=sys.stderr)
    print("  catalog/sources.yaml: " + MODELINE.format(path="../schema/sources.schema.json"), file=sys.stderr)
    print("  powerlist.yaml:       " + MODELINE.format(path="schema/settings.schema.json"), file=sys.stderr)
    return 0
