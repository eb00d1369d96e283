"""The domain corpus (issue 16): one-change violations and unusual but lawful catalogues, written from the
domain guide (../shared/domain.md), the seeds (../shared/seeds/, cited by file) and the laws, not from the
rules' code.

The base project is tests/domain_corpus/base/: one bureau with a licence, a general-procedure penalty, a
forced measure, an inspection, a public service, a 三重一大 spending matter and a purchase, every rule
passing. Each ``Violation`` changes one fact of it (one change in the domain's sense: it may touch two lines
when the fact spans them) and names the domain fact it breaks, the code that must report it and where
(file, and the line on which a unique text of the mutated file starts). Each ``Valid`` is a catalogue that
practice writes less often but the law allows; it must give exactly the codes listed (usually none).

Law articles cited below were read in the flk texts of lawtext/laws (commit 329d659d; ids in
../shared/citations-review.md): 行政处罚法 2021 第九条–第十四条、第十六条、第二十条、第二十一条、
第四十二条、第四十四条、第五十一条、第五十七条、第六十条–第六十三条、第八十五条; 行政强制法 第九条–第十一条、
第十八条; 行政许可法 2019 第十四条、第十五条、第十七条、第三十二条、第三十四条、第三十七条、第四十二条、
第四十四条、第四十五条、第八十二条.

Where the contract does not fix where a new code's finding goes, the cases follow one convention: the line of
the offending value or step; for an order, the step reached without the stage that must come before it; for
what a whole flow lacks, its start step (as PL201 reports); for what a power lacks, the power's first line (as
PL101 and PL506 report)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.project import read_folder
from tests.helpers import Mutation as M
from tests.helpers import check_files, line_of

BASE = Path(__file__).parent / "domain_corpus" / "base"

SET = "powerlist.yaml"
SRC = "catalog/sources.yaml"
U = "catalog/bureau.yaml"
LIC = "flows/licence.yaml"
PEN = "flows/penalty.yaml"
SEIZ = "flows/seizure.yaml"
INSP = "flows/inspection.yaml"
QRY = "flows/query.yaml"
SPEND = "flows/spending.yaml"
BUY = "flows/purchase.yaml"
FIN = "catalog/finance.yaml"
REIMB = "flows/reimburse.yaml"
CENTRE = "catalog/centre.yaml"

LIC_BASIS = ("      - source: trade-law\n        article: 第十二条\n"
             "      - source: trade-regulation\n        article: 第五条第二款\n")
PEN_BASIS = "      - source: trade-law\n        article: 第四十条\n"
QZ_BASIS = "      - source: trade-law\n        article: 第三十五条\n"
JD_BASIS = ("      - source: trade-law\n        article: 第三十条\n"
            "      - source: trade-regulation\n        article: 第二十条\n")
PEN_KINDS = "    penalty_kinds: [警告, 罚款, 没收违法所得]\n"
QZ_KINDS = "    coercion_kinds: [查封场所、设施或者财物, 扣押财物]\n"
LIC_REVIEW = """  - id: review
    name: 审查
    post: officer
    action: 审查
    days: 5
    risks:
      - level: 低
        type: 业务流程
        description: 审查不细致
        measures: [量化审查标准]
        owner: head
"""
LIC_DELIVER = "  - id: deliver\n    name: 送达\n    post: window\n    action: 送达\n    days: 1\n"
SPEND_RISK = """    risks:
      - level: 高
        type: 制度机制
        description: 未经集体研究擅自决定
        measures: [一把手末位表态, 会议纪要存档]
        owner: director
"""
PEN_NOTIFY = "  - {id: notify, name: 告知陈述申辩权, post: inspector, action: 告知}\n"
PEN_DISCUSS = "  - {id: discuss, name: 负责人集体讨论, post: leadership, action: 集体讨论}\n"
PEN_DECIDE = "  - {id: decide, name: 作出处罚决定, post: deputy-law, action: 决定}\n"
# Where a finding about what a whole flow lacks is reported: its start step (as PL201 does).
# Hubei's 16-digit item codes (domain.md §7): region 429999 + department 01 + category + sequence + sub-item.
HUBEI_CODES = [("XK00001000", "4299990101000100"), ("CF00001000", "4299990102000100"),
               ("QZ00001000", "4299990103000100"), ("JD00001000", "4299990106000100"),
               ("GG00001000", "4299990111000100"), ("SY00001000", "4299990113000100"),
               ("NB00001000", "4299990112000100")]
FLOW_START = {SPEND: "  - {id: propose", PEN: "  - {id: file", LIC: "  - id: accept"}
SPEND_DECIDE = "  - {id: decide, name: 按集体研究意见签批, post: deputy, action: 决定}\n"


def basis(source: str, article: str) -> str:
    return f"      - source: {source}\n        article: {article}\n"


def penalty_basis(*entries: tuple[str, str], kinds: str) -> list[M]:
    """The penalty power's bases and penalty kinds replaced."""
    return [M(U, PEN_BASIS + PEN_KINDS, "".join(basis(s, a) for s, a in entries) + f"    penalty_kinds: [{kinds}]\n")]


def coercion_basis(source: str, article: str, kinds: str) -> list[M]:
    return [M(U, QZ_BASIS + QZ_KINDS, basis(source, article) + f"    coercion_kinds: [{kinds}]\n")]


# A second unit that states its sign-off policy, "1+2" (seed 002: 支出条据先由经办人签字, 再由分管领导审核签字,
# 最后由分管机关的领导审签入账), here 经办人 → 股长审核 → 分管领导审签; the top leader signs no expense (seed 000:
# "一把手"不签批支出票据; domain.md §4 三/四/五不直接分管).
FIN_UNIT = """name: 语料县某某中心机关财务
code: '1142999900000006XA'
complaint_phone: 0999-6123400
sign_off:
  - policy: 1+2 财务审核制
    roles: [工作人员, 科室负责人, 分管领导]
posts:
  - {id: director, name: 主任, section: 中心领导, role: 主要领导}
  - {id: deputy, name: 分管财务副主任, section: 中心领导, role: 分管领导}
  - {id: finance-head, name: 计财股股长, section: 计财股, role: 科室负责人}
  - {id: clerk, name: 报销经办人, section: 计财股, role: 工作人员}
  - {id: cashier, name: 出纳, section: 计财股, role: 工作人员}
powers:
  - code: NB00002000
    name: 机关经费报销
    category: 人财物
    basis:
      - source: internal-rule
        article: 第二十条
    office: 计财股
    flow: reimburse
"""
REIMB_FLOW = """name: 经费报销流程
unit: finance
area: 财务
steps:
  - {id: claim, name: 经办人填单签字, post: clerk, action: 经办}
  - {id: check, name: 股长审核签字, post: finance-head, action: 审核}
  - {id: approve, name: 分管领导审签, post: deputy, action: 审批}
  - {id: pay, name: 出纳付款, post: cashier, action: 支付}
"""
REIMB_CHECK = "  - {id: check, name: 股长审核签字, post: finance-head, action: 审核}\n"
REIMB_APPROVE = "  - {id: approve, name: 分管领导审签, post: deputy, action: 审批}\n"


def finance_unit(flow: str = REIMB_FLOW, unit: str = FIN_UNIT) -> list[M]:
    return [M(FIN, add=unit), M(REIMB, add=flow)]


# A body entrusted by the bureau (行政处罚法 第二十条、第二十一条: 委托 to an organisation that manages public
# affairs; domain.md §2: 受委托单位 "then also the delegating body"); a 事业单位 credit code (机构类别码 2).
CENTRE_UNIT = """name: 语料县某某执法服务中心
code: '12429999000000027Y'
nature: 受委托单位
delegated_by: 语料县某某局
complaint_phone: '12345'
posts:
  - {id: director, name: 主任, section: 中心领导, role: 主要领导}
  - {id: head, name: 检查组组长, section: 检查组, role: 科室负责人}
  - {id: inspector, name: 检查员, section: 检查组, role: 工作人员}
powers:
  - code: JD00002000
    name: 受委托实施某某经营场所检查
    category: 行政检查
    basis:
      - source: trade-law
        article: 第三十一条
    office: 检查组
    flow: centre-inspection
"""
CENTRE_FLOW = """name: 受委托检查流程
unit: centre
steps:
  - {id: plan, name: 制定检查计划, post: head, action: 其他}
  - {id: inspect, name: 现场检查, post: inspector, action: 检查, officers: 2}
  - {id: conclude, name: 审核检查结果, post: head, action: 审核}
"""

# A simple-procedure penalty (行政处罚法 第五十一条: 当场作出, 警告 or a small fine; 第五十七条第二款 集体讨论 is for
# 情节复杂或者重大违法 cases under the general procedure).
SIMPLE_FLOW = """name: 行政处罚简易程序
unit: bureau
procedure: 简易程序
steps:
  - {id: check, name: 现场检查, post: inspector, action: 检查, officers: 2}
  - {id: notify, name: 当场告知, post: inspector, action: 告知, officers: 2}
  - {id: decide, name: 当场作出处罚决定, post: team-head, action: 决定}
  - {id: deliver, name: 当场交付决定书, post: inspector, action: 送达, officers: 2}
"""
SIMPLE_POWER = """  - code: CF00002000
    name: 对轻微违反某某管理法行为的当场处罚
    category: 行政处罚
    basis:
      - source: trade-law
        article: 第四十一条
    penalty_kinds: [警告, 罚款]
    office: 执法大队
    flow: penalty-simple
"""

OTHER_UNIT = """name: 语料县其他局
code: '12429999000000027Y'
posts:
  - {id: boss, name: 局长, section: 局领导, role: 主要领导}
powers:
  - code: QT00009000
    name: 借用他局流程的事项
    category: 其他行政权力
    basis:
      - source: trade-law
        article: 第五十条
    office: 办公室
    flow: query
"""


@dataclass
class Violation:
    id: str
    fact: str  # the domain fact broken, with its source (domain.md §, seed file, law article)
    mutations: list[M]
    code: str
    file: str
    at: str | None  # unique text of the mutated file: the finding is on the line where it starts
    severity: str = "error"
    line: int | None = None  # instead of ``at``
    count: int | None = None  # one finding for one fault: exactly this many findings of ``code``
    alone: bool = False  # the fault gives no other finding at all


@dataclass
class Valid:
    id: str
    fact: str
    mutations: list[M]
    codes: frozenset[str] = frozenset()  # exactly the codes expected (a warning the domain calls right)


V = Violation

LEGAL = [
    V("no-basis", "无依据即无权力 (domain.md §3: No legal basis, no power)",
      [M(U, "    basis:\n" + JD_BASIS, "")], "PL101", U, "  - code: JD00001000"),
    V("unknown-source", "依据须引自法律依据库 (domain.md §3: one shared library, cited by reference)",
      [M(U, "source: trade-regulation\n        article: 第二十条",
         "source: trade-regulaton\n        article: 第二十条")],
      "PL102", U, "trade-regulaton"),
    V("no-article", "引用须写明条款 (domain.md §3: level tag + title + article 条/款/项)",
      [M(U, PEN_BASIS, "      - source: trade-law\n")], "PL103", U, "- source: trade-law\n    penalty_kinds"),
    V("repealed-source", "引用已废止版本是错误 (domain.md §3: a citation to a repealed version is an error)",
      [M(U, "source: trade-law\n        article: 第十二条", "source: trade-law-2005\n        article: 第十二条")],
      "PL105", U, "trade-law-2005"),
    V("repealed-second-basis", "第二项依据引了已废止的版本, 同样是错误 (domain.md §3)",
      [M(U, "source: trade-regulation\n        article: 第五条第二款",
         "source: trade-law-2005\n        article: 第五条第二款")],
      "PL105", U, "trade-law-2005"),
    V("future-source", "尚未施行的版本不能引用 (domain.md §3: not-yet-effective version is an error)",
      [M(U, "source: trade-law\n        article: 第三十条", "source: trade-law-2030\n        article: 第三十条")],
      "PL106", U, "trade-law-2030"),
    V("licence-by-ministry-rule", "部门规章不得设定行政许可 (行政许可法 第十七条; domain.md §3)",
      [M(U, LIC_BASIS, basis("ministry-rule", "第八条"))], "PL107", U, "- source: ministry-rule"),
    V("licence-by-county-document", "规范性文件不得设定行政许可 (行政许可法 第十七条)",
      [M(U, LIC_BASIS, basis("county-document", "第三条"))], "PL107", U, "- source: county-document"),
    V("licence-temporary-expired", "省级政府规章的临时性许可只能实施一年 (行政许可法 第十五条第一款)",
      [M(U, LIC_BASIS, basis("province-rule", "第六条"))], "PL107", U, "- source: province-rule"),
    V("licence-by-city-rule", "设区的市政府规章不能设定行政许可, 只有省级政府规章可设临时性许可 (行政许可法 第十五条)",
      [M(SRC, "  - id: county-document\n", "  - id: city-rule\n    title: 某市某某管理规定\n    level: 地方政府规章\n"
         "    issuer: 某市人民政府\n    effective: 2021-01-01\n  - id: county-document\n"),
       M(U, LIC_BASIS, basis("city-rule", "第六条"))], "PL107", U, "- source: city-rule"),
    V("penalty-revoke-by-ministry-rule", "部门规章只能设定警告、通报批评或一定数额罚款 (行政处罚法 第十三条)",
      penalty_basis(("ministry-rule", "第二十条"), kinds="警告, 吊销许可证件"), "PL110", U,
      "penalty_kinds: [警告, 吊销许可证件]"),
    V("penalty-by-county-document", "规范性文件不得设定行政处罚 (行政处罚法 第十六条)",
      penalty_basis(("county-document", "第九条"), kinds="警告"), "PL110", U, "penalty_kinds: [警告]"),
    V("penalty-confiscation-by-province-rule", "地方政府规章只能设定警告、通报批评或一定数额罚款 (行政处罚法 第十四条)",
      penalty_basis(("province-rule", "第十条"), kinds="罚款, 没收违法所得"), "PL110", U,
      "penalty_kinds: [罚款, 没收违法所得]"),
    V("penalty-detention-by-regulation", "限制人身自由的处罚只能由法律设定 (行政处罚法 第十条第二款、第十一条)",
      penalty_basis(("trade-regulation", "第三十条"), kinds="罚款, 行政拘留"), "PL110", U,
      "penalty_kinds: [罚款, 行政拘留]"),
    V("penalty-detention-by-local-regulation", "地方性法规不得设定限制人身自由的处罚 (行政处罚法 第十二条)",
      penalty_basis(("local-regulation", "第二十二条"), kinds="行政拘留"), "PL110", U, "penalty_kinds: [行政拘留]"),
    V("penalty-level-is-highest-basis", "种类按所引最高层级依据判断: 规章 + 规范性文件仍不能吊销 (行政处罚法 第十三条)",
      penalty_basis(("ministry-rule", "第二十条"), ("county-document", "第九条"), kinds="吊销许可证件"), "PL110", U,
      "penalty_kinds: [吊销许可证件]"),
    V("penalty-suspension-by-ministry-rule", "部门规章不能设定责令停产停业 (行政处罚法 第十三条第二款)",
      penalty_basis(("ministry-rule", "第二十一条"), kinds="责令停产停业"), "PL110", U,
      "penalty_kinds: [责令停产停业]"),
    V("coercion-by-ministry-rule", "法律、法规以外的规范性文件不得设定行政强制措施 (行政强制法 第十条第四款)",
      coercion_basis("ministry-rule", "第十五条", "扣押财物"), "PL111", U, "coercion_kinds: [扣押财物]"),
    V("coercion-freeze-by-local-regulation", "地方性法规只能设定查封、扣押 (行政强制法 第十条第三款)",
      coercion_basis("local-regulation", "第二十五条", "冻结存款、汇款"), "PL111", U,
      "coercion_kinds: [冻结存款、汇款]"),
    V("coercion-liberty-by-regulation", "行政法规不得设定限制公民人身自由、冻结 (行政强制法 第十条第二款)",
      coercion_basis("trade-regulation", "第三十一条", "限制公民人身自由"), "PL111", U,
      "coercion_kinds: [限制公民人身自由]"),
    V("coercion-other-by-local-regulation", "地方性法规只能设定第九条第二项、第三项 (行政强制法 第十条第三款)",
      coercion_basis("local-regulation", "第二十六条", "其他"), "PL111", U, "coercion_kinds: [其他]"),
    V("coercion-by-county-document", "规范性文件不得设定行政强制措施 (行政强制法 第十条第四款)",
      coercion_basis("county-document", "第十一条", "查封场所、设施或者财物"), "PL111", U,
      "coercion_kinds: [查封场所、设施或者财物]"),
    V("inspection-by-internal-rule", "对外职权须有对外的法律依据, 本单位内部制度不是依据 (issue 16 §1; domain.md §2)",
      [M(U, JD_BASIS, basis("internal-rule", "第三条"))], "PL112", U,
      "- source: internal-rule\n        article: 第三条"),
    V("service-by-party-rule", "党内法规不是对外公共服务的法律依据 (issue 16 §1)",
      [M(U, "      - source: trade-regulation\n        article: 第二十五条\n", basis("party-rule", "第十六条"))],
      "PL112", U, "- source: party-rule\n        article: 第十六条"),
    V("inspection-by-internal-and-party-rules", "依据全是党内法规和内部制度的对外职权 (issue 16 §1)",
      [M(U, JD_BASIS, basis("party-rule", "第十五条") + basis("internal-rule", "第三条"))], "PL112", U,
      "- source: party-rule\n        article: 第十五条\n      - source: internal-rule"),
    V("penalty-kinds-missing", "处罚事项须列出处罚种类, 才能核对设定权 (行政处罚法 第九条)",
      [M(U, PEN_KINDS, "")], "PL113", U, "  - code: CF00001000", severity="warning"),
    V("article-zero", "条文从第一条起, 第零条无法定位 (issue 16 §2)",
      [M(U, "article: 第三十条", "article: 第零条")], "PL114", U, "article: 第零条"),
    V("article-paragraph-without-article", "款须附在条之后 (domain.md §3: 条/款/项)",
      [M(U, "article: 第五条第二款", "article: 第二款")], "PL114", U, "article: 第二款"),
    V("article-without-tiao", "\"第七十七\" 少了 条 (issue 16 §2)",
      [M(U, "article: 第四十条", "article: 第四十")], "PL114", U, "article: 第四十\n"),
    V("article-item-without-article", "项须附在条之后 (domain.md §3)",
      [M(U, "article: 第三十五条", "article: 第三项")], "PL114", U, "article: 第三项"),
    V("basis-lower-first", "依据按效力层级从高到低排列 (domain.md §3: several bases are listed highest first)",
      [M(U, LIC_BASIS, basis("trade-regulation", "第五条第二款") + basis("trade-law", "第十二条"))], "PL108", U,
      "- source: trade-regulation\n        article: 第五条第二款", severity="warning"),
]

DUTIES = [
    V("single-post", "不得由一个岗位办理全过程 (domain.md §4; seed 002 \"1+X\": 一项权力运行完成必须由2人以上负责实施)",
      [M(QRY, "post: officer, action: 审查", "post: window, action: 审查")], "PL201", QRY, "  - {id: accept"),
    V("accept-and-decide", "受理与决定不相容 (domain.md §4: accepting vs deciding)",
      [M(LIC, "post: deputy\n    action: 决定", "post: window\n    action: 决定")], "PL202", LIC,
      "post: window\n    action: 决定"),
    V("investigate-and-decide", "调查与处罚决定不相容 (domain.md §4: investigating vs deciding a penalty)",
      [M(PEN, "post: deputy-law, action: 决定", "post: inspector, action: 决定")], "PL202", PEN,
      "post: inspector, action: 决定"),
    V("request-and-approve", "申请与审批采购不相容 (domain.md §4: requesting vs approving a purchase)",
      [M(BUY, "post: deputy, action: 审批", "post: officer, action: 审批")], "PL202", BUY,
      "post: officer, action: 审批"),
    V("approve-and-pay", "审批与支付不相容 (domain.md §4: approving vs paying)",
      [M(BUY, "post: cashier, action: 支付", "post: deputy, action: 支付")], "PL202", BUY,
      "post: deputy, action: 支付"),
    V("review-and-approve", "审核与审批不相容 (domain.md §4: reviewing vs approving)",
      [M(BUY, "post: deputy, action: 审批", "post: finance-head, action: 审批")], "PL202", BUY,
      "post: finance-head, action: 审批"),
    V("inspection-one-officer", "现场检查执法人员不少于两人 (domain.md §4; 行政处罚法 第四十二条)",
      [M(INSP, "action: 检查, officers: 2", "action: 检查")], "PL203", INSP, "{id: inspect"),
    V("licence-check-one-officer", "许可需核查实质内容的, 指派两名以上工作人员 (行政许可法 第三十四条第三款)",
      [M(LIC, LIC_REVIEW, LIC_REVIEW + "  - {id: site, name: 现场核查, post: officer, action: 勘查}\n")], "PL203", LIC,
      "{id: site"),
    V("investigation-one-officer", "调查取证执法人员不得少于两人 (行政处罚法 第四十二条第一款)",
      [M(PEN, "action: 调查, officers: 2", "action: 调查")], "PL203", PEN, "{id: investigate"),
    V("seizure-one-officer", "查封扣押由两名以上执法人员实施 (行政强制法 第十八条第二项)",
      [M(SEIZ, "    officers: 2\n    risks:", "    risks:")], "PL203", SEIZ, "  - id: execute"),
    V("major-without-collective", "三重一大须集体讨论决定 (domain.md §4; seed 002: 坚持重大问题集体决策)",
      [M(SPEND, "action: 集体讨论", "action: 审核")], "PL204", SPEND, FLOW_START[SPEND]),
    V("general-penalty-without-collective", "一般程序处罚无集体讨论环节 (行政处罚法 第五十七条第二款)",
      [M(PEN, PEN_DISCUSS, "")], "PL204", PEN, FLOW_START[PEN]),
    V("major-licence-without-collective", "标为重大的事项须集体决定 (domain.md §2: major matters)",
      [M(U, "    flow: licence\n", "    major: true\n    flow: licence\n")], "PL204", LIC, FLOW_START[LIC]),
    V("shared-flow-reported-once", "一个流程缺集体讨论只报一次, 在流程上 (issue 16 §8)",
      [M(U, "  - code: NB00001000\n", "  - code: SY00002000\n    name: 重要项目安排\n    category: 三重一大\n"
         "    basis:\n"
         "      - source: party-rule\n        article: 第十五条\n    office: 财务股\n    flow: spending\n"
         "  - code: NB00001000\n"),
       M(SPEND, "action: 集体讨论", "action: 审核")], "PL204", SPEND, FLOW_START[SPEND], count=1),
    V("roster-incompatible", "一人兼任同一流程中不相容的岗位 (domain.md §4: the same checks apply to persons)",
      [M(U, "posts: [deputy]", "posts: [deputy, officer]")], "PL205", U, "posts: [deputy, officer]"),
    V("roster-approve-and-pay", "一人兼任审批与付款岗位 (domain.md §4: approving vs paying)",
      [M(U, "posts: [deputy]", "posts: [deputy, cashier]")], "PL205", U, "posts: [deputy, cashier]"),
    V("roster-investigate-and-decide", "一人兼任调查与处罚决定岗位 (domain.md §4: investigating vs deciding a penalty)",
      [M(U, "posts: [deputy-law]", "posts: [deputy-law, inspector]")], "PL205", U, "posts: [deputy-law, inspector]"),
    V("leader-runs-finance", "一把手不直接分管财务 (domain.md §4 三/四/五不直接分管; seed 002 \"四个不直管\")",
      [M(SPEND, "post: finance-head, action: 审核", "post: director, action: 审核")], "PL206", SPEND,
      "post: director"),
    V("leader-runs-purchase", "一把手不直接分管物资采购 (domain.md §4)",
      [M(BUY, "post: deputy, action: 审批", "post: director, action: 审批")], "PL206", BUY, "post: director"),
    V("leader-holds-finance-post", "一把手兼任财务股长即直接管财务 (domain.md §4)",
      [M(U, "posts: [director]", "posts: [director, finance-head]")], "PL206", U, "posts: [director, finance-head]"),
    V("collective-by-one-person", "集体讨论由一个人的岗位承担就不是集体 (issue 16 §4)",
      [M(SPEND, "    post: leadership\n    action: 集体讨论", "    post: director\n    action: 集体讨论")], "PL207",
      SPEND, "post: director"),
    V("collective-by-one-person-is-no-collective", "一人 \"集体讨论\" 不满足集体决定要求 (issue 16 §4)",
      [M(PEN, "post: leadership, action: 集体讨论", "post: director, action: 集体讨论")], "PL204", PEN,
      FLOW_START[PEN]),
    V("one-person-whole-flow", "一人包办整个流程, 即使岗位不同 (domain.md §4: 同一部门或个人不得办理业务的全过程)",
      [M(U, "posts: [window]", "posts: [window, officer]")], "PL208", U, "posts: [window, officer]"),
    V("sign-off-reordered", "\"1+2\" 签批顺序: 经办 → 审核 → 分管领导审签 (seed 002), 颠倒了",
      finance_unit(REIMB_FLOW.replace(REIMB_CHECK + REIMB_APPROVE, REIMB_APPROVE + REIMB_CHECK)), "PL209", REIMB,
      "  - {id: pay"),  # reported where the path arrives without the chain in order: the payment
    V("sign-off-missing-step", "\"1+2\" 签批少了一级审核 (seed 002)",
      finance_unit(REIMB_FLOW.replace(REIMB_CHECK, "")), "PL209", REIMB, "  - {id: pay"),
    V("collective-after-decision", "集体讨论须在决定之前 (domain.md §4; issue 16 §4 order, not just presence)",
      [M(SPEND, SPEND_DECIDE, ""), M(SPEND, "  - id: discuss", SPEND_DECIDE + "  - id: discuss")],
      "PL210", SPEND, "{id: decide"),
    V("penalty-collective-after-decision", "先决定后集体讨论 (行政处罚法 第五十七条第二款: 集体讨论决定)",
      [M(PEN, PEN_DISCUSS + PEN_DECIDE, PEN_DECIDE + PEN_DISCUSS)], "PL210", PEN, "{id: discuss"),  # the misplaced step
    V("collective-bypassed", "三重一大的每条路径都须经过集体讨论 (issue 16 §4: on every path to its decision)",
      [M(SPEND, "action: 审核}", "action: 审核, next: [{to: discuss, when: 超过限额}, {to: decide, when: 限额以下}]}")],
      "PL210", SPEND, "{id: decide"),
    # an unreachable collective step does not count, so the flow has none: PL204, on the flow's steps
    V("collective-unreachable", "到达不了的集体讨论环节不算数 (issue 16 §4)",
      [M(SPEND, "action: 审核}", "action: 审核, next: [decide]}")], "PL204", SPEND, FLOW_START[SPEND]),
]

STAGES = [
    V("penalty-without-notice", "一般程序处罚决定前须告知陈述申辩权 (行政处罚法 第四十四条; domain.md §5)",
      [M(PEN, PEN_NOTIFY, "")], "PL211", PEN, FLOW_START[PEN]),
    V("penalty-notice-after-decision", "告知须在决定之前 (行政处罚法 第四十四条、第六十二条)",
      [M(PEN, PEN_NOTIFY + PEN_DISCUSS + PEN_DECIDE, PEN_DISCUSS + PEN_DECIDE + PEN_NOTIFY)], "PL211", PEN,
      "{id: decide"),
    V("penalty-notice-bypassed", "每一个处罚决定前都须告知, 不只是某一分支 (行政处罚法 第四十四条、第六十二条)",
      [M(PEN, "action: 审查}",
         "action: 审查, next: [{to: notify, when: 拟给予行政处罚}, {to: decide, when: 情节轻微}]}")],
      "PL211", PEN, "{id: decide"),
    V("ordinary-procedure-without-notice", "2021 年行政处罚法称一般程序为 普通程序 (第五章第三节), 同样须告知",
      [M(PEN, "procedure: 一般程序", "procedure: 普通程序"), M(PEN, PEN_NOTIFY, "")], "PL211", PEN, FLOW_START[PEN]),
    V("licence-without-review", "许可须经受理、审查、决定 (domain.md §5; 行政许可法 第三十四条)",
      [M(LIC, LIC_REVIEW, ""), M(LIC, "{to: review, when: 材料齐全}", "{to: decide, when: 材料齐全}")], "PL211",
      LIC, FLOW_START[LIC]),
    V("licence-without-acceptance", "许可须先受理 (行政许可法 第三十二条; domain.md §6 受理责任)",
      [M(LIC, "    post: window\n    action: 受理\n", "    post: window\n    action: 其他\n")], "PL211", LIC,
      FLOW_START[LIC]),
    V("licence-decided-before-review", "许可先审查后决定 (行政许可法 第三十四条、第三十七条)",
      [M(LIC, "      - {to: review, when: 材料齐全}", "      - {to: decide, when: 材料齐全}"),
       M(LIC, "    days: 3\n", "    days: 3\n    next: [review]\n"),
       M(LIC, "        owner: head\n", "        owner: head\n    next: [deliver]\n")], "PL211", LIC, "  - id: decide"),
    V("licence-ends-at-site-check", "许可流程不能止于现场核查 (issue 16 §4; domain.md §5 决定 → 送达)",
      [M(LIC, LIC_DELIVER, LIC_DELIVER + "  - id: site\n    name: 现场核查\n    post: officer\n    action: 勘查\n"
         "    officers: 2\n")], "PL212", LIC, "    action: 勘查\n    officers: 2\n"),  # the action that cannot end
    V("licence-branch-ends-at-site-check", "许可的一个分支止于现场核查, 没有决定 (issue 16 §4)",
      [M(LIC, "        owner: head\n", "        owner: head\n    next: [{to: decide, when: 无需核查}, "
         "{to: site, when: 需现场核查}]\n"),
       M(LIC, LIC_DELIVER, LIC_DELIVER + "    end: true\n  - id: site\n    name: 现场核查\n    post: officer\n"
         "    action: 勘查\n    officers: 2\n")], "PL212", LIC, "    action: 勘查\n    officers: 2\n"),
]

RISKS = [
    V("risk-without-measure", "风险点与预控措施一一对应 (domain.md §5)",
      [M(LIC, "measures: [量化审查标准]", "measures: []")], "PL301", LIC, "measures: []"),
    V("high-risk-owned-by-deputy", "一级风险由主要领导负责 (domain.md §5; seed 002 分级管理、分级负责)",
      [M(SPEND, "owner: director", "owner: deputy")], "PL302", SPEND, "owner: deputy"),
    V("low-risk-owned-by-deputy", "三级风险由科室负责人负责 (seed 002: 三级风险, 由科室负责人直接管理和负责)",
      [M(LIC, "owner: head", "owner: deputy")], "PL302", LIC, "owner: deputy\n  - id: decide"),
    V("second-level-owned-by-head", "二级风险由分管领导负责 (seed 002), 等级写成 二级",
      [M(LIC, "      - level: 中\n", "      - level: 二级\n"), M(LIC, "owner: deputy-law", "owner: head")], "PL302",
      LIC,
      "owner: head\n  - id: deliver"),
    V("medium-risk-owned-by-director", "二级风险由分管领导负责, 不是主要领导 (seed 002 分级管理、分级负责)",
      [M(LIC, "owner: deputy-law", "owner: director")], "PL302", LIC, "owner: director"),
    V("high-risk-owned-by-collective", "一级风险由单位主要领导负责, 不是领导班子 (seed 002)",
      [M(SPEND, "owner: director", "owner: leadership")], "PL302", SPEND, "owner: leadership"),
    V("high-risk-without-supervision", "高风险环节须有监督制约环节 (domain.md §5: supervision checkpoint)",
      [M(SPEND, "    supervision: 会议纪要存档, 纪检组列席\n", "")], "PL303", SPEND, "  - id: discuss"),
    V("unknown-risk-type", "风险类型取自配置的类型 (domain.md §5: 思想道德 … 外部环境)",
      [M(LIC, "type: 业务流程", "type: 廉洁自律")], "PL304", LIC, "type: 廉洁自律"),
    V("major-matter-graded-low", "三重一大、财务按惯例为高风险 (domain.md §5: high by custom)",
      [M(SPEND, "      - level: 高\n", "      - level: 低\n"), M(SPEND, "owner: director", "owner: finance-head")],
      "PL305", SPEND, "level: 低", severity="warning"),
    V("purchase-graded-low", "物资采购按惯例为高风险 (domain.md §5)",
      [M(BUY, "  - {id: approve, name: 审批采购, post: deputy, action: 审批}\n",
         "  - id: approve\n    name: 审批采购\n    post: deputy\n    action: 审批\n    risks:\n      - level: 三级\n"
         "        type: 岗位职责\n        description: 超预算审批采购\n        measures: [采购预算公开]\n"
         "        owner: finance-head\n")], "PL305", BUY, "level: 三级", severity="warning"),
    V("major-flow-without-star", "三重一大流程应有 ★ 风险点 (domain.md §5; seed 002 用★注明风险点)",
      [M(SPEND, SPEND_RISK, "")], "PL306", SPEND, FLOW_START[SPEND], severity="warning"),
    V("unknown-risk-level", "风险等级只有 高/中/低 = 一级/二级/三级 (domain.md §5)",
      [M(LIC, "      - level: 低\n", "      - level: 四级\n")], "PL006", LIC, "level: 四级"),
]

TIMING = [
    V("promised-over-legal", "承诺时限 ≤ 法定时限 (domain.md §7)",
      [M(U, "promised_limit: 10", "promised_limit: 25")], "PL401", U, "promised_limit: 25"),
    V("steps-over-promised", "各环节时限之和须在承诺时限内 (domain.md §7)",
      [M(LIC, "    days: 5\n", "    days: 8\n")], "PL402", U, "promised_limit: 10"),
    V("promised-missing", "有法定时限的事项须公开承诺时限 (domain.md §2)",
      [M(U, "    promised_limit: 10\n", "")], "PL403", U, "legal_limit: 20", severity="warning"),
    V("instant-with-step-days", "即办件当日办结, 流程环节却要一天 (domain.md §2, §7)",
      [M(U, "    office: 政务服务窗口\n    flow: query\n",
         "    office: 政务服务窗口\n    promised_limit: 0\n    flow: query\n"),
       M(QRY, "action: 审查}", "action: 审查, days: 1}")], "PL402", U, "promised_limit: 0"),
    V("late-delivery", "许可决定之日起十日内送达 (行政许可法 第四十四条)",
      [M(LIC, "    action: 送达\n    days: 1\n", "    action: 送达\n    days: 12\n")], "PL404", LIC, "days: 12"),
    V("late-penalty-delivery", "处罚决定书当事人不在场的, 七日 (工作日) 内送达 (行政处罚法 第六十一条、第八十五条)",
      [M(PEN, "action: 送达, officers: 2}", "action: 送达, officers: 2, days: 10}")], "PL404", PEN, "days: 10"),
    V("licence-legal-limit-over-ceiling", "许可法定时限 20 + 10 (行政许可法 第四十二条第一款), 写了 45 且未给依据",
      [M(U, "legal_limit: 20", "legal_limit: 45")], "PL405", U, "legal_limit: 45", severity="warning"),
    V("penalty-legal-limit-over-ceiling", "处罚自立案之日起九十日内作出决定 (行政处罚法 第六十条)",
      [M(U, "    legal_limit: 90\n", "    legal_limit: 120\n")], "PL405", U, "legal_limit: 120",
      severity="warning"),
    V("limit-units-differ", "日与工作日不得默认换算 (issue 16 §5; 行政许可法 第八十二条: 工作日)",
      [M(U, "    promised_limit: 10\n", "    promised_limit: 10\n    limit_unit: 日\n")], "PL406", U,
      "promised_limit: 10\n    limit_unit: 日",
      severity="warning"),
]

CODES = [
    V("duplicate-item-code", "事项编码唯一 (domain.md §2)",
      [M(U, "code: NB00001000", "code: SY00001000")], "PL601", U, "code: SY00001000\n    name: 办公用品采购"),
    V("item-code-pattern", "编码格式: 2 位类别字母 + 5 位事项 + 3 位子项 (domain.md §7, 贵州)",
      [M(U, "code: GG00001000", "code: GG-0001")], "PL602", U, "GG-0001"),
    V("item-code-category", "编码类别字母与职权类型一致 (domain.md §2: 行政检查 JD)",
      [M(U, "code: JD00001000", "code: QR00001000")], "PL603", U, "QR00001000", severity="warning"),
    V("phone-without-area-code", "电话写成 区号-号码 (domain.md §2)",
      [M(U, "phone: 0999-6123457", "phone: '6123457'")], "PL605", U, "phone: '6123457'"),
    V("complaint-phone-too-short", "监督投诉电话写成 区号-号码, 号码 7-8 位 (domain.md §2)",
      [M(U, "complaint_phone: 0999-6123400", "complaint_phone: 0999-612340")], "PL605", U, "0999-612340\n"),
    V("phone-full-width-digits", "电话用半角数字 (domain.md §2: 区号-号码)",
      [M(U, "phone: 0999-6123457", "phone: ０９９９-6123457")], "PL605", U, "phone: ０９９９-6123457"),
    V("item-code-lower-case", "类别字母大写 (domain.md §7: XK00001000)",
      [M(U, "code: XK00001000", "code: xk00001000")], "PL602", U, "xk00001000"),
    V("credit-code-17-characters", "统一社会信用代码 18 位 (GB 32100)",
      [M(U, "code: '114299990000000197'", "code: '11429999000000019'")], "PL606", U, "'11429999000000019'"),
    V("credit-code-check-digit", "统一社会信用代码校验码 (GB 32100; domain.md §7)",
      [M(U, "code: '114299990000000197'", "code: '114299990000000198'")], "PL606", U, "114299990000000198"),
    V("credit-code-registration-authority", "登记管理部门码 D 不存在 (GB 32100), 校验码正确",
      [M(U, "code: '114299990000000197'", "code: 'D1429999000000043B'")], "PL606", U, "D1429999000000043B"),
    V("credit-code-institution-category", "机构编制部门登记的机构类别码只有 1、2、3、9 (GB 32100), 5 不存在",
      [M(U, "code: '114299990000000197'", "code: '154299990000000516'")], "PL606", U, "154299990000000516"),
    V("fee-without-basis", "收费须有依据 (domain.md §2 收费依据及标准; §6 追责: charging without basis)",
      [M(U, "    fee: 不收费\n", "    fee: 每件 50 元\n")], "PL610", U, "fee: 每件 50 元"),
    V("delegated-without-delegating-body", "受委托单位须写明委托机关 (domain.md §2)",
      [M(U, "name: 语料县某某局\n", "name: 语料县某某局\nnature: 受委托单位\n")], "PL611", U, "nature: 受委托单位"),
    V("instant-case-with-promised-days", "即办件当场办结, 承诺时限须为 0 (domain.md §2: 即办件 = same day)",
      [M(U, "    complaint_phone: 0999-6123400\n    flow: licence\n",
         "    complaint_phone: 0999-6123400\n    case_type: 即办件\n    flow: licence\n")], "PL407", U,
      "case_type: 即办件", severity="warning"),
    V("online-url-not-an-address", "网上办理入口须是完整的 http(s) 地址 (issue 16 §9)",
      [M(U, "    complaint_phone: 0999-6123400\n    flow: licence\n",
         "    complaint_phone: 0999-6123400\n    online_url: zwfw.example.gov.cn/item/XK00001000\n"
         "    flow: licence\n")],
      "PL612", U, "online_url:"),
    V("duplicate-post-id", "岗位标识唯一 (a post is cited by id)",
      [M(U, "  - {id: window,", "  - {id: head, name: 副股长, section: 审批股, role: 科室负责人}\n  - {id: window,")],
      "PL607", U, "{id: head, name: 副股长"),
    V("duplicate-source-id", "法律依据库中一个标识只对应一个版本 (domain.md §3)",
      [M(SRC, "  - id: party-rule\n", "  - id: ministry-rule\n    title: 另一部门规章\n    level: 部门规章\n"
         "    issuer: 另一部\n    effective: 2018-01-01\n  - id: party-rule\n")], "PL607", SRC,
      "  - id: ministry-rule\n    title: 另一部门规章"),
    V("unsafe-step-id", "标识用作文件名与网址, 须为小写 ASCII (docs/format.md)",
      [M(QRY, "{id: deliver,", "{id: Deliver,")], "PL604", QRY, "Deliver"),
]

REFERENCES = [
    V("unknown-post", "环节的承办岗位须是本单位岗位 (domain.md §5: handling post)",
      [M(LIC, "post: officer", "post: oficer")], "PL501", LIC, "post: oficer"),
    V("unknown-risk-owner", "风险点责任岗位须存在 (domain.md §5: an owner)",
      [M(LIC, "owner: head", "owner: haed")], "PL501", LIC, "owner: haed"),
    V("unknown-roster-post", "名册中的岗位须存在 (domain.md §4 roster)",
      [M(U, "posts: [inspector]", "posts: [inspecter]")], "PL501", U, "posts: [inspecter]"),
    V("unknown-step", "流转指向的环节须存在", [M(LIC, "{to: review, when: 材料齐全}", "{to: reveiw, when: 材料齐全}")],
      "PL502", LIC, "{to: reveiw"),
    V("unreachable-step", "每个环节都可从起点到达",
      [M(QRY, "action: 受理}", "action: 受理, next: [deliver]}")], "PL503", QRY, "{id: review"),
    V("loop-without-exit", "死循环只报一处, 在闭合它的流转上 (issue 16 §8)",
      [M(PEN, "action: 送达, officers: 2}", "action: 送达, officers: 2, next: [file]}")], "PL504", PEN, "next: [file]",
      count=1),
    V("unknown-flow", "事项须有运行流程图 (domain.md §2 办事流程 → flowchart)",
      [M(U, "flow: inspection", "flow: inspections")], "PL506", U, "flow: inspections"),
    V("unused-flow", "流程图都应对应某项职权 (domain.md §5: powers may share one chart)",
      [M("flows/extra.yaml", add="name: 多余流程\nunit: bureau\nsteps:\n"
         "  - {id: a, name: 受理, post: window, action: 受理}\n"
         "  - {id: b, name: 审查, post: officer, action: 审查}\n")],
      "PL507", "flows/extra.yaml", "name: 多余流程", severity="warning"),
    V("unknown-unit", "流程所属单位须存在; 只报这一处 (issue 16 §8)",
      [M(QRY, "unit: bureau", "unit: burea")], "PL508", QRY, "unit: burea", alone=True),
    V("flow-of-other-unit", "职权只能用本单位的流程 (domain.md §2 实施主体)",
      [M("catalog/other.yaml", add=OTHER_UNIT)], "PL509", "catalog/other.yaml", "flow: query"),
    V("next-and-end", "一个环节不能既有下一环节又是终点",
      [M(QRY, "action: 受理}", "action: 受理, next: [review], end: true}")], "PL505", QRY, "{id: accept"),
]

VIOLATIONS = LEGAL + DUTIES + STAGES + RISKS + TIMING + CODES + REFERENCES
FAMILIES = {"legal": LEGAL, "duties": DUTIES, "stages": STAGES, "risks": RISKS, "timing": TIMING, "codes": CODES,
            "references": REFERENCES}

W = Valid
VALID = [
    W("risk-levels-as-grades", "一级/二级/三级 = 高/中/低 (domain.md §5; seed 002 将风险确定为一、二、三级)",
      [M(LIC, "      - level: 低\n", "      - level: 三级\n"), M(LIC, "      - level: 中\n", "      - level: 二级\n"),
       M(SPEND, "      - level: 高\n", "      - level: 一级\n")]),
    W("risk-type-operation", "风险类型 业务操作 (domain.md §5: 业务流程/操作)",
      [M(LIC, "type: 业务流程", "type: 业务操作")]),
    W("fee-with-basis", "收费且写明收费依据 (domain.md §2)",
      [M(U, "    fee: 不收费\n", "    fee: 每件 50 元\n    fee_basis: 某省发展改革委 某省财政厅 某价费〔2020〕1号\n")]),
    W("free-written-out", "\"不收费\" 是合法取值 (domain.md §2), 写在公共服务上",
      [M(U, "    fee: 免费\n", "    fee: 不收费\n")]),
    W("simple-procedure-penalty", "简易程序处罚无需集体讨论 (行政处罚法 第五十一条、第五十七条第二款)",
      [M(U, "  - code: QZ00001000\n", SIMPLE_POWER + "  - code: QZ00001000\n"),
       M("flows/penalty-simple.yaml", add=SIMPLE_FLOW)]),
    W("ministry-rule-warning-and-fine", "部门规章可以设定警告、通报批评、一定数额罚款 (行政处罚法 第十三条)",
      penalty_basis(("ministry-rule", "第二十条"), kinds="警告, 通报批评, 罚款")),
    W("law-and-ministry-rule-revocation", "法律 + 部门规章: 按最高层级 (法律) 可吊销 (行政处罚法 第十条)",
      penalty_basis(("trade-law", "第四十条"), ("ministry-rule", "第二十条"), kinds="警告, 罚款, 吊销许可证件")),
    W("regulation-revocation", "行政法规可以设定除限制人身自由以外的处罚 (行政处罚法 第十一条)",
      penalty_basis(("trade-regulation", "第三十条"), kinds="罚款, 吊销许可证件, 责令停产停业")),
    W("local-regulation-suspension", "地方性法规可以设定责令停产停业、没收非法财物 (行政处罚法 第十二条)",
      penalty_basis(("local-regulation", "第二十二条"), kinds="罚款, 没收非法财物, 责令停产停业")),
    W("province-rule-fine", "地方政府规章可以设定警告、通报批评、一定数量罚款 (行政处罚法 第十四条)",
      penalty_basis(("province-rule", "第十条"), kinds="警告, 通报批评, 罚款")),
    W("local-regulation-seizure", "地方性法规可以设定查封、扣押 (行政强制法 第十条第三款)",
      coercion_basis("local-regulation", "第二十五条", "查封场所、设施或者财物, 扣押财物")),
    W("regulation-seizure", "行政法规可以设定扣押 (行政强制法 第十条第二款)",
      coercion_basis("trade-regulation", "第三十一条", "扣押财物")),
    W("internal-major-matter-by-internal-rule", "三重一大事项可以引用内部制度 (domain.md §2 internal powers)",
      [M(U, "      - source: party-rule\n        article: 第十五条\n", basis("internal-rule", "第八条"))]),
    W("external-power-with-internal-rule-too", "对外职权有法律依据, 另列内部制度不妨 (domain.md §3)",
      [M(U, JD_BASIS, JD_BASIS + basis("internal-rule", "第三条"))]),
    W("delegated-body", "受委托单位写明委托机关 (domain.md §2; 行政处罚法 第二十条), 事业单位信用代码",
      [M(CENTRE, add=CENTRE_UNIT), M("flows/centre-inspection.yaml", add=CENTRE_FLOW)]),
    W("authorised-organisation", "授权组织 (法律法规授权的社会团体, 登记管理部门码 5 机构类别码 1) 不需委托机关",
      [M(U, "name: 语料县某某局\n", "name: 语料县某某协会\nnature: 授权组织\n"),
       M(U, "code: '114299990000000197'", "code: '51429999000000035Q'")]),
    W("licence-extension-with-basis", "许可 20 + 10 日, 延长有依据 (行政许可法 第四十二条第一款)",
      [M(U, LIC_BASIS, basis("trade-law", "第十二条") + basis("licensing-law", "第四十二条第一款")
         + basis("trade-regulation", "第五条第二款")),
       M(U, "legal_limit: 20", "legal_limit: 30")]),
    W("licence-joint-handling-with-basis", "联合办理 45 + 15 日, 写明时限依据 (行政许可法 第四十二条第二款)",
      [M(U, "legal_limit: 20", "legal_limit: 60\n    limit_basis: 《中华人民共和国行政许可法》第四十二条第二款")]),
    W("licence-by-local-regulation", "尚未制定法律、行政法规的, 地方性法规可以设定行政许可 (行政许可法 第十五条第一款)",
      [M(U, LIC_BASIS, basis("local-regulation", "第八条"))]),
    W("fee-free-word", "\"免费\" 与 \"不收费\" 同义, 不需收费依据 (domain.md §2)",
      [M(U, "    fee: 不收费\n", "    fee: 免费\n")]),
    W("eight-digit-phone", "号码 8 位的区号-号码 (domain.md §2)",
      [M(U, "phone: 0999-6123457", "phone: 0999-61234567")]),
    W("coercion-freeze-by-law", "法律可以设定冻结存款、汇款 (行政强制法 第十条第一款)",
      coercion_basis("trade-law", "第三十六条", "冻结存款、汇款")),
    W("penalty-detention-by-law", "限制人身自由的处罚由法律设定 (行政处罚法 第十条)",
      penalty_basis(("trade-law", "第四十五条"), kinds="警告, 罚款, 行政拘留")),
    W("hubei-16-digit-codes", "湖北 16 位数字事项编码, 编码格式可配置 (domain.md §7)",
      [M(SET, "check_date: 2026-01-01", "check_date: 2026-01-01\nitem_code_pattern: '^\\d{16}$'")] + [
          M(U, f"code: {a}", f"code: '{b}'") for a, b in HUBEI_CODES]),
    W("leader-decides-licence", "主要领导作出许可决定: 行政审批不在默认的不直接分管领域 (domain.md §4: configurable)",
      [M(LIC, "post: deputy\n    action: 决定", "post: director\n    action: 决定")]),
    W("licence-refusal-branch", "不予受理并书面告知的分支可以结束流程 (行政许可法 第三十二条第一款第二项)",
      [M(LIC, "      - {to: correct, when: 材料不齐}\n",
         "      - {to: correct, when: 材料不齐}\n      - {to: refuse, when: 不属于本机关职权范围}\n"),
       M(LIC, LIC_DELIVER, LIC_DELIVER + "    end: true\n  - id: refuse\n    name: 不予受理并告知\n    post: window\n"
         "    action: 告知\n")]),
    W("licence-delivery-ten-days", "决定后十日内送达, 不计入决定期限 (行政许可法 第四十二条、第四十四条)",
      [M(LIC, "    action: 送达\n    days: 1\n", "    action: 送达\n    days: 10\n    counted: false\n")]),
    W("penalty-ordinary-procedure", "程序类型写成法律用语 普通程序 (行政处罚法 第五章第三节)",
      [M(PEN, "procedure: 一般程序", "procedure: 普通程序")]),
    W("loop-back-before-decision", "决定前退回重审 (补正 / 退回) 是合法的回路 (domain.md §5)",
      [M(LIC, "    days: 3\n",
         "    days: 3\n    next: [{to: deliver, when: 准予许可}, {to: review, when: 退回重审}]\n")]),
    W("instant-service", "即办件: 承诺时限 0 (domain.md §2: 即办件 = same day)",
      [M(U, "    office: 政务服务窗口\n    flow: query\n",
         "    office: 政务服务窗口\n    promised_limit: 0\n    case_type: 即办件\n    flow: query\n")]),
    W("powers-share-one-flow", "同一程序的事项可以共用一张流程图 (domain.md §5)",
      [M(U, "  - code: CF00001000\n", "  - code: XK00001001\n    name: 某某经营许可 (变更)\n    category: 行政许可\n"
         "    basis:\n" + LIC_BASIS + "    office: 审批股\n    legal_limit: 20\n    promised_limit: 10\n"
         "    fee: 不收费\n    flow: licence\n  - code: CF00001000\n")]),
    W("roster-compatible-posts", "一人兼任相容岗位 (domain.md §4: only incompatible posts must be apart)",
      [M(U, "posts: [officer]", "posts: [officer, accountant]"),
       M(U, "posts: [inspector]", "posts: [inspector, cashier]")]),
    W("collective-on-major-branch", "仅情节复杂或重大的案件集体讨论 (行政处罚法 第五十七条第二款; domain.md §5)",
      [M(PEN, PEN_NOTIFY, "  - {id: notify, name: 告知陈述申辩权, post: inspector, action: 告知, next: "
         "[{to: discuss, when: 情节复杂或者重大违法}, {to: decide, when: 一般案件}]}\n")]),
    W("hearing-after-notice", "告知后当事人要求听证的, 组织听证 (行政处罚法 第四十四条、第六十三条)",
      [M(PEN, PEN_NOTIFY,
         PEN_NOTIFY + "  - {id: hearing, name: 听证, post: law-head, action: 听证, counted: false}\n")]),
    W("licence-hearing-not-counted", "听证、专家评审不计入许可期限 (行政许可法 第四十五条)",
      [M(LIC, LIC_REVIEW, LIC_REVIEW + "  - id: hearing\n    name: 听证\n    post: head\n    action: 听证\n"
         "    days: 20\n    counted: false\n")]),
    W("penalty-limit-in-days", "处罚期限以日计 (行政处罚法 第六十条: 九十日)",
      [M(U, "    promised_limit: 60\n", "    promised_limit: 30\n")]),
    W("sign-off-policy-kept", "单位声明 \"1+2\" 签批, 流程照此 (seed 002)", finance_unit()),
    W("public-institution-code", "事业单位的统一社会信用代码 (机构类别码 2; GB 32100)",
      [M(U, "code: '114299990000000197'", "code: '12429999000000027Y'")]),
    W("national-short-number", "12345、12388 是全国统一短号 (domain.md §2)",
      [M(U, "complaint_phone: 0999-6123400", "complaint_phone: '12388'")]),
    W("practice-fields", "服务指南的实务字段: 救济渠道、办件类型、到现场次数等 (issue 16 §9)",
      [M(U, "    complaint_phone: 0999-6123400\n    flow: licence\n",
         "    complaint_phone: 0999-6123400\n    remedies:\n      - {kind: 行政复议, body: 语料县人民政府, days: 60}\n"
         "      - {kind: 行政诉讼, body: 语料县人民法院, months: 6}\n    case_type: 承诺件\n    visits: 0\n"
         "    online_url: https://zwfw.example.gov.cn/item/XK00001000\n    result: 某某经营许可证\n"
         "    exercise_level: 县级\n    flow: licence\n")]),
    W("purchase-graded-high", "采购环节按惯例高风险, 主要领导负责、设监督 (domain.md §5)",
      [M(BUY, "  - {id: approve, name: 审批采购, post: deputy, action: 审批}\n",
         "  - id: approve\n    name: 审批采购\n    post: deputy\n    action: 审批\n    supervision: 采购结果公示\n"
         "    risks:\n      - level: 高\n        type: 岗位职责\n        description: 超预算审批采购\n"
         "        measures: [采购预算公开]\n        owner: director\n")]),
    W("temporary-licence-first-year", "省级政府规章设定的临时性许可, 一年内有效 (行政许可法 第十五条): 提醒",
      [M(U, LIC_BASIS, basis("province-rule-new", "第六条"))], frozenset({"PL107"})),
]


def base_files() -> dict[str, bytes]:
    files, problems = read_folder(BASE)
    assert not problems
    return files


def build(mutations: list[M]) -> dict[str, bytes]:
    files = base_files()
    for m in mutations:
        m.apply(files)
    return files


def test_base_is_clean():
    findings = check_files(base_files())
    assert [(f.code, str(f.loc), f.message) for f in findings] == []


@pytest.mark.parametrize("case", VIOLATIONS, ids=[f"{c.code}-{c.id}" for c in VIOLATIONS])
def test_violation_is_reported_where_it_is(case: Violation):
    files = build(case.mutations)
    findings = check_files(files)
    got = [(f.code, str(f.loc), f.message) for f in findings]
    hits = [f for f in findings if f.code == case.code]
    assert hits, f"{case.code} not reported ({case.fact}); got {got}"
    line = line_of(files, case.file, case.at) if case.at is not None else case.line
    here = [f for f in hits if f.loc.path == case.file and f.loc.line == line]
    assert here, f"{case.code} at {[str(f.loc) for f in hits]}, expected {case.file}:{line}"
    assert here[0].severity == case.severity
    if case.count is not None:
        assert len(hits) == case.count, f"{len(hits)} findings of {case.code}: {got}"
    if case.alone:
        assert {f.code for f in findings} == {case.code}, got


@pytest.mark.parametrize("case", VALID, ids=[c.id for c in VALID])
def test_unusual_valid_catalogue_passes(case: Valid):
    findings = check_files(build(case.mutations))
    assert {f.code for f in findings} == set(case.codes), [(f.code, str(f.loc), f.message) for f in findings]


def test_corpus_size_and_spread():
    assert len(VIOLATIONS) >= 60 and len(VALID) >= 20
    ids = [c.id for c in VIOLATIONS] + [c.id for c in VALID]
    assert [i for i, n in Counter(ids).items() if n > 1] == []
    assert all(len(cases) >= 5 for cases in FAMILIES.values())
    assert all(c.fact for c in VIOLATIONS + VALID)
