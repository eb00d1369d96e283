"""Rule cases: legal procedure (PL211-PL212), the category stage chains and the steps a flow may end at."""

from __future__ import annotations

from tests.helpers import Case
from tests.helpers import Mutation as M
from tests.rule_cases import LIC, PEN, SET

NOTIFY = "    action: 告知\n    days: 3\n"  # the penalty's 告知 step (行政处罚法 第四十四条)
NO_NOTIFY = "    action: 审核\n    days: 3\n"
DELIVER = "{id: deliver, name: 送达, post: inspector, action: 送达, officers: 2, days: 2}"
LICENCE_END = "    post: window\n    action: 送达\n    days: 1\n"

CASES = [
    # a general-procedure penalty with no 告知 at all: reported once, on the flow
    Case("PL211", [M(PEN, NOTIFY, NO_NOTIFY)], PEN, "  - {id: file", "先告知"),
    # a path reaches the decision before the party is told (review goes straight to 决定)
    Case("PL211", [M(PEN, "    action: 审查\n    days: 5\n", "    action: 审查\n    days: 5\n"
                                                              "    next: [notify, decide]\n")],
         PEN, "  - {id: decide", "先告知", id="order"),
    # a licence whose 受理 can lead straight to 决定, with no 审查 on that path
    Case("PL211", [M(LIC, "      - {to: correct, when: 材料不齐}\n",
                     "      - {to: correct, when: 材料不齐}\n      - {to: decide, when: 其他}\n")], LIC,
         "  - id: decide", "按顺序", id="licence"),
    # a chain set in powerlist.yaml replaces the defaults: here a 行政许可 must also pass 公示
    Case("PL211", [M(SET, "check_date: 2026-01-01\n", "check_date: 2026-01-01\nstage_chains:\n"
                   "  - {category: 行政许可, stages: [[受理], [审查], [决定], [公示]]}\n")], LIC, "  - id: accept",
         "补上", id="configured"),
    # a licence that ends at 现场核查 (勘查)
    Case("PL212", [M(LIC, LICENCE_END, LICENCE_END + "  - {id: onsite, name: 现场核查, post: officer, action: 勘查, "
                     "officers: 2}\n")], LIC, "  - {id: onsite", "决定、送达"),
    # a penalty that ends at 调查
    Case("PL212", [M(PEN, DELIVER, DELIVER + "\n  - {id: recheck, name: 复查, post: inspector, action: 调查, "
                                             "officers: 2}")],
         PEN, "  - {id: recheck", "决定、送达", id="penalty"),
]

VALID = [
    # the simple procedure (当场处罚, 行政处罚法 第五十一条) has no stage chain: no 告知 step is needed
    ("PL211-simple-procedure-without-notice", [M(PEN, NOTIFY, NO_NOTIFY),
                                               M(PEN, "procedure: 一般程序", "procedure: 简易程序")], "PL211"),
    # a loop back before the decision: 陈述申辩 leads to a further investigation, then a new 告知
    ("PL211-loop-back-before-decision", [M(PEN, "      - {to: decide, when: 一般案件}\n",
                                           "      - {to: decide, when: 一般案件}\n"
                                           "      - {to: investigate, when: 陈述申辩理由成立需补充调查}\n")], "PL211"),
    # a licence decided as 审批 (the default chain accepts 决定 or 审批)
    ("PL211-licence-approval", [M(LIC, "    post: deputy\n    action: 决定", "    post: deputy\n    action: 审批")],
     "PL211"),
    # a licence that ends at 归档 after delivery
    ("PL212-ends-at-archive", [M(LIC, LICENCE_END, LICENCE_END + "  - {id: archive, name: 归档, post: officer, "
                                 "action: 归档}\n")], "PL212"),
]
