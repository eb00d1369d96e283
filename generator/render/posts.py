"""The posts, as the outputs show them: a post's page and statement (岗位权力说明书), the posts register
(风险岗位登记表) and the separation-of-duties matrix (不相容职责矩阵). Pure functions of the post views
(generator/posts.py); only public fields (posts are public, persons are not)."""

from __future__ import annotations

from dataclasses import dataclass

from ..derived import GRADES
from ..posts import UNGRADED, PostView, by_grade
from ..vocabulary import Action
from ..wording import LEVEL_NAME, days_text
from .documents import LISTED_POWERS, Column, Table

# The steps where a post weighs and decides (its discretion: 决定权、审批权、审核权)
DECIDING: tuple[Action, ...] = ("决定", "审批", "审核", "集体讨论", "审查")
ACTION_ORDER: tuple[Action, ...] = (
    "申请", "受理", "立案", "调查", "检查", "勘查", "经办", "审查", "审核", "告知", "听证", "集体讨论", "决定",
    "审批", "登记", "支付", "送达", "执行", "公示", "归档", "监管", "其他")


def post_context(view: PostView, names: dict[str, str]) -> dict:
    """What a post's page and statement show. ``names``: post id -> name in its unit."""
    steps = [{"flow": s.flow.name, "flow_id": s.flow.id, "number": s.number, "name": s.step.name,
              "action": s.step.action, "days": days_text(s.step, s.flow.limit_unit), "duty": s.step.duty,
              "supervision": s.step.supervision, "powers": [(p.code, p.name) for p in s.powers],
              "risks": [r.item.number for r in view.risks if r.item.step is s.step]}
             for s in view.steps]
    flows: dict[str, dict] = {}  # the steps by flow, each flow's powers once (a flow may serve hundreds)
    for s in steps:
        flows.setdefault(s["flow_id"], {"flow": s["flow"], "flow_id": s["flow_id"], "powers": s["powers"],
                                        "steps": []})["steps"].append(s)
    return {
        "id": view.id, "name": view.post.name, "section": view.post.section, "role": view.post.role,
        "grade": view.grade, "grade_reason": view.grade_reason, "steps": steps, "flows": list(flows.values()),
        "powers": [(p.code, p.name) for p in view.powers],
        "deciding": [s for s in steps if s["action"] in DECIDING],
        "risks": [_risk(r, names) for r in view.risks],
        "owned": [_risk(r, names) | {"handler": names.get(r.item.step.post, r.item.step.post)} for r in view.owned],
        "supervisors": list(view.supervisors), "checkpoints": list(view.checkpoints),
        "incompatible": [f"{a}与{b}" for a, b in view.incompatible],
    }


def _risk(r, names: dict[str, str]) -> dict:
    risk = r.item.risk
    return {"number": r.item.number, "flow": r.flow.name, "step": r.item.step.name, "level": risk.level,
            "level_name": LEVEL_NAME[risk.level], "type": risk.type, "description": risk.description,
            "measures": list(risk.measures), "owner": names.get(risk.owner, risk.owner)}


@dataclass(frozen=True)
class Matrix:
    """Posts x action kinds: how many steps of each kind a post takes, and the pairs it holds that
    must never meet on one post in one flow (PL202 refuses those)."""

    actions: list[str]
    rows: list[tuple[PostView, list[int], list[str]]]  # (post, count per action, conflicts in one flow)
    pairs: list[tuple[str, str]]


def duty_matrix(views: list[PostView], pairs: list[tuple[str, str]]) -> Matrix:
    used = {s.step.action for v in views for s in v.steps}
    actions = [a for a in ACTION_ORDER if a in used]
    rows = []
    for v in views:
        if not v.steps:
            continue
        counts = [sum(1 for s in v.steps if s.step.action == a) for a in actions]
        in_flow: dict[str, set[str]] = {}
        for s in v.steps:
            in_flow.setdefault(s.flow.id, set()).add(s.step.action)
        conflicts = [f"{a}与{b}" for a, b in pairs if any({a, b} <= acts for acts in in_flow.values())]
        rows.append((v, counts, conflicts))
    shown = [(a, b) for a, b in pairs if a in used and b in used]
    return Matrix(actions, rows, shown)


REGISTER_COLUMNS = [
    Column("index", "序号", 6), Column("unit", "单位", 18), Column("section", "科室", 14), Column("post", "岗位", 18),
    Column("role", "岗位类别", 10), Column("grade", "风险等级", 10), Column("reason", "定级依据", 24),
    Column("risks", "风险点", 40), Column("measures", "防控措施", 40), Column("steps", "承办环节", 36),
    Column("powers", "涉及事项", 30), Column("supervisors", "监督岗位", 18),
]


def register(posts_by_unit: dict[str, list[PostView]]) -> Table:
    """风险岗位登记表: every post with a grade, 一级 first, then by unit."""
    table = Table("风险岗位登记表", "posts", REGISTER_COLUMNS)
    for grade in GRADES:
        for views in posts_by_unit.values():
            for v in by_grade(views)[grade]:
                table.rows.append({
                    "index": len(table.rows) + 1, "unit": v.unit.name, "section": v.post.section, "post": v.post.name,
                    "role": v.post.role, "grade": f"{grade}风险岗位", "reason": v.grade_reason,
                    "risks": "\n".join(f"★{r.item.number} {r.item.risk.level} {r.item.risk.description}"
                                       f"（{r.flow.name}·{r.item.step.name}）" for r in v.risks),
                    "measures": "\n".join(m for r in v.risks for m in r.item.risk.measures),
                    "steps": "\n".join(f"{s.flow.name}：{s.number}. {s.step.name}" for s in v.steps),
                    "powers": "\n".join(f"{p.code} {p.name}" for p in v.powers),
                    "supervisors": "、".join(v.supervisors)})
    return table


def matrix_table(posts_by_unit: dict[str, list[PostView]], pairs_by_unit: dict[str, list[tuple[str, str]]]) -> Table:
    """不相容职责矩阵 for the spreadsheet: one row per post that takes steps, a column per action kind
    used anywhere, and the pairs it holds in one flow."""
    matrices = {u: duty_matrix(views, pairs_by_unit[u]) for u, views in posts_by_unit.items()}
    actions = [a for a in ACTION_ORDER if any(a in m.actions for m in matrices.values())]
    columns = [Column("unit", "单位", 18), Column("post", "岗位", 18), Column("grade", "风险等级", 8)]
    columns += [Column(f"a{i}", a, 5) for i, a in enumerate(actions)]
    columns.append(Column("conflicts", "同一流程中的不相容职责", 20))
    table = Table("不相容职责矩阵", "duty-matrix", columns)
    for m in matrices.values():
        for v, counts, conflicts in m.rows:
            by_action = dict(zip(m.actions, counts))
            row = {"unit": v.unit.name, "post": v.post.name, "grade": "" if v.grade == UNGRADED else v.grade}
            row.update({f"a{i}": by_action.get(a) or "" for i, a in enumerate(actions)})
            row["conflicts"] = "、".join(conflicts)
            table.rows.append(row)
    return table


def statements_html(views: list[PostView]) -> str:
    """A unit's post statements (岗位权力说明书), one post a page, as HTML for WeasyPrint: without the
    version date, which ``dated.draw(pdf, "footer", day)`` draws into the footer afterwards."""
    from . import dated
    from .templates import environment

    unit = views[0].unit
    names = {p.id: p.name for p in unit.posts}
    return environment().get_template("post-statement.html.j2").render(
        unit=unit, posts=[post_context(v, names) for v in views], listed=LISTED_POWERS,
        footer={"margins": dated.FOOTER_MARGINS, "width_mm": dated.FOOTER_WIDTH_MM, "pt": dated.FOOTER_PT,
                "color": dated.FOOTER_COLOR})


STATEMENT_COLUMNS = [
    Column("unit", "单位", 18), Column("section", "科室", 14), Column("post", "岗位", 18),
    Column("role", "岗位类别", 10), Column("grade", "风险等级", 10), Column("steps", "承办环节（时限 · 职责要求）", 50),
    Column("deciding", "裁量和决定", 24),
    Column("risks", "风险点和防控措施", 50), Column("supervisors", "监督岗位和监督制约", 30),
    Column("incompatible", "不得同时承担（同一流程中）", 24),
]


def statements_table(posts_by_unit: dict[str, list[PostView]]) -> Table:
    """岗位权力说明书 as a sheet: one row per post of every unit, the statement's facts in its columns."""
    table = Table("岗位权力说明书", "statements", STATEMENT_COLUMNS)
    for views in posts_by_unit.values():
        names = {p.id: p.name for p in views[0].unit.posts} if views else {}
        for v in views:
            c = post_context(v, names)
            table.rows.append({
                "unit": v.unit.name, "section": c["section"], "post": c["name"], "role": c["role"],
                "grade": c["grade"] if c["grade"] == UNGRADED else c["grade"] + "风险岗位",
                "steps": "\n".join(f"{s['flow']}：{s['number']}. {s['name']}（{s['action']}"
                                   f"{' · ' + s['days'].removeprefix('时限：') if s['days'] else ''}）"
                                   f"{'：' + s['duty'] if s['duty'] else ''}" for s in c["steps"]),
                "deciding": "\n".join(f"{s['flow']}「{s['name']}」（{s['action']}）" for s in c["deciding"]),
                "risks": "\n".join(f"★{r['number']} {r['level_name']} {r['description']}：{'；'.join(r['measures'])}"
                                   f"（责任：{r['owner']}）" for r in c["risks"]),
                "supervisors": "\n".join(["、".join(c["supervisors"])] if c["supervisors"] else []
                                         + [f"「{step}」{check}" for step, check in c["checkpoints"]]),
                "incompatible": "、".join(c["incompatible"])})
    return table
