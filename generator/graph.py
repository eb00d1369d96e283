"""Graph questions about one flow: reachability, ends, and the longest counted path.

Pure functions of a ``Flow``; the rules and the chart renderer share them. The first step is the start;
a step with no outgoing transition is an end. Transitions to unknown steps are ignored here (a rule
reports them).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from .model import Flow

T = TypeVar("T")


def successors(flow: Flow) -> dict[str, list[str]]:
    ids = {s.id for s in flow.steps}
    succ: dict[str, list[str]] = {s.id: [] for s in flow.steps}
    for step, t in flow.edges():
        if t.to in ids and t.to not in succ[step.id]:
            succ[step.id].append(t.to)
    return succ


def reachable(flow: Flow) -> set[str]:
    """Steps reachable from the first step."""
    if not flow.steps:
        return set()
    succ = successors(flow)
    seen, stack = {flow.steps[0].id}, [flow.steps[0].id]
    while stack:
        for nxt in succ[stack.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return seen


def can_finish(flow: Flow) -> set[str]:
    """Steps from which some end step can be reached (an end is a step with no way onward)."""
    succ = successors(flow)
    pred: dict[str, list[str]] = {s: [] for s in succ}
    for a, outs in succ.items():
        for b in outs:
            pred[b].append(a)
    done = {s for s, outs in succ.items() if not outs}
    stack = list(done)
    while stack:
        for p in pred[stack.pop()]:
            if p not in done:
                done.add(p)
                stack.append(p)
    return done


def back_edges(flow: Flow) -> set[tuple[str, str]]:
    """Edges that close a loop (e.g. 补正 back to 受理), found by depth-first search from the start."""
    succ = successors(flow)
    state: dict[str, int] = {}  # 1 = on the current path, 2 = finished
    back: set[tuple[str, str]] = set()
    for root in [s.id for s in flow.steps]:
        if root in state:
            continue
        stack = [(root, iter(succ[root]))]
        state[root] = 1
        while stack:
            node, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                state[node] = 2
                stack.pop()
            elif state.get(nxt) == 1:
                back.add((node, nxt))
            elif nxt not in state:
                state[nxt] = 1
                stack.append((nxt, iter(succ[nxt])))
    return back


def longest_counted_path(flow: Flow, until: frozenset[str] = frozenset()) -> tuple[float, list[str]]:
    """The path from the start with the most counted days, loops cut at their back edge; with
    ``until`` (step actions, e.g. 决定), the path ends at the first step of those actions it meets, and
    only paths that meet one count (none: the whole flow, as without ``until``).

    Steps with ``counted: false`` (hearings, testing, expert review: 行政许可法 第四十五条) add nothing.
    Returns (days, step ids along the path).
    """
    if until and any(s.action in until for s in flow.steps):
        found = _longest(flow, {s.id for s in flow.steps if s.action in until})
        if found is not None:
            return found
    return _longest(flow, set()) or (0.0, [])


def _longest(flow: Flow, stops: set[str]) -> tuple[float, list[str]] | None:
    """The longest counted path from the start: to an end, or (``stops``) to the first stop step."""
    if not flow.steps:
        return 0.0, []
    succ = successors(flow)
    back = back_edges(flow)
    days = {s.id: (s.days or 0.0) if s.counted else 0.0 for s in flow.steps}
    order: list[str] = []  # post-order over the acyclic graph, computed iteratively
    seen: set[str] = set()
    start = flow.steps[0].id
    stack = [(start, iter(succ[start]))]
    seen.add(start)
    while stack:
        node, it = stack[-1]
        nxt = next(it, None)
        if nxt is None:
            order.append(node)
            stack.pop()
        elif (node, nxt) not in back and nxt not in seen:
            seen.add(nxt)
            stack.append((nxt, iter(succ[nxt])))
    total: dict[str, float] = {}
    via: dict[str, str | None] = {}  # the successor on the longest path (no list copies: linear)
    for node in order:  # successors come before their predecessors in post-order
        if node in stops:
            total[node], via[node] = days[node], None
            continue
        nxt = max((n for n in succ[node] if (node, n) not in back and n in total), key=total.__getitem__, default=None)
        if nxt is None and stops:
            continue  # no stop ahead on this path: it does not count
        total[node] = days[node] + (total[nxt] if nxt is not None else 0.0)
        via[node] = nxt
    if start not in total:
        return None
    path, node = [], start
    while node is not None:
        path.append(node)
        node = via[node]
    return total[start], path


def ends(flow: Flow) -> list[str]:
    """Reachable steps with no way onward, in the order written."""
    succ, seen = successors(flow), reachable(flow)
    return [s.id for s in flow.steps if s.id in seen and not succ[s.id]]


def unmatched_on_arrival(flow: Flow, chain: Sequence[T], matches: Callable[[str, T], bool],
                         targets: Iterable[str]) -> dict[str, int]:
    """Targets that some path from the start reaches before passing ``chain`` in order.

    Along a path, the chain is matched greedily as a subsequence (a step matching the next item advances
    it; loops are followed, each (step, items matched) state once). For each target reached with fewer
    than ``len(chain)`` items matched on arrival (the target itself not counted), the result gives the
    fewest matched on any path: ``chain[k]`` is the first item that path lacks. Unreachable targets are
    not in the result.
    """
    if not flow.steps:
        return {}
    succ, wanted, n = successors(flow), set(targets), len(chain)

    def advance(step: str, k: int) -> int:
        return k + 1 if k < n and matches(step, chain[k]) else k

    start = flow.steps[0].id
    worst: dict[str, int] = {start: 0} if start in wanted and n else {}
    first = (start, advance(start, 0))
    seen, stack = {first}, [first]
    while stack:
        node, k = stack.pop()
        for nxt in succ[node]:
            if nxt in wanted and k < worst.get(nxt, n):
                worst[nxt] = k
            state = (nxt, advance(nxt, k))
            if state not in seen:
                seen.add(state)
                stack.append(state)
    return worst
