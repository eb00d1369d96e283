"""Benchmark `powerlist check` on a generated 1,500-power, 300-flow catalogue.

Runs the installed console command as a user would (a fresh process each time, start-up included),
RUNS times, and prints the median, the spread, and an in-process breakdown (load vs rules).

    python bench/check_bench.py [--runs 5] [--source DIR]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.generate import REPO, generate  # noqa: E402


def powerlist_command() -> list[str]:
    exe = Path(sys.executable).parent / "powerlist"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "generator"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--source", type=Path, default=REPO)
    ap.add_argument("--powers", type=int, default=1500)
    ap.add_argument("--flows", type=int, default=300)
    ap.add_argument("--keep", action="store_true", help="keep the generated catalogue under bench/out/")
    args = ap.parse_args()
    out = REPO / "bench" / "out" / f"catalog-{args.powers}"
    powers, flows = generate(args.source, out, args.powers, args.flows)
    size = sum(p.stat().st_size for p in out.rglob("*.yaml"))
    print(f"catalogue: {powers} powers, {flows} flows, {len(list(out.rglob('*.yaml')))} files, "
          f"{size / 1e6:.1f} MB YAML")

    cmd = powerlist_command() + ["check", str(out)]
    times = []
    for _ in range(args.runs):
        t = time.perf_counter()
        r = subprocess.run(cmd, capture_output=True, text=True)
        times.append(time.perf_counter() - t)
        if r.returncode != 0:
            print(r.stdout[-2000:], r.stderr[-2000:])
            raise SystemExit(f"check failed with exit {r.returncode}")
    print(f"powerlist check: median {statistics.median(times):.3f} s over {args.runs} runs "
          f"(min {min(times):.3f}, max {max(times):.3f}); {r.stderr.strip()}")

    # Where the time goes, in one process (no interpreter start-up).
    from generator.project import load_project
    from generator.rules import run_rules
    load_t, rule_t = [], []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        result = load_project(out)
        t1 = time.perf_counter()
        run_rules(result.project)
        t2 = time.perf_counter()
        load_t.append(t1 - t0)
        rule_t.append(t2 - t1)
    t = time.perf_counter()
    subprocess.run(powerlist_command() + ["--version"], capture_output=True)
    startup = time.perf_counter() - t
    print(f"breakdown (medians): load+model {statistics.median(load_t):.3f} s, "
          f"rules {statistics.median(rule_t):.3f} s, interpreter start-up ~{startup:.3f} s")
    if not args.keep:
        shutil.rmtree(out)


if __name__ == "__main__":
    main()
