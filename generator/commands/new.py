"""``powerlist new unit|power|flow``: scaffold a file (or a power in a unit's file) with every required
field filled, so that a new office starts from something that loads and that `check` explains.

- ``new unit ID --name 名称``: catalog/ID.yaml with the usual posts (窗口, 经办人, 科室负责人, 分管领导,
  主要领导, 领导班子) and an empty power list;
- ``new project DIR --title 标题``: powerlist.yaml, an empty legal-source library, flows/, the editor
  schemas and a .gitignore;
- ``new flow ID --unit UNIT --name 名称 [--collective]``: flows/ID.yaml with a five-step 1+X chain (受理 →
  审查 → 审核 → [集体讨论 →] 决定 → 送达) on the unit's posts, which passes the separation-of-duties rules;
  with ``--penalty`` the general procedure of a penalty (立案 → 调查取证 → 法制审核 → 告知 → [集体讨论 →]
  决定 → 送达 → 执行), which passes the procedure rules too;
- ``new power UNIT --code CODE --name 名称 --category 类型 [--flow F] [--source S --article 第X条]``:
  a power appended to the unit's list.

Files are never overwritten. Nothing written is a fact the office did not give: where one is needed the
text holds a placeholder that ``check`` reports until replaced (``TODO`` text, the phone 0000-0000000:
PL011), or leaves the key out so that the rule asking for it reports it (time limits PL408, fee PL615);
a commented line shows how to write it. No step limits are written: the office states its own.
"""

from __future__ import annotations

import json
import sys
import typing
from pathlib import Path

from .. import layout
from ..files import write_atomically
from ..layout import is_project, not_a_project
from ..load import RawMap, load_text
from ..model import FEE_CATEGORIES, INTERNAL_CATEGORIES, Category, safe_code
from ..render.text import strip_invisible
from ..scaffold import id_problem, standard_posts
from . import usage_error

UNIT_TEMPLATE = """# yaml-language-server: $schema=../schema/unit.schema.json
name: {name}
# code: 统一社会信用代码（18 位）              # TODO
address: TODO 单位地址
phone: 0000-0000000                          # TODO 联系电话（区号-号码）
complaint_phone: 0000-0000000                # TODO 监督投诉电话（区号-号码，或 12345 等短号）
office_hours: TODO 办公时间，如 工作日 上午 8:30-12:00，下午 14:30-17:30

posts:                                       # 岗位：流程图的泳道按此顺序排列
{posts}
powers:                                      # 职权：用 powerlist new power {id} ... 添加
"""

FLOW_TEMPLATE = """# yaml-language-server: $schema=../schema/flow.schema.json
name: {name}
unit: {unit}
description: TODO 一句话说明流程
steps:
  - id: accept
    name: 受理
    post: {accept}
    action: 受理
    duty: TODO 审查申请材料是否齐全、符合法定形式
  - id: review
    name: 审查
    post: {review}
    action: 审查
    risks:
      - level: 低
        type: 业务流程
        description: TODO 风险点描述
        measures: [TODO 防控措施]
        owner: {low_owner}
  - id: check
    name: 审核
    post: {check}
    action: 审核
{collective}  - id: decide
    name: 决定
    post: {decide}
    action: 决定
    supervision: TODO 监督制约措施，如 审批意见书面留痕
  - id: deliver
    name: 送达
    post: {accept}
    action: 送达
"""

# 行政处罚 一般程序 (行政处罚法 第五十四条 立案，第四十二条 two officers, 第五十八条 法制审核，第四十四条 告知
# before the decision, 第五十七条第二款 collective decision of complex or major cases, 第六十一条 送达); no
# step limit is written: the office states its own.
PENALTY_TEMPLATE = """# yaml-language-server: $schema=../schema/flow.schema.json
name: {name}
unit: {unit}
procedure: 一般程序
limit_unit: 日                               # 行政处罚法 第六十条：九十日（自然日）
description: TODO 一句话说明流程
steps:
  - id: file
    name: 立案
    post: {check}
    action: 立案
    duty: TODO 对线索核查，符合立案条件的报负责人批准立案
  - id: investigate
    name: 调查取证
    post: {staff}
    action: 调查
    officers: 2
    duty: TODO 执法人员不少于两人，出示执法证件，全面、客观、公正地调查收集证据
    risks:
      - level: 中
        type: 业务流程
        description: TODO 风险点描述
        measures: [TODO 防控措施]
        owner: {medium_owner}
  - id: review
    name: 法制审核
    post: {check}
    action: 审查
  - id: notify
    name: 告知
    post: {staff}
    action: 告知
    duty: TODO 告知拟作出的处罚内容及事实、理由、依据，以及陈述、申辩、要求听证的权利
    next:
      - {{to: discuss, when: 情节复杂或重大违法}}
      - {{to: decide, when: 其他案件}}
  - id: discuss
    name: 集体讨论
    post: {collective}
    action: 集体讨论
    supervision: 会议记录存档
  - id: decide
    name: 决定
    post: {decide}
    action: 决定
    supervision: TODO 监督制约措施，如 处罚决定书面留痕
  - id: deliver
    name: 送达
    post: {staff}
    action: 送达
  - id: enforce
    name: 执行
    post: {staff}
    action: 执行
    officers: 2
"""

COLLECTIVE = """  - id: discuss
    name: 集体讨论
    post: {post}
    action: 集体讨论
    supervision: 会议记录存档, 纪检组列席
"""

POWER_TEMPLATE = """  - code: {code}
    name: {name}
    category: {category}
    basis:                                   # 实施依据：法律依据库 (catalog/sources.yaml) 中的 id 和条款
      - source: {source}
        article: {article}
    office: {office}
{limits}{flow}"""
# No limit is written: the law's general one yields to a special law (行政许可法 第四十二条："法律、法规另有
# 规定的，依照其规定"), so the office states it, and check reports it until then (PL408)
LIMITS = """    # legal_limit: 20                        # 法定时限（工作日），按所引法律填写；行政许可法第四十二条为 20
    # promised_limit: 10                     # 承诺时限（工作日）
"""
OTHER_LIMITS = """    # legal_limit: 0                         # 法定时限（工作日），按所引法律填写；没有的不写
    # promised_limit: 0                      # 承诺时限（工作日）；即办件写 0
"""
FEE = """    # fee: 不收费                            # 收费标准；收费的写明标准和 fee_basis (PL610, PL615)
"""
# 行政处罚法 第六十条：a decision within 九十日 of filing, calendar days (第八十五条 counts only
# 二日 … 七日 as working days)
PENALTY_LIMITS = """    penalty_kinds: []                        # TODO 处罚种类，如 警告、罚款、没收违法所得
    # legal_limit: 90                        # 行政处罚法 第六十条：九十日，法律、法规、规章另有规定的从其规定
    # promised_limit: 60                     # 承诺时限
    limit_unit: 日                           # 九十日为自然日（第八十五条只把二日至七日算作工作日）
"""


def add_parser(sub) -> None:
    p = sub.add_parser("new", help="新建单位、职权或流程文件（scaffold a unit, power or flow）",
                       description="按格式生成新文件，必填字段已填好，需要补充的地方标有 TODO。")
    kinds = p.add_subparsers(dest="kind", metavar="project|unit|power|flow", required=True)
    j = kinds.add_parser("project", help="新建项目目录：powerlist.yaml、catalog/、flows/、schema/、.gitignore")
    j.add_argument("path", help="新项目目录（须不存在或为空）")
    j.add_argument("--title", required=True, help="清单标题，如 某县权力清单")
    j.add_argument("--base-url", help="发布网站的地址，如 https://www.example.gov.cn/qlqd/")
    u = kinds.add_parser("unit", help="新建单位：catalog/ID.yaml")
    u.add_argument("id", help="单位标识，也是文件名：小写字母、数字和连字符，如 finance")
    u.add_argument("--name", required=True, help="单位名称，如 某县财政局")
    f = kinds.add_parser("flow", help="新建流程：flows/ID.yaml")
    f.add_argument("id", help="流程标识，也是文件名，如 land-approval")
    f.add_argument("--unit", required=True, help="所属单位的标识（catalog/ 下的文件名）")
    f.add_argument("--name", required=True, help="流程名称")
    f.add_argument("--collective", action="store_true",
                   help="在决定前加入集体讨论环节（重大事项须集体讨论决定）")
    f.add_argument("--penalty", action="store_true",
                   help="行政处罚一般程序：立案 → 调查取证 → 法制审核 → 告知 → （重大案件集体讨论）→ 决定 → 送达"
                        " → 执行")
    w = kinds.add_parser("power", help="在单位文件中添加一项职权")
    w.add_argument("unit", help="单位标识（catalog/ 下的文件名）")
    w.add_argument("--code", required=True, help="事项编码，如 XK00101000")
    w.add_argument("--name", required=True, help="事项名称")
    w.add_argument("--category", required=True, choices=typing.get_args(Category), metavar="类型",
                   help="职权类型：" + "、".join(typing.get_args(Category)))
    w.add_argument("--office", default="TODO 承办机构", help="承办机构")
    w.add_argument("--flow", help="运行流程的标识（flows/ 下的文件名）")
    w.add_argument("--source", default="TODO", help="法律依据库中的 id")
    w.add_argument("--article", default="第TODO条", help="条款，如 第十二条")
    for q in (u, f, w):
        q.add_argument("--dir", default=".", help="项目目录（默认当前目录）")
    p.set_defaults(run=run)


def _quoted(text: str) -> str:
    """A YAML scalar for text given on the command line: double-quoted and escaped, so that no text
    can become structure; control characters dropped, line breaks folded into spaces."""
    text = " ".join(strip_invisible(str(text)).split("\n"))
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML double-quoted scalar


def _create(path: Path, text: str) -> int:
    if path.exists():
        print(f"powerlist: 错误：{path} 已存在，不覆盖", file=sys.stderr)
        return 1
    write_atomically(path, text.encode())
    print(f"已创建 {path}；请补充标有 TODO 的内容，然后运行 powerlist check", file=sys.stderr)
    return 0


PROJECT_SETTINGS = """# yaml-language-server: $schema=schema/settings.schema.json
# 项目设置 (docs/format.md)
title: {title}
{base_url}release_tags: qlqd-*                   # 发布版本的 git 标签：网站公告页按标签列出历次调整
"""
GITIGNORE = (f"/site/\n/print/\n/public/\n{layout.CACHE_DIR}/\n"
             "# the locks that keep two builds of one output folder apart (.site.lock, .public.lock ...)\n/.*.lock\n"
             "# internal papers (roster view, self-inspection): never published, never committed\n"
             "/internal/\n/assessment/\n")


def _new_project(args) -> int:
    from ..render.yaml_schema import schema_files

    root = Path(args.path)
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        return usage_error(f"{root} 已存在且不是空目录")
    base = (f"base_url: {_quoted(args.base_url)}\n" if args.base_url
            else "# base_url: https://www.example.gov.cn/qlqd/   # TODO 网站地址\n")
    write_atomically(layout.settings_file(root),
                     PROJECT_SETTINGS.format(title=_quoted(args.title), base_url=base).encode())
    write_atomically(layout.sources_file(root),
                     "# yaml-language-server: $schema=../schema/sources.schema.json\n"
                     "# 法律依据库（docs/format.md）\nsources: []\n".encode())
    (root / layout.FLOWS).mkdir(parents=True, exist_ok=True)
    for name, data in schema_files().items():
        write_atomically(root / "schema" / name, data)
    write_atomically(root / ".gitignore", GITIGNORE.encode())
    print(f"已创建项目 {root}：下一步 powerlist new unit ... 或 powerlist import 表格.xlsx ...（在 {root} 中运行）",
          file=sys.stderr)
    return 0


def run(args) -> int:
    if args.kind == "project":
        return _new_project(args)
    root = Path(args.dir)
    if not is_project(root):
        return usage_error(not_a_project(args.dir))
    if args.kind == "unit":
        if problem := id_problem(args.id, "单位标识"):
            return usage_error(problem)
        posts = "".join("  - {" + ", ".join(f"{k}: {v}" for k, v in post.items()) + "}\n"
                        for post in standard_posts("TODO 业务股", args.name))
        return _create(layout.unit_file(root, args.id),
                       UNIT_TEMPLATE.format(name=_quoted(args.name), id=args.id, posts=posts))
    if args.kind == "flow":
        if problem := id_problem(args.id, "流程标识"):
            return usage_error(problem)
        posts = _unit_posts(root, args.unit)
        if posts is None:
            return usage_error(f"找不到单位 '{args.unit}' (catalog/{args.unit}.yaml) 或其中没有岗位")
        by_role = {}
        for post_id, role in posts:
            by_role.setdefault(role, post_id)
        staff = by_role.get("工作人员") or posts[0][0]
        if args.penalty:
            return _create(layout.flow_file(root, args.id), PENALTY_TEMPLATE.format(
                name=_quoted(args.name), unit=args.unit, staff=staff, check=by_role.get("科室负责人", staff),
                medium_owner=by_role.get("分管领导", staff),
                collective=by_role.get("领导班子", by_role.get("主要领导", staff)),
                decide=by_role.get("分管领导") or by_role.get("主要领导", staff)))
        text = FLOW_TEMPLATE.format(
            name=_quoted(args.name), unit=args.unit, accept=by_role.get("窗口", staff), review=staff,
            check=by_role.get("科室负责人", staff), decide=by_role.get("分管领导") or by_role.get("主要领导", staff),
            low_owner=by_role.get("科室负责人", staff),
            collective=COLLECTIVE.format(post=by_role.get("领导班子", by_role.get("主要领导", staff)))
            if args.collective else "")
        return _create(layout.flow_file(root, args.id), text)
    # a power, appended to the unit's list
    path = layout.unit_file(root, args.unit)
    if not path.is_file():
        return usage_error(f"找不到单位文件 {path}")
    if not safe_code(args.code):
        return usage_error(f"事项编码 '{args.code}' 只能用字母、数字和 . _ -，且不能是 Windows 设备名")
    text = path.read_text(encoding="utf-8")
    raw = load_text(path.name, text.encode()).data
    if not isinstance(raw, RawMap):
        return usage_error(f"{path} 现在不能正确读取；请先修正（powerlist check）")
    keys = list(raw)
    existing = [p.get("code") for p in raw.get("powers") or () if isinstance(p, dict)]
    if args.code in map(str, existing):  # codes are unique across the catalogue (PL601): not even a second copy here
        print(f"powerlist: 错误：{path} 中已有事项编码 {args.code}，未添加", file=sys.stderr)
        return 1
    if "powers" in keys and keys[-1] != "powers":
        return usage_error(f"{path} 中 powers: 不是最后一个键；请把 powers: 移到文件末尾后再添加")
    if "powers" in keys and raw["powers"] is not None and not raw["powers"]:  # `powers: []` (perhaps with a comment)
        lines = text.splitlines(keepends=True)
        at = raw.key_locs["powers"].line - 1
        if "[]" not in lines[at]:
            return usage_error(f"{path} 中 powers: 的写法无法自动添加；请手工添加")
        lines[at] = lines[at].replace("[]", "", 1)
        text = "".join(lines)
    if not text.endswith("\n"):
        text += "\n"
    if "powers" not in keys:
        text += "powers:\n"
    flow = f"    flow: {_quoted(args.flow)}\n" if args.flow else "    # flow: TODO 运行流程（flows/ 下的文件名）\n"
    item = POWER_TEMPLATE.format(code=_quoted(args.code), name=_quoted(args.name), category=args.category,
                                 source=_quoted(args.source), article=_quoted(args.article),
                                 office=_quoted(args.office), flow=flow,
                                 limits=_limits(args.category))
    indent = _list_indent(text, raw.get("powers"))
    text += "".join(" " * (indent - 2) + line if line.strip() else line for line in item.splitlines(keepends=True)) \
        if indent > 2 else "".join(line[2 - indent:] for line in item.splitlines(keepends=True))
    write_atomically(path, text.encode())
    print(f"已在 {path} 中添加职权 {args.code}；请补充标有 TODO 的内容，然后运行 powerlist check", file=sys.stderr)
    return 0


def _limits(category: str) -> str:
    """The commented limit and fee lines of a new power of ``category``: nothing that reads as a fact."""
    if category == "行政处罚":
        return PENALTY_LIMITS
    limits = LIMITS if category == "行政许可" else OTHER_LIMITS if category not in INTERNAL_CATEGORIES else ""
    return limits + (FEE if category in FEE_CATEGORIES else "")


def _list_indent(text: str, items) -> int:
    """Columns before the '-' of the existing power items (2 when there are none yet)."""
    if not items or not getattr(items, "item_locs", None):
        return 2
    line = text.splitlines()[items.item_locs[0].line - 1]
    return len(line) - len(line.lstrip(" "))


def _unit_posts(root: Path, unit: str) -> list[tuple[str, str]] | None:
    path = layout.unit_file(root, unit)
    if id_problem(unit, "单位标识") or not path.is_file():
        return None
    raw = load_text(path.name, path.read_bytes()).data
    if not isinstance(raw, RawMap) or not raw.get("posts"):
        return None
    return [(str(p.get("id")), str(p.get("role"))) for p in raw["posts"] if isinstance(p, RawMap)] or None
