"""Rule cases: flow graph and references (PL5xx)."""

from __future__ import annotations

from tests.helpers import Case
from tests.helpers import Mutation as M
from tests.rule_cases import LIC, PEN, SPEND, B

CASES = [
    Case("PL501", [M(LIC, "post: officer", "post: oficer")], LIC, "post: oficer", "officer"),
    Case("PL501", [M(LIC, "owner: legal-deputy", "owner: depty")], LIC, "owner: depty", "deputy", id="owner"),
    Case("PL501", [M(B, "posts: [deputy]", "posts: [deputy, deptuy]")], B, "posts: [deputy, deptuy]", "deputy", col=21,
         id="roster"),  # at the misspelt post, not at the list
    # the right kind of post first: a 中 risk's owner must be a 分管领导 (PL302), so not 'director'
    Case("PL501", [M(LIC, "owner: legal-deputy", "owner: deputy-director")], LIC, "owner: deputy-director",
         "是不是想写 'deputy'", id="owner-by-level"),
    Case("PL501", [M(LIC, "owner: head", "owner: header")], LIC, "owner: header", "是不是想写 'head'",
         id="owner-low"),
    Case("PL501", [M(LIC, "owner: head", "owner: officer-head"), M(B, "role: 科室负责人}", "role: 工作人员}")], LIC,
         "owner: officer-head", "没有科室负责人岗位", id="owner-no-role"),
    Case("PL502", [M(LIC, "{to: review, when: 材料齐全}", "{to: reveiw, when: 材料齐全}")], LIC, "{to: reveiw",
         "review", col=14),
    Case("PL503", [M(LIC, "      - {to: correct, when: 材料不齐}\n", "")], LIC, "id: correct", "next"),
    Case("PL504", [M(PEN, "{id: deliver, name: 送达, post: inspector, action: 送达, officers: 2, days: 2}",
                     "{id: deliver, name: 送达, post: inspector, action: 送达, officers: 2, days: 2, next: [file]}")],
         PEN, "next: [file]}", "出口"),  # at the transition that closes the loop
    Case("PL505", [M(SPEND, "post: head, action: 审核}", "post: head, action: 审核, next: [discuss], end: true}")],
         SPEND, "{id: check", "end: true"),
    Case("PL506", [M(B, "flow: spending", "flow: spendin")], B, "flow: spendin", "spending"),
    Case("PL506", [M(B, "    flow: spending\n", "")], B, "  - code: SY00001000", "flows/", id="missing"),
    Case("PL507", [M("flows/extra.yaml", add="name: 多余流程\nunit: bureau\nsteps:\n"
                     "  - {id: a, name: 甲, post: officer, action: 经办}\n"
                     "  - {id: b, name: 乙, post: head, action: 审核}\n")],
         "flows/extra.yaml", "name: 多余流程", "删除", severity="warning"),
    Case("PL508", [M(SPEND, "unit: bureau", "unit: bureu")], SPEND, "unit: bureu", "bureau"),
    Case("PL509", [M("catalog/other.yaml", add="name: 其他局\nposts:\n"
                     "  - {id: boss, name: 局长, section: 局领导, role: 主要领导}\n"
                     "powers:\n  - code: QT00009000\n    name: 借用流程\n    category: 其他行政权力\n"
                     "    basis: [{source: penalty-law, article: 第四条}]\n    office: 办公室\n    flow: licence\n")],
         "catalog/other.yaml", "flow: licence", "本单位"),
    Case("PL510", [M(LIC, "counted: false\n    next: [accept]", "counted: false\n    next: []")], LIC, "next: []",
         "end: true", severity="warning"),
]

VALID = [
]
