"""Full site build of a generated 1,500-power, 300-flow catalogue, side by side with MkDocs-Material
building the same power pages from Markdown.

Interleaved in one run so that machine noise hits both alike: each round runs

- ours, cold: ``powerlist build --no-cache`` into an empty folder: pages, search index, charts,
  posters, documents (booklet, XLSX, CSV, JSON);
- MkDocs-Material: ``mkdocs build`` of one Markdown page per power (basic facts, legal basis, steps,
  risk points: the text of our power pages, without charts or posters) plus a page per unit, with
  its built-in search (Chinese segmented with jieba);

then times rebuilds with nothing changed (``powerlist build`` again). Needs the ``bench`` extra:
``pip install -e '.[bench]'`` (``./dev.sh bench-site`` does it).

    python bench/site_bench.py [--runs 3] [--powers 1500] [--flows 300] [--warm-runs 5]
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
from generator.project import load_project  # noqa: E402
from generator.render.chart import days_text, numbered_risks  # noqa: E402
from generator.render.documents import ordered_powers  # noqa: E402

MKDOCS_YML = """site_name: 示例县权力清单 (MkDocs)
theme:
  name: material
  language: zh
plugins:
  - search:
      lang: zh
"""


def markdown_project(root: Path, out: Path) -> int:
    """The power pages as a MkDocs project; returns the number of pages."""
    project = load_project(root).project
    sources = {s.id: s for s in project.sources}
    flows = {f.id: f for f in project.flows}
    if out.exists():
        shutil.rmtree(out)
    docs = out / "docs"
    (docs / "powers").mkdir(parents=True)
    (docs / "units").mkdir()
    (out / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    (docs / "index.md").write_text(f"# {project.settings.title}\n\n" + "".join(
        f"- [{u.name}](units/{u.id}.md)\n" for u in project.units), encoding="utf-8")
    pages = 1
    by_unit: dict[str, list[str]] = {}
    for unit, p in ordered_powers(project):
        lines = [f"# {p.name}", "", "## 基本信息", "", f"- 事项编码: {p.code}", f"- 职权类型: {p.category}",
                 f"- 实施主体: {unit.name}", f"- 承办机构: {p.office}", "", "## 实施依据", ""]
        for c in p.basis:
            s = sources.get(c.source)
            lines.append(f"1. 《{s.title if s else c.source}》{c.article or ''}")
            if c.text:
                lines += ["", f"    > {c.text}", ""]
        flow = flows.get(p.flow or "")
        if flow:
            lines += ["", "## 办理流程", "", f"![{flow.name}](../../charts/{flow.id}.svg)", ""]
            posts = {x.id: x for x in unit.posts}
            for i, step in enumerate(flow.steps, 1):
                post = posts.get(step.post)
                lines.append(f"{i}. **{step.name}** ({post.name if post else step.post}, {step.action}, {days_text(step)})"
                             + (f" 职责要求: {step.duty}" if step.duty else "")
                             + (f" 监督: {step.supervision}" if step.supervision else ""))
            lines += ["", "### 风险点及防控措施", ""]
            for r in numbered_risks(flow):
                lines.append(f"- ★{r.number} {r.risk.level} {r.risk.type}: {r.risk.description}; "
                             f"防控措施: {'；'.join(r.risk.measures)}")
        lines += ["", "## 办理时限", "", f"- 法定: {p.legal_limit}", f"- 承诺: {p.promised_limit}", "",
                  "## 收费", "", p.fee, "", "## 咨询和监督投诉", "", f"- {p.phone or unit.phone or ''}",
                  f"- {p.complaint_phone or unit.complaint_phone or ''}", ""]
        (docs / "powers" / f"{p.code}.md").write_text("\n".join(lines), encoding="utf-8")
        by_unit.setdefault(unit.id, []).append(f"- [{p.name}](../powers/{p.code}.md)")
        pages += 1
    for unit in project.units:
        (docs / "units" / f"{unit.id}.md").write_text(f"# {unit.name}\n\n" + "\n".join(by_unit.get(unit.id, [])) + "\n",
                                                      encoding="utf-8")
        pages += 1
    return pages


def timed(cmd: list[str], **kw) -> float:
    t = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{r.stderr[-2000:]}")
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--warm-runs", type=int, default=5)
    ap.add_argument("--powers", type=int, default=1500)
    ap.add_argument("--flows", type=int, default=300)
    args = ap.parse_args()
    work = REPO / "bench" / "out" / f"site-{args.powers}"
    root = work / "catalogue"
    generate(REPO, root, args.powers, args.flows)
    pages = markdown_project(root, work / "mkdocs")
    powerlist = [sys.executable, "-m", "generator.cli", "build", str(root)]
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(work / "mkdocs-site")]
    ours, theirs = [], []
    for i in range(args.runs):
        out = work / "site"
        shutil.rmtree(out, ignore_errors=True)
        ours.append(timed([*powerlist, "--no-cache", "--out", str(out)], cwd=REPO))
        shutil.rmtree(work / "mkdocs-site", ignore_errors=True)
        theirs.append(timed(mkdocs, cwd=work / "mkdocs"))
        print(f"round {i + 1}: ours (full build, cold) {ours[-1]:.1f} s; MkDocs-Material ({pages} pages) {theirs[-1]:.1f} s",
              flush=True)
    timed([*powerlist, "--out", str(work / "site")], cwd=REPO)  # fill the cache and the manifest
    warm = [timed([*powerlist, "--out", str(work / "site")], cwd=REPO) for _ in range(args.warm_runs)]
    site_files = sum(1 for p in (work / "site").rglob("*") if p.is_file())
    mo, mt, mw = statistics.median(ours), statistics.median(theirs), statistics.median(warm)
    print(f"\ncatalogue: {args.powers} powers, {args.flows} flows; our site: {site_files} files")
    print(f"ours, full build, cold: median {mo:.1f} s of {args.runs} (min {min(ours):.1f}, max {max(ours):.1f})")
    print(f"MkDocs-Material, pages: median {mt:.1f} s of {args.runs} (min {min(theirs):.1f}, max {max(theirs):.1f})")
    print(f"ratio MkDocs / ours: {mt / mo:.2f}x")
    print(f"ours, nothing changed: median {mw:.3f} s of {args.warm_runs} (min {min(warm):.3f}, max {max(warm):.3f})")


if __name__ == "__main__":
    main()
