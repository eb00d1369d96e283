"""The domain's vocabulary: the words a power list is written in (categories, roles, step kinds, risk
levels and types, source levels, time-limit units ...) as typed literals with their orders and
defaults, and what an id or item code may be (they become file names and web addresses). The model
(model.py) is built from these words."""

from __future__ import annotations

import re
from typing import Literal, NewType, get_args

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
# The powers a party applies for, whose service guide states a fee (收费标准, domain guide §2): a licence
# charges nothing unless a law or administrative regulation says so (行政许可法 第五十八条), and the
# guide says which. A penalty, a coercive measure, an inspection or a levy is not applied for: a 收费
# line there would mean nothing (a levy's money is the power itself), so it is shown only when given.
FEE_CATEGORIES = frozenset({"行政许可", "行政确认", "行政给付", "行政裁决", "公共服务", "其他行政权力"})

Role = Literal["主要领导", "分管领导", "科室负责人", "工作人员", "窗口", "领导班子"]
TOP_LEADER: Role = "主要领导"  # 主要领导 (一把手): may not run finance, personnel, projects, purchasing alone
Action = Literal[
    "申请", "受理", "立案", "审查", "调查", "检查", "勘查", "告知", "听证", "集体讨论", "决定", "审核",
    "审批", "登记", "送达", "执行", "经办", "支付", "公示", "归档", "监管", "其他",
]
RiskLevel = Literal["高", "中", "低"]
RISK_LEVELS: tuple[RiskLevel, ...] = get_args(RiskLevel)  # highest first
HIGH, MEDIUM, LOW = RISK_LEVELS
# The charts' legends and the seeds grade risks 一级/二级/三级 as often as 高/中/低: both are accepted
# when loaded, and the model keeps 高/中/低.
RISK_LEVEL_ALIASES: dict[str, RiskLevel] = {"一级": HIGH, "二级": MEDIUM, "三级": LOW}
# A risk type is a word from ``Settings.risk_types`` (rule PL304), not a fixed list: units name their types
# in their own words.
RiskType = str
# The seeds' "三类风险" (思想道德, 制度机制, 岗位职责) and the domain guide's additions (业务流程, 外部环境),
# plus the other types the seeds name: 业务操作 ("思想道德风险、制度机制风险、岗位职责风险、业务操作风险等
# 四个方面"), 业务管理 and 政务 (risk points counted as "思想道德类…, 业务管理类…, 政务类…").
DEFAULT_RISK_TYPES: tuple[str, ...] = (
    "思想道德", "制度机制", "岗位职责", "业务流程", "外部环境", "业务操作", "业务管理", "政务",
)
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
# Time-limit units: working days (工作日, 行政许可法 第八十二条) or calendar days (日: e.g. the 九十日 of 行政处罚法
# 第六十条, which 第八十五条 does not make working days). Never converted into each other.
LimitUnit = Literal["工作日", "日"]
WORKING_DAYS: LimitUnit = "工作日"
CALENDAR_DAYS: LimitUnit = "日"
RemedyKind = Literal["行政复议", "行政诉讼"]
CaseType = Literal["即办件", "承诺件"]  # 办件类型 of a service guide: decided on the spot, or within a promised limit


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
