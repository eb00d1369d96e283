"""Benchmark a new version date (issue 21's edit loop): without `version_date` in powerlist.yaml the
date is the last commit's, so nearly every working day's first build has a new one. After a cold build,
each run sets another date and times the build, for this code and (``--against REV``) another
revision's, alternating, each build a fresh process.

    python bench/date_bench.py [--powers 1500] [--flows 300] [--runs 3] [--against REV]
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.generate import REPO, generate  # noqa: E402
from bench.scale_bench import checkout  # noqa: E402

BUILD = ("import sys; sys.path.insert(0, sys.argv[1]); from pathlib import Path; "
         "from generator.build import Options, build; root = Path(sys.argv[2]); "
         "r = build(root, Options(out=root / 'site', cache=sys.argv[3] == 'cache')); "
         "print(r.layouts, r.search_indexed, getattr(r, 'dates_drawn', '-'))")


def timed(code: Path, root: Path, cache: bool = True) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", BUILD, str(code), str(root), "cache" if cache else "no-cache"],
                          capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"the build of {root} with {code} failed:\n{done.stderr[-3000:]}")
    return time.perf_counter() - started, done.stdout.strip()


def set_date(root: Path, day: str) -> None:
    path = root / "powerlist.yaml"
    text = re.sub(r"(?m)^version_date: .*\n", "", path.read_text(encoding="utf-8"))
    path.write_text(text + f"version_date: {day}\n", encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--powers", type=int, default=1500)
    ap.add_argument("--flows", type=int, default=300)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--against", metavar="REV", help="also the code of this git revision, alternating")
    args = ap.parse_args()
    source = REPO / "bench" / "out" / f"date-{args.powers}"
    shutil.rmtree(source, ignore_errors=True)
    powers, flows = generate(REPO, source, args.powers, args.flows)
    print(f"catalogue: {powers} powers, {flows} flows")
    ways = {"this code": REPO}
    if args.against:
        ways[args.against] = checkout(args.against)
    roots = {}
    for n, (name, code) in enumerate(ways.items()):
        roots[name] = REPO / "bench" / "out" / f"date-{args.powers}-{n}"
        shutil.rmtree(roots[name], ignore_errors=True)
        shutil.copytree(source, roots[name])
        set_date(roots[name], "2026-11-02")
        seconds, said = timed(code, roots[name], cache=False)
        print(f"{name}: cold build {seconds:.1f} s (layouts, pages indexed, dates drawn: {said})")
    results: dict[str, list[float]] = {name: [] for name in ways}
    for run in range(args.runs):
        for name, code in ways.items():  # alternating: the machine's noise hits both alike
            set_date(roots[name], f"2026-11-{3 + run:02d}")
            seconds, said = timed(code, roots[name])
            results[name].append(seconds)
            print(f"{name}: new version date {seconds:.2f} s (layouts, pages indexed, dates drawn: {said})")
    for name, times in results.items():
        print(f"{name}: new version date, median {statistics.median(times):.2f} s "
              f"({min(times):.2f}-{max(times):.2f}) of {len(times)}")
    if args.against:
        now, before = (statistics.median(results[name]) for name in ways)
        print(f"this code / {args.against}: {now / before:.2f}")


if __name__ == "__main__":
    main()
