"""Full site build of a generated 1,500-power, 300-flow catalogue, side by side with MkDocs-Material
building the same power pages from Markdown.

Interleaved in one run so that machine noise hits both alike: each round runs

- ours, cold: ``powerlist build --no-cache`` into an empty folder: pages, search index, charts,
  posters, documents (booklet, XLSX, CSV, JSON);
- MkDocs-Material: ``mkdocs build`` of one Markdown page per power, section for section the text of
  our power page (basic facts, legal basis with the cited articles, conditions and materials, the
  procedure with its risk points and steps, time limits, fees, where and when, contact, the
  responsibilities and accountability cases; links to the chart, PNG and poster, which MkDocs does
  not make) plus a page per unit, with its built-in search (Chinese segmented with jieba), which
  leaves out the parts our search index leaves out (``data-search-exclude``);

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
from generator.derived import effective_responsibilities, numbered_risks, ordered_powers  # noqa: E402
from generator.index import Index  # noqa: E402
from generator.project import load_project  # noqa: E402
from generator.responsibility import ACCOUNTABILITY_LEAD  # noqa: E402
from generator.wording import LEVEL_NAME, days_text, limit_text  # noqa: E402

MKDOCS_YML = """site_name: 示例县权力清单 (MkDocs)
theme:
  name: material
  language: zh
markdown_extensions:
  - md_in_html
validation:  # the pages link to charts, PNGs and posters our build makes and MkDocs' pages alone do not
  links:
    not_found: ignore
plugins:
  - search:
      lang: zh
"""


def _excluded(lines: list[str], excluded: bool) -> list[str]:
    """Markdown left out of MkDocs' search index, as our pages leave it out of Pagefind's."""
    return ["<div data-search-exclude markdown>", "", *lines, "", "</div>", ""] if excluded else lines


def _limit(days) -> str:
    text = limit_text(days)
    return f"{text} 个工作日" if text and text != "即办" else text


def power_markdown(p, unit, sources: dict, flow, shared: list) -> str:
    """One power page as Markdown, section for section what our power page (power.html.j2) shows,
    with the same parts left out of the search index."""
    risks = numbered_risks(flow) if flow else []
    tags = [p.category, unit.name, p.code] + (["重大事项 · 集体决定"] if p.major else []) + (
        [f"★ {len(risks)} 个风险点"] if risks else [])
    lines = [f"# {p.name}", "", *_excluded([" · ".join(tags)], True),
             "## 基本信息", "", f"- 事项名称: {p.name}", f"- 事项编码: {p.code}", f"- 职权类型: {p.category}"]
    if p.sub_items:
        lines.append(f"- 子项: {'、'.join(p.sub_items)}")
    lines += [f"- 实施主体: [{unit.name}](../units/{unit.id}.md) ({unit.nature})", f"- 承办机构: {p.office}"]
    if p.audience:
        lines.append(f"- 服务对象: {'、'.join(p.audience)}")
    if p.major:
        lines.append("- 决定方式: 重大事项, 须经集体讨论决定")
    lines += ["", "## 实施依据", ""]
    for c in p.basis:
        s = sources.get(c.source)
        lines.append(f"1. **《{s.title if s else c.source}》** {c.article or ''}")
        if s:
            lines.append(f"    {s.level} · {s.issuer}" + (f" · {s.number}" if s.number else "")
                         + f" · {s.effective.isoformat()} 施行"
                         + (f" · {s.amended.isoformat()} 修正/修订" if s.amended else ""))
        if c.text:
            lines += ["", f"    > {c.text}", ""]
    if not p.basis:
        lines.append("未列明。")
    if p.conditions or p.materials:
        lines += ["", "## 申请条件和材料", ""]
        if p.conditions:
            lines += ["### 申请条件", "", p.conditions, ""]
        if p.materials:
            lines += ["### 申请材料", ""] + [f"1. {m}" for m in p.materials] + [""]
    if flow:
        lines += ["", "## 办理流程", "", f"{flow.name}" + (f" ({flow.procedure})" if flow.procedure else "")
                  + f": 共 {len(flow.steps)} 个环节" + (f", 其中 {len(risks)} 个风险点以 ★ 标出" if risks else "")
                  + "。[怎样看流程图](../guide.md)", ""]
        if flow.description:
            lines += _excluded([flow.description, ""], bool(shared))
        lines += [f"[![{flow.name}流程图](../charts/{flow.id}.svg)](../charts/{flow.id}.svg)", "",
                  f"点击图片可查看原图并放大; [PNG 图片](../charts/{flow.id}.png) · "
                  f"[上墙海报 (PDF, 可打印)](../posters/{flow.id}.pdf)", ""]
        posts = {x.id: x for x in unit.posts}
        numbers: dict[str, list[int]] = {}
        if risks:
            lines += ["### 风险点及防控措施", ""]
            notes = []
            for r in risks:
                numbers.setdefault(r.step.id, []).append(r.number)
                owner = posts.get(r.risk.owner)
                notes += [f"1. ★{r.number} **{LEVEL_NAME[r.risk.level]}** · {r.risk.type} · 环节: {r.step.name}", "",
                          f"    {r.risk.description}", ""]
                if r.risk.manifestation:
                    notes += [f"    表现形式: {r.risk.manifestation}", ""]
                if r.risk.measures:
                    notes += ["    防控措施:", ""] + [f"    - {m}" for m in r.risk.measures] + [""]
                notes += [f"    责任岗位: {owner.name if owner else r.risk.owner}", ""]
            lines += _excluded(notes, bool(shared))
        lines += ["### 办理步骤 (文字版)", ""]
        names = {s.id: s.name for s in flow.steps}
        steps = []
        for i, step in enumerate(flow.steps, 1):
            post = posts.get(step.post)
            where = (post.name if post else step.post) + (f" ({post.section})" if post and post.section
                                                          and post.section != post.name else "")
            facts = [where, step.action] + ([days_text(step)] if days_text(step) else []) + (
                ["不计入法定时限"] if not step.counted and not days_text(step) else []) + (
                [f"{step.officers} 人以上"] if step.officers > 1 else [])
            stars = " ".join(f"★{n}" for n in numbers.get(step.id, []))
            steps += [f"{i}. **{step.name}**" + (f" {stars}" if stars else ""), "", "    " + " · ".join(facts), ""]
            if step.duty:
                steps += [f"    职责要求: {step.duty}", ""]
            if step.supervision:
                steps += [f"    监督制约: {step.supervision}", ""]
            after = [(names.get(t.to, t.to), t.when) for s2, t in flow.edges() if s2.id == step.id]
            if after:
                steps += ["    下一步: " + "; ".join((f"{w} → " if w else "") + n for n, w in after), ""]
        lines += _excluded(steps, bool(shared))
        if shared:
            lines += _excluded(["同一流程也用于: " + "、".join(f"[{o.name}]({o.code}.md)" for o in shared), ""], True)
    lines += ["", "## 办理时限", "", f"- 法定时限: {_limit(p.legal_limit) or '法律法规未规定'}",
              f"- 承诺时限: {_limit(p.promised_limit) or '未作承诺'}", "",
              "## 收费", "", f"- 收费标准: {p.fee}"] + ([f"- 收费依据: {p.fee_basis}"] if p.fee_basis else [])
    lines += ["", "## 办理地点和时间", "", f"- 办理地点: {p.address or unit.address or '请咨询承办机构'}",
              f"- 办理时间: {p.office_hours or unit.office_hours or '工作日'}", "",
              "## 咨询和监督投诉", "", f"- 咨询电话: {p.phone or unit.phone or '—'}",
              f"- 监督投诉电话: {p.complaint_phone or unit.complaint_phone or '—'}", ""]
    if p.remarks:
        lines += ["### 备注", "", p.remarks, ""]
    own = effective_responsibilities(p)
    lines += ["## 责任事项和追责情形", ""]
    if own.stages_standard:
        lines += [f"本事项未单独列明责任事项, 适用{p.category}的通用表述。", ""]
    lines += _excluded([f"- **{stage}责任**: {duty}" for stage, duty in own.stages], own.stages_standard)
    lines += ["", "### 追责情形" + (" (通用表述)" if own.cases_standard else ""), ""]
    lines += _excluded([ACCOUNTABILITY_LEAD], True)
    lines += _excluded([f"1. {c}" for c in own.cases], own.cases_standard)
    return "\n".join(lines) + "\n"


def markdown_project(root: Path, out: Path) -> int:
    """The power pages (and a page per unit) as a MkDocs project; returns the number of pages."""
    project = load_project(root).project
    index = Index(project)
    if out.exists():
        shutil.rmtree(out)
    docs = out / "docs"
    (docs / "powers").mkdir(parents=True)
    (docs / "units").mkdir()
    (out / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    (docs / "guide.md").write_text("# 怎样看流程图\n", encoding="utf-8")
    (docs / "index.md").write_text(f"# {project.settings.title}\n\n" + "".join(
        f"- [{u.name}](units/{u.id}.md)\n" for u in project.units), encoding="utf-8")
    pages = 1
    by_unit: dict[str, list[str]] = {}
    for unit, p in ordered_powers(project):
        shared = [o for _, o in index.flow_users.get(p.flow or "", []) if o.code != p.code]
        (docs / "powers" / f"{p.code}.md").write_text(power_markdown(p, unit, index.sources, index.flow_of(p), shared),
                                                      encoding="utf-8")
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
        print(f"round {i + 1}: ours (full build, cold) {ours[-1]:.1f} s; "
              f"MkDocs-Material ({pages} pages) {theirs[-1]:.1f} s", flush=True)
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
