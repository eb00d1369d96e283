"""Every rule: a one-change invalid catalogue reports the rule at the right file, line and with its
hint; the unchanged minimal catalogue (the valid counterpart) reports nothing at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.rules import all_rules
from tests.helpers import Case, check_files, line_of, minimal_files, mutated
from tests.helpers import Mutation as M

B = "catalog/bureau.yaml"
S = "catalog/sources.yaml"
LIC = "flows/licence.yaml"
PEN = "flows/penalty.yaml"
SPEND = "flows/spending.yaml"
SET = "powerlist.yaml"

LICENCE_BASIS = ("      - source: licensing-law\n        article: 第十二条\n"
                 "      - source: implementing-regulation\n        article: 第五条第二款\n")
BOMB = "x0: &a [1,1,1,1,1,1,1,1,1,1]\n" + "".join(
    f"x{i}: &{chr(98 + i - 1)} [{','.join(['*' + chr(97 + i - 1)] * 10)}]\n" for i in range(1, 7))

CASES = [
    # --- load and format (PL0xx)
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
    # --- legal basis (PL1xx)
    Case("PL101", [M(B, "    basis:\n" + LICENCE_BASIS, "    basis: []\n")], B, "basis: []", "至少引用"),
    Case("PL101", [M(B, "    basis:\n" + LICENCE_BASIS, "")], B, "  - code: XK00001000", "至少引用", id="absent"),
    Case("PL102", [M(B, "source: penalty-law\n", "source: penalty-lw\n")], B, "penalty-lw", "penalty-law"),
    Case("PL103", [M(B, "        article: 第五十七条第二款\n", "")], B, "- source: penalty-law", "条款"),
    Case("PL104", [M(B, "article: 第十二条", "article: 12条")], B, "12条", "第X条", severity="warning"),
    Case("PL105", [M(B, "source: penalty-law\n", "source: penalty-law-1996\n")], B, "penalty-law-1996", "现行"),
    Case("PL106", [M(B, "source: penalty-law\n", "source: future-law\n")], B, "future-law", "施行"),
    Case("PL107", [M(B, LICENCE_BASIS, "      - source: ministry-rule\n        article: 第五条\n")], B,
         "- source: ministry-rule", "行政许可法"),
    Case("PL107", [M(B, LICENCE_BASIS, "      - source: province-rule\n        article: 第五条\n")], B,
         "- source: province-rule", "行政许可法", severity="warning", id="temporary-licence"),
    Case("PL107", [M(B, LICENCE_BASIS, "      - source: province-rule\n        article: 第五条\n"),
                   M(SET, "check_date: 2026-01-01", "check_date: 2026-07-01")], B,
         "- source: province-rule", "行政许可法", id="temporary-licence-expired"),
    Case("PL108", [M(B, LICENCE_BASIS, "      - source: implementing-regulation\n        article: 第五条第二款\n"
                     "      - source: licensing-law\n        article: 第十二条\n")], B,
         "- source: implementing-regulation", "从高到低", severity="warning"),
    Case("PL109", [M("catalog/sources.yaml", "    issuer: 某部\n    effective: 2015-01-01\n", "    issuer: 某部\n")],
         "catalog/sources.yaml", "  - id: ministry-rule", "effective", severity="warning"),
    # --- separation of duties (PL2xx)
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
    # --- risk points (PL3xx)
    Case("PL301", [M(LIC, "measures: [量化审查标准]", "measures: []")], LIC, "measures: []", "防控措施"),
    Case("PL302", [M(LIC, "owner: head", "owner: officer")], LIC, "owner: officer", "科室负责人"),
    Case("PL303", [M(SPEND, "    supervision: 会议纪要存档, 纪检组列席\n", "")], SPEND, "  - id: discuss",
         "supervision"),
    # --- time limits (PL4xx)
    Case("PL401", [M(B, "promised_limit: 10", "promised_limit: 25")], B, "promised_limit: 25", "承诺时限"),
    Case("PL402", [M(LIC, "days: 5\n", "days: 8\n")], B, "promised_limit: 10", "counted: false"),
    Case("PL403", [M(B, "    promised_limit: 10\n", "")], B, "legal_limit: 20", "promised_limit", severity="warning"),
    # --- flow graph and references (PL5xx)
    Case("PL501", [M(LIC, "post: officer", "post: oficer")], LIC, "post: oficer", "officer"),
    Case("PL501", [M(LIC, "owner: deputy", "owner: depty")], LIC, "owner: depty", "deputy", id="owner"),
    Case("PL501", [M(B, "posts: [deputy]", "posts: [deputy, deptuy]")], B, "posts: [deputy, deptuy]", "deputy", col=21,
         id="roster"),  # at the misspelt post, not at the list
    Case("PL502", [M(LIC, "{to: review, when: 材料齐全}", "{to: reveiw, when: 材料齐全}")], LIC, "{to: reveiw",
         "review", col=14),
    Case("PL503", [M(LIC, "      - {to: correct, when: 材料不齐}\n", "")], LIC, "id: correct", "next"),
    Case("PL504", [M(PEN, "{id: deliver, name: 送达, post: inspector, action: 送达, officers: 2, days: 2}",
                     "{id: deliver, name: 送达, post: inspector, action: 送达, officers: 2, days: 2, next: [file]}")],
         PEN, "{id: file", "出口"),
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
    # --- codes, ids, phones (PL6xx)
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
    Case("PL607", [M(B, "  - {id: window,",
                     "  - {id: head, name: 副股长, section: 审批股, role: 科室负责人}\n  - {id: window,")],
         B, "{id: head, name: 副股长", "唯一"),
    Case("PL608", [M(SET, "check_date: 2026-01-01", "check_date: 2026-01-01\nbase_url: www.example.gov.cn/qlqd")], SET,
         "base_url:", "https://"),
    Case("PL608", [M(SET, "check_date: 2026-01-01", "check_date: 2026-01-01\nbase_url: https://x.example/q/?a=1")], SET,
         "base_url:", "https://", id="query"),
]


def _case_id(case: Case) -> str:
    return case.code + (f"-{case.id}" if case.id else "")


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_rule_reports_location_and_hint(case: Case):
    files = mutated(case.mutations)
    findings = check_files(files)
    hits = [f for f in findings if f.code == case.code]
    assert hits, f"{case.code} not reported; got {[(f.code, f.message) for f in findings]}"
    if case.at is not None:
        want_line = line_of(files, case.file, case.at)
    else:
        want_line = case.line
    matching = [f for f in hits if f.loc.path == case.file and (want_line is None or f.loc.line == want_line)]
    assert matching, f"{case.code} at {[str(f.loc) for f in hits]}, expected {case.file}:{want_line}"
    f = matching[0]
    assert f.severity == case.severity
    assert case.hint in f.hint, f.hint
    if case.col is not None:
        assert f.loc.col == case.col
    assert f.message


def test_minimal_catalogue_is_clean():
    assert check_files(minimal_files()) == []


# Rules whose case needs what an in-memory project cannot hold (a symbolic link), tested elsewhere.
ELSEWHERE = {"PL013": ("test_reliability.py", "test_links_out_of_the_project_are_refused_unread")}


def test_every_rule_has_a_case():
    for file, test in ELSEWHERE.values():
        assert f"def {test}(" in (Path(__file__).parent / file).read_text(encoding="utf-8")
    covered = {c.code for c in CASES} | set(ELSEWHERE)
    missing = [r.code for r in all_rules() if r.code not in covered]
    assert not missing, f"rules without a test case: {missing}"


# Valid counterparts that differ from an invalid case only in the detail the rule looks at.
VALID = [
    ("PL204-simple-procedure", [M(PEN, "action: 集体讨论, days: 5", "action: 审核, days: 5"),
                                M(PEN, "procedure: 一般程序", "procedure: 简易程序")], "PL204"),
    ("PL203-two-officers", [M(PEN, "officers: 2, days: 30", "officers: 3, days: 30")], "PL203"),
    ("PL402-uncounted-step", [M(LIC, "days: 5\n", "days: 8\n    counted: false\n")], "PL402"),
    ("PL402-loop-back-not-counted-twice", [M(LIC, "    days: 3\n", "    days: 3\n"
                                             "    next: [{to: deliver, when: 同意}, {to: review, when: 退回重审}]\n")],
     "PL402"),
    ("PL605-short-number", [M(B, "phone: 0999-6123457", "phone: '12388'")], "PL605"),
    ("PL605-two-numbers", [M(B, "phone: 0999-6123457", "phone: 0999-6123457、0999-6123458")], "PL605"),
    ("PL107-law-first", [M(B, LICENCE_BASIS,
                           LICENCE_BASIS + "      - source: ministry-rule\n        article: 第五条\n")],
     "PL107"),
    # the top leader may chair a collective decision in a finance flow (only PL207, a warning, remains)
    ("PL206-leader-in-collective-step", [M(SPEND, "    post: leadership\n    action: 集体讨论",
                                           "    post: director\n    action: 集体讨论")], "PL206"),
    ("PL002-merge-key-override", [M(B, "  - {id: director, name: 局长, section: 局领导, role: 主要领导}",
                                    "  - &lead {id: director, name: 局长, section: 局领导, role: 主要领导}"),
                                  M(B, "  - {id: deputy, name: 分管副局长, section: 局领导, role: 分管领导}",
                                    "  - {<<: *lead, id: deputy, name: 分管副局长, role: 分管领导}")], "PL002"),
]


@pytest.mark.parametrize("name,mutations,code", VALID, ids=[v[0] for v in VALID])
def test_valid_counterpart_passes(name, mutations, code):
    findings = check_files(mutated(mutations))
    assert [f for f in findings if f.code == code] == []
    assert [f for f in findings if f.severity == "error"] == []


def test_unquoted_short_number_and_empty_optional_text_are_accepted():
    files = mutated([M(B, "complaint_phone: '12345'", "complaint_phone: 12345"),
                     M(SPEND, "{id: pay, name: 支付, post: accountant, action: 支付}",
                       "{id: pay, name: 支付, post: accountant, action: 支付, supervision: ''}")])
    assert check_files(files) == []


def test_number_that_is_not_a_phone_is_still_reported():
    files = mutated([M(B, "complaint_phone: '12345'", "complaint_phone: 6123400")])
    assert [(f.code, f.message) for f in check_files(files)] == [("PL605", "电话 '6123400' 格式不正确")]


# Regressions from review: odd values end in located findings, never in a traceback or a wrong result.
HUGE = "0x" + "F" * 4000


@pytest.mark.parametrize("mutation,code", [
    (M(B, "address: 测试县人民路 1 号", f"address: {HUGE}"), "PL004"),
    (M(B, "category: 行政许可", f"category: {HUGE}"), "PL006"),
    (M(B, "promised_limit: 10", f"promised_limit: {HUGE}"), "PL004"),
    (M(LIC, "days: 5\n", "days: 1" + "0" * 400 + "\n"), "PL004"),
    (M(LIC, "days: 5\n", "days: .nan\n"), "PL004"),
    (M(LIC, "days: 5\n", "days: -100\n"), "PL006"),
    (M(B, "legal_limit: 20", "legal_limit: -5"), "PL006"),
    (M(PEN, "officers: 2, days: 30", "officers: 0, days: 30"), "PL006"),
    (M(SET, "check_date: 2026-01-01", "item_code_pattern: 'a{4294967296}'"), "PL006"),
    (M(SET, "check_date: 2026-01-01", "phone_pattern: '" + "(" * 1500 + ")" * 1500 + "'"), "PL012"),
    (M(SET, "check_date: 2026-01-01", "phone_pattern: '^(\\d)\\1$'"), "PL006"),  # a backreference: not in RE2
    (M(SPEND, "steps:\n", "steps: []\nx:\n"), "PL003"),
    (M(B, "address: 测试县人民路 1 号", "address:\n  &m <<: {}\nx: *m"), "PL010"),
])
def test_odd_values_are_located_findings(mutation, code):
    files = mutated([mutation])
    findings = check_files(files)
    assert code in {f.code for f in findings}, findings
    assert all(f.loc.path == mutation.path for f in findings if f.code == code)


def test_empty_step_list_is_reported():
    findings = check_files(mutated([M(SPEND, "steps:\n", "steps: []\nold_steps:\n")]))
    assert ("PL004", "'steps' 至少需要 1 项") in {(f.code, f.message) for f in findings}


def test_provincial_rule_in_year_9999_does_not_crash():
    files = mutated([M(B, LICENCE_BASIS, "      - source: province-rule\n        article: 第五条\n"),
                     M(S, "effective: 2025-06-01", "effective: 9999-06-01")])
    codes = {f.code for f in check_files(files)}
    assert "PL106" in codes  # not yet in force, and no crash computing the one-year limit


def test_command_line_date_wins_over_settings():
    files = mutated([M(B, "source: penalty-law\n", "source: future-law\n")])
    import datetime as dt
    assert "PL106" in {f.code for f in check_files(files)}
    assert "PL106" not in {f.code for f in check_files(files, day=dt.date(2031, 1, 1))}


def test_person_listed_twice_is_one_person():
    files = mutated([M(B, "    posts: [head]", "    posts: [head]\n  - person: 王某\n    posts: [accountant]")])
    hits = [f for f in check_files(files) if f.code == "PL205"]
    assert hits and "王某" in hits[0].message


def test_trailing_newline_does_not_pass_id_and_code_checks():
    files = mutated([M(B, "code: XK00001000", 'code: "XK00001000\\n"')])
    assert {"PL602", "PL604"} <= {f.code for f in check_files(files)}


@pytest.mark.parametrize("code,detail", [
    ("11999999MB0000001", "18 位"), ("11999999mb00000011", "大写"), ("11999999MB0000001I", "不允许"),
])
def test_credit_code_problems(code, detail):
    files = mutated([M(B, "code: 11999999MB00000011", f"code: {code}")])
    hits = [f for f in check_files(files) if f.code == "PL606"]
    assert hits and detail in hits[0].message


def test_empty_optional_keys_take_their_defaults():
    files = mutated([M(B, "    office: 财务股\n", "    office: 财务股\n    fee:\n    major:\n")])
    assert check_files(files) == []


def test_yaml_value_and_merge_words_are_text():
    files = mutated([M(B, "address: 测试县人民路 1 号", "address: =")])
    assert check_files(files) == []


def test_large_file_without_aliases_is_no_alias_bomb():
    from generator.load import MAX_EXPANDED_NODES, load_text
    text = "items:\n" + "- 1\n" * (MAX_EXPANDED_NODES + 10)
    assert load_text("big.yaml", text.encode(), max_bytes=10**7).findings == ()


@pytest.mark.parametrize("mutation", [
    M(B, "complaint_phone: '12345'", f"complaint_phone: {HUGE}"),  # hex: YAML parses it without a digit limit
    M(B, "address: 测试县人民路 1 号", f"address: 测试县人民路 1 号\n? {HUGE}\n: x"),  # an explicit key
])
def test_huge_integers_in_phones_and_keys_are_findings(mutation):
    findings = check_files(mutated([mutation]))
    assert findings and all(f.code == "PL004" for f in findings if f.loc.path == B)
