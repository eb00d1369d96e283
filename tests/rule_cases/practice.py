"""Rule cases: the practice fields of a power (办件类型, 网上办理入口: generator/rules/practice.py)."""

from __future__ import annotations

from tests.helpers import Case
from tests.helpers import Mutation as M
from tests.rule_cases import B

NO_UNIT_PHONE = M(B, "complaint_phone: '12345'\n", "")

FLOW = "    flow: licence\n"  # the licence power's last line: the practice fields go right before it

CASES = [
    Case("PL612", [M(B, FLOW, "    online_url: zwfw.example.gov.cn/item/XK00001000\n" + FLOW)], B,
         "online_url:", "https://"),
    Case("PL612", [M(B, FLOW, "    online_url: 'javascript:alert(1)'\n" + FLOW)], B, "online_url:", "https://",
         id="javascript"),
    Case("PL612", [M(B, FLOW, "    online_url: https://zwfw.example.gov.cn:abc/item\n" + FLOW)], B,
         "online_url:", "https://", id="port"),
    # the unit's 网上投诉举报 address goes on every poster and power page: the same check
    Case("PL612", [M(B, "complaint_phone: '12345'\n", "complaint_phone: '12345'\ncomplaint_url: example.gov.cn/jb\n")],
         B, "complaint_url:", "https://", id="complaint-url"),
    Case("PL407", [M(B, FLOW, "    case_type: 即办件\n" + FLOW)], B, "case_type:", "即办件", severity="warning"),
    Case("PL407", [M(B, "promised_limit: 10", "promised_limit: 0"), M(B, FLOW, "    case_type: 承诺件\n" + FLOW)],
         B, "case_type:", "承诺件", severity="warning", id="promise-zero"),
    # a published page or poster would carry no complaint phone: one finding at the unit
    Case("PL613", [NO_UNIT_PHONE], B, "name: 测试县测试局", "complaint_phone", severity="warning"),
    Case("PL614", [M(B, "    office: 审批股\n", "")], B, "code: XK00001000", "office", severity="warning"),
    Case("PL614", [M(B, "    office: 审批股\n", "    office: ' '\n")], B, "office: ' '", "office", severity="warning",
         id="blank"),
    Case("PL615", [M(B, "    fee: 不收费\n", "")], B, "code: XK00001000", "不收费", severity="warning"),
    # an imported sheet that names no category: left out, never guessed; refused, not a load error
    Case("PL616", [M(B, "    category: 行政许可\n", "")], B, "code: XK00001000", "category"),
]

VALID = [
    # a portal's item address may carry a query and a fragment (unlike base_url, PL608)
    ("PL612-query", [M(B, FLOW, "    online_url: https://zwfw.example.gov.cn/item?code=XK00001000#/guide\n" + FLOW)],
     "PL612"),
    ("PL612-complaint", [M(B, "complaint_phone: '12345'\n",
                           "complaint_phone: '12345'\ncomplaint_box: 局机关一楼大厅\n"
                           "complaint_url: https://jw.example.gov.cn/jb?unit=1\n")], "PL612"),
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
    # every power gives its own complaint phone: no page or poster lacks one
    ("PL613-every-power-has-one", [
        NO_UNIT_PHONE, M(B, "    office: 执法大队\n", "    office: 执法大队\n    complaint_phone: '12345'\n"),
        M(B, "    office: 财务股\n", "    office: 财务股\n    complaint_phone: '12388'\n")], "PL613"),
    # a penalty is not applied for: no fee to state (the minimal penalty has none)
    ("PL615-penalty", [M(B, "    penalty_kinds: [警告, 罚款]\n", "    penalty_kinds: [警告, 罚款]\n")], "PL615"),
]
