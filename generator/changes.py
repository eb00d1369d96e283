"""What changed between two versions of a power list: the content of an adjustment announcement
(调整公告). A pure function of two (public) models.

A power is identified by its code (事项编码): a code that appears is **added** (新增), one that
disappears is **cancelled** (取消), the same code under a new name is **renamed** (名称调整), and
any other difference is **changed** (变更): legal basis, category, office, time limits, fees,
phones, the flow it uses, and within its flow the steps, posts and risk points.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from .derived import ordered_powers
from .index import Index
from .model import WORKING_DAYS, Flow, LimitUnit, Power, Project, Unit
from .wording import citation, days_text, limit_phrase, stated

# what a change shows for a value that was or is not given
NONE = "（无）"
KIND_NAMES = {"added": "新增", "cancelled": "取消", "renamed": "名称调整", "changed": "变更"}


@dataclass(frozen=True)
class Change:
    kind: str  # added / cancelled / renamed / changed
    unit: str  # the unit's name
    code: str
    name: str  # the current name (the last name for a cancelled power)
    old_name: str | None = None
    details: tuple[str, ...] = field(default=())

    @property
    def kind_name(self) -> str:
        return KIND_NAMES[self.kind]

    def as_dict(self) -> dict:
        return {"kind": self.kind, "kind_name": self.kind_name, "unit": self.unit, "code": self.code,
                "name": self.name, "old_name": self.old_name, "details": list(self.details)}

    @classmethod
    def from_dict(cls, data: dict) -> Change:
        """The change ``as_dict`` gave (the build caches the changes between releases this way)."""
        return cls(data["kind"], data["unit"], data["code"], data["name"], data["old_name"], tuple(data["details"]))


def compare(old: Project, new: Project) -> list[Change]:
    """The changes from ``old`` to ``new``, in the new catalogue's order (cancelled powers last)."""
    before = {p.code: (u, p) for u, p in ordered_powers(old)}
    after = {p.code: (u, p) for u, p in ordered_powers(new)}
    old_ctx, new_ctx = Index(old), Index(new)
    out = []
    for code, (unit, power) in after.items():
        if code not in before:
            out.append(Change("added", unit.name, code, power.name, details=_summary(power, new_ctx)))
            continue
        old_unit, old_power = before[code]
        details = _differences(old_unit, old_power, old_ctx, unit, power, new_ctx)
        if power.name != old_power.name:
            out.append(Change("renamed", unit.name, code, power.name, old_power.name, tuple(details)))
        elif details:
            out.append(Change("changed", unit.name, code, power.name, details=tuple(details)))
    for code, (unit, power) in before.items():
        if code not in after:
            out.append(Change("cancelled", unit.name, code, power.name))
    return out


def _basis(power: Power, index: Index) -> list[str]:
    return [citation(index.sources.get(c.source), c.source, c.article) for c in power.basis]


def _summary(power: Power, ctx: Index) -> tuple[str, ...]:
    lines = [f"职权类型：{stated(power.category)}", f"承办机构：{stated(power.office)}"]
    if power.basis:
        lines.append("实施依据：" + "；".join(_basis(power, ctx)))
    limits = (f"法定时限 {limit_phrase(power.legal_limit, power.limit_unit) or '—'}，"
              f"承诺时限 {limit_phrase(power.promised_limit, power.limit_unit) or '—'}")
    lines.append(limits)
    return tuple(lines)


FIELDS = [("category", "职权类型"), ("office", "承办机构"), ("legal_limit", "法定时限"),
          ("promised_limit", "承诺时限"), ("fee", "收费标准"), ("fee_basis", "收费依据"), ("phone", "联系电话"),
          ("complaint_phone", "监督投诉电话"), ("address", "办理地点"), ("office_hours", "办理时间"),
          ("major", "重大事项")]


def _shown(key: str, value, unit: LimitUnit = WORKING_DAYS) -> str:
    if key in ("legal_limit", "promised_limit") and value is not None:
        return limit_phrase(value, unit)
    if key in ("fee", "office") and value is None:
        return stated(value)  # 未列明: "(无)" would read as 无, no charge
    return _text(value)


def _differences(old_unit: Unit, old: Power, old_ctx: Index, unit: Unit, new: Power, new_ctx: Index) -> list[str]:
    out = []
    if old_unit.id != unit.id:
        out.append(f"实施主体：{old_unit.name} → {unit.name}")
    for key, title in FIELDS:
        a, b = getattr(old, key), getattr(new, key)
        if a != b:
            out.append(f"{title}：{_shown(key, a, old.limit_unit)} → {_shown(key, b, new.limit_unit)}")
    out += _other_fields(old, new, {k for k, _ in FIELDS} | {"code", "name", "basis", "flow"}, "")
    a, b = _basis(old, old_ctx), _basis(new, new_ctx)
    out += [f"实施依据 新增：{x}" for x in b if x not in a] + [f"实施依据 删除：{x}" for x in a if x not in b]
    if old.flow != new.flow:
        out.append(f"运行流程：{old.flow or NONE} → {new.flow or NONE}")
    else:
        out += _flow_differences(old_ctx.flows.get(old.flow or ""), old_unit, new_ctx.flows.get(new.flow or ""), unit)
    return out


def _flow_differences(old: Flow | None, old_unit: Unit, new: Flow | None, unit: Unit) -> list[str]:
    if old is None or new is None:
        return [] if old is new else ["运行流程：" + ("新增" if old is None else "删除")]
    out = []
    old_steps, new_steps = {s.id: s for s in old.steps}, {s.id: s for s in new.steps}

    def post(u: Unit, post_id: str) -> str:
        p = u.post(post_id)
        return p.name if p else post_id

    for s in new.steps:
        if s.id not in old_steps:
            out.append(f"流程环节 新增：{s.name}（{post(unit, s.post)}）")
            continue
        o = old_steps[s.id]
        if o.name != s.name:
            out.append(f"流程环节 {o.name}：改名为 {s.name}")
        if post(old_unit, o.post) != post(unit, s.post):
            out.append(f"流程环节 {s.name}：承办岗位 {post(old_unit, o.post)} → {post(unit, s.post)}")
        if o.action != s.action:
            out.append(f"流程环节 {s.name}：环节类型 {o.action} → {s.action}")
        if (o.days, o.counted) != (s.days, s.counted):
            none = f"时限：{NONE}"
            before, after = days_text(o, old.limit_unit) or none, days_text(s, new.limit_unit) or none
            out.append(f"流程环节 {s.name}：{before} → {after}")
        if o.supervision != s.supervision:
            out.append(f"流程环节 {s.name}：监督制约 {o.supervision or NONE} → {s.supervision or NONE}")
        out += _other_fields(o, s, {"id", "name", "post", "action", "days", "counted", "supervision", "risks"},
                             f"流程环节 {s.name}：")
        old_risks = {r.description: r for r in o.risks}
        new_risks = {r.description: r for r in s.risks}
        for d, r in new_risks.items():
            if d not in old_risks:
                out.append(f"风险点 新增（{s.name}）：★ {r.level} {d}")
            else:
                out += _other_fields(old_risks[d], r, {"description"}, f"风险点 调整（{s.name}）{d}：")
        out += [f"风险点 删除（{s.name}）：{d}" for d in old_risks if d not in new_risks]
    out += [f"流程环节 删除：{s.name}" for s in old.steps if s.id not in new_steps]
    out += _other_fields(old, new, {"id", "path", "steps", "unit", "name"}, "运行流程：")
    if old.name != new.name:
        out.append(f"运行流程：名称 {old.name} → {new.name}")
    return out


def _other_fields(old, new, skip: set[str], prefix: str) -> list[str]:
    """Every other public field that differs, by its Chinese title: nothing that changed is left out."""
    out = []
    for f in dataclasses.fields(new):
        if f.name in skip or f.metadata.get("skip") or f.metadata.get("private"):
            continue
        a, b = getattr(old, f.name), getattr(new, f.name)
        if a != b:
            title = f.metadata.get("title", f.name)
            before, after = _text(a), _text(b)
            out.append(f"{prefix}{title}{_space(before)}{before} →{_space(after)}{after}")
    return out


def _space(text: str) -> str:
    """The space before a value, but not before （无）: its full-width bracket has room of its own."""
    return "" if text.startswith(NONE) else " "


def _text(value) -> str:
    if value is None or value == "" or value == ():
        return NONE
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, tuple):
        return "、".join(_text(v) for v in value)
    if dataclasses.is_dataclass(value):
        return "；".join(f"{_text(getattr(value, f.name))}" for f in dataclasses.fields(value)
                         if not f.metadata.get("skip") and getattr(value, f.name) not in (None, ""))
    return str(value)
