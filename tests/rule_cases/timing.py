"""Rule cases: time limits (PL4xx)."""

from __future__ import annotations

from tests.helpers import Case
from tests.helpers import Mutation as M
from tests.rule_cases import LIC, PEN, B

DELIVER = "{id: deliver, name: 送达, post: inspector, action: 送达, officers: 2, days: 2}"
ENFORCE = "  - {id: enforce, name: 执行, post: inspector, action: 执行, officers: 2, days: 15}"

CASES = [
    Case("PL401", [M(B, "promised_limit: 10", "promised_limit: 25")], B, "promised_limit: 25", "承诺时限"),
    Case("PL402", [M(LIC, "days: 5\n", "days: 8\n")], B, "promised_limit: 10", "counted: false"),
    Case("PL403", [M(B, "    promised_limit: 10\n", "")], B, "legal_limit: 20", "promised_limit", severity="warning"),
    # 行政许可法 第四十四条: a licence is delivered within 10 working days of the decision
    Case("PL404", [M(LIC, "    action: 送达\n    days: 1", "    action: 送达\n    days: 12")], LIC, "days: 12",
         "十个工作日"),
    # 行政处罚法 第六十一条、第八十五条: 7 working days (the flow now counts working days)
    Case("PL404", [M(PEN, "limit_unit: 日\n", ""), M(PEN, "officers: 2, days: 2}", "officers: 2, days: 9}")], PEN,
         "days: 9}", "期限以内", id="penalty-seven-days"),
    # 行政许可法 第四十二条第一款: 20 working days, unless the extension article is cited
    Case("PL405", [M(B, "legal_limit: 20", "legal_limit: 25")], B, "legal_limit: 25", "limit_basis",
         severity="warning"),
    # 行政处罚法 第六十条: 90 (calendar) days from filing
    Case("PL405", [M(B, "legal_limit: 90", "legal_limit: 120")], B, "legal_limit: 120", "limit_basis",
         severity="warning", id="penalty-ninety-days"),
    # joint handling cited (第四十二条第二款): 45 + 15, no more
    Case("PL405", [M(B, "article: 第十二条", "article: 第十二条、第四十二条第二款"),
                   M(B, "legal_limit: 20", "legal_limit: 70")], B, "legal_limit: 70", "limit_basis",
         severity="warning", id="joint-licence"),
    # a penalty's 90 days written as working days cannot be compared with 第六十条's calendar days
    Case("PL406", [M(B, "    limit_unit: 日\n", "")], B, "legal_limit: 90", "limit_unit", severity="warning"),
    # the flow's steps in working days, the power's promise in calendar days
    Case("PL406", [M(PEN, "limit_unit: 日\n", "")], B, "promised_limit: 60", "limit_unit", severity="warning",
         id="flow-unit"),
    # an absent limit is published as 未列明, never as a default: the warning asks for it
    Case("PL408", [M(B, "    legal_limit: 20\n    promised_limit: 10\n", "")], B, "code: XK00001000", "legal_limit",
         severity="warning"),
    Case("PL408", [M(B, "    legal_limit: 90\n", "")], B, "code: CF00001000", "九十日", severity="warning",
         id="penalty-with-promise-only"),
]

VALID = [
    ("PL402-uncounted-step", [M(LIC, "days: 5\n", "days: 8\n    counted: false\n")], "PL402"),
    ("PL402-loop-back-not-counted-twice", [M(LIC, "    days: 3\n", "    days: 3\n"
                                             "    next: [{to: deliver, when: 同意}, {to: review, when: 退回重审}]\n")],
     "PL402"),
    # a 日 limit is not compared with working-day steps (PL406 says so instead)
    ("PL402-calendar-limit-not-compared-with-working-days", [M(PEN, "limit_unit: 日\n", "")], "PL402"),
    # a licence of 30 working days that cites the extension (行政许可法 第四十二条第一款)
    ("PL405-licence-cites-extension", [M(B, "article: 第十二条", "article: 第十二条、第四十二条第一款"),
                                       M(B, "legal_limit: 20", "legal_limit: 30")], "PL405"),
    # a joint licence (第四十二条第二款) of 45 working days
    ("PL405-joint-licence", [M(B, "article: 第十二条", "article: 第十二条、第四十二条第二款"),
                             M(B, "legal_limit: 20", "legal_limit: 45")], "PL405"),
    # a longer limit set by another law, named in limit_basis
    ("PL405-limit-basis", [M(B, "legal_limit: 90", "legal_limit: 120\n    limit_basis: 某某法第三十条")], "PL405"),
    # a licence limit in calendar days within 20 (N 日 ≤ N 工作日 on every calendar): no unit warning
    ("PL406-calendar-days-within-working-days", [M(B, "legal_limit: 20", "legal_limit: 14\n    limit_unit: 日"),
                                                 M(B, "promised_limit: 10", "promised_limit: 12"),
                                                 M(LIC, "area: 行政审批\n", "area: 行政审批\nlimit_unit: 日\n")],
     "PL406"),
    # a simple-procedure penalty is handed over on the spot: 第六十一条's 七日 is not checked
    ("PL404-simple-procedure", [M(PEN, "procedure: 一般程序", "procedure: 简易程序"),
                                M(PEN, "officers: 2, days: 2}", "officers: 2, days: 9}")], "PL404"),
    # 行政处罚法 第六十条: the limit runs to the decision; 送达 and 执行 come after it
    ("PL402-penalty-counts-to-its-decision", [M(PEN, DELIVER, DELIVER + "\n" + ENFORCE)], "PL402"),
    # a penalty decided on the spot (简易程序) has no limit to publish; an internal power none either
    ("PL408-simple-procedure", [M(PEN, "procedure: 一般程序", "procedure: 简易程序"),
                                M(B, "    legal_limit: 90\n    promised_limit: 60\n", "")], "PL408"),
]
