"""The version date drawn into the posters and post statements, which are laid out and cached without
it (render/dated.py): a new version date, by default every day with a commit, then costs milliseconds
a document instead of laying every one out again. Each dated file is cached too, by the laid-out
file's key and the date."""

from __future__ import annotations

from ..render import dated
from .base import Run
from .cache import digest


def dated_key(run: Run, key: str, kind: str) -> str:
    """The key of the dated file made from the laid-out file ``key``; it is made by ``draw_dates``."""
    made = digest("dated", key, kind, run.day)
    run.dated[made] = (key, kind)
    return made


def draw_dates(run: Run, laid_out: set[str]) -> tuple[int, int]:
    """Every dated file not yet in the cache, from its laid-out file (all laid out by now): how many,
    and how many of those from a layout this build did not make (``laid_out``: the keys it made)."""
    cache, drawn, kept = run.cache, 0, 0
    for made, (key, kind) in run.dated.items():
        if cache.has(made, "pdf"):
            continue
        box = cache.meta(key).get("date_box") if kind == "box" else None
        cache.put(made, "pdf", dated.draw(cache.path(key, "pdf").read_bytes(), kind, run.day, box))
        drawn += 1
        kept += key not in laid_out
    return drawn, kept
