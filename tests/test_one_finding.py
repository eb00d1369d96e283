"""One finding for one fault, in the right place (issue 16, family 8), and no false alarm on the
accepted spellings (family 7): the rule cases show where a finding is; these count them."""

from __future__ import annotations

from generator.findings import Loc
from generator.load import load_text
from generator.model import RiskPoint
from generator.schema import Collector, build
from tests.helpers import Mutation as M
from tests.helpers import check_files, line_of, mutated
from tests.rule_cases import LIC, PEN, SPEND, B, S

DELIVER = "{id: deliver, name: 送达, post: inspector, action: 送达, officers: 2, days: 2}"


def _found(mutations):
    files = mutated(mutations)
    return files, [(f.code, f.loc.path, f.loc.line) for f in check_files(files)]


def test_loop_without_exit_is_one_finding_at_the_closing_transition():
    files, found = _found([M(PEN, DELIVER, DELIVER[:-1] + ", next: [file]}")])
    assert found == [("PL504", PEN, line_of(files, PEN, "next: [file]}"))]


def test_two_loops_without_exit_are_two_findings_and_a_self_loop_counts():
    # the major-case branch loops on 集体讨论 forever; the general branch loops between 决定 and 送达
    discuss = "{id: discuss, name: 集体讨论决定, post: leadership, action: 集体讨论, days: 5}"
    files, found = _found([M(PEN, discuss, discuss[:-1] + ", next: [discuss]}"),
                           M(PEN, DELIVER, DELIVER[:-1] + ", next: [decide]}")])
    assert sorted(found) == [("PL504", PEN, line_of(files, PEN, "next: [discuss]}")),
                             ("PL504", PEN, line_of(files, PEN, "next: [decide]}"))], found


def test_a_loop_whose_only_way_out_leads_into_a_dead_loop_is_not_a_second_fault():
    # 调查 → 审查 → 送达 → 调查 could leave towards 集体讨论, which loops on itself: one fault, there
    discuss = "{id: discuss, name: 集体讨论决定, post: leadership, action: 集体讨论, days: 5}"
    files, found = _found([M(PEN, discuss, discuss[:-1] + ", next: [discuss]}"),
                           M(PEN, "{to: decide, when: 一般案件}", "{to: deliver, when: 一般案件}"),
                           M(PEN, DELIVER, DELIVER[:-1] + ", next: [investigate]}")])
    assert [f for f in found if f[0] == "PL504"] == [("PL504", PEN, line_of(files, PEN, "next: [discuss]}"))]


def test_a_loop_with_an_exit_is_not_reported():
    _, found = _found([M(PEN, DELIVER, DELIVER[:-1] + ", next: [{to: file, when: 重新立案}, {to: close, when: 结案}]}"
                         + "\n  - {id: close, name: 结案归档, post: head, action: 归档}")])
    assert [f for f in found if f[0] == "PL504"] == []


def test_unknown_unit_is_one_finding():
    files, found = _found([M(SPEND, "unit: bureau", "unit: bureu")])
    assert found == [("PL508", SPEND, line_of(files, SPEND, "unit: bureu"))]


def test_duplicate_source_points_at_both_entries_and_its_citations_are_not_judged():
    # a second `penalty-law` that would make the penalty's citation wrong (a 规范性文件, not yet in force)
    second = ("  - id: penalty-law\n    title: 某某规定\n    level: 规范性文件\n    issuer: 某局\n"
              "    effective: 2030-01-01\n")
    files, found = _found([M(S, "  - id: penalty-law-1996\n", second + "  - id: penalty-law-1996\n")])
    text = files[S].decode()
    first = text.index("id: penalty-law\n")
    lines = {text[:first].count("\n") + 1, text[:text.index("id: penalty-law\n", first + 1)].count("\n") + 1}
    assert sorted(found) == sorted(("PL607", S, line) for line in lines), found
    messages = [f.message for f in check_files(files)]
    assert all("另见 catalog/sources.yaml:" in m for m in messages), messages


def test_risk_owner_is_offered_a_post_of_the_role_its_level_needs():
    files = mutated([M(LIC, "owner: legal-deputy", "owner: deputy-director")])
    [finding] = check_files(files)
    assert finding.code == "PL501" and "'deputy'" in finding.hint and "'director'" not in finding.hint


def test_step_post_is_offered_a_post_of_the_powers_section_first():
    # 'heads' is nearest to 'head' by spelling; the flow's power is handled by 审批股, where both are
    files = mutated([M(B, "{id: inspector, name: 执法队员, section: 执法大队, role: 工作人员}",
                       "{id: inspector, name: 执法队员, section: 执法大队, role: 工作人员}\n"
                       "  - {id: officers, name: 执法队内勤, section: 执法大队, role: 工作人员}"),
                     M(LIC, "post: officer", "post: oficer")])
    [finding] = [f for f in check_files(files) if f.code == "PL501"]
    assert "'officer'" in finding.hint


def test_grade_words_are_loaded_as_high_medium_low():
    text = "{level: 一级, type: 业务操作, description: 违规拨付资金, measures: [双人复核], owner: director}"
    raw = load_text("x.yaml", text.encode())
    out = Collector()
    risk = build(RiskPoint, raw.data, Loc("x.yaml", 1, 1), out)
    assert out.findings == [] and risk.level == "高" and risk.type == "业务操作"
    levels = {"一级": "高", "二级": "中", "三级": "低", "高": "高"}
    for written, kept in levels.items():
        raw = load_text("x.yaml", text.replace("一级", written).encode())
        assert build(RiskPoint, raw.data, Loc("x.yaml", 1, 1), Collector()).level == kept
    assert build(RiskPoint, load_text("x.yaml", text.replace("一级", "四级").encode()).data,
                 Loc("x.yaml", 1, 1), Collector()) is None


def test_a_misspelt_post_is_one_finding_not_also_an_unused_post():
    """A step names 'oficer' and a post 'officer2' takes no step: the misspelling (PL501) may be meant for
    it, so PL309 waits until the flow names real posts."""
    files = mutated([M(LIC, "post: officer", "post: oficer"),
                     M(B, "  - {id: legal-deputy",
                       "  - {id: officer2, name: 经办人二, section: 审批股, role: 工作人员}\n  - {id: legal-deputy")])
    assert [f.code for f in check_files(files)] == ["PL501"]
