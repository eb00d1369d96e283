"""Benchmark a cold build at county and province scale (issue 21): wall time, CPU time, peak memory,
and the ratio to the floor: the CPU time of the layout engines themselves (Graphviz's processes, and
WeasyPrint laying out and writing PDFs), divided by the cores. A ratio of 1.0 would be a build that
does nothing but keep both cores busy with layout.

    python bench/scale_bench.py [--powers 1500] [--flows 300]      # the county corpus
    python bench/scale_bench.py --powers 6000 --flows 1200          # the province corpus
    python bench/scale_bench.py --runs 3 --against HEAD~2          # and the code of HEAD~2, alternating

The build runs cold (no cache, empty output) in a fresh process, as `powerlist build --no-cache` does.
That process is instrumented from outside the product: WeasyPrint's ``HTML.render`` and
``Document.write_pdf`` are wrapped to add up their CPU time (in the PDF workers too: they are forked
from it), and Graphviz runs under ``sh -c '...; times'``, which reports the CPU time of the Graphviz
process itself. Memory: the peak of the summed proportional set size (PSS, shared pages counted once)
of the build and all its processes, sampled every second, and the largest resident size of any one.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.generate import REPO, generate  # noqa: E402

TIMES = re.compile(rb"(\d+)m([\d.]+)s (\d+)m([\d.]+)s\n(\d+)m([\d.]+)s (\d+)m([\d.]+)s\n?$")


def child(root: Path, log: Path) -> None:
    """In the fresh process: instrument, build cold, print what the process itself measured."""
    import weasyprint
    import weasyprint.document

    from generator.build import Options, build
    from generator.render import graphviz

    def record(kind: str, seconds: float) -> None:
        with open(log, "a") as f:  # one short append per call: atomic between processes
            f.write(f"{kind} {seconds:.6f}\n")

    def product(frame) -> str:
        """Which product called: the first of the renderer's modules up the stack."""
        while frame is not None:
            name = Path(frame.f_code.co_filename).stem
            if name in ("poster", "booklet", "stamps", "posts", "announcement"):
                return name
            frame = frame.f_back
        return "other"

    def timed(kind, method):
        def wrapper(*args, **kwargs):
            started = time.process_time()
            try:
                return method(*args, **kwargs)
            finally:
                record(f"{kind}:{product(sys._getframe(1))}", time.process_time() - started)
        return wrapper

    weasyprint.HTML.render = timed("weasyprint", weasyprint.HTML.render)
    weasyprint.document.Document.write_pdf = timed("weasyprint", weasyprint.document.Document.write_pdf)

    class Subprocess:  # graphviz.subprocess, with `times` after each Graphviz run
        def __getattr__(self, name):
            return getattr(subprocess, name)

        @staticmethod
        def run(args, **kwargs):
            r = subprocess.run(["sh", "-c", '"$@"; s=$?; times >&2; exit $s', "sh", *args], **kwargs)
            m = TIMES.search(r.stderr) if isinstance(r.stderr, bytes) else None  # text: -V, not a drawing
            if m:
                v = [float(x) for x in m.groups()]
                record(f"graphviz:{product(sys._getframe(1))}", v[4] * 60 + v[5] + v[6] * 60 + v[7])
                r.stderr = r.stderr[:m.start()]
            return r

    graphviz.subprocess = Subprocess()

    from generator.build import workers

    global _RECORD, _JOB
    _RECORD, _JOB = record, workers.run_job
    workers.run_job = _measured
    started = time.perf_counter()
    report = build(root, Options(out=root / "site", cache=False))
    wall = time.perf_counter() - started
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({"wall": wall, "cpu_main": me.ru_utime + me.ru_stime,
                      "cpu_children": kids.ru_utime + kids.ru_stime,
                      "rss_main_mb": me.ru_maxrss / 1024, "rss_child_mb": kids.ru_maxrss / 1024,
                      "stages": report.seconds, "files": report.files, "pages": report.pages,
                      "errors": sum(1 for f in report.findings if f.severity == "error")}))


_RECORD = _JOB = None  # set in the child before the workers fork


def _measured(fn, arg):
    """workers.run_job, and the worker's peak after it (module level: the pool pickles it by name)."""
    try:
        return _JOB(fn, arg)
    finally:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        _RECORD(f"peak:{fn.__module__.rsplit('.', 1)[-1]}.{fn.__name__}:{len(str(arg))}", peak)


def _tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                todo += [int(c) for c in Path(f"/proc/{p}/task/{task}/children").read_text().split()]
        except OSError:
            pass
    return found


def _pss_mb(pids: list[int]) -> float:
    total = 0
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def measure(root: Path, script: Path = Path(__file__)) -> dict:
    """One cold build of ``root`` by the powerlist that ``script`` (this file, in a checkout) belongs to."""
    log = root.parent / f"{root.name}-engines.log"
    log.unlink(missing_ok=True)
    proc = subprocess.Popen([sys.executable, str(script), "--child", str(root), str(log)], stdout=subprocess.PIPE,
                            text=True)
    peak = [0.0]

    def sample() -> None:
        while proc.poll() is None:
            peak[0] = max(peak[0], _pss_mb(_tree(proc.pid)))
            time.sleep(1.0)  # reading smaps of big processes costs the kernel: not too often

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = proc.communicate()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"the build failed ({proc.returncode})")
    result = json.loads(out.strip().splitlines()[-1])
    engines: dict[str, float] = {}
    jobs: list[tuple[float, str]] = []
    for line in log.read_text().splitlines():
        kind, seconds = line.split()
        if kind.startswith("peak:"):
            jobs.append((float(seconds), kind[5:]))
            continue
        engines[kind] = engines.get(kind, 0.0) + float(seconds)
    # the jobs after which a worker's peak first reached its highest: what makes a worker big
    first = {}
    for mb, name in jobs:
        first.setdefault(round(mb), name)
    result.update(engines=engines, pss_peak_mb=peak[0], big_jobs=sorted(first.items())[-3:])
    return result


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        child(Path(sys.argv[2]), Path(sys.argv[3]))
        return
    ap = argparse.ArgumentParser()
    ap.add_argument("--powers", type=int, default=1500)
    ap.add_argument("--flows", type=int, default=300)
    ap.add_argument("--runs", type=int, default=1, help="cold builds in a row; the median is reported")
    ap.add_argument("--against", metavar="REV", help="also build with the code of this git revision (e.g. "
                    "HEAD~3), alternating with this code's builds, and compare")
    args = ap.parse_args()
    root = REPO / "bench" / "out" / f"scale-{args.powers}"
    powers, flows = generate(REPO, root, args.powers, args.flows)
    ways = {"this code": Path(__file__)}
    if args.against:
        ways[args.against] = checkout(args.against) / "bench" / "scale_bench.py"
    runs: dict[str, list[dict]] = {name: [] for name in ways}
    for _ in range(args.runs):  # interleaved: the machine's drift hits both ways alike
        for name, script in ways.items():
            runs[name].append(measure(root, script))
    print(f"catalogue: {powers} powers, {flows} flows")
    medians = {name: show(name, found) for name, found in runs.items()}
    if args.against:
        now, before = medians["this code"], medians[args.against]
        print(f"this code / {args.against}: wall {now['wall'] / before['wall']:.2f}, "
              f"peak memory {now['pss'] / before['pss']:.2f}, ratio to the floor {now['ratio']:.2f} vs "
              f"{before['ratio']:.2f}")


def checkout(rev: str) -> Path:
    """The code of ``rev`` in bench/out/code-<commit>/ (git archive: no work tree bookkeeping)."""
    commit = subprocess.run(["git", "rev-parse", "--short", rev], cwd=REPO, capture_output=True, text=True,
                            check=True).stdout.strip()
    folder = REPO / "bench" / "out" / f"code-{commit}"
    if not folder.is_dir():
        folder.mkdir(parents=True)
        archive = subprocess.run(["git", "archive", commit], cwd=REPO, capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def show(name: str, runs: list[dict]) -> dict:
    """Print one way's figures (its median run's), and return the medians compared."""
    cores = os.cpu_count() or 1
    walls = sorted(r["wall"] for r in runs)
    r = min(runs, key=lambda r: abs(r["wall"] - statistics.median(walls)))  # the median run's figures
    floor = sum(r["engines"].values()) / cores
    by_engine: dict[str, float] = {}
    for kind, seconds in r["engines"].items():
        by_engine[kind.split(":")[0]] = by_engine.get(kind.split(":")[0], 0.0) + seconds
    cpu = r["cpu_main"] + r["cpu_children"]
    pss = max(x["pss_peak_mb"] for x in runs)
    print(f"== {name}: {r['pages']} pages, {r['files']} files, {r['errors']} errors")
    if len(runs) > 1:
        print(f"cold builds: median {statistics.median(walls):.1f} s of {len(runs)} "
              f"({', '.join(f'{w:.1f}' for w in walls)}); the median run's figures follow")
    print(f"cold build: {r['wall']:.1f} s wall, {cpu:.1f} CPU-s ({r['cpu_main']:.1f} in the main process, "
          f"{r['cpu_children']:.1f} in its workers and engines; {cpu / r['wall']:.2f} of {cores} cores busy)")
    print("stages: " + " ".join(f"{k} {v:.1f}" for k, v in r["stages"].items()))
    print("engines' CPU: " + ", ".join(f"{k} {v:.1f} s" for k, v in sorted(by_engine.items())) + " (by product: "
          + ", ".join(f"{k} {v:.1f}" for k, v in sorted(r["engines"].items())) + ")")
    print(f"floor (engines' CPU / {cores} cores): {floor:.1f} s; ratio wall / floor: {r['wall'] / floor:.2f}; "
          f"CPU outside the engines: {cpu - sum(r['engines'].values()):.1f} s")
    print(f"memory: peak {pss:.0f} MB (PSS of all the build's processes together, "
          f"the highest of the runs); largest resident: main {r['rss_main_mb']:.0f} MB, a worker "
          f"{r['rss_child_mb']:.0f} MB; the jobs that raised a worker's peak last (MB, job:argument size): "
          + ", ".join(f"{mb} {name}" for mb, name in r["big_jobs"]))
    return {"wall": statistics.median(walls), "pss": pss, "ratio": r["wall"] / floor}


if __name__ == "__main__":
    main()
