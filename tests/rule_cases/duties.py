"""Rule cases: separation of duties (PL2xx)."""

from __future__ import annotations

from tests.helpers import Case
from tests.helpers import Mutation as M
from tests.rule_cases import LIC, PEN, SPEND, B

CASES = [
    Case("PL201", [M(SPEND, "post: head, action: 审核", "post: accountant, action: 审核"),
                   M(SPEND, "post: leadership", "post: accountant")], SPEND, "  - {id: propose", "至少两个"),
    Case("PL202", [M(LIC, "post: deputy\n    action: 决定", "post: officer\n    action: 决定")], LIC,
         "post: officer\n    action: 决定", "不同岗位", col=11),
    Case("PL203", [M(PEN, "officers: 2, days: 30", "days: 30")], PEN, "{id: investigate", "officers: 2"),
    Case("PL204", [M(PEN, "action: 集体讨论, days: 5", "action: 审核, days: 5")], B, "flow: penalty", "集体讨论"),
    Case("PL205", [M(B, "posts: [head]", "posts: [head, accountant]")], B, "posts: [head, accountant]", "不兼任",
         col=19),  # at the second post, the one that clashes
    Case("PL206", [M(SPEND, "post: head, action: 审核", "post: director, action: 审核")], SPEND,
         "post: director", "不直接分管"),
    Case("PL206", [M(B, "posts: [director]", "posts: [director, accountant]")], B, "posts: [director, accountant]",
         "不直接分管", col=23, id="roster"),  # at the post the leader should not hold
    Case("PL207", [M(PEN, "post: leadership, action: 集体讨论", "post: director, action: 集体讨论")], PEN,
         "post: director", "领导班子", severity="warning"),
]

VALID = [
    ("PL204-simple-procedure", [M(PEN, "action: 集体讨论, days: 5", "action: 审核, days: 5"),
                                M(PEN, "procedure: 一般程序", "procedure: 简易程序")], "PL204"),
    ("PL203-two-officers", [M(PEN, "officers: 2, days: 30", "officers: 3, days: 30")], "PL203"),
    # the top leader may chair a collective decision in a finance flow (only PL207, a warning, remains)
    ("PL206-leader-in-collective-step", [M(SPEND, "    post: leadership\n    action: 集体讨论",
                                           "    post: director\n    action: 集体讨论")], "PL206"),
]
