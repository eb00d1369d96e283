"""The measures (计算口径) an assessment computes from the catalogue, one small function each, like the
rules: a measure counts what is done out of what should be, and lists what is missing with the file
and line to fix. Each measure's docstring is its documentation (docs/assess.md, `powerlist assess
--measures`): what it counts, and what it cannot see.

A measure supports a scoring-table item (考核评分表的一项) in proportion: all done, all its points; half
done, half. It never speaks for what happens off the page (a meeting held, a box on the wall)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from ..derived import GRADES
from ..findings import Finding, Loc
from ..index import Index
from ..render.draft import left_out


@dataclass(frozen=True)
class Missing:
    """One thing a measure found missing: what, why, and where to fix it."""

    what: str
    why: str
    loc: Loc | None = None

    @property
    def where(self) -> str:
        return f"{self.loc.path}:{self.loc.line}" if self.loc else ""


@dataclass(frozen=True)
class Evidence:
    """A measure's result: ``done`` of ``total``, in the measure's words, and what is missing."""

    measure: str
    title: str
    done: int
    total: int
    unit: str  # what is counted: 个事项, 个岗位 ...
    missing: tuple[Missing, ...] = ()
    note: str = ""

    @property
    def share(self) -> float:
        return self.done / self.total if self.total else 0.0

    @property
    def figure(self) -> str:
        text = f"{self.title}：{self.done}/{self.total} {self.unit}（{self.share:.0%}）"
        return text + (f"；{self.note}" if self.note else "")


@dataclass(frozen=True)
class Input:
    """What the measures read: the loaded project, its look-ups and the check's findings."""

    index: Index
    findings: tuple[Finding, ...]
    left_out: frozenset[str] = field(default=frozenset())

    @classmethod
    def of(cls, index: Index, findings) -> Input:
        findings = tuple(findings)
        errors = [f for f in findings if f.severity == "error"]
        return cls(index, findings, left_out(index.project.flows, errors))


@dataclass(frozen=True)
class Measure:
    id: str
    title: str  # Chinese, as the report shows it
    fn: Callable[[Input], Evidence]
    explained: str = ""  # in Chinese, for the office and the inspector: what is counted, what cannot be seen

    @property
    def doc(self) -> str:
        return (self.fn.__doc__ or "").strip()


MEASURES: dict[str, Measure] = {}


def measure(id: str, title: str, explained: str):
    def register(fn):
        MEASURES[id] = Measure(id, title, fn, explained)
        return fn
    return register


@measure("flowcharts", "有运行流程图的事项",
         "数：关联了运行流程、且流程能绘制的事项（流程文件有阻止绘图的错误时不算）。看不见：流程图是否与实际办理一致。")
def flowcharts(data: Input) -> Evidence:
    """Powers whose workflow is drawn: the power names a flow that exists and can be drawn (a flow
    file with errors that stop its chart does not count). Cannot see whether the chart matches how
    the office really works."""
    done, missing = 0, []
    for _, p in data.index.project.powers():
        flow = data.index.flow_of(p)
        if flow is None:
            missing.append(Missing(f"事项 {p.code} {p.name}", "没有运行流程（flow）" if not p.flow
                                   else f"流程 {p.flow} 不存在", p.at("flow") if p.flow else p.loc))
        elif flow.id in data.left_out:
            missing.append(Missing(f"事项 {p.code} {p.name}", f"流程 {flow.id} 有错误，流程图无法绘制",
                                   _first_error(data, flow)))
        else:
            done += 1
    return Evidence("flowcharts", "有运行流程图的事项", done, done + len(missing), "个事项", tuple(missing))


def _first_error(data: Input, flow) -> Loc:
    """Where a flow that cannot be drawn goes wrong: its first error, else its file."""
    return next((f.loc for f in data.findings if f.severity == "error" and f.loc.path == flow.path), flow.loc)


@measure("post_duties", "承担流程环节的岗位",
         "数：承担本单位至少一个流程环节、或作为责任岗位负责风险点防控的岗位。看不见：流程之外的岗位职责。")
def post_duties(data: Input) -> Evidence:
    """Posts whose duties and powers are written down: the post runs at least one step of a flow of
    its unit, or owns a risk point's prevention (a leader who signs off nothing may still own risks).
    A post neither names has no duty on record (or should be removed from the unit file)."""
    used = {(f.unit, s.post) for f in data.index.project.flows for s in f.steps}
    used |= {(f.unit, r.owner) for f in data.index.project.flows for s in f.steps for r in s.risks}
    done, missing = 0, []
    for unit in data.index.project.units:
        for post in unit.posts:
            if (unit.id, post.id) in used:
                done += 1
            else:
                missing.append(Missing(f"{unit.name} {post.name}",
                                       "不承担任何流程环节，也不负责任何风险点的防控：岗位职责未梳理", post.loc))
    return Evidence("post_duties", "承担流程环节的岗位", done, done + len(missing), "个岗位", tuple(missing))


@measure("risk_measures", "有防控措施和责任岗位的风险点",
         "数：有至少一条防控措施、责任岗位是本单位岗位的风险点；一个风险点都没有时为 0。看不见：措施是否落实。")
def risk_measures(data: Input) -> Evidence:
    """Risk points (★) with at least one prevention measure and an owning post that exists in the
    unit. None at all counts as nothing screened. Cannot see whether the measures are carried out."""
    done, total, missing = 0, 0, []
    for flow in data.index.project.flows:
        unit = data.index.units.get(flow.unit)
        for step in flow.steps:
            for risk in step.risks:
                total += 1
                what = f"流程 {flow.name}「{step.name}」的风险点"
                if not risk.measures:
                    missing.append(Missing(what, "没有防控措施", risk.loc))
                elif unit is None or unit.post(risk.owner) is None:
                    missing.append(Missing(what, f"责任岗位 {risk.owner} 不是本单位的岗位", risk.loc))
                else:
                    done += 1
    if not total:
        missing.append(Missing("全部流程", "没有标出任何风险点（risks）：风险点尚未排查"))
    return Evidence("risk_measures", "有防控措施和责任岗位的风险点", done, total, "个风险点", tuple(missing))


@measure("register", "登记表中填写完整的风险点",
         "数：登记表中风险等级、类型、描述、防控措施、责任岗位齐全的行；注明网上公示地址。看不见：是否在机关内部张贴公示。")
def register(data: Input) -> Evidence:
    """The risk register (风险点及防控措施登记表) that powerlist makes from the catalogue: a row per risk
    point, complete when it has its level, type, description, measures and owner. The register is on
    the website (risks.html, data/risks.csv) and in the booklet; whether it was also put up inside the
    office cannot be seen."""
    done, total, missing = 0, 0, []
    for flow in data.index.project.flows:
        for step in flow.steps:
            for risk in step.risks:
                total += 1
                empty = [name for name, value in (("风险等级", risk.level), ("风险类型", risk.type),
                                                  ("风险描述", risk.description), ("防控措施", risk.measures),
                                                  ("责任岗位", risk.owner)) if not value]
                if empty:
                    what = f"流程 {flow.name}「{step.name}」"
                    missing.append(Missing(what, "登记表缺少" + "、".join(empty), risk.loc))
                else:
                    done += 1
    if not total:
        missing.append(Missing("登记表", "没有风险点，登记表为空"))
    base_url = data.index.project.settings.base_url
    note = f"网上公示：{base_url}risks.html" if base_url else "未设置网站地址（base_url），网上公示情况无法确认"
    return Evidence("register", "登记表中填写完整的风险点", done, total, "个风险点", tuple(missing), note)


@measure("post_grades", "已定级的岗位",
         "数：定为一级、二级或三级风险岗位的岗位（按其经办环节的风险点定级）。看不见：未定级的岗位是确无风险还是漏查。")
def post_grades(data: Input) -> Evidence:
    """Posts graded 一级, 二级 or 三级 (docs/posts.md: from the levels of the risk points they handle).
    A post with no risk point stays 未定级: either its risks were not screened, or it has none, which
    the office should then say in its evidence. The archive (档案) is the posts register in the
    workbook and each unit's post statements (岗位权力说明书)."""
    done, missing = 0, []
    for unit in data.index.project.units:
        for view in data.index.post_views[unit.id]:
            if view.grade in GRADES:
                done += 1
            elif not view.steps:
                why = "未定级：不经办任何环节" + (f"（负责 {len(view.owned)} 个风险点的防控，可在 powerlist.yaml 的 "
                                                 "post_grading 中设 count_owned: true 计入）" if view.owned else "")
                missing.append(Missing(f"{unit.name} {view.post.name}", why, view.post.loc))
            else:
                missing.append(Missing(f"{unit.name} {view.post.name}", "未定级：经办的环节没有风险点", view.post.loc))
    return Evidence("post_grades", "已定级的岗位", done, done + len(missing), "个岗位", tuple(missing))


@measure("internal_control", "符合岗位分离与集体决策规则的流程",
         "数：“分权制衡”规则（PL201–PL210）没有发现问题、且能核对的流程（有错误、无法绘制的流程不算）。看不见：实际执行情况。")
def internal_control(data: Input) -> Evidence:
    """Flows the two-person rule finds nothing against (the 分权制衡 rules, PL201-PL210: no post runs a
    power alone, review and decision on different posts, 1+X sign-off, collective decision for major
    matters before the decision, incompatible duties apart, two officers on site).
    Checks the written flow, not the practice."""
    from ..rules import all_rules

    separation = {r.code for r in all_rules() if r.group == "duties"}  # 分权制衡 (docs/rules.md)
    flagged: dict[str, list[Finding]] = {}
    for f in data.findings:
        if f.code in separation:
            flagged.setdefault(f.loc.path, []).append(f)
    flows = data.index.project.flows
    missing = [Missing(f"流程 {flow.name}", f"{f.code} {f.message}", f.loc)
               for flow in flows for f in flagged.get(flow.path, [])]
    missing += [Missing(f"流程 {flow.name}", "流程有错误（环节、岗位或去向），无法核对岗位分离",
                        _first_error(data, flow))
                for flow in flows if flow.id in data.left_out and flow.path not in flagged]
    done = sum(1 for flow in flows if flow.path not in flagged and flow.id not in data.left_out)
    off = sorted(separation & set(data.index.project.settings.ignore))
    note = f"本项目关闭了规则 {'、'.join(off)}（powerlist.yaml 的 ignore），其问题未计入" if off else ""
    return Evidence("internal_control", "符合岗位分离与集体决策规则的流程", done, len(flows), "个流程", tuple(missing),
                    note)


@measure("open_findings", "没有检查错误的文件",
         "数：powerlist check 没有发现错误的单位和流程文件（警告只列数量）。")
def open_findings(data: Input) -> Evidence:
    """Unit and flow files that `powerlist check` finds no error in (warnings are listed, not
    counted against). An error is something the catalogue says wrongly: a legal basis that cannot
    create the power, a limit longer than the law's, a post that does not exist."""
    project = data.index.project
    paths = [u.path for u in project.units] + [f.path for f in project.flows]
    errors: dict[str, list[Finding]] = {}
    for f in data.findings:
        if f.severity == "error":
            errors.setdefault(f.loc.path, []).append(f)
    missing = [Missing(f.loc.path, f"{f.code} {f.message}", f.loc) for path in paths for f in errors.get(path, [])]
    warnings = sum(1 for f in data.findings if f.severity == "warning")
    done = sum(1 for path in paths if path not in errors)
    return Evidence("open_findings", "没有检查错误的文件", done, len(paths), "个文件", tuple(missing),
                    f"另有 {warnings} 条警告" if warnings else "")


@measure("wall_charts", "可生成上墙海报的流程",
         "数：powerlist build 能生成上墙海报（廉政风险防控图）的流程。看不见：海报是否印出、上墙。")
def wall_charts(data: Input) -> Evidence:
    """Flows whose wall poster (廉政风险防控图: the chart, the risk points and measures, the complaint
    channels) `powerlist build` makes: every flow that can be drawn. Cannot see whether the posters
    are printed and on the wall."""
    flows = data.index.project.flows
    missing = [Missing(f"流程 {f.name}", "有错误，海报无法生成", _first_error(data, f)) for f in flows
               if f.id in data.left_out]
    return Evidence("wall_charts", "可生成上墙海报的流程", len(flows) - len(missing), len(flows), "个流程",
                    tuple(missing))


@measure("complaint_channels", "公开举报渠道的事项和单位",
         "数：写了监督投诉电话的事项（本身或所属单位），写了举报箱位置或网上投诉举报地址的单位。看不见：举报箱是否设置、电话是否有人接听。")
def complaint_channels(data: Input) -> Evidence:
    """Powers whose page and poster show a complaint phone (监督投诉电话: the power's own or its unit's),
    and units that name a complaint box (举报箱) or an online complaint address: what the site and the
    posters print. Cannot see whether the box is there or the phone answered."""
    done, total, missing = 0, 0, []
    for unit in data.index.project.units:
        total += 1
        if unit.complaint_box or unit.complaint_url:
            done += 1
        else:
            missing.append(Missing(unit.name, "没有写举报箱（complaint_box）或网上投诉举报地址（complaint_url）",
                                   unit.loc))
        for p in unit.powers:
            total += 1
            if p.complaint_phone or unit.complaint_phone:
                done += 1
            else:
                why = "没有监督投诉电话（complaint_phone）：可写在事项中，或在单位文件中写一次，各事项通用"
                missing.append(Missing(f"事项 {p.code} {p.name}", why, p.loc))
    return Evidence("complaint_channels", "公开举报渠道的事项和单位", done, total, "项", tuple(missing))
