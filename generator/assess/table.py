"""A scoring table (考核评分表) as data: parts, items with their points, the grade bands; and the
office's own entries for the items the catalogue cannot speak to (assessment.yaml). Both are loaded
like the catalogue (file:line:col, Chinese messages), through the same schema."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..findings import Finding, Loc
from ..load import load_text
from ..schema import Collector, build
from ..spec import Node, spec
from .measures import MEASURES

DEFAULT_TABLE = Path(__file__).resolve().parent / "seed-001.yaml"
OFFICE_FILE = "assessment.yaml"  # in the project folder: the office's evidence and self-scores


@dataclass(frozen=True, slots=True, kw_only=True)
class Item(Node):
    """One line of the table (考核内容和标准)."""

    id: str = spec("编号")
    text: str = spec("考核内容和标准", max_length=500)
    points: float = spec("分值", minimum=0)
    measures: tuple[str, ...] = spec("计算口径", (), doc="由清单计算的口径（docs/assess.md）；不写则由单位自填")


@dataclass(frozen=True, slots=True, kw_only=True)
class Part(Node):
    name: str = spec("项目")
    points: float = spec("分值", minimum=0)
    items: tuple[Item, ...] = spec("考核内容", min_items=1)


@dataclass(frozen=True, slots=True, kw_only=True)
class Grade(Node):
    name: str = spec("等次")
    min: float = spec("最低分", minimum=0)


@dataclass(frozen=True, slots=True, kw_only=True)
class Table(Node):
    title: str = spec("评分表名称")
    source: str | None = spec("出处", None, max_length=500)
    method: str | None = spec("检查方式", None, max_length=500)
    grades: tuple[Grade, ...] = spec("等次", min_items=1)
    parts: tuple[Part, ...] = spec("项目", min_items=1)

    @property
    def items(self) -> list[tuple[Part, Item]]:
        return [(part, item) for part in self.parts for item in part.items]

    def grade(self, score: float) -> str:
        """The band of ``score``: the grade with the highest minimum it reaches (load_table makes sure
        one grade starts at 0)."""
        return next(g.name for g in sorted(self.grades, key=lambda g: -g.min) if score >= g.min)


@dataclass(frozen=True, slots=True, kw_only=True)
class Entry(Node):
    """The office's entry for an item: its evidence (会议纪要、台账、照片 ...) and, for an item the
    catalogue cannot speak to, the score it gives itself (自评)."""

    id: str = spec("编号")
    evidence: str | None = spec("佐证材料", None, max_length=2000)
    score: float | None = spec("自评得分", None, minimum=0)


@dataclass(frozen=True, slots=True, kw_only=True)
class OfficeEntries(Node):
    items: tuple[Entry, ...] = spec("考核内容", ())


def load_table(path: Path | None, label: str | None = None) -> tuple[Table | None, list[Finding]]:
    """The table in ``path`` (the shipped seed-001 table when None), checked: points add up, every
    measure exists."""
    path = path or DEFAULT_TABLE
    name = label or (PurePosixPath(path.name).as_posix() if path == DEFAULT_TABLE else str(path))
    table, findings = _load(Table, name, path)
    if table is None:
        return None, findings
    out = Collector()
    for part in table.parts:
        total = sum(i.points for i in part.items)
        if abs(total - part.points) > 1e-6:
            out.error(part.at("points"), "PL901", f"项目「{part.name}」分值 {part.points:g}，各项合计 {total:g}",
                      "核对各项分值，或改正项目分值")
        for item in part.items:
            for i, m in enumerate(item.measures):
                if m not in MEASURES:
                    out.error(item.at("measures", i), "PL902", f"没有名为 {m} 的计算口径",
                              "可用的口径：" + "、".join(MEASURES) + "（docs/assess.md）")
    mins = [g.min for g in table.grades]
    if 0 not in mins or len(set(mins)) != len(mins):
        out.error(table.at("grades"), "PL907", "等次须各有不同的最低分，且有一档最低分为 0（每个得分都有等次）",
                  "例如：优秀 90、良好 80、合格 60、不合格 0")
    ids = [i.id for _, i in table.items]
    for _, item in table.items:
        if ids.count(item.id) > 1:
            out.error(item.at("id"), "PL903", f"编号 {item.id} 重复", "每项的编号须唯一")
    findings += out.findings
    return (None if any(f.severity == "error" for f in findings) else table), findings


def load_entries(root: Path, table: Table) -> tuple[dict[str, Entry], list[Finding]]:
    """The office's entries (assessment.yaml in the project folder), if there is one."""
    path = root / OFFICE_FILE
    if not path.is_file():
        return {}, []
    entries, findings = _load(OfficeEntries, OFFICE_FILE, path)
    if entries is None:
        return {}, findings
    items = {i.id: i for _, i in table.items}
    out = Collector()
    seen: set[str] = set()
    for e in entries.items:
        item = items.get(e.id)
        if e.id in seen:
            out.error(e.at("id"), "PL908", f"第 {e.id} 项写了两次", "把同一项的佐证材料合并写在一处")
        seen.add(e.id)
        if item is None:
            out.error(e.at("id"), "PL904", f"评分表中没有编号 {e.id}", "可用的编号：" + "、".join(items))
        elif e.score is not None and item.measures:
            out.error(e.at("score"), "PL905", f"第 {e.id} 项由清单计算得分，不能自评",
                      "删去 score，只写 evidence（佐证材料）")
        elif e.score is not None and e.score > item.points:
            out.error(e.at("score"), "PL906", f"第 {e.id} 项自评 {e.score:g} 分，超过分值 {item.points:g}",
                      f"写 0 到 {item.points:g} 之间的分数")
    findings += out.findings
    return {e.id: e for e in entries.items}, findings


def _load(cls, name: str, path: Path):
    try:
        content = path.read_bytes()
    except OSError as e:
        from ..files import os_reason

        return None, [Finding(Loc(name, 1, 1), "error", "PL001", f"无法读取文件：{os_reason(e)}", "检查文件路径和权限")]
    raw = load_text(name, content)
    if raw.data is None:
        return None, list(raw.findings)
    out = Collector()
    made = build(cls, raw.data, Loc(name, 1, 1), out)
    return made, list(raw.findings) + out.findings
