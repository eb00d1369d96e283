"""Rule cases: time limits (PL4xx)."""

from __future__ import annotations

from tests.helpers import Case
from tests.helpers import Mutation as M
from tests.rule_cases import LIC, B

CASES = [
    Case("PL401", [M(B, "promised_limit: 10", "promised_limit: 25")], B, "promised_limit: 25", "承诺时限"),
    Case("PL402", [M(LIC, "days: 5\n", "days: 8\n")], B, "promised_limit: 10", "counted: false"),
    Case("PL403", [M(B, "    promised_limit: 10\n", "")], B, "legal_limit: 20", "promised_limit", severity="warning"),
]

VALID = [
    ("PL402-uncounted-step", [M(LIC, "days: 5\n", "days: 8\n    counted: false\n")], "PL402"),
    ("PL402-loop-back-not-counted-twice", [M(LIC, "    days: 3\n", "    days: 3\n"
                                             "    next: [{to: deliver, when: 同意}, {to: review, when: 退回重审}]\n")],
     "PL402"),
]
