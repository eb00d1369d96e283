"""Benchmark the PDF booklet (duty catalogue, risk register, responsibility list) of a generated
1,500-power, 300-flow catalogue: wall time and peak memory, each run in a fresh process.

    python bench/documents_bench.py [--runs 3] [--powers 1500] [--flows 300]
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
import datetime as dt, json, resource, sys, time
sys.path.insert(0, {repo!r})
t0 = time.perf_counter()
from generator.build import document_tables
from generator.project import load_project
from generator.render import documents as D
from generator.render.booklet import booklet_pdf
from generator.render.opendata import csv_bytes, json_bytes, open_data, xlsx_bytes
project = load_project({root!r}).project
t1 = time.perf_counter()
tables = document_tables(project)
summary = D.summary(project)
day = dt.date(2026, 11, 22)
pdf = booklet_pdf(project, tables, summary, day, jobs={jobs})
t2 = time.perf_counter()
pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
xlsx = xlsx_bytes(list(tables.values()), summary, "bench", day)
data = json_bytes(open_data(project, tables, summary, day))
csvs = [csv_bytes(t) for t in tables.values()]
t3 = time.perf_counter()
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps({{"load": t1 - t0, "pdf": t2 - t1, "pages": pages, "pdf_bytes": len(pdf),
                  "others": t3 - t2, "rows": {{k: len(t.rows) for k, t in tables.items()}},
                  "peak_mb": own, "worker_peak_mb": workers}}))
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--powers", type=int, default=1500)
    ap.add_argument("--flows", type=int, default=300)
    ap.add_argument("--jobs", type=int, default=2, help="processes laying out the booklet's parts")
    args = ap.parse_args()
    root = REPO / "bench" / "out" / f"documents-{args.powers}"
    generate(REPO, root, args.powers, args.flows)
    results = []
    for i in range(args.runs):
        out = subprocess.run([sys.executable, "-c", CHILD.format(repo=str(REPO), root=str(root), jobs=args.jobs)],
                             capture_output=True, text=True, check=True).stdout
        results.append(json.loads(out))
        r = results[-1]
        print(f"run {i + 1}: PDF {r['pdf']:.1f} s ({r['pages']} pages, {r['pdf_bytes'] / 1e6:.1f} MB), "
              f"XLSX+JSON+CSV {r['others']:.1f} s, load {r['load']:.1f} s, peak {r['peak_mb']:.0f} MB "
              f"(largest worker {r['worker_peak_mb']:.0f} MB)", flush=True)
    rows = results[0]["rows"]
    print(f"\ncatalogue: {args.powers} powers, {args.flows} flows; rows: {rows}")
    print(f"PDF booklet: median {statistics.median(r['pdf'] for r in results):.1f} s of {args.runs}; "
          f"peak memory median {statistics.median(r['peak_mb'] for r in results):.0f} MB (main), "
          f"{statistics.median(r['worker_peak_mb'] for r in results):.0f} MB (largest worker)")
    print(f"XLSX + JSON + CSV: median {statistics.median(r['others'] for r in results):.2f} s")


if __name__ == "__main__":
    main()
