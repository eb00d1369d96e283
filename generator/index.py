"""Project-wide look-ups (a source, unit or flow by id; the powers that run a flow), computed once per
project and shared: the rules' context is one, and the renderers are given one."""

from __future__ import annotations

from functools import cached_property

from .derived import ordered_powers
from .model import Flow, LegalSource, Power, Project, Unit


class Index:
    """Look-up tables of one project, each built on first use."""

    def __init__(self, project: Project):
        self.project = project

    @cached_property
    def sources(self) -> dict[str, LegalSource]:
        return {s.id: s for s in self.project.sources}

    @cached_property
    def units(self) -> dict[str, Unit]:
        return {u.id: u for u in self.project.units}

    @cached_property
    def flows(self) -> dict[str, Flow]:
        return {f.id: f for f in self.project.flows}

    @cached_property
    def flow_users(self) -> dict[str, list[tuple[Unit, Power]]]:
        """flow id -> the (unit, power) that run it, in the published order."""
        users: dict[str, list[tuple[Unit, Power]]] = {}
        for unit, power in ordered_powers(self.project):
            if power.flow:
                users.setdefault(power.flow, []).append((unit, power))
        return users

    @cached_property
    def post_views(self) -> dict[str, list]:
        """unit id -> the views of its posts (generator/posts.py: steps, risks, grade ...)."""
        from .posts import unit_posts

        out = {}
        for unit in self.project.units:
            flows = [f for f in self.project.flows if f.unit == unit.id]
            users = {f.id: [p for _, p in self.flow_users.get(f.id, [])] for f in flows}
            out[unit.id] = unit_posts(unit, flows, users, self.project.settings, self.incompatible_pairs(unit))
        return out

    def incompatible_pairs(self, unit: Unit | None) -> list[tuple[str, str]]:
        """The action pairs that must sit on different posts in ``unit``: the settings', then the
        unit's own additions."""
        pairs = list(self.project.settings.incompatible_duties)
        if unit is not None:
            pairs.extend(p for p in unit.incompatible_duties if p not in pairs)
        return pairs

    def flow_of(self, power: Power) -> Flow | None:
        return self.flows.get(power.flow or "")

    def unit_of(self, flow: Flow) -> Unit | None:
        return self.units.get(flow.unit)

    def post_name(self, unit_id: str, post_id: str) -> str:
        """A post's name in its unit; the id as written when there is no such post."""
        unit = self.units.get(unit_id)
        post = unit.post(post_id) if unit else None
        return post.name if post else post_id
