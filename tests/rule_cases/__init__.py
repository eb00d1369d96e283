"""The rule cases, one module per rule family (as in generator/rules/): ``CASES``, one-change invalid
catalogues that must report the rule at a file and line; ``VALID``, counterparts differing only in the
detail the rule looks at, which must not. The paths and snippets of the minimal catalogue
(tests/fixtures/minimal/) they mutate are here."""

from __future__ import annotations

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

FAMILIES = ["load", "legal", "duties", "procedure", "risks", "posts", "timing", "graph", "codes", "practice"]
