"""Benchmark the office's everyday loop (issue 21): after a full build, how long a build takes when
nothing changed, when one flow was edited and when one power's text was edited, beside the cold build
(no cache), all in one run on the same generated catalogue. After an edit, both steps of `serve` are
timed: the deferred build that shows the edit (pages, chart, poster) and the full build that follows
(search index, documents), which is all `serve` ran before: the previous way.

    python bench/edit_bench.py [--powers 1500] [--flows 300] [--runs 3]

Each edit is a different one (a step's duty, a power's remarks), so every run really rebuilds. Builds
run in this process (as `serve` runs them); the figures are wall time, with the build's own stage
times (Report.seconds) of the last run of each kind.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.generate import REPO, generate  # noqa: E402
from generator.build import Options, build  # noqa: E402


def timed(root: Path, **options) -> tuple[float, dict]:
    started = time.perf_counter()
    report = build(root, Options(out=root / "site", keep=True, **options))  # as serve builds
    return time.perf_counter() - started, report.seconds


def edit_flow(root: Path, n: int) -> None:
    path = sorted((root / "flows").glob("*.yaml"))[n % 7]
    path.write_text(path.read_text(encoding="utf-8").replace("duty: ", f"duty: 第{n}次修改 ", 1), encoding="utf-8")


def edit_power(root: Path, n: int) -> None:
    path = sorted(p for p in (root / "catalog").glob("*.yaml") if p.name != "sources.yaml")[n % 7]
    text = path.read_text(encoding="utf-8")
    at = text.index("\npowers:")  # the first power's name, not the unit's or a post's
    edited = re.sub(r"(\n\s*name: )", rf"\1（第{n}次修改）", text[at:], count=1)
    assert edited != text[at:], path
    path.write_text(text[:at] + edited, encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--powers", type=int, default=1500)
    ap.add_argument("--flows", type=int, default=300)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    root = REPO / "bench" / "out" / f"edit-{args.powers}"
    shutil.rmtree(root, ignore_errors=True)
    powers, flows = generate(REPO, root, args.powers, args.flows)
    print(f"catalogue: {powers} powers, {flows} flows")
    cold, cold_stages = timed(root, cache=False)
    print(f"cold build (no cache, the previous way): {cold:.1f} s  {_stages(cold_stages)}")
    kinds = {"nothing changed": None, "one flow edited": edit_flow, "one power's text edited": edit_power}
    results: dict[str, list[float]] = {}
    stages: dict[str, dict] = {}
    for n in range(args.runs):  # interleaved: the machine's noise hits every kind alike
        for kind, edit in kinds.items():
            if edit is None:
                seconds, stages[kind] = timed(root)
                results.setdefault(kind, []).append(seconds)
                continue
            edit(root, n)
            # what `serve` does after a save: the pages, chart and poster first (defer), then the full
            # build; before issue 21's change it ran the full build alone, so that figure is the old way
            for way, options in (("serve, edit shown", {"defer": True}), ("full build after it", {})):
                seconds, stages[f"{kind}, {way}"] = timed(root, **options)
                results.setdefault(f"{kind}, {way}", []).append(seconds)
    for kind, times in results.items():
        median = statistics.median(times)
        print(f"{kind}: median {median:.2f} s ({min(times):.2f}-{max(times):.2f}), "
              f"{cold / median:.1f}x faster than cold  {_stages(stages[kind])}")


def _stages(seconds: dict) -> str:
    return " ".join(f"{k} {v:.1f}" for k, v in seconds.items())


if __name__ == "__main__":
    main()
