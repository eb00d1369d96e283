"""Rule cases: risk points (PL3xx)."""

from __future__ import annotations

from tests.helpers import Case
from tests.helpers import Mutation as M
from tests.rule_cases import LIC, SET, SPEND, B

PAY = "{id: pay, name: 支付, post: accountant, action: 支付}"
RISK = "[{level: %s, type: 岗位职责, description: 违规拨付资金, measures: [双人复核], owner: %s}]"
# a 三重一大 power whose flow marks no risk point
BARE = ("name: 基建项目安排流程\nunit: bureau\narea: 工程项目\nsteps:\n"
        "  - {id: propose, name: 提出方案, post: officer, action: 经办}\n"
        "  - {id: check, name: 审核, post: head, action: 审核}\n"
        "  - {id: discuss, name: 党组会集体研究, post: leadership, action: 集体讨论, supervision: 会议纪要存档}\n")
BARE_POWER = ("  - code: SY00002000\n    name: 基建项目安排\n    category: 三重一大\n"
              "    basis:\n      - source: party-rule\n        article: 第十五条\n    office: 审批股\n"
              "    flow: building\n")

THREE = "risk_types: [思想道德, 制度机制, 岗位职责]"  # the seeds' "三类风险" only
OWN = "risk_types: [业务流程, 岗位职责, 廉洁自律]"

CASES = [
    Case("PL301", [M(LIC, "measures: [量化审查标准]", "measures: []")], LIC, "measures: []", "防控措施"),
    Case("PL302", [M(LIC, "owner: head", "owner: officer")], LIC, "owner: officer", "科室负责人"),
    Case("PL303", [M(SPEND, "    supervision: 会议纪要存档, 纪检组列席\n", "")], SPEND, "  - id: discuss",
         "supervision"),
    Case("PL304", [M(LIC, "type: 业务流程", "type: 业务流")], LIC, "type: 业务流", "业务流程"),
    Case("PL304", [M(LIC, "type: 岗位职责", "type: 廉洁自律")], LIC, "type: 廉洁自律", "risk_types", id="no-close"),
    Case("PL304", [M(SET, "check_date: 2026-01-01", "check_date: 2026-01-01\n" + THREE)], LIC, "type: 业务流程",
         "risk_types", id="configured"),
    # paying out money graded 低, in any flow
    Case("PL305", [M(SPEND, PAY, PAY[:-1] + ", risks: " + RISK % ("低", "head") + "}")], SPEND, "{id: pay",
         "中或高", severity="warning"),
    # any step of a 三重一大 flow graded 低 (三级)
    Case("PL305", [M(SPEND, "level: 高", "level: 三级"), M(SPEND, "owner: director", "owner: head")], SPEND,
         "level: 三级", "中或高", severity="warning", id="major"),
    # the decision of an internal finance flow (人财物, area 财务) graded 低
    Case("PL305", [M(B, "code: SY00001000\n    name: 大额资金使用\n    category: 三重一大",
                     "code: NB00001000\n    name: 日常经费支出\n    category: 人财物"),
                   M(SPEND, "level: 高", "level: 低"), M(SPEND, "owner: director", "owner: head")], SPEND,
         "level: 低", "中或高", severity="warning", id="finance-decision"),
    Case("PL306", [M(SPEND, "    risks:\n      - level: 高\n        type: 制度机制\n"
                     "        description: 未经集体研究擅自决定\n"
                     "        measures: [一把手末位表态, 会议纪要存档]\n        owner: director\n", "")],
         SPEND, "  - {id: propose", "风险点", severity="warning"),
    Case("PL306", [M("flows/building.yaml", add=BARE),
                   M(B, "    flow: spending\n", "    flow: spending\n" + BARE_POWER)],
         "flows/building.yaml", "  - {id: propose", "风险点", severity="warning", id="second-flow"),
]

VALID = [
    # 一级/二级/三级 are the same grades as 高/中/低 (the chart legend and the docs use both)
    ("PL006-level-grade-words", [M(LIC, "level: 低", "level: 三级"), M(LIC, "level: 中", "level: 二级"),
                                 M(SPEND, "level: 高", "level: 一级")], "PL006"),
    ("PL302-grade-words-owned", [M(LIC, "level: 中", "level: 二级")], "PL302"),
    # a type the seeds use ("业务操作风险")
    ("PL304-seed-type", [M(LIC, "type: 业务流程", "type: 业务操作")], "PL304"),
    ("PL304-own-types", [M(SET, "check_date: 2026-01-01", "check_date: 2026-01-01\n" + OWN),
                         M(LIC, "type: 岗位职责", "type: 廉洁自律"), M(SPEND, "type: 制度机制", "type: 业务流程")],
     "PL304"),
    # the first review of a "1+2" sign-off may be 三级, owned by the section head; and 支付 graded 中
    ("PL305-review-low", [M(B, "code: SY00001000\n    name: 大额资金使用\n    category: 三重一大",
                            "code: NB00001000\n    name: 日常经费支出\n    category: 人财物"),
                          M(SPEND, "{id: check, name: 审核, post: head, action: 审核}",
                            "{id: check, name: 审核, post: head, action: 审核, risks: " + RISK % ("低", "head") + "}")],
     "PL305"),
    ("PL305-pay-medium", [M(SPEND, PAY, PAY[:-1] + ", risks: " + RISK % ("中", "deputy") + "}")], "PL305"),
]
