"""Benchmark the documents step of the build (the booklets: duty catalogue, risk register,
responsibility list as PDF, the whole catalogue's and each unit's; and the open data: XLSX, CSV, JSON)
on a generated 1,500-power, 300-flow catalogue: the build itself, with charts, posters and the website
switched off and nothing reused, each run in a fresh process. Wall time and peak memory.

    python bench/documents_bench.py [--runs 3] [--powers 1500] [--flows 300] [--jobs 2]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.generate import REPO, generate  # noqa: E402

CHILD = r"""
import json, os, resource, sys, time
from pathlib import Path
sys.path.insert(0, {repo!r})
os.environ["SOURCE_DATE_EPOCH"] = "1795305600"  # 2026-11-22: the same dates in every run
t0 = time.perf_counter()
from generator.build import Options, build
out = Path({out!r})
report = build(Path({root!r}), Options(out, charts=False, posters=False, site=False, documents=True,
                                       jobs={jobs}, cache=False))
t1 = time.perf_counter()
assert not any(f.severity == "error" for f in report.findings), "the generated catalogue does not pass check"
pdf = (out / "data" / "catalogue.pdf").read_bytes()
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps({{"build": t1 - t0, "load_check": report.seconds.get("load+check", 0.0),
                  "pdfs": report.seconds.get("pdfs", 0.0), "documents": report.documents_rendered,
                  "pages": pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages"), "pdf_bytes": len(pdf),
                  "peak_mb": own, "worker_peak_mb": workers}}))
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--powers", type=int, default=1500)
    ap.add_argument("--flows", type=int, default=300)
    ap.add_argument("--jobs", type=int, default=2, help="worker processes (the build's --jobs)")
    args = ap.parse_args()
    root = REPO / "bench" / "out" / f"documents-{args.powers}"
    out = REPO / "bench" / "out" / f"documents-{args.powers}-site"
    generate(REPO, root, args.powers, args.flows)
    results = []
    for i in range(args.runs):
        child = CHILD.format(repo=str(REPO), root=str(root), out=str(out), jobs=args.jobs)
        done = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, check=True)
        r = json.loads(done.stdout)
        results.append(r)
        print(f"run {i + 1}: build {r['build']:.1f} s (load+check {r['load_check']:.1f} s, documents "
              f"{r['pdfs']:.1f} s; {r['documents']} files, whole booklet {r['pages']} pages, "
              f"{r['pdf_bytes'] / 1e6:.1f} MB), peak {r['peak_mb']:.0f} MB "
              f"(largest worker {r['worker_peak_mb']:.0f} MB)", flush=True)
    median = statistics.median
    print(f"\ncatalogue: {args.powers} powers, {args.flows} flows")
    print(f"documents step of the build: median {median(r['pdfs'] for r in results):.1f} s of {args.runs} "
          f"(whole build call {median(r['build'] for r in results):.1f} s); peak memory median "
          f"{median(r['peak_mb'] for r in results):.0f} MB (main), "
          f"{median(r['worker_peak_mb'] for r in results):.0f} MB (largest worker)")


if __name__ == "__main__":
    main()
