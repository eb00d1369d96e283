"""Rule cases: load and format (PL0xx)."""

from __future__ import annotations

from tests.helpers import Case
from tests.helpers import Mutation as M
from tests.rule_cases import BOMB, LIC, SET, SPEND, B

CASES = [
    Case("PL001", [M(B, "phone: 0999-6123456", "phone: [0999-6123456")], B, "complaint_phone: '12345'", "缩进"),
    Case("PL002", [M(B, "address: 测试县人民路 1 号", "address: 测试县人民路 1 号\naddress: 别处")], B,
         "address: 别处", "重复"),
    Case("PL003", [M(B, "promised_limit: 10", "promise_limit: 10")], B, "promise_limit: 10", "promised_limit"),
    Case("PL004", [M(B, "legal_limit: 20", "legal_limit: 二十")], B, "二十", "legal_limit", col=18),
    Case("PL004", [M(B, "code: XK00001000", "code: 0012")], B, "code: 0012", "引号", id="octal-code"),
    Case("PL005", [M(LIC, "name: 测试许可流程\n", "")], LIC, "unit: bureau", "name"),
    Case("PL006", [M(B, "category: 行政许可", "category: 行政审批")], B, "行政审批", "行政许可"),
    Case("PL007", [M(B, "address: 测试县人民路 1 号", "address: 测试县人民路 1 号\n" + BOMB)], B, "x5: &f", "别名"),
    Case("PL008", [M(B, "name: 测试县测试局", "name: 测试县测试局", encoding="gbk")], B, None, "UTF-8", line=1, col=7),
    Case("PL009", [M(SET, "check_date: 2026-01-01", "check_date: 2026-01-01\nmax_file_bytes: 1000")], B, None,
         "max_file_bytes", line=1),
    Case("PL010", [M(B, "name: 测试县测试局", "name: !!python/object:os.system 测试")], B, "name: !!python", "标签"),
    Case("PL011", [M(B, "address: 测试县人民路 1 号", "address: TODO 单位地址")], B, "address: TODO", "TODO",
         severity="warning", col=10),
    Case("PL011", [M(LIC, "measures: [量化审查标准]", "measures: [量化审查标准, TODO 防控措施]")], LIC, "TODO 防控措施",
         "TODO", severity="warning", col=28, id="list-item"),
    Case("PL011", [M(B, "phone: 0999-6123456", "phone: 0000-0000000")], B, "phone: 0000-0000000", "TODO",
         severity="warning", id="phone"),
    Case("PL012", [M(B, "name: 测试许可", "name: " + "测试许可" * 2000)], B, "name: 测试许可测试许可", "精简"),
    Case("PL012", [M(LIC, "measures: [量化审查标准]", "measures: [量化审查标准, " + "审" * 5001 + "]")], LIC,
         "measures: [量化审查标准", "精简", col=28, id="list-item"),
    Case("PL012", [M(SPEND, "steps:\n", "steps:\n" + "".join(
        f"  - {{id: s{i}, name: 环节, post: accountant, action: 经办}}\n" for i in range(200)))], SPEND, "- {id: s0,",
        "拆分", id="too-many-steps"),
]

VALID = [
    ("PL002-merge-key-override", [M(B, "  - {id: director, name: 局长, section: 局领导, role: 主要领导}",
                                    "  - &lead {id: director, name: 局长, section: 局领导, role: 主要领导}"),
                                  M(B, "  - {id: deputy, name: 分管副局长, section: 局领导, role: 分管领导}",
                                    "  - {<<: *lead, id: deputy, name: 分管副局长, role: 分管领导}")], "PL002"),
]
