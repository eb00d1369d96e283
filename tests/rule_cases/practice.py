"""Rule cases: the practice fields of a power (办件类型, 网上办理入口: generator/rules/practice.py)."""

from __future__ import annotations

from tests.helpers import Case
from tests.helpers import Mutation as M
from tests.rule_cases import B

FLOW = "    flow: licence\n"  # the licence power's last line: the practice fields go right before it

CASES = [
    Case("PL612", [M(B, FLOW, "    online_url: zwfw.example.gov.cn/item/XK00001000\n" + FLOW)], B,
         "online_url:", "https://"),
    Case("PL612", [M(B, FLOW, "    online_url: 'javascript:alert(1)'\n" + FLOW)], B, "online_url:", "https://",
         id="javascript"),
    Case("PL612", [M(B, FLOW, "    online_url: https://zwfw.example.gov.cn:abc/item\n" + FLOW)], B,
         "online_url:", "https://", id="port"),
    Case("PL407", [M(B, FLOW, "    case_type: 即办件\n" + FLOW)], B, "case_type:", "即办件", severity="warning"),
    Case("PL407", [M(B, "promised_limit: 10", "promised_limit: 0"), M(B, FLOW, "    case_type: 承诺件\n" + FLOW)],
         B, "case_type:", "承诺件", severity="warning", id="promise-zero"),
]

VALID = [
    # a portal's item address may carry a query and a fragment (unlike base_url, PL608)
    ("PL612-query", [M(B, FLOW, "    online_url: https://zwfw.example.gov.cn/item?code=XK00001000#/guide\n" + FLOW)],
     "PL612"),
    ("PL407-promise", [M(B, FLOW, "    case_type: 承诺件\n" + FLOW)], "PL407"),
    # a flow without step limits fits a promise of 0 (即办)
    ("PL407-on-the-spot", [M(B, "    flow: spending\n",
                             "    promised_limit: 0\n    case_type: 即办件\n    flow: spending\n")], "PL407"),
    # every practice field filled in, as a service guide would: nothing to report
    ("practice-fields", [M(B, FLOW, "    remedies:\n"
                           "      - {kind: 行政复议, body: 测试县人民政府, days: 60}\n"
                           "      - {kind: 行政诉讼, body: 有管辖权的人民法院, months: 6}\n"
                           "    case_type: 承诺件\n    visits: 1\n"
                           "    online_url: https://zwfw.example.gov.cn/item/XK00001000\n"
                           "    result: 测试许可证\n    exercise_level: 县级\n" + FLOW)], None),
]
