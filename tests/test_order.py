"""Order, not just presence (issue 16): the path search behind PL209-PL211, and one PL204 per flow."""

from __future__ import annotations

from generator.graph import unmatched_on_arrival
from generator.model import Flow, Step, Transition
from tests.helpers import Mutation as M
from tests.helpers import check_files, mutated
from tests.rule_cases import SPEND, B


def _flow(*steps: tuple[str, str, list[str] | None]) -> Flow:
    return Flow(name="f", unit="u", steps=tuple(
        Step(id=i, name=i, post="p", action=a, next=None if nxt is None else tuple(Transition(to=t) for t in nxt))
        for i, a, nxt in steps))


def _by_action(flow: Flow):
    action = {s.id: s.action for s in flow.steps}
    return lambda step, want: action[step] == want


def test_every_path_must_pass_the_chain_in_order():
    flow = _flow(("a", "受理", ["b", "d"]), ("b", "审查", ["d"]), ("d", "决定", None))
    assert unmatched_on_arrival(flow, ["受理", "审查"], _by_action(flow), ["d"]) == {"d": 1}
    linear = _flow(("a", "受理", None), ("b", "审查", None), ("d", "决定", None))
    assert unmatched_on_arrival(linear, ["受理", "审查"], _by_action(linear), ["d"]) == {}


def test_loops_are_followed_and_the_target_itself_does_not_count():
    # 补正 loops back to 受理; the chain item on the target is not "before" it
    flow = _flow(("a", "受理", ["c", "b"]), ("c", "告知", ["a"]), ("b", "审查", ["d"]), ("d", "决定", None))
    assert unmatched_on_arrival(flow, ["受理", "审查"], _by_action(flow), ["d"]) == {}
    assert unmatched_on_arrival(flow, ["决定"], _by_action(flow), ["d"]) == {"d": 0}


def test_unreachable_targets_are_not_reported():
    flow = _flow(("a", "受理", []), ("x", "决定", ["a"]))
    assert unmatched_on_arrival(flow, ["审查"], _by_action(flow), ["x"]) == {}


def test_missing_collective_decision_is_one_finding_per_flow():
    second = ("  - code: SY00002000\n    name: 重大项目安排\n    category: 三重一大\n    basis:\n"
              "      - source: party-rule\n        article: 第十五条\n    office: 财务股\n    flow: spending\n")
    files = mutated([M(B, "    flow: spending\n", "    flow: spending\n" + second),
                     M(SPEND, "    post: leadership\n    action: 集体讨论",
                       "    post: director\n    action: 集体讨论")])
    found = [f for f in check_files(files) if f.code == "PL204"]
    assert len(found) == 1 and found[0].loc.path == SPEND
    assert "大额资金使用" in found[0].message and "重大项目安排" in found[0].message
