"""A build split over CI runners (``powerlist build --shard K/N``): each runner lays out a deterministic
1/N of the work into the content-addressed cache, and a final ``powerlist build`` over the merged caches
assembles the site and the booklets without drawing a chart, laying out a poster or indexing a page again.

Charts and posters go by unit (the units sorted by id, dealt round: unit i, from 0, to shard
i mod N + 1, so that a shard holds whole units); the booklets' parts and the units' post statements,
which the units share, go by their cache keys dealt round the same way (over all the jobs, not over
those missing from the runner's cache: a shard's share does not depend on what its cache holds); the
search index's parts by their numbers (part n, from 0, to shard n mod N + 1); the open data to the last
shard. Every shard plans the whole build, so each computes the same keys as the final build does: the
cache entries a shard writes are exactly the ones the final build looks for.
"""

from __future__ import annotations

import re

from ..model import Flow
from .base import BuildError

SHARD = re.compile(r"^(\d+)/(\d+)$")


def parse(text: str) -> tuple[int, int]:
    """``K/N`` as (K, N), 1 <= K <= N."""
    m = SHARD.match(text.strip())
    if not m or not 1 <= int(m.group(1)) <= int(m.group(2)):
        raise BuildError(f"--shard 应写成 K/N，1 ≤ K ≤ N，如 2/4；这里是 {text!r}")
    return int(m.group(1)), int(m.group(2))


class Shard:
    """Which flows and which keyed jobs belong to shard K of N."""

    def __init__(self, shard: tuple[int, int], unit_ids: list[str]):
        self.k, self.n = shard
        self.units = {u for i, u in enumerate(sorted(unit_ids)) if i % self.n == self.k - 1}

    def has_flow(self, flow: Flow) -> bool:
        return flow.unit in self.units

    def keys(self, keys) -> set[str]:
        """This shard's part of jobs that belong to no unit, by their (content) keys."""
        return set(sorted(keys)[self.k - 1::self.n])

    def has_part(self, n: int) -> bool:
        """Whether part ``n`` (from 0) of the search index is this shard's to index."""
        return n % self.n == self.k - 1
