"""Stage 2, model: typed, immutable objects for units, powers, flows and legal sources.

Each class lists its YAML keys as dataclass fields; ``spec()`` adds the Chinese title shown to users
(and later in the editor schema) and whether the key is required. ``generator.schema`` turns raw
loaded data into these objects. Every object keeps ``loc`` (where its mapping starts) and ``locs``
(where each key's value is), so rules can point at ``file:line:col``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Literal, Mapping, NewType, get_args

from .findings import Loc

REQUIRED = dataclasses.MISSING

Category = Literal[
    "行政许可", "行政处罚", "行政强制", "行政征收", "行政给付", "行政检查", "行政确认", "行政奖励",
    "行政裁决", "其他行政权力", "公共服务", "人财物", "三重一大",
]
# Two-letter prefixes of item codes by category (Guizhou-style base codes, domain guide §7);
# 人财物 / 三重一大 have no national code, NB / SY are this tool's convention.
CATEGORY_PREFIX: dict[str, str] = {
    "行政许可": "XK", "行政处罚": "CF", "行政强制": "QZ", "行政征收": "ZS", "行政给付": "JF",
    "行政检查": "JD", "行政确认": "QR", "行政奖励": "JL", "行政裁决": "CJ", "其他行政权力": "QT",
    "公共服务": "GG", "人财物": "NB", "三重一大": "SY",
}
INTERNAL_CATEGORIES = frozenset({"人财物", "三重一大"})

Role = Literal["主要领导", "分管领导", "科室负责人", "工作人员", "窗口", "领导班子"]
TOP_LEADER: Role = "主要领导"  # 主要领导 (一把手): may not run finance, personnel, projects, purchasing alone
Action = Literal[
    "申请", "受理", "立案", "审查", "调查", "检查", "勘查", "告知", "听证", "集体讨论", "决定", "审核",
    "审批", "登记", "送达", "执行", "经办", "支付", "公示", "归档", "监管", "其他",
]
RiskLevel = Literal["高", "中", "低"]
RISK_LEVELS: tuple[RiskLevel, ...] = get_args(RiskLevel)  # highest first
HIGH, MEDIUM, LOW = RISK_LEVELS
RiskType = Literal["思想道德", "制度机制", "岗位职责", "业务流程", "外部环境"]
SourceLevel = Literal[
    "宪法", "法律", "行政法规", "国务院决定", "地方性法规", "自治条例和单行条例", "部门规章",
    "地方政府规章", "规范性文件", "党内法规", "内部制度",
]
# Lower rank = higher force (立法法). Equal ranks have equal force in their own fields.
SOURCE_RANK: dict[str, int] = {
    "宪法": 0, "法律": 1, "行政法规": 2, "国务院决定": 2, "地方性法规": 3, "自治条例和单行条例": 3,
    "部门规章": 4, "地方政府规章": 4, "党内法规": 4, "规范性文件": 5, "内部制度": 6,
}
# A phone number is text; an unquoted short number such as 12345 (a YAML integer) is accepted too.
Phone = NewType("Phone", str)
Nature = Literal["法定机关", "授权组织", "受委托单位"]
Audience = Literal["个人", "法人", "其他组织", "内部"]
Procedure = Literal["一般程序", "简易程序", "普通程序", "特别程序"]
# 行政处罚法 (2021) 第九条: the kinds of administrative penalty, in the article's order; 其他 = 第九条第六项
# "法律、行政法规规定的其他行政处罚". 行政拘留 is the penalty that restricts personal freedom (第十条第二款).
PenaltyKind = Literal[
    "警告", "通报批评", "罚款", "没收违法所得", "没收非法财物", "暂扣许可证件", "降低资质等级", "吊销许可证件",
    "限制开展生产经营活动", "责令停产停业", "责令关闭", "限制从业", "行政拘留", "其他",
]
# 行政强制法 第九条: the kinds of administrative coercive measure, in the article's order (其他 = 第五项).
CoercionKind = Literal["限制公民人身自由", "查封场所、设施或者财物", "扣押财物", "冻结存款、汇款", "其他"]


# Bounds on what one value may hold: far above what a real list needs (the longest power names run to
# ~200 characters, a long article to ~2,000), far below what would make a build crawl.
SHORT_TEXT = 300  # characters in a name, an office, an article, a phone ...
LONG_TEXT = 5_000  # characters in a description, a duty, a measure, an excerpt, a Markdown field
MAX_ITEMS = 5_000  # items in a list, unless the field says fewer
MAX_LINKS = 100  # "[" in a Markdown field: Python-Markdown scans ahead from each one (quadratic time)


# ---------------------------------------------------------------- ids
# Ids and item codes become file names and web addresses (units/<id>.html, powers/<code>.html).
SAFE_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
SAFE_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
MAX_ID = 64

# Names Windows keeps for devices, with any extension: a site with powers/CON.html cannot be copied
# to a Windows server or unpacked there.
WINDOWS_NAMES = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
                           *(f"lpt{i}" for i in range(1, 10))})


def safe_id(ident: str) -> bool:
    """An id that can be a file name everywhere: lower-case ASCII words joined by hyphens."""
    return bool(SAFE_ID.fullmatch(ident)) and len(ident) <= MAX_ID and ident not in WINDOWS_NAMES


def safe_code(code: str) -> bool:
    """An item code that can be a page's file name everywhere."""
    return (bool(SAFE_CODE.fullmatch(code)) and len(code) <= MAX_ID and code.split(".")[0].lower() not in WINDOWS_NAMES
            and not code.endswith("."))


def spec(title: str, default=REQUIRED, *, doc: str = "", derived: bool = False, private: bool = False,
         markdown: bool = False, minimum: float | None = None, min_items: int = 0, max_items: int = MAX_ITEMS,
         max_length: int = SHORT_TEXT):
    """A model field: ``title`` is the Chinese name users see; no default means required.

    ``derived`` fields are filled by the loader (e.g. an id taken from the file name), not written in
    YAML; ``private`` fields (the roster, internal notes) must never be published: ``public()`` drops
    them before anything is rendered. ``markdown`` fields are rendered as sanitised Markdown on the site.
    ``max_length`` bounds each text (the value, or each item of a list of texts); ``max_items`` a list.
    """
    meta = {"title": title, "doc": doc, "derived": derived, "private": private, "markdown": markdown,
            "minimum": minimum, "min_items": min_items, "max_items": max_items, "max_length": max_length}
    if isinstance(default, (list, dict)):
        raise TypeError("use a tuple default")
    return field(default=default, metadata=meta)


def _where():
    return field(default=Loc("", 0, 0), compare=False, repr=False, metadata={"skip": True})


def _where_map():
    return field(default_factory=dict, compare=False, repr=False, metadata={"skip": True})


@dataclass(frozen=True, slots=True, kw_only=True)
class Node:
    """Base of every model object: where it was written."""

    loc: Loc = _where()
    locs: Mapping[str, Loc] = _where_map()

    def at(self, key: str, item: int | None = None) -> Loc:
        """Location of the value of ``key``, or of its ``item``-th item for a list of plain values (or
        of the object when the key was not written)."""
        if item is not None and f"{key}[{item}]" in self.locs:
            return self.locs[f"{key}[{item}]"]
        return self.locs.get(key, self.loc)


# ---------------------------------------------------------------- settings (powerlist.yaml)

DEFAULT_INCOMPATIBLE = (
    ("受理", "决定"), ("审查", "决定"), ("调查", "决定"), ("审批", "登记"),
    ("经办", "审核"), ("审核", "审批"), ("审批", "支付"),
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings(Node):
    """Project settings (项目设置), read from powerlist.yaml at the project root; all optional."""

    title: str = spec("清单标题", "权力清单")
    base_url: str | None = spec("网站地址", None, max_length=200, doc="发布网站的根地址, 用于规范链接和海报二维码")
    check_date: dt.date | None = spec("检查日期", None, doc="判断法律依据是否有效的日期; 默认为当天")
    version_date: dt.date | None = spec("版本日期", None, doc="印在海报和网站上的发布版本日期; 默认取 git 最近提交日期")
    release_tags: str | None = spec(
        "发布版本标签", None, doc="git 标签的通配符, 如 qlqd-*: 网站公告页按这些标签列出历次调整")
    item_code_pattern: str = spec(
        "事项编码格式", r"^[A-Z]{2}\d{8}$", doc="正则表达式; 默认为 2 位类别字母 + 5 位事项 + 3 位子项")
    phone_pattern: str = spec("电话格式", r"^0\d{2,3}-\d{7,8}$", doc="正则表达式; 默认 区号-号码")
    short_numbers: tuple[Phone, ...] = spec("允许的短号码", ("12345", "12388"))
    incompatible_duties: tuple[tuple[Action, Action], ...] = spec(
        "不相容职责", DEFAULT_INCOMPATIBLE, doc="必须由不同岗位承担的环节类型对")
    field_actions: tuple[Action, ...] = spec("现场执法环节", ("调查", "检查", "勘查", "执行"),
                                          doc="至少需要两名执法人员的环节类型")
    leader_not_in_charge: tuple[str, ...] = spec(
        "主要领导不直接分管的领域", ("财务", "人事", "工程项目", "物资采购"))
    max_file_bytes: int = spec("单个文件大小上限 (字节)", 2 * 1024 * 1024, minimum=1)
    ignore: tuple[str, ...] = spec("忽略的规则代码", ())


# ---------------------------------------------------------------- legal sources (catalog/sources.yaml)


@dataclass(frozen=True, slots=True, kw_only=True)
class LegalSource(Node):
    """A law, regulation, rule or document in the shared legal-source library (法律依据库)."""

    id: str = spec("标识")
    title: str = spec("名称", doc="全称, 不带书名号")
    level: SourceLevel = spec("效力层级")
    issuer: str = spec("制定机关")
    number: str | None = spec("文号", None, doc="如 主席令第七号")
    effective: dt.date | None = spec("施行日期", None, doc="未知时留空 (如从表格导入): 检查会提示补充 (PL109)")
    amended: dt.date | None = spec("最近修正/修订日期", None)
    repealed: dt.date | None = spec("废止日期", None)
    provincial: bool = spec("省级", False, doc="地方政府规章由省级政府制定时为 true (可设定临时性行政许可)")

    def in_force(self, day: dt.date) -> bool:
        return (self.effective is None or self.effective <= day) and (self.repealed is None or day < self.repealed)


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceLibrary(Node):
    sources: tuple[LegalSource, ...] = spec("法律依据")


# ---------------------------------------------------------------- units (catalog/<unit>.yaml)


@dataclass(frozen=True, slots=True, kw_only=True)
class Post(Node):
    """A post (岗位) of a unit; flow steps are assigned to posts."""

    id: str = spec("标识")
    name: str = spec("岗位名称")
    section: str = spec("所在科室")
    role: Role = spec("岗位类别", doc="主要领导 / 分管领导 / 科室负责人 / 工作人员 / 窗口 / 领导班子(集体决策机构)")


@dataclass(frozen=True, slots=True, kw_only=True)
class RosterEntry(Node):
    """Who holds which posts (人员名册). Never published."""

    person: str = spec("姓名")
    posts: tuple[str, ...] = spec("所任岗位")


@dataclass(frozen=True, slots=True, kw_only=True)
class Citation(Node):
    """One legal basis of a power (实施依据): a source from the library and the article cited."""

    source: str = spec("依据标识", doc="法律依据库中的 id")
    article: str | None = spec("条款", None, doc="如 第四十二条第一款")
    text: str | None = spec("条文摘录", None, max_length=LONG_TEXT)


@dataclass(frozen=True, slots=True, kw_only=True)
class Responsibility(Node):
    """One stage of the responsibility list (责任清单)."""

    stage: str = spec("环节")
    duty: str = spec("责任内容", max_length=LONG_TEXT)


@dataclass(frozen=True, slots=True, kw_only=True)
class Power(Node):
    """A power (职权 / 权力事项) exercised by a unit."""

    code: str = spec("事项编码")
    name: str = spec("事项名称")
    category: Category = spec("职权类型")
    sub_items: tuple[str, ...] = spec("子项", (), max_items=500)
    basis: tuple[Citation, ...] = spec("实施依据", (), max_items=50, doc="按效力层级从高到低排列")
    penalty_kinds: tuple[PenaltyKind, ...] = spec(
        "处罚种类", (), doc="行政处罚的种类 (行政处罚法第九条), 只写所引条款规定的种类")
    coercion_kinds: tuple[CoercionKind, ...] = spec(
        "强制措施种类", (), doc="行政强制措施的种类 (行政强制法第九条), 只写所引条款规定的种类")
    office: str = spec("承办机构")
    address: str | None = spec("办理地点", None)
    office_hours: str | None = spec("办理时间", None)
    audience: tuple[Audience, ...] = spec("服务对象", ())
    legal_limit: int | None = spec("法定时限 (工作日)", None, minimum=0)
    promised_limit: int | None = spec("承诺时限 (工作日)", None, doc="0 表示即办件", minimum=0)
    fee: str = spec("收费标准", "不收费", max_length=LONG_TEXT)
    fee_basis: str | None = spec("收费依据", None, max_length=LONG_TEXT)
    phone: Phone | None = spec("联系电话", None)
    complaint_phone: Phone | None = spec("监督投诉电话", None)
    flow: str | None = spec("运行流程", None, doc="flows/ 下的流程文件名 (不含 .yaml)")
    major: bool = spec("重大事项", False, doc="重大事项须集体讨论决定")
    responsibilities: tuple[Responsibility, ...] = spec("责任事项", (), max_items=50)
    accountability: tuple[str, ...] = spec("追责情形", (), max_items=200, max_length=LONG_TEXT)
    conditions: str | None = spec(
        "申请条件", None, doc="Markdown; 依申请事项的受理条件", markdown=True, max_length=LONG_TEXT)
    materials: tuple[str, ...] = spec("申请材料", (), doc="每项一条", max_items=200, max_length=LONG_TEXT)
    remarks: str | None = spec("备注", None, doc="Markdown", markdown=True, max_length=LONG_TEXT)
    internal_notes: str | None = spec(
        "内部备注", None, doc="仅供本单位内部使用, 不公开发布", private=True, max_length=LONG_TEXT)


@dataclass(frozen=True, slots=True, kw_only=True)
class Unit(Node):
    """A unit (单位): a county bureau, a court, a township. Its id is its file name."""

    id: str = spec("标识", "", derived=True)
    path: str = spec("文件", "", derived=True)
    name: str = spec("单位名称")
    code: str | None = spec("统一社会信用代码", None, doc="18 位统一社会信用代码或组织机构代码")
    nature: Nature = spec("实施主体性质", "法定机关")
    address: str | None = spec("地址", None)
    phone: Phone | None = spec("联系电话", None)
    complaint_phone: Phone | None = spec("监督投诉电话", None)
    office_hours: str | None = spec("办公时间", None)
    posts: tuple[Post, ...] = spec("岗位", min_items=1, max_items=1000)
    roster: tuple[RosterEntry, ...] = spec("人员名册", (), doc="不公开发布", private=True)
    incompatible_duties: tuple[tuple[Action, Action], ...] = spec("本单位补充的不相容职责", ())
    powers: tuple[Power, ...] = spec("职权", ())
    internal_notes: str | None = spec(
        "内部备注", None, doc="仅供本单位内部使用, 不公开发布", private=True, max_length=LONG_TEXT)

    def post(self, post_id: str) -> Post | None:
        return next((p for p in self.posts if p.id == post_id), None)


# ---------------------------------------------------------------- flows (flows/<flow>.yaml)


@dataclass(frozen=True, slots=True, kw_only=True)
class Transition(Node):
    """An edge to another step, with an optional condition (条件), e.g. 材料不齐 -> 补正."""

    to: str = spec("下一环节")
    when: str | None = spec("条件", None)

    @classmethod
    def from_scalar(cls, value, loc: Loc):
        return cls(to=value, loc=loc, locs={"to": loc}) if isinstance(value, str) else None


@dataclass(frozen=True, slots=True, kw_only=True)
class RiskPoint(Node):
    """A risk point (风险点) on a step, marked ★ on the chart."""

    level: RiskLevel = spec("风险等级", doc="高/中/低 = 一级/二级/三级")
    type: RiskType = spec("风险类型")
    description: str = spec("风险点描述", max_length=LONG_TEXT)
    manifestation: str | None = spec("表现形式", None, max_length=LONG_TEXT)
    measures: tuple[str, ...] = spec("防控措施", (), max_items=50, max_length=LONG_TEXT)
    owner: str = spec("责任岗位", doc="高 → 主要领导, 中 → 分管领导, 低 → 科室负责人")
    internal_notes: str | None = spec(
        "内部备注", None, doc="仅供本单位内部使用, 不公开发布", private=True, max_length=LONG_TEXT)


@dataclass(frozen=True, slots=True, kw_only=True)
class Step(Node):
    """A step (环节) of a workflow."""

    id: str = spec("标识")
    name: str = spec("环节名称")
    post: str = spec("承办岗位")
    action: Action = spec("环节类型")
    days: float | None = spec("办理时限 (工作日)", None, minimum=0)
    counted: bool = spec("计入法定时限", True, doc="听证、检验、专家评审等不计入时限的环节写 false")
    duty: str | None = spec("职责要求", None, max_length=LONG_TEXT)
    supervision: str | None = spec("监督制约环节", None, max_length=LONG_TEXT)
    officers: int = spec("承办人数", 1, minimum=1)
    next: tuple[Transition, ...] | None = spec("下一环节", None, max_items=20, doc="省略时进入列表中的下一环节")
    end: bool = spec("结束环节", False)
    risks: tuple[RiskPoint, ...] = spec("风险点", (), max_items=20)
    internal_notes: str | None = spec(
        "内部备注", None, doc="仅供本单位内部使用, 不公开发布", private=True, max_length=LONG_TEXT)


@dataclass(frozen=True, slots=True, kw_only=True)
class Flow(Node):
    """A workflow (权力运行流程): steps and transitions. Its id is its file name."""

    id: str = spec("标识", "", derived=True)
    path: str = spec("文件", "", derived=True)
    name: str = spec("流程名称")
    unit: str = spec("所属单位")
    area: str | None = spec("业务领域", None, doc="如 财务、人事、工程项目、物资采购、行政审批")
    procedure: Procedure | None = spec("程序类型", None)
    description: str | None = spec("说明", None, doc="Markdown", markdown=True, max_length=LONG_TEXT)
    steps: tuple[Step, ...] = spec("环节", min_items=1, max_items=200)
    internal_notes: str | None = spec(
        "内部备注", None, doc="仅供本单位内部使用, 不公开发布", private=True, max_length=LONG_TEXT)

    def step(self, step_id: str) -> Step | None:
        return next((s for s in self.steps if s.id == step_id), None)

    def edges(self) -> list[tuple[Step, Transition]]:
        """Every transition, with fall-through to the following step made explicit."""
        out = []
        for i, s in enumerate(self.steps):
            if s.next is not None:
                out.extend((s, t) for t in s.next)
            elif not s.end and i + 1 < len(self.steps):
                nxt = self.steps[i + 1]
                out.append((s, Transition(to=nxt.id, loc=s.loc)))
        return out


# ---------------------------------------------------------------- the whole project


@dataclass(frozen=True, slots=True, kw_only=True)
class Project:
    """Everything loaded from one project folder."""

    root: str
    settings: Settings
    sources: tuple[LegalSource, ...]
    units: tuple[Unit, ...]
    flows: tuple[Flow, ...]

    def powers(self):
        for unit in self.units:
            for power in unit.powers:
                yield unit, power


# ---------------------------------------------------------------- what may be published


def public(obj):
    """A copy of ``obj`` (any model object, or a tuple of them) with every private field reset to
    its default: the roster and internal notes. Everything that renders receives this copy, so no
    renderer can publish a private field by mistake."""
    if isinstance(obj, tuple):
        items = tuple(public(x) for x in obj)
        return obj if all(a is b for a, b in zip(items, obj)) else items
    if not dataclasses.is_dataclass(obj) or isinstance(obj, type):
        return obj
    changes = {}
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if f.metadata.get("private"):
            if value != f.default:
                changes[f.name] = f.default
        elif isinstance(value, tuple) or dataclasses.is_dataclass(value):
            new = public(value)
            if new is not value:
                changes[f.name] = new
    return dataclasses.replace(obj, **changes) if changes else obj
