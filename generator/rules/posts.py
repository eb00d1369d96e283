"""Post rules (PL307-PL309): what reading the catalogue post by post (分岗查险, generator/posts.py)
shows: a post that supervises itself, a 一级 risk post without a checkpoint, a post nothing uses."""

from __future__ import annotations

from collections.abc import Iterator

from ..derived import GRADES
from ..model import TOP_LEADER
from . import Context, Report, rule


@rule("PL307", "post-supervises-itself", severity="warning", group="risks",
      hint="把该风险点的 owner 改为另一位同类别的领导或负责人（如分管法规、纪检的领导），由其督促落实防控措施；"
           "主要领导只有一位时，把该环节交给其他岗位（如分管领导承办、集体讨论决定）")
def post_supervises_itself(ctx: Context) -> Iterator[Report]:
    """A post handles a risk step and is also the owner (责任岗位) of that risk's measures: it would
    supervise itself.

    **Why**: the owner of a risk point sees to its prevention measures and answers for them (分级负责);
    the post that runs the step is the one the measures restrain. When both are the same post, nobody
    outside the step checks it (two-person rule, domain guide §4). Typical case: a 分管领导 who approves
    a 中风险 step and is named as its owner.

    **Bad**
    ```yaml
    - id: approve
      post: deputy-planning
      risks:
        - {level: 中, type: 岗位职责, description: 违规审批, measures: [集体会审], owner: deputy-planning}
    ```

    **Good**
    ```yaml
    - id: approve
      post: deputy-planning
      risks:
        - {level: 中, type: 岗位职责, description: 违规审批, measures: [集体会审], owner: deputy-legal}
    ```

    **Fix**: name another post of the same role as the owner (PL302 still wants the role to fit the
    level), or move the step to another post.
    """
    for views in ctx.post_views.values():
        for view in views:
            for r in view.risks:
                if r.item.risk.owner == view.id:
                    yield Report(r.item.risk.at("owner"), f"岗位「{view.post.name}」承办环节「{r.item.step.name}」，"
                                 f"又是其风险点「{r.item.risk.description}」的责任岗位：自己监督自己")


@rule("PL308", "grade-one-post-unsupervised", severity="warning", group="risks",
      hint="在该岗位某个风险环节写明 supervision（监督制约环节），如 纪检组抽查、集体会审、结果公示")
def grade_one_post_unsupervised(ctx: Context) -> Iterator[Report]:
    """A 一级 risk post (一级风险岗位) has no supervision checkpoint (监督制约环节) on any of the risk
    steps it handles.

    **Why**: the posts of the highest grade are where an independent check matters most (seed 001:
    "按要求划分一、二、三级风险岗位"; PL303 asks a checkpoint of every 高风险 step). A post can be
    一级 without a 高风险 step when `post_grading` lifts it (`promote_at`) or counts the risks it owns.

    **Bad**
    ```yaml
    # powerlist.yaml: post_grading: {promote_at: 3}
    - {id: review1, post: reviewer, risks: [{level: 中, ...}]}    # three 中 risk steps, no supervision
    ```

    **Good**
    ```yaml
    - {id: review1, post: reviewer, supervision: 股长复核，纪检组季度抽查, risks: [{level: 中, ...}]}
    ```

    **Fix**: add `supervision:` to at least one of the post's risk steps.
    """
    for views in ctx.post_views.values():
        for view in views:
            risky = [r.item.step for r in view.risks]
            if view.grade == GRADES[0] and risky and not any((s.supervision or "").strip() for s in risky):
                yield Report(view.post.loc,
                             f"一级风险岗位「{view.post.name}」的"
                             + ("风险环节没有" if len(risky) == 1 else f" {len(risky)} 个风险环节都没有")
                             + "监督制约环节")


@rule("PL309", "unused-post", severity="warning", group="risks",
      hint="删除不再设置的岗位，或补上它承办的流程（环节的 post）或它负责的风险点（owner）")
def unused_post(ctx: Context) -> Iterator[Report]:
    """A post of a unit takes no step of any flow and owns no risk point.

    **Why**: the posts list is the basis of the posts register and the post statements (岗位权力说明书):
    a post nothing refers to is either gone (the list is out of date) or its work has no flow yet (a
    flow is missing). A leader who only owns risk points is in use.

    **Bad**
    ```yaml
    posts:
      - {id: archivist, name: 档案员, section: 办公室, role: 工作人员}   # no step names archivist
    ```

    **Good**
    ```yaml
    # flows/archive.yaml
    steps:
      - {id: file, name: 整理归档, post: archivist, action: 归档}
    ```

    **Fix**: remove the post, or write the flow its work follows.
    """
    if any(f.unit not in ctx.units for f in ctx.project.flows):
        return  # a flow of an unknown unit (PL5xx) may be the one that uses the post: one finding, not many
    for unit_id, views in ctx.post_views.items():
        unit = ctx.units[unit_id]
        named = {s.post for f in ctx.project.flows if f.unit == unit_id for s in f.steps}
        named |= {r.owner for f in ctx.project.flows if f.unit == unit_id for s in f.steps for r in s.risks}
        if named - {p.id for p in unit.posts}:
            continue  # a misspelt post (PL501) may be meant for the unused one
        for view in views:
            if not view.used and view.post.role != TOP_LEADER:
                yield Report(view.post.loc, f"岗位「{view.post.name}」不承办任何环节，也不负责任何风险点")
