"""The catalogue read post by post (分岗查险): for each post (岗位) of a unit, the steps it takes, the
risk points on them, the risks it owns, who supervises it, the duties it must never hold together,
and its risk grade (一级 / 二级 / 三级风险岗位). Pure functions of the model; the posts register, the
post statements (岗位权力说明书), the post pages, the separation-of-duties matrix and the figures all
read these views.

The grading rule (docs/posts.md): a post's grade is the highest level among the risk points of the
steps it handles (高 → 一级, 中 → 二级, 低 → 三级); ``post_grading`` in powerlist.yaml can also count
the risks a post owns (``count_owned``) and lift a post one grade when it handles ``promote_at`` or
more risk points of its highest level. A post with no risk point has no grade (not 三级).
"""

from __future__ import annotations

from dataclasses import dataclass

from .derived import GRADES, LEVEL_ORDER, NumberedRisk, numbered_risks
from .model import RISK_LEVELS, Flow, Post, Power, Settings, Step, Unit

UNGRADED = "未定级"  # a post none of whose steps carries a risk point


@dataclass(frozen=True)
class PostStep:
    """A step the post takes: the flow, the step, its number in the flow and the powers that run it."""

    flow: Flow
    step: Step
    number: int
    powers: tuple[Power, ...]


@dataclass(frozen=True)
class PostRisk:
    """A risk point (with its ★ number in its flow) the post handles or owns."""

    flow: Flow
    item: NumberedRisk


@dataclass(frozen=True)
class PostView:
    unit: Unit
    post: Post
    steps: tuple[PostStep, ...]
    risks: tuple[PostRisk, ...]  # on the steps it handles
    owned: tuple[PostRisk, ...]  # whose measures it is responsible for (责任岗位)
    grade: str  # 一级 / 二级 / 三级, or UNGRADED
    grade_reason: str
    supervisors: tuple[str, ...]  # the posts that own its risks (other than itself)
    checkpoints: tuple[tuple[str, str], ...]  # (step, supervision) on the steps it handles
    incompatible: tuple[tuple[str, str], ...]  # action pairs it takes part in: never both in one flow

    @property
    def id(self) -> str:
        return self.post.id

    @property
    def powers(self) -> tuple[Power, ...]:
        seen: dict[str, Power] = {}
        for s in self.steps:
            for p in s.powers:
                seen.setdefault(p.code, p)
        return tuple(seen.values())

    @property
    def actions(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s.step.action for s in self.steps))

    @property
    def used(self) -> bool:
        """Whether the post takes a step or owns a risk point (a leader may only own risks)."""
        return bool(self.steps or self.owned)


def grade(handled: list[str], owned: list[str], settings: Settings) -> tuple[str, str]:
    """A post's grade from the levels of the risk points it handles (and owns, when counted), with the
    reason in words."""
    rule = settings.post_grading
    levels = handled + (owned if rule.count_owned else [])
    if not levels:
        return UNGRADED, "承办的环节没有风险点"
    rank = min(LEVEL_ORDER[level] for level in levels)
    top = RISK_LEVELS[rank]
    count = sum(1 for level in levels if level == top)
    where = "承办和负责的" if rule.count_owned and owned else "承办环节的"
    reason = f"{where}风险点最高为{top}风险（{count} 个）"
    if rule.promote_at and rank > 0 and count >= rule.promote_at:
        return GRADES[rank - 1], reason + f"，达到 {rule.promote_at} 个，升一级"
    return GRADES[rank], reason


def unit_posts(unit: Unit, flows: list[Flow], users: dict[str, list[Power]], settings: Settings,
               pairs: list[tuple[str, str]]) -> list[PostView]:
    """The views of every post of ``unit``, in the unit's order of posts. ``flows``: the unit's flows;
    ``users``: flow id -> the powers that run it; ``pairs``: the incompatible action pairs."""
    steps: dict[str, list[PostStep]] = {p.id: [] for p in unit.posts}
    handled: dict[str, list[PostRisk]] = {p.id: [] for p in unit.posts}
    owned: dict[str, list[PostRisk]] = {p.id: [] for p in unit.posts}
    for flow in flows:
        powers = tuple(users.get(flow.id, ()))
        for number, step in enumerate(flow.steps, 1):
            if step.post in steps:
                steps[step.post].append(PostStep(flow, step, number, powers))
        for item in numbered_risks(flow):
            if item.step.post in handled:
                handled[item.step.post].append(PostRisk(flow, item))
            if item.risk.owner in owned:
                owned[item.risk.owner].append(PostRisk(flow, item))
    names = {p.id: p.name for p in unit.posts}
    views = []
    for post in unit.posts:
        mine = handled[post.id]
        level, reason = grade([r.item.risk.level for r in mine], [r.item.risk.level for r in owned[post.id]],
                              settings)
        supervisors = dict.fromkeys(names.get(r.item.risk.owner, r.item.risk.owner) for r in mine
                                    if r.item.risk.owner != post.id)
        checkpoints = tuple(dict.fromkeys((s.step.name, s.step.supervision) for s in steps[post.id]
                                          if (s.step.supervision or "").strip()))
        actions = {s.step.action for s in steps[post.id]}
        incompatible = tuple((a, b) for a, b in pairs if a in actions or b in actions)
        views.append(PostView(unit, post, tuple(steps[post.id]), tuple(mine), tuple(owned[post.id]), level, reason,
                              tuple(supervisors), checkpoints, incompatible))
    return views


def by_grade(views: list[PostView]) -> dict[str, list[PostView]]:
    """一级, 二级, 三级, then 未定级: the posts of each grade, in the unit's order."""
    return {g: [v for v in views if v.grade == g] for g in (*GRADES, UNGRADED)}
