"""The import's ledger (导入台账): one entry for every non-empty cell the clerk typed, saying where its
content went. The report prints it, the annotated workbook colours and comments each cell by it,
and the tests compare its cells with the workbook's: nothing can pass through unaccounted for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from .sheets import ref

Status = Literal["imported", "normalised", "split", "copied", "review", "internal", "layout", "ignored"]

# status -> (the word the clerk reads, what it means); the order is the report's
STATUS_TEXT: dict[str, tuple[str, str]] = {
    "imported": ("已导入", "原样写入所列字段"),
    "normalised": ("已规范化", "写法已统一（如 20个工作日 → 20 + 工作日），含义不变"),
    "split": ("已拆分", "拆成多条（编号列表、多项依据）写入所列字段"),
    "copied": ("已复制", "同上/同前：复制了上一行的内容"),
    "review": ("需核对", "未能确定含义：原文保留在所列位置，请人工处理"),
    "internal": ("未公开", "未识别的列：原文保留在内部备注（internal_notes），不公开发布"),
    "layout": ("表格结构", "标题、表头、序号、分类标题行：用于识别表格，内容不单独导入"),
    "ignored": ("未导入", "说明、注释或合计行：原文保留在单位的内部备注中"),
}


@dataclass(frozen=True)
class Entry:
    sheet: str
    row: int  # 0-based
    col: int
    text: str
    status: Status
    target: str  # where it went, for the clerk: "事项「…」的 法定时限", "内部备注", "表头 → 事项名称"
    note: str = ""

    @property
    def cell(self) -> str:
        return ref(self.row, self.col)


@dataclass
class Ledger:
    entries: dict[tuple[str, int, int], Entry] = field(default_factory=dict)

    def add(self, sheet: str, row: int, col: int, text: str, status: Status, target: str, note: str = "") -> None:
        """Record a cell once; a later, more serious status (review over imported) wins, since one
        cell (a merged category, a 同上 source) can serve several rows."""
        key = (sheet, row, col)
        old = self.entries.get(key)
        if old is not None and _RANK[old.status] >= _RANK[status]:
            if note and note not in old.note and status == old.status:
                self.entries[key] = Entry(sheet, row, col, text, status, old.target, f"{old.note}；{note}".strip("；"))
            return
        self.entries[key] = Entry(sheet, row, col, text, status, target, note)

    def of(self, sheet: str) -> list[Entry]:
        return sorted((e for e in self.entries.values() if e.sheet == sheet), key=lambda e: (e.row, e.col))

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(STATUS_TEXT, 0)
        for e in self.entries.values():
            out[e.status] += 1
        return out

    def review(self) -> list[Entry]:
        return sorted((e for e in self.entries.values() if e.status == "review"),
                      key=lambda e: (e.sheet, e.row, e.col))


_RANK = {"layout": 0, "imported": 1, "normalised": 2, "split": 2, "copied": 3, "ignored": 3, "internal": 4,
         "review": 5}
