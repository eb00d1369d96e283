"""Rule cases: reading the catalogue post by post (分岗查险: generator/rules/posts.py)."""

from __future__ import annotations

from tests.helpers import Case
from tests.helpers import Mutation as M
from tests.rule_cases import LIC, SET, B

# the decide step's deputy gets a second 中 risk and, with promote_at 2, becomes a 一级 post
SECOND_RISK = ("      - {level: 中, type: 岗位职责, description: 超期作出决定, measures: [限时办结],"
               " owner: legal-deputy}\n")
GRADED_UP = [M(SET, "check_date: 2026-01-01", "check_date: 2026-01-01\npost_grading: {promote_at: 2}"),
             M(LIC, "        owner: legal-deputy\n", "        owner: legal-deputy\n" + SECOND_RISK)]
NO_CHECKPOINT = M(LIC, "    supervision: 审批意见书面留痕, 纪检组抽查\n", "")
NEXT_POST = "  - {id: legal-deputy"


def new_post(line: str) -> M:
    return M(B, NEXT_POST, line + "\n" + NEXT_POST)


CASES = [
    # the deputy decides and is named as the owner of the decision's risk: it supervises itself
    Case("PL307", [M(LIC, "owner: legal-deputy", "owner: deputy")], LIC, "owner: deputy", "owner", severity="warning"),
    Case("PL308", [*GRADED_UP, NO_CHECKPOINT], B, "  - {id: deputy,", "supervision", severity="warning"),
    Case("PL309", [new_post("  - {id: archivist, name: 档案员, section: 办公室, role: 工作人员}")], B,
         "  - {id: archivist", "删除", severity="warning"),
]

VALID = [
    # another leader of the same role owns it (the minimal catalogue as it is)
    ("PL307-other-owner", [], "PL307"),
    # 一级 by promotion, with its checkpoint kept
    ("PL308-checkpoint", GRADED_UP, "PL308"),
    # a 中 risk post is 二级 without promote_at: no 一级 post to check
    ("PL308-not-promoted", [NO_CHECKPOINT], "PL308"),
    # the main leader heads the unit whether or not a flow names the post
    ("PL309-top-leader", [new_post("  - {id: secretary, name: 党组书记, section: 局领导, role: 主要领导}")], "PL309"),
]
