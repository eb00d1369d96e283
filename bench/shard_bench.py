"""Benchmark a cold build split over CI runners (issue 21, `powerlist build --shard K/N`), side by side
with one cold build on one machine, in the same run.

    python bench/shard_bench.py [--powers 1500] [--flows 300] [--shards 2,4] [--runs 1]

Each runner is simulated on this machine, one after the other, so that each has both cores to itself
as a runner of its own would: shard K of N runs as a fresh `powerlist build --shard K/N` process with an
empty cache; its cache is set aside; the N caches are then merged (copied into one folder, as the CI
templates do with the runners' artifacts) and the final `powerlist build` assembles the site from them.
What a CI pipeline waits for is the slowest shard plus the assembly (the critical path); the total is
what the runners spend together. One cold `powerlist build --no-cache` runs before them (and again
after, with --runs 2 and more: the figures are medians), and the output of the assembly is compared with
it byte for byte. The assembly runs as `powerlist build` does (build() in a fresh process), reporting
its stages and what it found left to do.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.generate import REPO, generate  # noqa: E402

POWERLIST = Path(sys.executable).parent / "powerlist"
CACHE = ".powerlist-cache"


def timed(args: list[str], cwd: Path) -> float:
    """Wall time of one powerlist process; a failed build stops the benchmark."""
    started = time.perf_counter()
    r = subprocess.run([str(POWERLIST), *args], cwd=cwd, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if r.returncode != 0:
        raise SystemExit(f"powerlist {' '.join(args)} failed ({r.returncode}):\n{r.stdout}\n{r.stderr}")
    return wall


def fresh(root: Path) -> None:
    shutil.rmtree(root / CACHE, ignore_errors=True)
    shutil.rmtree(root / "site", ignore_errors=True)


def one_machine(root: Path) -> float:
    fresh(root)
    wall = timed(["build", "--no-cache", "--out", "site"], root)
    shutil.rmtree(root.parent / "shard-reference", ignore_errors=True)
    (root / "site").rename(root.parent / "shard-reference")
    return wall


def sharded(root: Path, n: int) -> dict:
    """N shards one after the other (each alone on the machine), the caches merged, the assembly."""
    fresh(root)
    held = root.parent / f"shard-caches-{n}"
    shutil.rmtree(held, ignore_errors=True)
    held.mkdir(parents=True)
    walls = []
    for k in range(1, n + 1):
        walls.append(timed(["build", "--shard", f"{k}/{n}"], root))
        (root / CACHE).rename(held / str(k))  # the runner's artifact
    started = time.perf_counter()
    for k in range(1, n + 1):  # the runners' caches, copied into one (entries are named by their contents)
        shutil.copytree(held / str(k), root / CACHE, dirs_exist_ok=True)
    merge = time.perf_counter() - started
    r = subprocess.run([sys.executable, "-c", ASSEMBLE, str(root)], capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"the assembly failed ({r.returncode}):\n{r.stderr}")
    assembly = json.loads(r.stdout.strip().splitlines()[-1])
    same = _same_tree(root / "site", root.parent / "shard-reference")
    shutil.rmtree(held)
    return {"shards": walls, "merge": merge, "assemble": assembly["wall"], "assembly": assembly, "same": same}


# The final build, as `powerlist build` runs it, in a fresh process that also reports its stages and
# what it found to do (nothing laid out and nothing indexed, if the shards did their work)
ASSEMBLE = """
import json, sys, time
from pathlib import Path
from generator.build import Options, build
root = Path(sys.argv[1])
started = time.perf_counter()
r = build(root, Options(out=root / "site"))
print(json.dumps({"wall": time.perf_counter() - started, "stages": r.seconds, "layouts": r.layouts,
                  "indexed": r.search_indexed, "documents_rendered": r.documents_rendered}))
"""


def _same_tree(a: Path, b: Path) -> bool:
    files_a = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    if files_a != files_b:
        return False
    _, mismatch, errors = filecmp.cmpfiles(a, b, [str(p) for p in files_a], shallow=False)
    return not mismatch and not errors


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--powers", type=int, default=1500)
    ap.add_argument("--flows", type=int, default=300)
    ap.add_argument("--shards", default="2,4", help="the numbers of runners to try, e.g. 2,4,8")
    ap.add_argument("--runs", type=int, default=1, help="runs of every way, interleaved; medians reported")
    args = ap.parse_args()
    root = REPO / "bench" / "out" / f"shards-{args.powers}"
    powers, flows = generate(REPO, root, args.powers, args.flows)
    counts = [int(n) for n in args.shards.split(",")]
    single: list[float] = []
    results: dict[int, list[dict]] = {n: [] for n in counts}
    for _ in range(args.runs):  # interleaved: the machine's drift hits every way alike
        single.append(one_machine(root))
        for n in counts:
            results[n].append(sharded(root, n))
    print(f"catalogue: {powers} powers, {flows} flows; each runner simulated alone on this "
          f"{_cores()}-core machine")
    one = statistics.median(single)
    print(f"one machine, cold: {one:.1f} s ({', '.join(f'{w:.1f}' for w in single)})")
    for n, runs in results.items():
        path = statistics.median(max(r["shards"]) + r["merge"] + r["assemble"] for r in runs)
        total = statistics.median(sum(r["shards"]) + r["merge"] + r["assemble"] for r in runs)
        r = runs[0]
        print(f"{n} runners: critical path {path:.1f} s (slowest shard + merge + assembly; "
              f"{path / one:.2f} of one machine), all runners together {total:.1f} s; first run: shards "
              f"{', '.join(f'{w:.1f}' for w in r['shards'])} s, merge {r['merge']:.1f} s, assembly "
              f"{r['assemble']:.1f} s; output {'byte-identical to' if all(x['same'] for x in runs) else 'DIFFERS from'}"
              f" one machine's")
        a = r["assembly"]
        print("  the assembly's stages (s, overlapping): " + " ".join(f"{k} {v:.1f}" for k, v in a["stages"].items())
              + f"; PDF layouts {a['layouts']}, search parts indexed {a['indexed']}, documents made "
              f"{a['documents_rendered']} (the booklets, joined)")


def _cores() -> int:
    return os.cpu_count() or 1


if __name__ == "__main__":
    main()
