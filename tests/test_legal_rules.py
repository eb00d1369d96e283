"""Legal-basis rules: one fault gives one finding (PL104 vs PL114; PL107/PL110/PL111 vs PL112)."""

from __future__ import annotations

import pytest

from tests.helpers import Mutation as M
from tests.helpers import check_files, mutated
from tests.rule_cases import LICENCE_BASIS, B
from tests.rule_cases.legal import MORE_SOURCES, PENALTY_BASIS, coercion_power


@pytest.mark.parametrize("article", ["第零条", "第二款", "第七十七", "第（一）项"])
def test_an_unlocatable_article_is_one_error_not_a_format_warning_too(article):
    findings = check_files(mutated([M(B, "第五十七条第二款", article)]))
    assert [f.code for f in findings] == ["PL114"]


@pytest.mark.parametrize("article", ["12条", "第12条", "第十、十一条"])
def test_a_locatable_oddity_stays_a_format_warning(article):
    findings = check_files(mutated([M(B, "第五十七条第二款", article)]))
    assert [(f.code, f.severity) for f in findings] == [("PL104", "warning")]


@pytest.mark.parametrize("mutations", [
    [MORE_SOURCES, M(B, LICENCE_BASIS, "      - source: bureau-rules\n        article: 第三条\n")],
    [M(B, PENALTY_BASIS, "      - source: party-rule\n        article: 第九条\n")],
    [MORE_SOURCES, coercion_power("bureau-rules", "扣押财物")],
], ids=["licence", "penalty", "coercion"])
def test_an_external_power_on_internal_rules_is_reported_once(mutations):
    assert [f.code for f in check_files(mutated(mutations)) if f.severity == "error"] == ["PL112"]
