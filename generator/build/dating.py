"""The version date drawn into the posters and post statements, which are laid out and cached without
it (render/dated.py): a new version date, by default every day with a commit, then costs milliseconds
a document instead of laying every one out again. Each dated file is cached too, by the laid-out
file's key and the date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..files import write_atomically
from ..render import dated
from . import workers
from .base import Run
from .cache import digest

BATCH = 16  # dated files per worker job: a file takes a few milliseconds, a job's round trip about one


def dated_key(run: Run, key: str, kind: str) -> str:
    """The key of the dated file made from the laid-out file ``key``; it is made by ``draw_dates``."""
    made = digest("dated", key, kind, run.day)
    run.dated[made] = (key, kind)
    return made


def draw_dates(run: Run, laid_out: set[str], executor) -> tuple[int, int]:
    """Every dated file not yet in the cache, from its laid-out file (all laid out by now), drawn on the
    process pool: how many, and how many of those from a layout this build did not make (``laid_out``:
    the keys it made)."""
    cache = run.cache
    jobs, kept = [], 0
    for made, (key, kind) in run.dated.items():
        if cache.has(made, "pdf") or not cache.path(key, "pdf").is_file():  # a shard has only its own layouts
            continue
        box = cache.meta(key).get("date_box") if kind == "box" else None
        jobs.append((str(cache.path(key, "pdf")), str(cache.path(made, "pdf")), kind, run.day, box))
        kept += key not in laid_out
    futures = [executor.submit(workers.run_job, _draw, jobs[i:i + BATCH]) for i in range(0, len(jobs), BATCH)]
    for future in futures:
        future.result()
    return len(jobs), kept


def _draw(jobs: list[tuple[str, str, str, dt.date, list | None]]) -> None:
    """A batch of dated files, each written whole or not at all (a worker's job)."""
    for source, target, kind, day, box in jobs:
        write_atomically(Path(target), dated.draw(Path(source).read_bytes(), kind, day, box))
