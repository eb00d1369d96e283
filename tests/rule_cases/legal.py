"""Rule cases: legal basis (PL1xx)."""

from __future__ import annotations

from tests.helpers import Case
from tests.helpers import Mutation as M
from tests.rule_cases import LICENCE_BASIS, SET, B

CASES = [
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
]

VALID = [
    ("PL107-law-first", [M(B, LICENCE_BASIS,
                           LICENCE_BASIS + "      - source: ministry-rule\n        article: 第五条\n")],
     "PL107"),
]
