"""Rule cases: codes, ids, phones (PL6xx)."""

from __future__ import annotations

from tests.helpers import Case
from tests.helpers import Mutation as M
from tests.rule_cases import PEN, SET, B

CASES = [
    Case("PL601", [M(B, "code: CF00001000", "code: XK00001000")], B, "code: XK00001000\n    name: 对违法", "唯一"),
    Case("PL602", [M(B, "code: SY00001000", "code: SY-1")], B, "SY-1", "item_code_pattern"),
    Case("PL603", [M(B, "code: SY00001000", "code: NB00001000")], B, "NB00001000", "类别字母", severity="warning"),
    Case("PL604", [M(PEN, "{id: deliver,", "{id: Deliver,")], PEN, "Deliver", "小写字母"),
    Case("PL604", [M("flows/资金.yaml", add="name: 资金\nunit: bureau\nsteps:\n"
                     "  - {id: a, name: 甲, post: officer, action: 经办}\n"
                     "  - {id: b, name: 乙, post: head, action: 审核}\n")],
         "flows/资金.yaml", None, "小写字母", line=1, id="file-name"),
    Case("PL605", [M(B, "phone: 0999-6123457", "phone: '6123457'")], B, "phone: '6123457'", "区号-号码"),
    Case("PL606", [M(B, "code: 11999999MB00000011", "code: 11999999MB00000012")], B, "11999999MB00000012", "校验码"),
    # GB 32100: 机构编制 (1) has no category 7; B is no registration department
    Case("PL606", [M(B, "code: 11999999MB00000011", "code: 17999999MB0000001E")], B, "17999999MB0000001E", "机构类别码",
         id="category"),
    Case("PL606", [M(B, "code: 11999999MB00000011", "code: B1999999MB0000001N")], B, "B1999999MB0000001N",
         "登记管理部门码", id="department"),
    Case("PL607", [M(B, "  - {id: window,",
                     "  - {id: head, name: 副股长, section: 审批股, role: 科室负责人}\n  - {id: window,")],
         B, "{id: head, name: 副股长", "唯一"),
    Case("PL608", [M(SET, "check_date: 2026-01-01", "check_date: 2026-01-01\nbase_url: www.example.gov.cn/qlqd")], SET,
         "base_url:", "https://"),
    Case("PL608", [M(SET, "check_date: 2026-01-01", "check_date: 2026-01-01\nbase_url: https://x.example/q/?a=1")], SET,
         "base_url:", "https://", id="query"),
    Case("PL610", [M(B, "    fee: 不收费\n", "    fee: 每件 10 元\n")], B,
         "fee: 每件 10 元", "fee_basis"),
    Case("PL610", [M(B, "    office: 财务股\n", "    office: 财务股\n    fee: 按成本收取\n    fee_basis: ''\n")], B,
         "fee: 按成本收取", "fee_basis", id="empty-basis"),
    Case("PL611", [M(B, "address: 测试县人民路 1 号", "nature: 受委托单位\naddress: 测试县人民路 1 号")], B,
         "nature: 受委托单位", "delegated_by"),
    Case("PL611", [M(B, "address: 测试县人民路 1 号",
                     "nature: 受委托单位\ndelegated_by: ' '\naddress: 测试县人民路 1 号")], B,
         "nature: 受委托单位", "delegated_by", id="blank"),
]

VALID = [
    ("PL605-short-number", [M(B, "phone: 0999-6123457", "phone: '12388'")], "PL605"),
    ("PL605-two-numbers", [M(B, "phone: 0999-6123457", "phone: 0999-6123457、0999-6123458")], "PL605"),
    # 民政 (5), 社会团体 (1), with the right check character
    ("PL606-civil-affairs-code", [M(B, "code: 11999999MB00000011", "code: 51999999MB0000001W")], "PL606"),
    ("PL610-free", [M(B, "    fee: 不收费\n", "    fee: 不收费（依法免收）\n")],
     "PL610"),
    ("PL610-free-word", [M(B, "    fee: 不收费\n", "    fee: 免费\n")], "PL610"),
    ("PL611-names-delegating-body",
     [M(B, "address: 测试县人民路 1 号", "nature: 受委托单位\ndelegated_by: 测试县某局\naddress: 测试县人民路 1 号")],
     "PL611"),
    ("PL610-mianshou", [M(B, "    legal_limit: 90\n", "    fee: 依法免收\n    legal_limit: 90\n")], "PL610"),
]
