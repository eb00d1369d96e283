"""Stage 2, model: typed, immutable objects for units, powers, flows and legal sources.

Each class lists its YAML keys as dataclass fields; ``spec()`` adds the Chinese title shown to users
(and later in the editor schema) and whether the key is required. ``generator.schema`` turns raw
loaded data into these objects. Every object keeps ``loc`` (where its mapping starts) and ``locs``
(where each key's value is), so rules can point at ``file:line:col``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from .findings import Loc
from .spec import LONG_TEXT, Node, spec
from .vocabulary import (  # noqa: F401  (the model's vocabulary: `from .model import Category` works too)
    CALENDAR_DAYS,
    CATEGORY_PREFIX,
    DEFAULT_RISK_TYPES,
    FEE_CATEGORIES,
    HIGH,
    INTERNAL_CATEGORIES,
    LOW,
    MAX_ID,
    MEDIUM,
    RISK_LEVEL_ALIASES,
    RISK_LEVELS,
    SAFE_CODE,
    SAFE_ID,
    SOURCE_RANK,
    TOP_LEADER,
    WINDOWS_NAMES,
    WORKING_DAYS,
    Action,
    Audience,
    CaseType,
    Category,
    CoercionKind,
    LimitUnit,
    Nature,
    PenaltyKind,
    Phone,
    Procedure,
    RemedyKind,
    RiskLevel,
    RiskType,
    Role,
    SourceLevel,
    safe_code,
    safe_id,
)

# ---------------------------------------------------------------- settings (powerlist.yaml)

DEFAULT_INCOMPATIBLE = (
    ("受理", "决定"), ("审查", "决定"), ("调查", "决定"), ("审批", "登记"),
    ("经办", "审核"), ("审核", "审批"), ("审批", "支付"), ("经办", "审批"),
)


@dataclass(frozen=True, slots=True, kw_only=True)
class StageChain(Node):
    """The stages a category's procedure must pass, in order, and the steps it may end at (法定程序环节).

    A flow run by a power of ``category`` is checked against the chain of its ``procedure``, or, when
    there is none, against the chain without a procedure. Each stage lists the step actions that count
    for it (e.g. [决定, 审批]); every path from the start to a step of one stage must pass a step of the
    stage before it (PL211). ``ends``: the actions an end step may have (PL212); empty means unchecked.
    """

    category: Category = spec("职权类型")
    procedure: Procedure | None = spec("程序类型", None, doc="省略时适用于该类型未单独列出的所有程序")
    stages: tuple[tuple[Action, ...], ...] = spec(
        "必经环节", (), doc="按先后顺序；每项为可算作该环节的环节类型，如 [决定, 审批]; 空列表表示不检查（如简易程序）")
    ends: tuple[Action, ...] = spec("允许的结束环节", (), doc="流程的结束环节只能是这些环节类型；空列表表示不检查")


# Ends: a decision, its delivery or execution, filing, a notice (不予受理, 退回) ...; not 审查, 勘查 ...
_LIC_ENDS: tuple[Action, ...] = ("告知", "决定", "审批", "登记", "送达", "公示", "归档", "监管", "执行", "其他")
_PEN_ENDS: tuple[Action, ...] = ("告知", "决定", "送达", "执行", "公示", "归档", "监管", "其他")
DEFAULT_STAGE_CHAINS = (
    # 行政许可法 第三十二条 (受理), 第三十四条 (审查), 第三十七条、第三十八条 (决定)
    StageChain(category="行政许可", stages=(("受理",), ("审查", "审核"), ("决定", "审批")), ends=_LIC_ENDS),
    # 行政处罚法 第五十四条 (调查, 立案), 第四十四条、第六十二条 (告知 before 决定), 第五十七条 (决定)
    StageChain(category="行政处罚", stages=(("立案",), ("调查",), ("告知",), ("决定",)), ends=_PEN_ENDS),
    # 简易程序 (第五十一条、第五十二条): the officer informs and decides on the spot; no stage chain
    StageChain(category="行政处罚", procedure="简易程序", ends=_PEN_ENDS),
)


@dataclass(frozen=True, slots=True, kw_only=True)
class PostGrading(Node):
    """How posts are graded (一级/二级/三级风险岗位, generator/posts.py): by the highest level among the
    risk points of the steps a post handles; optionally also those it owns, and one grade higher when
    it has many risk points of that level."""

    count_owned: bool = spec("计入负责的风险点", False, doc="true: 岗位作为责任岗位负责的风险点也计入其等级")
    promote_at: int | None = spec("升级数量", None, minimum=2,
                                  doc="同一最高等级的风险点达到此数时，岗位升一级（如 3 个中风险 → 一级）；"
                                      "省略则不升级")


@dataclass(frozen=True, slots=True, kw_only=True)
class SiteFooter(Node):
    """What a Chinese government website states at the foot of every page (《政府网站发展指引》,
    国办发〔2017〕47号: 主办单位, 网站标识码, ICP 备案, 公安机关备案, 党政机关网站标识, 联系方式). Only
    what is written here is shown: none of it is invented."""

    sponsor: str | None = spec("主办单位", None, max_length=100)
    organizer: str | None = spec("承办单位", None, max_length=100)
    site_code: str | None = spec("网站标识码", None, max_length=20, doc="政府网站标识码，如 4299990001")
    icp: str | None = spec("ICP备案号", None, max_length=50, doc="如 鄂ICP备12345678号；链接到 beian.miit.gov.cn")
    police_record: str | None = spec("公安机关备案号", None, max_length=50,
                                     doc="如 鄂公网安备42999902000001号；链接到 beian.mps.gov.cn")
    party_mark_url: str | None = spec("党政机关网站标识", None, max_length=300,
                                      doc="标识核验页的 http(s) 地址（网站以文字链接显示；编办提供的脚本不在本站运行）")
    contact: str | None = spec("联系我们", None, max_length=200, doc="电话、邮箱或地址")


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings(Node):
    """Project settings (项目设置), read from powerlist.yaml at the project root; all optional."""

    title: str = spec("清单标题", "权力清单")
    base_url: str | None = spec("网站地址", None, max_length=200, doc="发布网站的根地址，用于规范链接和海报二维码")
    check_date: dt.date | None = spec("检查日期", None, doc="判断法律依据是否有效的日期；默认为当天")
    version_date: dt.date | None = spec("版本日期", None, doc="印在海报和网站上的发布版本日期；默认取 git 最近提交日期")
    release_tags: str | None = spec(
        "发布版本标签", None, doc="git 标签的通配符，如 qlqd-*: 网站公告页按这些标签列出历次调整")
    item_code_pattern: str = spec(
        "事项编码格式", r"^[A-Z]{2}\d{8}$", doc="正则表达式；默认为 2 位类别字母 + 5 位事项 + 3 位子项")
    phone_pattern: str = spec("电话格式", r"^0\d{2,3}-\d{7,8}$", doc="正则表达式；默认 区号-号码")
    short_numbers: tuple[Phone, ...] = spec("允许的短号码", ("12345", "12388"))
    incompatible_duties: tuple[tuple[Action, Action], ...] = spec(
        "不相容职责", DEFAULT_INCOMPATIBLE, doc="必须由不同岗位承担的环节类型对")
    field_actions: tuple[Action, ...] = spec("现场执法环节", ("调查", "检查", "勘查", "执行"),
                                          doc="至少需要两名执法人员的环节类型")
    leader_not_in_charge: tuple[str, ...] = spec(
        "主要领导不直接分管的领域", ("财务", "人事", "工程项目", "物资采购"))
    stage_chains: tuple[StageChain, ...] = spec(
        "法定程序环节", DEFAULT_STAGE_CHAINS, max_items=100,
        doc="各职权类型（及程序）必经的环节顺序和允许的结束环节；写出时替换全部默认值")
    max_file_bytes: int = spec("单个文件大小上限（字节）", 2 * 1024 * 1024, minimum=1)
    ignore: tuple[str, ...] = spec("忽略的规则代码", ())
    post_grading: PostGrading = spec("风险岗位定级", PostGrading(), doc="见 docs/posts.md")
    footer: SiteFooter = spec("网站页脚", SiteFooter(), doc="政府网站页脚信息，见 docs/site.md")
    risk_types: tuple[str, ...] = spec(
        "风险类型", DEFAULT_RISK_TYPES, min_items=1, max_items=100,
        doc="风险点 type 可用的类型（PL304）；默认为种子材料所用的 思想道德、制度机制、岗位职责、业务流程、"
            "外部环境、业务操作、业务管理、政务")


# ---------------------------------------------------------------- legal sources (catalog/sources.yaml)


@dataclass(frozen=True, slots=True, kw_only=True)
class LegalSource(Node):
    """A law, regulation, rule or document in the shared legal-source library (法律依据库)."""

    id: str = spec("标识")
    title: str = spec("名称", doc="全称，不带书名号")
    level: SourceLevel | None = spec("效力层级", None, doc="未写时 check 报错（PL115）：从表格导入而不能确定时如此")
    issuer: str | None = spec("制定机关", None, doc="未知时留空（如从表格导入）：网站和文档写 未列明")
    number: str | None = spec("文号", None, doc="如 主席令第七号")
    effective: dt.date | None = spec("施行日期", None, doc="未知时留空（如从表格导入）：检查会提示补充（PL109）")
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
    role: Role = spec("岗位类别", doc="主要领导 / 分管领导 / 科室负责人 / 工作人员 / 窗口 / 领导班子（集体决策机构）")


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
class Remedy(Node):
    """救济渠道: where a party can challenge the power's decision, and within what time. The time is
    written as the law writes it, in 日 (行政复议法 第二十条: 六十日) or in 个月 (行政诉讼法 第四十六条:
    六个月), never converted: a month is not a fixed number of days."""

    kind: RemedyKind = spec("救济方式", doc="行政复议 / 行政诉讼")
    body: str = spec("受理机关", doc="复议机关或管辖法院，如 示例县人民政府")
    days: int | None = spec("申请期限（日）", None, minimum=1, doc="法律以日计的期限；与 months 二选一")
    months: int | None = spec("申请期限（月）", None, minimum=1, doc="法律以月计的期限；与 days 二选一")


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
    category: Category | None = spec("职权类型", None,
                                     doc="未写时 check 报错（PL616），草稿写 未列明：从表格导入而表中没有写明时如此")
    sub_items: tuple[str, ...] = spec("子项", (), max_items=500)
    basis: tuple[Citation, ...] = spec("实施依据", (), max_items=50, doc="按效力层级从高到低排列")
    penalty_kinds: tuple[PenaltyKind, ...] = spec(
        "处罚种类", (), doc="行政处罚的种类（行政处罚法第九条），只写所引条款规定的种类")
    coercion_kinds: tuple[CoercionKind, ...] = spec(
        "强制措施种类", (), doc="行政强制措施的种类（行政强制法第九条），只写所引条款规定的种类")
    office: str | None = spec("承办机构", None, doc="未写时网站和文档写 未列明，检查会提示补充（PL614）")
    address: str | None = spec("办理地点", None)
    office_hours: str | None = spec("办理时间", None)
    audience: tuple[Audience, ...] = spec("服务对象", ())
    legal_limit: int | None = spec("法定时限", None, doc="单位见 limit_unit", minimum=0)
    promised_limit: int | None = spec("承诺时限", None, doc="0 表示即办件；单位见 limit_unit", minimum=0)
    limit_unit: LimitUnit = spec(
        "时限单位", WORKING_DAYS,
        doc="法定时限和承诺时限的单位：工作日（默认）或 日（自然日，如行政处罚法第六十条的九十日）")
    limit_basis: str | None = spec(
        "时限依据", None, max_length=LONG_TEXT,
        doc="法定时限长于该类职权的法定上限时，写明另有规定的法律、法规条款（行政许可法第四十二条、行政处罚法第六十条）")
    fee: str | None = spec(
        "收费标准", None, max_length=LONG_TEXT,
        doc="不收费时写 不收费；未写时网站和文档写 未列明，不推定为不收费（PL615）")
    fee_basis: str | None = spec("收费依据", None, max_length=LONG_TEXT)
    phone: Phone | None = spec("联系电话", None)
    complaint_phone: Phone | None = spec("监督投诉电话", None)
    flow: str | None = spec("运行流程", None, doc="flows/ 下的流程文件名（不含 .yaml）")
    major: bool = spec("重大事项", False, doc="重大事项须集体讨论决定")
    responsibilities: tuple[Responsibility, ...] = spec("责任事项", (), max_items=50)
    accountability: tuple[str, ...] = spec("追责情形", (), max_items=200, max_length=LONG_TEXT)
    conditions: str | None = spec(
        "申请条件", None, doc="Markdown; 依申请事项的受理条件", markdown=True, max_length=LONG_TEXT)
    materials: tuple[str, ...] = spec("申请材料", (), doc="每项一条", max_items=200, max_length=LONG_TEXT)
    remedies: tuple[Remedy, ...] = spec("救济渠道", (), max_items=10, doc="行政复议、行政诉讼：向谁，多长期限内")
    case_type: CaseType | None = spec("办件类型", None, doc="即办件 / 承诺件")
    visits: int | None = spec("到现场次数", None, minimum=0, doc="办事人须到现场的次数；0 表示全程网办")
    online_url: str | None = spec("网上办理入口", None, max_length=500, doc="http(s) 地址")
    result: str | None = spec("办理结果", None, doc="证照或决定文书的名称，如 食品经营许可证")
    exercise_level: str | None = spec("行使层级", None, doc="如 县级")
    remarks: str | None = spec("备注", None, doc="Markdown", markdown=True, max_length=LONG_TEXT)
    internal_notes: str | None = spec(
        "内部备注", None, doc="仅供本单位内部使用，不公开发布", private=True, max_length=LONG_TEXT)


@dataclass(frozen=True, slots=True, kw_only=True)
class SignOff(Node):
    """A unit's sign-off policy (签批制度): who signs, in which order, for which categories of power.

    E.g. "1+2" 财务审核制: the handler signs, then the leader in charge of the matter, then the leader in
    charge of the office's finance ([工作人员, 分管领导, 分管领导]); a unit writes its own chain of roles.
    """

    policy: str | None = spec("制度名称", None, doc="如 1+2 财务审核制、四字合章核销制")
    roles: tuple[Role, ...] = spec("签批顺序", min_items=2, max_items=20, doc="依次签批的岗位类别")
    categories: tuple[Category, ...] = spec("适用职权类型", ("人财物", "三重一大"), min_items=1)


@dataclass(frozen=True, slots=True, kw_only=True)
class Unit(Node):
    """A unit (单位): a county bureau, a court, a township. Its id is its file name."""

    id: str = spec("标识", "", derived=True)
    path: str = spec("文件", "", derived=True)
    name: str = spec("单位名称")
    code: str | None = spec("统一社会信用代码", None, doc="18 位统一社会信用代码或组织机构代码")
    nature: Nature | None = spec("实施主体性质", None, doc="法定机关 / 授权组织 / 受委托单位；未写时不公布")
    delegated_by: str | None = spec("委托机关", None, doc="实施主体性质为受委托单位时，写明委托它的行政机关")
    address: str | None = spec("地址", None)
    phone: Phone | None = spec("联系电话", None)
    complaint_phone: Phone | None = spec("监督投诉电话", None)
    complaint_box: str | None = spec("举报箱", None, max_length=200,
                                     doc="举报箱的设置地点，如 局机关一楼大厅；未写时海报和网站不列")
    complaint_url: str | None = spec("网上投诉举报", None, max_length=500, doc="网上投诉举报的 http(s) 地址")
    office_hours: str | None = spec("办公时间", None)
    posts: tuple[Post, ...] = spec("岗位", min_items=1, max_items=1000)
    roster: tuple[RosterEntry, ...] = spec("人员名册", (), doc="不公开发布", private=True)
    incompatible_duties: tuple[tuple[Action, Action], ...] = spec("本单位补充的不相容职责", ())
    sign_off: tuple[SignOff, ...] = spec(
        "签批顺序", (), max_items=20, doc="本单位的签批制度：适用类型的流程须依次经过这些岗位类别签批")
    powers: tuple[Power, ...] = spec("职权", ())
    internal_notes: str | None = spec(
        "内部备注", None, doc="仅供本单位内部使用，不公开发布", private=True, max_length=LONG_TEXT)

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

    level: RiskLevel = spec("风险等级", doc="高/中/低；也可写 一级/二级/三级（读取时换成 高/中/低）",
                            aliases=RISK_LEVEL_ALIASES)
    type: RiskType = spec("风险类型", doc="powerlist.yaml 的 risk_types 之一（PL304）")
    description: str = spec("风险点描述", max_length=LONG_TEXT)
    manifestation: str | None = spec("表现形式", None, max_length=LONG_TEXT)
    measures: tuple[str, ...] = spec("防控措施", (), max_items=50, max_length=LONG_TEXT)
    owner: str = spec("责任岗位", doc="高 → 主要领导，中 → 分管领导，低 → 科室负责人")
    internal_notes: str | None = spec(
        "内部备注", None, doc="仅供本单位内部使用，不公开发布", private=True, max_length=LONG_TEXT)


@dataclass(frozen=True, slots=True, kw_only=True)
class Step(Node):
    """A step (环节) of a workflow."""

    id: str = spec("标识")
    name: str = spec("环节名称")
    post: str = spec("承办岗位")
    action: Action = spec("环节类型")
    days: float | None = spec("办理时限", None, doc="单位见流程的 limit_unit (默认工作日)", minimum=0)
    counted: bool = spec("计入法定时限", True, doc="听证、检验、专家评审等不计入时限的环节写 false")
    duty: str | None = spec("职责要求", None, max_length=LONG_TEXT)
    supervision: str | None = spec("监督制约环节", None, max_length=LONG_TEXT)
    officers: int = spec("承办人数", 1, minimum=1)
    next: tuple[Transition, ...] | None = spec("下一环节", None, max_items=20, doc="省略时进入列表中的下一环节")
    end: bool = spec("结束环节", False)
    risks: tuple[RiskPoint, ...] = spec("风险点", (), max_items=20)
    internal_notes: str | None = spec(
        "内部备注", None, doc="仅供本单位内部使用，不公开发布", private=True, max_length=LONG_TEXT)


@dataclass(frozen=True, slots=True, kw_only=True)
class Flow(Node):
    """A workflow (权力运行流程): steps and transitions. Its id is its file name."""

    id: str = spec("标识", "", derived=True)
    path: str = spec("文件", "", derived=True)
    name: str = spec("流程名称")
    unit: str = spec("所属单位")
    area: str | None = spec("业务领域", None, doc="如 财务、人事、工程项目、物资采购、行政审批")
    procedure: Procedure | None = spec("程序类型", None)
    limit_unit: LimitUnit = spec("时限单位", WORKING_DAYS, doc="各环节办理时限（days）的单位：工作日（默认）或 日")
    description: str | None = spec("说明", None, doc="Markdown", markdown=True, max_length=LONG_TEXT)
    steps: tuple[Step, ...] = spec("环节", min_items=1, max_items=200)
    internal_notes: str | None = spec(
        "内部备注", None, doc="仅供本单位内部使用，不公开发布", private=True, max_length=LONG_TEXT)

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
