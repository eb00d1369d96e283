"""``powerlist build [DIR]``: check, then render the website (pages, search index), charts, wall
posters and documents into the output folder.

Exit status: 0 built (or nothing to do), 1 the catalogue has errors or rendering failed (nothing is
written then), 2 usage error. With ``--draft`` a catalogue with errors is built too, as a draft (a 草稿
banner on every page, the findings on findings.html, DRAFT.txt at the root: render/draft.py), exit 0;
files that do not load and unsafe ids still stop it.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

from ..build import BuildError, Options, Report, build, shards
from ..files import write_atomically
from ..layout import CACHE_DIR, is_project, not_a_project
from ..render.findings import as_text
from ..render.poster import MIN_CHART_PT, PAPERS_MM
from . import usage_error

# the findings a build prints before it counts the rest (powerlist check lists them all)
SHOWN_FINDINGS = 20


def add_parser(sub) -> None:
    p = sub.add_parser("build", help="生成公开网站、流程图、上墙海报和文档（build the site）",
                       description="检查 DIR 中的权力清单，通过后生成公开网站（含中文搜索）、流程图（SVG、PNG）、"
                                   "上墙海报（PDF）和职权目录等文档。")
    p.add_argument("dir", nargs="?", default=".", help="项目目录（默认当前目录）")
    p.add_argument("--out", "-o", help="输出目录（默认 DIR/site；只生成海报时默认 DIR/print）")
    p.add_argument("--posters-only", action="store_true", help="只生成打印用的上墙海报")
    p.add_argument("--no-documents", action="store_true", help="不生成职权目录、风险点登记表等文档（site/data/）")
    p.add_argument("--paper", choices=(*PAPERS_MM, "auto"), default="A3",
                   help="海报纸张（默认 A3；auto：每张海报取流程图文字够大的最小纸张）")
    side = p.add_mutually_exclusive_group()
    side.add_argument("--landscape", dest="landscape", action="store_const", const=True,
                      help="海报一律横向（默认：每张海报取流程图文字更大的方向，通常为纵向）")
    side.add_argument("--portrait", dest="landscape", action="store_const", const=False, help="海报一律纵向")
    p.add_argument("--internal", nargs="?", const="", metavar="DIR",
                   help="另生成内部文件（人员名册 × 岗位、自查报告，不公开）到 DIR"
                        "（默认项目目录下 internal/）；不得发布")
    p.add_argument("--jobs", "-j", type=int, default=0, help="并行任务数（默认且最多等于 CPU 核数）")
    p.add_argument("--no-cache", action="store_true", help="不复用缓存，全部重新绘制")
    p.add_argument("--prune-cache", action="store_true",
                   help="生成后删除缓存中本次没有用到的内容（供 CI 在两次运行之间保留缓存，不致越积越多）")
    p.add_argument("--shard", metavar="K/N",
                   help="分片：只绘制第 K 片（共 N 片）单位的流程图、海报和文档部件，写入缓存（.powerlist-cache/），"
                        "不生成网站；各片缓存合并后再运行一次 powerlist build 组装（供多台 CI 机器并行）")
    p.add_argument("--draft", action="store_true",
                   help="草稿：清单有错误也生成，供本单位预览（每页标有“草稿”并链接检查结果；不得发布）")
    p.set_defaults(run=run)


def run(args) -> int:
    root = Path(args.dir)
    if not is_project(root):
        return usage_error(not_a_project(args.dir))
    if args.jobs < 0:
        return usage_error("--jobs 不能为负数")
    out = Path(args.out) if args.out else root / ("print" if args.posters_only else "site")
    try:
        shard = shards.parse(args.shard) if args.shard else None
    except BuildError as e:
        return usage_error(str(e))
    opts = Options(out=out, charts=not args.posters_only, posters=True,
                   documents=not (args.posters_only or args.no_documents), site=not args.posters_only,
                   paper=args.paper,
                   landscape=args.landscape, jobs=args.jobs, cache=not args.no_cache, draft=args.draft, shard=shard,
                   prune_cache=args.prune_cache)
    if shard and (args.no_cache or args.draft or args.internal is not None):
        return usage_error("--shard 只把绘制结果写入缓存：不能与 --no-cache、--draft 或 --internal 同用")
    status = build_and_report(root, opts)
    if status == 0 and args.internal is not None:
        return _internal(root, Path(args.internal) if args.internal else root / "internal", out)
    return status


def _internal(root: Path, folder: Path, site: Path) -> int:
    """The internal files, from the private model (the roster): never into the site."""
    from ..assess import AssessError
    from ..build.internal import write_assessment, write_internal
    from ..project import load_project
    from ..render.findings import as_text

    try:
        written = write_internal(load_project(root).project, folder, site)
        written += write_assessment(root, folder)
    except BuildError as e:
        print(f"powerlist: 错误：{e}", file=sys.stderr)
        return 1
    except AssessError as e:
        sys.stdout.write(as_text(e.findings, lambda p: p))
        print("powerlist: 错误：自查报告未生成：评分表或 assessment.yaml 有错误（见上）。", file=sys.stderr)
        return 1
    print(f"内部文件（含人员名册，不得发布）：{', '.join(str(p) for p in written)}", file=sys.stderr)
    return 0


def build_and_report(root: Path, opts: Options, findings_said: bool = False, said: set | None = None) -> int:
    """Build, and tell the user what happened (findings, counts, warnings); the exit status.
    ``findings_said``: the same input's findings were just printed (serve's second step): not again.
    ``said``: the notices printed by earlier builds of this process (serve keeps one set): a notice
    about the same posters or settings is not printed again after every save."""
    out = opts.out
    started = time.perf_counter()
    try:
        report = build(root, opts)
    except BuildError as e:
        print(f"powerlist: 错误：{e}", file=sys.stderr)
        return 1
    except OSError as e:
        print(f"powerlist: 错误：无法写入输出：{e}", file=sys.stderr)
        return 1
    except Exception as e:  # a defect of powerlist: said in one message, never a traceback; the output is untouched
        log = _error_log(root, e)
        where = "".join(f"\n  出错时正在生成：{note}" for note in getattr(e, "__notes__", []))
        print(f"powerlist: 内部错误：{type(e).__name__}: {str(e)[:300]}{where}\n"
              f"  {out} 没有改变。这是 powerlist 的缺陷，不是清单的问题：请把 {log} 发给维护者 "
              "（其中有出错位置）；也可先用 powerlist check 确认清单无误后重试。", file=sys.stderr)
        return 1
    if report.findings and not findings_said:
        _findings(report.findings, root)
    errors = sum(1 for f in report.findings if f.severity == "error")
    if errors and report.blocked and opts.draft:
        print("清单有文件无法读取或标识不安全，草稿也无法生成，未生成任何文件。请先修正以上 PL0xx、PL604 错误。",
              file=sys.stderr)
        return 1
    if errors and opts.shard:  # a draft is never built in shards
        print("清单有错误，分片未绘制任何内容。请先修正（powerlist check）。", file=sys.stderr)
        return 1
    if errors and not opts.draft:
        print("清单有错误，未生成任何文件。请先修正（powerlist check）；只想预览可用 powerlist build --draft。",
              file=sys.stderr)
        return 1
    seconds = time.perf_counter() - started
    if report.shard:
        k, n = report.shard
        opened = f"，开放数据文件 {report.open_files_made} 个" if report.open_files_made else ""
        print(f"分片 {k}/{n}：流程图新绘 {report.charts_rendered}，海报新绘 {report.posters_rendered}，"
              f"文档部件新做 {report.documents_rendered}（缓存已有 {report.documents_reused}），"
              f"搜索索引新建 {report.search_indexed} 部分{opened}，写入缓存 {root / CACHE_DIR}（{seconds:.1f} 秒）；"
              "各片的缓存合并后，用与各片相同的选项（如 --paper、--posters-only）运行 powerlist build 组装。",
              file=sys.stderr)
        return 0
    if report.unchanged:
        print(f"输入没有变化，{out} 已是最新（{seconds:.2f} 秒）。", file=sys.stderr)
        return 0
    if opts.draft:
        print(f"草稿：{errors} 个错误，每页标有“草稿”，检查结果见 findings.html；草稿不得发布（根目录有 DRAFT.txt）。",
              file=sys.stderr)
    if report.deferred:
        print(f"网页、流程图和海报已更新：流程图新绘 {report.charts_rendered}，海报新绘 {report.posters_rendered}"
              f"（{seconds:.1f} 秒）；搜索索引和文档随后更新 ...", file=sys.stderr, flush=True)
        return 0
    print(f"流程图：新绘 {report.charts_rendered}，复用 {report.charts_reused}；"
          f"海报：新绘 {report.posters_rendered}，复用 {report.posters_reused}；"
          f"文档：新做 {report.documents_rendered}，复用 {report.documents_reused}；"
          f"{_dated_note(report)}"
          f"网页 {report.pages} 个{_search_note(report)}；"
          f"共 {report.files} 个文件写入 {out}（{seconds:.1f} 秒）。", file=sys.stderr)
    if report.slow_png:
        print("提示：未安装 Graphviz 的 gdk 插件，流程图 PNG 由 cairo 直接写出，每张约慢一倍。"
              "安装后更快（Debian: apt-get install libgvc6-plugins-gtk）。", file=sys.stderr)
    if report.long_posters and _new_notice(said, ("long_posters", opts.paper, tuple(sorted(report.long_posters)))):
        _long_posters(report, opts.paper)
    if report.no_address and _new_notice(said, ("no_address",)):
        print("提示：powerlist.yaml 没有写网站地址 base_url，海报上没有指向事项网页的二维码，网站也没有 sitemap.xml；"
              "网站发布后写上它（如 base_url: https://www.example.gov.cn/qlqd/）。", file=sys.stderr)
    if report.pruned:
        print(f"缓存：删除了本次没有用到的 {report.pruned} 项（--prune-cache）。", file=sys.stderr)
    if report.nested_caches:
        print(f"注意：缓存 {root / CACHE_DIR} 里有整个复制进来的缓存文件夹（{'、'.join(report.nested_caches[:3])}），"
              "其中的内容不会被复用。合并各片的缓存时，把每个缓存文件夹里的内容复制进 "
              f"{CACHE_DIR}/（如 cp -r 片1/{CACHE_DIR}/. {CACHE_DIR}/；GitHub 的 download-artifact 用 "
              "merge-multiple: true）。", file=sys.stderr)
    for tag in report.skipped_releases:
        print(f"注意：发布版本 {tag} 中没有能读取的权力清单文件，公告页未列出该版本。", file=sys.stderr)
    return 0


def _findings(findings: list, root: Path, shown: int = SHOWN_FINDINGS) -> None:
    """The check's findings, a few lines whatever their number: the errors first (they stop the build),
    then the warnings, up to ``shown``; the rest counted by rule, all of them in a file of the cache."""
    display = lambda rel: (root / rel).as_posix()  # noqa: E731
    ordered = sorted(findings, key=lambda f: f.severity != "error")  # stable: by place within each
    sys.stdout.write(as_text(ordered[:shown], display))
    if len(findings) <= shown:
        return
    rest = Counter(f.code for f in ordered[shown:])
    by_rule = "、".join(f"{code} {n} 条" for code, n in sorted(rest.items(), key=lambda x: (-x[1], x[0]))[:6])
    listed = root / CACHE_DIR / "findings.txt"
    try:
        write_atomically(listed, as_text(findings, display).encode("utf-8"))
        where = f"全部 {len(findings)} 条见 {listed}"
    except OSError:
        where = "全部列出：powerlist check"
    print(f"……另有 {len(findings) - shown} 条（{by_rule}{' 等' if len(rest) > 6 else ''}）；{where}，"
          "或运行 powerlist check。", file=sys.stderr)


def _new_notice(said: set | None, notice: tuple) -> bool:
    """Whether to print ``notice``: always in a one-off build, once per serve session."""
    if said is None:
        return True
    if notice in said:
        return False
    said.add(notice)
    return True


def _long_posters(report: Report, paper: str, shown: int = 8) -> None:
    """Posters over one sheet, grouped by the paper that takes each on one sheet with its chart at
    MIN_CHART_PT: a few names per group, whatever the number of posters."""
    by_paper: dict[str, list[str]] = {}
    for flow_id, pages, fits in sorted(report.long_posters):
        by_paper.setdefault(fits or "", []).append(f"{flow_id}（{pages} 页）")
    sheet = "所选纸张" if paper == "auto" else f"一张 {paper} 纸"
    print(f"注意：{len(report.long_posters)} 张海报{sheet}放不下（流程图文字不小于 {MIN_CHART_PT}pt），已分页输出，"
          f"可拼贴上墙：", file=sys.stderr)
    for fits, flows in by_paper.items():
        more = f" 等 {len(flows)} 张" if len(flows) > shown else ""
        where = (f"一张 {fits} 纸可放下" if fits
                 else "A1 也放不下（共用流程的事项多，或风险点文字长：可分拆流程或精简文字）")
        print(f"  {where}：{'、'.join(flows[:shown])}{more}", file=sys.stderr)
    larger = sorted({fits for *_, fits in report.long_posters if fits}, key=list(PAPERS_MM).index)
    if larger:
        print(f"  可用 --paper {larger[-1]}，或 --paper auto（每张海报取放得下的最小纸张）。", file=sys.stderr)


def _error_log(root: Path, error: Exception) -> Path | str:
    """The traceback of an unexpected error, written for the maintainers into the cache folder."""
    import traceback


    text = "".join(traceback.format_exception(error))
    path = root / CACHE_DIR / "error.log"
    try:
        write_atomically(path, text.encode("utf-8", "replace"))
    except OSError:
        return "（无法写入错误日志；请重新运行并复制以上信息）"
    return path


def _dated_note(report) -> str:
    """The posters and post statements the version date was written into, when some were laid out
    before (a new date: "复用" alone would hide that they changed)."""
    kept = report.dates_on_kept_layouts
    return f"新版本日期写入 {kept} 份沿用原排版的海报和岗位权力说明书；" if kept else ""


def _search_note(report) -> str:
    if not report.pages:
        return ""
    if not report.search_index:
        return "，无搜索索引（还没有职权事项）"
    if report.search_parts > 1:  # a large catalogue's index, in parts: an edit re-indexes its own
        return f"，搜索索引 {report.search_parts} 部分（新建 {report.search_indexed}）"
    return "，搜索索引" + ("复用" if report.search_reused else "新建")
