"""Rule cases: risk points (PL3xx)."""

from __future__ import annotations

from tests.helpers import Case
from tests.helpers import Mutation as M
from tests.rule_cases import LIC, SPEND

CASES = [
    Case("PL301", [M(LIC, "measures: [量化审查标准]", "measures: []")], LIC, "measures: []", "防控措施"),
    Case("PL302", [M(LIC, "owner: head", "owner: officer")], LIC, "owner: officer", "科室负责人"),
    Case("PL303", [M(SPEND, "    supervision: 会议纪要存档, 纪检组列席\n", "")], SPEND, "  - id: discuss",
         "supervision"),
]

VALID = [
]
