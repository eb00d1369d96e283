"""The cell grammar of the canonical layout (规范表格, see canonical.py): how each kind of ``Power``
field is written into one cell and read back from it. The columns come from the model (``columns``):
the field's Chinese title heads its column, and its type picks the grammar:

- text: as is; number (时限, 到现场次数): a number (the reader also takes "20个工作日", "即办");
  yes/no: 是 / 否; a date: 2024-01-01;
- list of texts (子项, 追责情形, 申请材料): items numbered "1. ", one per line; a line inside an item that
  would look like a number ("2. …") or starts with "\\" is written with a leading "\\";
- list of fixed words (处罚种类, 服务对象 …): one word per line;
- 实施依据: numbered; an item's first line is 《title》第X条 (《title》[id] 第X条 when the title is not
  unique, [id] alone when it cannot be written in 书名号), the lines after it the excerpt;
- 责任事项: "1. 受理：duty" (the stage ends at the first full-width colon; 【stage】：duty when the stage
  has one); 救济渠道: "1. 行政复议：示例县人民政府，60日" (or 6个月, or no time).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import types
import typing
from dataclasses import dataclass

from ..model import Citation, Power, Remedy, Responsibility
from ..vocabulary import CALENDAR_DAYS, WORKING_DAYS

LIMITS = ("legal_limit", "promised_limit")
_STRUCTS = {Citation: "basis", Responsibility: "duties", Remedy: "remedies"}

class CellError(ValueError):
    pass


@dataclass(frozen=True)
class Column:
    key: str  # the model field
    title: str  # the header: the field's Chinese title
    kind: str  # text, int, bool, date, list, words, basis, duties, remedies
    default: object
    private: bool = False
    doc: str = ""
    words: tuple[str, ...] = ()

    @property
    def required(self) -> bool:
        return self.default is dataclasses.MISSING


def _kind(tp) -> tuple[str, tuple[str, ...]]:
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        tp = next(a for a in typing.get_args(tp) if a is not type(None))
    if tp in (bool, int, dt.date):
        return {bool: "bool", int: "int", dt.date: "date"}[tp], ()
    if typing.get_origin(tp) is tuple:
        item = typing.get_args(tp)[0]
        if item in _STRUCTS:
            return _STRUCTS[item], ()
        if typing.get_origin(item) is typing.Literal:
            return "words", typing.get_args(item)
        if item is str:
            return "list", ()
        raise TypeError(f"no spreadsheet grammar for {tp}")  # a new kind of field: give it one here
    return "text", ()


def columns(internal: bool = False, cls: type = Power) -> list[Column]:
    """The columns of ``cls`` (Power, or LegalSource for the 法律依据 sheet), in the model's order;
    private fields (内部备注) only when ``internal``."""
    hints = typing.get_type_hints(cls)
    out = []
    for f in dataclasses.fields(cls):
        meta = f.metadata
        if meta.get("skip") or meta.get("derived") or (meta.get("private") and not internal):
            continue
        kind, words = _kind(hints[f.name])
        out.append(Column(f.name, meta["title"], kind, f.default, meta.get("private", False), meta.get("doc", ""),
                          words))
    return out


def to_data(value):
    """A model value as the YAML files hold it: dataclasses as maps without defaults, tuples as lists."""
    if dataclasses.is_dataclass(value):
        return {f.name: to_data(getattr(value, f.name)) for f in dataclasses.fields(value)
                if not f.metadata.get("skip") and not f.metadata.get("derived")
                and getattr(value, f.name) != f.default}
    if isinstance(value, tuple):
        return [to_data(v) for v in value]
    return value


# ---------------------------------------------------------------- the grammar of one cell

_MARK = re.compile(r"(\d+)[.、．] ?")
_ESCAPE = re.compile(r"\\|\d+[.、．]")


def format_list(items) -> str:
    out = []
    for n, item in enumerate(items, start=1):
        first, *rest = item.split("\n")
        out.append("\n".join([f"{n}. {first}", *("\\" + x if _ESCAPE.match(x) else x for x in rest)]))
    return "\n".join(out)


def parse_list(text: str) -> list[str]:
    items: list[list[str]] = []
    lines = text.split("\n")
    if not _MARK.match(lines[0]):  # a clerk's plain lines: one item each
        return [x.strip() for x in lines if x.strip()]
    for line in lines:
        m = _MARK.match(line)
        if m and int(m.group(1)) == len(items) + 1:
            items.append([line[m.end():]])
        else:
            items[-1].append(line[1:] if line.startswith("\\") else line)
    return ["\n".join(x) for x in items]


def _closing(text: str) -> int:
    """Index of the 》 that closes the 《 at text[0] (titles may quote titles), or -1."""
    depth = 0
    for i, ch in enumerate(text):
        depth += (ch == "《") - (ch == "》")
        if depth == 0:
            return i
    return -1


class Sources:
    """The titles a citation is written with and read by: the 法律依据 sheet's sources (id → title)."""

    def __init__(self, titles: dict[str, str]):
        self.titles = titles
        self.count: dict[str, int] = {}
        for title in titles.values():
            self.count[title] = self.count.get(title, 0) + 1
        self.new: dict[str, str] = {}  # title → id of sources the sheet does not list

    def head(self, source: str, article: str | None) -> str:
        title = self.titles.get(source)
        plain = title is not None and _closing(f"《{title}》") == len(title) + 1
        text = f"《{title}》" if plain else ""
        if not plain or self.count[title] > 1:
            text += f"[{source}] " if article else f"[{source}]"
        return text + (article or "")

    def source(self, title: str | None, ident: str | None) -> str:
        if ident:
            return ident
        if self.count.get(title, 0) > 1:
            raise CellError(f"《{title}》在法律依据表中有 {self.count[title]} 项；"
                            f"在书名号后写明标识，如 《{title}》[标识]")
        found = [i for i, t in self.titles.items() if t == title]
        if found:
            return found[0]
        taken = set(self.titles) | set(self.new.values())
        n = len(taken) + 1
        while f"src-{n:03d}" in taken:
            n += 1
        return self.new.setdefault(title, f"src-{n:03d}")


def _citation(item: str, sources: Sources) -> dict:
    head, _, text = item.partition("\n")
    head = re.sub(r"^【[^】]{1,10}】", "", head)  # a level tag a clerk copied from an old list
    title = ident = None
    if head.startswith("《"):
        end = _closing(head)
        if end < 0:
            raise CellError(f"「{head}」的书名号没有配对；写成 《名称》第X条")
        title, head = head[1:end], head[end + 1:]
    m = re.match(r"\[([^\]\n]+)\]", head)
    if m:
        ident, head = m.group(1), head[m.end():]
    if title is None and ident is None:
        raise CellError(f"「{item.splitlines()[0]}」没有法律依据名称；写成 《名称》第X条，每条依据一项")
    article = head.lstrip(" ")
    if not text and re.search("[：:]", article):  # 《…》第X条：条文 on one line
        article, text = (x.strip() for x in re.split("[：:]", article, maxsplit=1))
    out = {"source": sources.source(title, ident)}
    if article:
        out["article"] = article
    if text:
        out["text"] = text
    return out


def _duty(item: str) -> dict:
    m = re.match(r"【(.*?)】：", item, re.S)
    if m:
        return {"stage": m.group(1), "duty": item[m.end():]}
    sep = "：" if "：" in item else ":"
    stage, found, duty = item.partition(sep)
    if not found:
        raise CellError(f"「{item[:30]}」没有环节；写成 环节：责任内容，如 1. 受理：…")
    return {"stage": stage, "duty": duty}


def _remedy(item: str) -> dict:
    kind, found, rest = item.partition("：" if "：" in item else ":")
    if not found:
        raise CellError(f"「{item[:30]}」写成 救济方式：受理机关，期限，如 1. 行政复议：示例县人民政府，60日")
    out = {"kind": kind.strip(), "body": rest}
    m = re.search(r"[，,]\s*(\d+)\s*(日|天|个月|月)\s*$", rest)
    if m:
        out["body"] = rest[:m.start()]
        out["days" if m.group(2) in ("日", "天") else "months"] = int(m.group(1))
    return out


def format_cell(col: Column, value, sources: Sources):
    """The cell for a model value: a text, a number, or None (an empty cell)."""
    if value is None or value == ():
        return None
    kind = col.kind
    if kind == "bool":
        return "是" if value else "否"
    if kind in ("int", "text"):
        return value
    if kind == "date":
        return value.isoformat()
    if kind == "words":
        return "\n".join(value)
    if kind == "list":
        return format_list(value)
    if kind == "basis":
        return format_list(sources.head(c.source, c.article) + (f"\n{c.text}" if c.text else "") for c in value)
    if kind == "duties":
        return format_list((f"【{d.stage}】" if "：" in d.stage or d.stage.startswith("【") else d.stage)
                           + "：" + d.duty for d in value)
    return format_list(f"{r.kind}：{r.body}" + (f"，{r.days}日" if r.days else f"，{r.months}个月" if r.months else "")
                       for r in value)


_YES, _NO = ("是", "√", "✓", "y", "yes", "true", "1"), ("否", "×", "✗", "n", "no", "false", "0")
_NUMBER = re.compile(r"(\d+)\s*(个)?\s*(工作日|自然日|日|天|次)?")


def parse_cell(col: Column, value, sources: Sources):
    """The YAML-ready value of a cell (None: empty). Raises CellError with what to write instead."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    kind = col.kind
    if kind == "int":
        found = number(value, col)
        return found[0] if found else None
    if isinstance(value, (dt.datetime, dt.date)):
        value = value.date() if isinstance(value, dt.datetime) else value
        if kind == "date":
            return value
        value = value.isoformat()
    text = str(value).replace("\r\n", "\n")
    if kind == "text":
        return text
    if kind == "bool":
        word = text.strip().lower()
        if word not in _YES + _NO:
            raise CellError(f"「{text}」应为 是 或 否")
        return word in _YES
    if kind == "date":
        try:
            return dt.date.fromisoformat(text.strip())
        except ValueError:
            raise CellError(f"「{text}」不是日期；写成 2024-01-01") from None
    if kind == "words":
        return _words(text, col)
    items = parse_list(text)
    if kind == "list":
        return items
    if kind == "basis":
        return [_citation(x, sources) for x in items]
    return [_duty(x) if kind == "duties" else _remedy(x) for x in items]


def number(value, col: Column) -> tuple[int, str | None] | None:
    """(number, the unit a text gave: 工作日 / 日 / None)."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value, None
    text = str(value).strip()
    if text in ("即办", "即办件", "当场办结", "即时办结") and col.key in LIMITS:
        return 0, None
    m = _NUMBER.fullmatch(text)
    if not m:
        where = "；单位写在 时限单位 列" if col.key in LIMITS else ""
        raise CellError(f"「{text}」不是非负整数；只写数字，如 20{where}")
    unit = {"工作日": WORKING_DAYS, "日": CALENDAR_DAYS, "天": CALENDAR_DAYS, "自然日": CALENDAR_DAYS}.get(m.group(3))
    return int(m.group(1)), unit


def _words(text: str, col: Column) -> list[str]:
    out = []
    for line in text.split("\n"):
        rest = line.strip(" 　、，,；;")
        while rest:
            word = max((w for w in col.words if rest.startswith(w)), key=len, default=None)
            if word is None:
                raise CellError(f"「{rest}」不是{col.title}的可选值；可选：{'、'.join(col.words)}，每行一个")
            out.append(word)
            rest = rest[len(word):].lstrip(" 　、，,；;")
    return out
