"""Rule cases: separation of duties (PL2xx)."""

from __future__ import annotations

from tests.helpers import Case
from tests.helpers import Mutation as M
from tests.rule_cases import LIC, PEN, SPEND, B

# A sign-off policy added to the minimal unit, for the 三重一大 spending flow (经办 accountant 工作人员 →
# 审核 head 科室负责人 → 集体讨论 leadership 领导班子 → 支付)
SIGN_OFF_AT = "complaint_phone: '12345'\n"
SIGN_OFF = "sign_off:\n  - {{policy: 1+2, roles: {}, categories: [三重一大]}}\n"
SPEND_ROLES = "[工作人员, 科室负责人, 领导班子]"

CASES = [
    Case("PL201", [M(SPEND, "post: head, action: 审核", "post: accountant, action: 审核"),
                   M(SPEND, "post: leadership", "post: accountant")], SPEND, "  - {id: propose", "至少两个"),
    Case("PL202", [M(LIC, "post: deputy\n    action: 决定", "post: officer\n    action: 决定")], LIC,
         "post: officer\n    action: 决定", "不同岗位", col=11),
    Case("PL203", [M(PEN, "officers: 2, days: 30", "days: 30")], PEN, "{id: investigate", "officers: 2"),
    # once, on the flow (not once per power that runs it)
    Case("PL204", [M(PEN, "action: 集体讨论, days: 5", "action: 审核, days: 5")], PEN, "  - {id: file", "集体讨论"),
    # an unreachable collective step does not count
    Case("PL204", [M(PEN, "      - {to: discuss, when: 情节复杂或重大违法}\n", "")], PEN, "  - {id: file", "领导班子",
         id="unreachable"),
    # nor does one held by a single person's post (PL207)
    Case("PL204", [M(SPEND, "    post: leadership\n    action: 集体讨论", "    post: director\n    action: 集体讨论")],
         SPEND, "  - {id: propose", "集体讨论", id="single-person"),
    Case("PL205", [M(B, "posts: [head]", "posts: [head, accountant]")], B, "posts: [head, accountant]", "不兼任",
         col=19),  # at the second post, the one that clashes
    Case("PL206", [M(SPEND, "post: head, action: 审核", "post: director, action: 审核")], SPEND,
         "post: director", "不直接分管"),
    Case("PL206", [M(B, "posts: [director]", "posts: [director, accountant]")], B, "posts: [director, accountant]",
         "不直接分管", col=23, id="roster"),  # at the post the leader should not hold
    Case("PL207", [M(PEN, "post: leadership, action: 集体讨论", "post: director, action: 集体讨论")], PEN,
         "post: director", "领导班子"),
    Case("PL207", [M(SPEND, "    post: leadership\n    action: 集体讨论", "    post: head\n    action: 集体讨论")],
         SPEND, "    post: head\n    action: 集体讨论", "领导班子", id="section-head"),
    # one person holds every post of the licence flow (受理 window, 审查 officer, 决定 deputy)
    Case("PL208", [M(B, "posts: [head]", "posts: [head, window, officer, deputy]")], B,
         "posts: [head, window, officer, deputy]", "至少由两人", col=36),
    # ... through two roster entries
    Case("PL208", [M(B, "  - person: 王某\n    posts: [head]",
                     "  - person: 王某\n    posts: [window, officer]\n"
                     "  - person: 王某\n    posts: [deputy]  # 兼任")], B,
         "    posts: [deputy]  # 兼任", "至少由两人", id="two-entries"),
    # the policy's 分管领导 never signs the 三重一大 spending
    Case("PL209", [M(B, SIGN_OFF_AT, SIGN_OFF_AT + SIGN_OFF.format("[工作人员, 科室负责人, 分管领导]"))], SPEND,
         "  - {id: pay", "签批"),
    # 科室负责人 signs before 工作人员: the policy's order is not kept
    Case("PL209", [M(B, SIGN_OFF_AT, SIGN_OFF_AT + SIGN_OFF.format(SPEND_ROLES)),
                   M(SPEND, "name: 提出方案, post: accountant", "name: 提出方案, post: head"),
                   M(SPEND, "post: head, action: 审核", "post: accountant, action: 审核")], SPEND, "  - {id: pay",
         "签批", id="order"),
    # a 三重一大 path goes round the collective step (no 决定 step: checked up to the end)
    Case("PL210", [M(SPEND, "  - {id: check, name: 审核, post: head, action: 审核}",
                     "  - {id: check, name: 审核, post: head, action: 审核, next: [discuss, pay]}")], SPEND,
         "  - {id: pay", "每条通往决定的路径"),
    # a penalty marked major: the 一般案件 branch reaches the decision without collective discussion
    Case("PL210", [M(B, "    flow: penalty\n", "    flow: penalty\n    major: true\n")], PEN, "  - {id: decide",
         "集体讨论", id="major-penalty"),
    # a general-procedure penalty whose collective discussion comes only after the decision
    Case("PL210", [M(PEN, "      - {to: discuss, when: 情节复杂或重大违法}\n", ""),
                   M(PEN, "action: 集体讨论, days: 5}", "action: 集体讨论, days: 5, next: [deliver]}"),
                   M(PEN, "action: 决定, days: 3}", "action: 决定, days: 3, next: [discuss]}")], PEN,
         "  - {id: discuss", "决定之前", id="after-decision"),
]

VALID = [
    ("PL204-simple-procedure", [M(PEN, "action: 集体讨论, days: 5", "action: 审核, days: 5"),
                                M(PEN, "procedure: 一般程序", "procedure: 简易程序")], "PL204"),
    ("PL203-two-officers", [M(PEN, "officers: 2, days: 30", "officers: 3, days: 30")], "PL203"),
    # the person who is top leader may also sit on the collective body that decides a finance matter
    ("PL206-leader-chairs-collective-step", [M(B, "posts: [director]", "posts: [director, leadership]")], "PL206"),
    # one person holds two of the licence flow's three posts (no incompatible pair): not a one-person flow
    ("PL208-two-of-three-posts", [M(B, "posts: [head]", "posts: [head, window, officer]")], "PL208"),
    # the policy kept, and the same policy where the spending flow is not of a covered category
    ("PL209-policy-kept", [M(B, SIGN_OFF_AT, SIGN_OFF_AT + SIGN_OFF.format(SPEND_ROLES))], "PL209"),
    # a flow that ends at the last signature (no payment after it): the end step's own post signs
    ("PL209-end-step-is-the-last-signature", [M(B, SIGN_OFF_AT, SIGN_OFF_AT + SIGN_OFF.format(SPEND_ROLES)),
                                              M(SPEND, "  - {id: pay, name: 支付, post: accountant, action: 支付}\n",
                                                "")], "PL209"),
    ("PL209-other-category", [M(B, SIGN_OFF_AT, SIGN_OFF_AT + SIGN_OFF.format("[工作人员, 分管领导, 主要领导]")
                                .replace("[三重一大]", "[人财物]"))], "PL209"),
    # the collective step on a branch that every path passes (both ways lead to it)
    ("PL210-branch-every-path-passes", [M(SPEND, "  - {id: propose, name: 提出方案, post: accountant, action: 经办}",
                                          "  - {id: propose, name: 提出方案, post: accountant, action: 经办, "
                                          "next: [check, discuss]}")], "PL210"),
    # a loop back before the decision (退回修改 and resubmit) still passes the collective step
    ("PL210-loop-back-before-decision", [M(SPEND, "    post: leadership\n    action: 集体讨论\n",
                                           "    post: leadership\n    action: 集体讨论\n"
                                           "    next: [{to: propose, when: 未通过需修改}, {to: pay, when: 通过}]\n")],
     "PL210"),
    # 行政处罚法 第五十一条、第五十二条: in the simple procedure the officers on the spot decide
    ("PL202-simple-procedure-on-the-spot", [
        M(PEN, "procedure: 一般程序", "procedure: 简易程序"),
        M(PEN, "post: deputy, action: 决定", "post: inspector, action: 决定")], "PL202"),
    # 执法人员不得少于两人 is about enforcement, not an internal flow's fact-finding
    ("PL203-internal-flow", [
        M(SPEND, "  - {id: check,", "  - {id: survey, name: 调研论证, post: officer, action: 调查}\n  - {id: check,")],
     "PL203"),
]
