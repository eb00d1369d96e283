"""Benchmark chart and poster rendering on a generated 1,500-power, 300-flow catalogue.

Side by side, interleaved in one run so that machine noise hits both alike:
- ours, cold:  `powerlist build DIR` with an empty cache and no previous output (charts batched per
               Graphviz process on a thread pool, posters on a process pool);
- ours, warm:  the same command again with nothing changed;
- naive:       the same outputs made the obvious way: one Graphviz process per chart and format, one
               WeasyPrint call per poster, one after the other, no cache.

    python bench/render_bench.py [--runs 3] [--warm-runs 5] [--flows 300] [--powers 1500]
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.check_bench import powerlist_command  # noqa: E402
from bench.generate import REPO, generate  # noqa: E402


def naive(root: Path, out: Path) -> None:
    """One process per chart format, one WeasyPrint document per poster, serial, nothing reused."""
    from generator.project import load_project
    from generator.render.chart import SCREEN, chart_dot
    from generator.render.poster import Page, poster_pdf

    project = load_project(root).project
    units = {u.id: u for u in project.units}
    sources = {s.id: s for s in project.sources}
    (out / "charts").mkdir(parents=True)
    (out / "posters").mkdir(parents=True)
    for flow in project.flows:
        unit = units[flow.unit]
        screen = chart_dot(flow, unit, SCREEN).encode()
        for fmt in ("svg", "png"):
            subprocess.run(["neato", "-n2", "-Gdpi=72", f"-T{fmt}", "-o", str(out / "charts" / f"{flow.id}.{fmt}")],
                           input=screen, check=True)
        powers = sorted((p for _, p in project.powers() if p.flow == flow.id), key=lambda p: p.code)
        cited = {c.source: sources[c.source] for p in powers for c in p.basis if c.source in sources}
        pdf, _ = poster_pdf(flow, unit, powers, cited, project.settings, (Page("A3"),), dt.date(2026, 11, 22))
        (out / "posters" / f"{flow.id}.pdf").write_bytes(pdf)


def timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3, help="cold and naive runs (each takes a minute or more)")
    ap.add_argument("--warm-runs", type=int, default=5)
    ap.add_argument("--powers", type=int, default=1500)
    ap.add_argument("--flows", type=int, default=300)
    args = ap.parse_args()
    root = REPO / "bench" / "out" / f"render-{args.flows}"
    powers, flows = generate(REPO, root, args.powers, args.flows)
    (root / "powerlist.yaml").write_text((root / "powerlist.yaml").read_text(encoding="utf-8") +
                                         "version_date: 2026-11-22\n", encoding="utf-8")
    print(f"catalogue: {powers} powers, {flows} flows; outputs per build: {flows * 3} files "
          f"({flows} SVG + {flows} PNG charts, {flows} A3 posters)")
    cmd = powerlist_command() + ["build", str(root), "--out", str(root / "site"), "--no-documents"]

    def ours_cold():
        shutil.rmtree(root / ".powerlist-cache", ignore_errors=True)
        shutil.rmtree(root / "site", ignore_errors=True)
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode != 0:
            raise SystemExit(r.stdout[-2000:] + r.stderr[-2000:])
        print("  ours:", r.stderr.splitlines()[0], flush=True)

    def ours_warm():
        r = subprocess.run(cmd, capture_output=True, text=True)
        assert "已是最新" in r.stderr, r.stderr

    def naive_run():
        out = root / "naive"
        shutil.rmtree(out, ignore_errors=True)
        naive(root, out)

    cold, slow = [], []
    for i in range(args.runs):
        cold.append(timed(ours_cold))
        print(f"run {i + 1}: ours cold {cold[-1]:.1f} s", flush=True)
        slow.append(timed(naive_run))
        print(f"run {i + 1}: naive     {slow[-1]:.1f} s", flush=True)
    warm = [timed(ours_warm) for _ in range(args.warm_runs)]
    # A partial rebuild: one flow changed, everything else from the cache.
    flow_file = sorted((root / "flows").glob("*.yaml"))[0]
    text = flow_file.read_text(encoding="utf-8")
    flow_file.write_text(text.replace("name: ", "name: 修订 ", 1), encoding="utf-8")
    one = timed(lambda: subprocess.run(cmd, capture_output=True, check=True))
    flow_file.write_text(text, encoding="utf-8")

    mc, mn, mw = statistics.median(cold), statistics.median(slow), statistics.median(warm)
    print(f"\nours, cold:  median {mc:.1f} s of {args.runs} (min {min(cold):.1f}, max {max(cold):.1f})")
    print(f"naive:       median {mn:.1f} s of {args.runs} (min {min(slow):.1f}, max {max(slow):.1f})")
    print(f"ours, warm:  median {mw:.3f} s of {args.warm_runs} (min {min(warm):.3f}, max {max(warm):.3f})")
    print(f"one flow changed: {one:.2f} s")
    print(f"ratio naive / ours cold: {mn / mc:.2f}x;  naive / ours warm: {mn / mw:.0f}x")


if __name__ == "__main__":
    main()
