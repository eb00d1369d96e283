"""Every rule: a one-change invalid catalogue reports the rule at the right file, line and with its
hint; the unchanged minimal catalogue (the valid counterpart) reports nothing at all."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from generator.rules import all_rules
from tests.helpers import Case, check_files, line_of, minimal_files, mutated
from tests.helpers import Mutation as M
from tests.rule_cases import FAMILIES, LIC, LICENCE_BASIS, PEN, SET, SPEND, B, S

_MODULES = [importlib.import_module(f"tests.rule_cases.{family}") for family in FAMILIES]
CASES = [case for module in _MODULES for case in module.CASES]


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


# Rules whose case needs what an in-memory project cannot hold (a symbolic link), or that powerlist check
# never runs (powerlist assess's PL9xx, on a scoring table or assessment.yaml), tested elsewhere.
ELSEWHERE = {"PL013": ("test_reliability.py", "test_links_out_of_the_project_are_refused_unread"),
             **{f"PL90{i}": ("test_assess.py", "test_the_assessment_findings_examples_are_what_assess_reads")
                for i in range(1, 9)},
             "PL909": ("test_assess.py", "test_the_report_compares_with_the_last_release_tag")}


def test_every_rule_has_a_case():
    for file, test in ELSEWHERE.values():
        assert f"def {test}(" in (Path(__file__).parent / file).read_text(encoding="utf-8")
    covered = {c.code for c in CASES} | set(ELSEWHERE)
    missing = [r.code for r in all_rules() if r.code not in covered]
    assert not missing, f"rules without a test case: {missing}"


# Valid counterparts that differ from an invalid case only in the detail the rule looks at.
VALID = [valid for module in _MODULES for valid in module.VALID]


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


@pytest.mark.parametrize("typed, hint", [
    ("２０", "写成数字（半角）：legal_limit: 20"),  # a Chinese input method's full-width digits
    ("'20'", "写成数字：legal_limit: 20"),
    ("'020'", "写成数字：legal_limit: 20"),  # not 020, which YAML reads as the octal 16
    ("０３０", "写成数字（半角）：legal_limit: 30"),
    ("20个工作日", "只写数字，单位另写：legal_limit: 20，limit_unit: 工作日"),
    ("２０ 天", "只写数字，单位另写：legal_limit: 20，limit_unit: 日"),
    ("二十", "写成数字（半角）：legal_limit: 20"),
    ("一百零五个工作日", "只写数字，单位另写：legal_limit: 105，limit_unit: 工作日"),
    ("三十日", "只写数字，单位另写：legal_limit: 30，limit_unit: 日"),
    ("'90.5'", "'legal_limit' 应写成整数"),  # no whole number to offer
    ("٩٠", "'legal_limit' 应写成整数"),  # Arabic-Indic digits are not read as a number here
])
def test_a_number_typed_as_text_is_refused_with_the_number_to_write(typed, hint):
    findings = check_files(mutated([M(B, "legal_limit: 20", f"legal_limit: {typed}")]))
    assert [(f.code, f.hint) for f in findings if f.code == "PL004"] == [("PL004", hint)]


def test_a_step_limit_typed_with_its_unit_is_told_the_number_only():
    """limit_unit belongs to the power (and, for steps, to the flow): a step's days get the number."""
    step = M(SPEND, "post: accountant, action: 支付", "post: accountant, action: 支付, days: 4个工作日")
    findings = check_files(mutated([step]))
    assert [f.hint for f in findings if f.code == "PL004"] == ["只写数字：days: 4"]


def test_a_number_where_text_belongs_is_quoted_as_typed_with_the_fix():
    """YAML reads 0012 as the octal 10 and 1.10 as 1.1: the message quotes what the office typed and
    says what YAML made of it, and the hint is the line with the value quoted."""
    findings = check_files(mutated([M(SPEND, "post: accountant, action: 支付", "post: 0012, action: 支付")]))
    assert [(f.code, f.message, f.hint) for f in findings if f.code == "PL004"] == [
        ("PL004", "'post' 应为文字，实际为数字 0012（YAML 读作 10）", '需要文字时请给值加引号：post: "0012"')]
    findings = check_files(mutated([M(SPEND, "post: accountant, action: 支付", "post: 1.10, action: 支付")]))
    assert [f.message for f in findings if f.code == "PL004"] == ["'post' 应为文字，实际为数字 1.10（YAML 读作 1.1）"]
    findings = check_files(mutated([M(SPEND, "post: accountant, action: 支付", f"post: {'9' * 24}, action: 支付")]))
    assert [f.message for f in findings if f.code == "PL004"] == [f"'post' 应为文字，实际为数字 {'9' * 24}（超出范围）"]
    files = mutated([M(B, "complaint_phone: '12345'", "complaint_phone: 012345")])  # a phone takes it as typed
    assert [f.message for f in check_files(files) if f.code == "PL605"] == ["电话 '012345' 格式不正确"]


def test_the_fee_hint_cites_the_licensing_law_only_for_a_licence():
    files = mutated([M(B, "fee: 不收费", "fee:")])
    hints = {f.message.split("「")[0]: f.hint for f in check_files(files) if f.code == "PL615"}
    assert "行政许可法第五十八条" in hints["行政许可"]
    files = mutated([M(B, "category: 行政许可", "category: 行政给付"), M(B, "fee: 不收费", "fee:")])
    assert [f.hint for f in check_files(files) if f.code == "PL615"] == [
        "写明 fee（收费标准）；不收费写 不收费，收费时写 fee_basis（收费依据）"]


def test_a_missing_legal_limit_points_at_the_cell_the_import_could_not_read():
    for label in ("法定时限", "法定期限"):  # the headers the importer reads as a legal limit
        files = mutated([M(B, "    legal_limit: 20\n", f'    internal_notes: "原表「{label}」（Sheet!D2）：20"\n')])
        messages = [f.message for f in check_files(files) if f.code == "PL408"]
        assert len(messages) == 1 and messages[0].endswith(f"留在 internal_notes 中：原表「{label}」（Sheet!D2）：20")


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


@pytest.mark.parametrize("fee,charged", [
    ("不收费", False), ("不收费（工本费除外）", False), ("不予收费", False), ("免予收费", False), ("零元", False),
    ("0.00元", False), ("0", False), ("无", False), ("每件 80 元", True), ("工本费１０元", True),
    ("免费提供，工本费 10 元", True),  # free, but the note names a sum
])
def test_which_fee_texts_charge_something(fee, charged):
    """PL610 asks a charged fee for its basis: the ways published lists write "no charge" count as free,
    a note that names a sum does not (a helper's review found 不予收费 charged and 免费…工本费 10 元 free)."""
    from generator.rules.codes import charges_fee

    assert charges_fee(fee) is charged


def test_a_simple_procedure_excuses_only_a_penalty_from_its_legal_limit():
    """PL408: 简易程序 is a penalty decided on the spot (行政处罚法 第五十一条), with no limit to publish; a
    licence whose flow says 简易程序 is still asked for its limit (a review found it silently excused)."""
    no_limit = M(B, "    legal_limit: 20\n", "")
    simple = M(LIC, "area: 行政审批\n", "area: 行政审批\nprocedure: 简易程序\n")
    assert "PL408" in {f.code for f in check_files(mutated([no_limit, simple]))}
    penalty = mutated([M(B, "    legal_limit: 90\n", ""),
                       M(PEN, "procedure: 一般程序", "procedure: 简易程序")])
    assert "PL408" not in {f.code for f in check_files(penalty)}


def test_a_phone_typed_with_full_width_characters_says_which():
    """A newcomer's phone 0999－6123457 (a full-width dash from a Chinese input method) looked right and
    was only said to be 格式不正确: the message names the full-width characters."""
    files = mutated([M(B, "    phone: 0999-6123457\n", "    phone: 0999－6123457\n")])
    found = [f for f in check_files(files) if f.code == "PL605"]
    assert len(found) == 1 and "全角字符「－」" in found[0].message, found
