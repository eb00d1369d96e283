"""Stage 1, load: YAML text -> raw Python data that remembers where every value came from.

Only safe YAML is read: libyaml's event stream (PyYAML's C parser when present), turned into data by
one iterative pass here; no Python object is ever constructed from a tag. Every mapping and sequence
is returned as a ``RawMap`` / ``RawList`` that carries the 1-based line and column of itself, of each
key and of each value, so that later stages can point at ``file:line:col``. Problems are returned as
findings, never raised.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import re
from dataclasses import dataclass

import yaml

from .findings import Finding, Loc
from .yaml_errors import full_width_slip, problem_text

try:  # libyaml is ~10x faster; fall back to the pure-Python parser where it is missing
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Loader = yaml.SafeLoader

DEFAULT_MAX_BYTES = 2 * 1024 * 1024
# A document may reuse anchors (aliases), but expanding them may not blow up the data: the expanded
# size of each collection is counted as it is built, which stops "billion laughs" documents cheaply.
MAX_EXPANDED_NODES = 200_000
# ... and the characters they add: one long text referenced many times is a bomb of few nodes.
MAX_EXPANDED_CHARS = 4_000_000
MAX_DEPTH = 64

_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"
_VALUE = "tag:yaml.org,2002:value"  # YAML 1.1's "=", which is just text here
_SCALAR_TAGS = {
    _STR,
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
# Non-text scalars (numbers, dates, booleans) are made by PyYAML's safe constructors.
_constructor = yaml.constructor.SafeConstructor()


_NOTHING_WRITTEN: dict = {}  # shared by every map without a value YAML read as other than text


class RawMap(dict):
    """A mapping from YAML, with ``loc`` (the mapping), ``key_locs``, ``value_locs`` and ``written``:
    each value YAML read as a number, date, boolean or null, as the file spells it (0012 reads as the
    octal 10, 1.10 as 1.1: a message quotes what the office typed)."""

    __slots__ = ("loc", "key_locs", "value_locs", "written")

    def value_loc(self, key: str) -> Loc:
        return self.value_locs.get(key, self.loc)

    def value_written(self, key: str) -> str | None:
        return self.written.get(key)

    def note_written(self, key: str, written: str) -> None:
        if self.written is _NOTHING_WRITTEN:  # its own dict only once a value needs one
            self.written = {}
        self.written[key] = written

    def key_loc(self, key: str) -> Loc:
        return self.key_locs.get(key, self.loc)


class RawList(list):
    """A sequence from YAML, with ``loc`` (the sequence) and ``item_locs``."""

    __slots__ = ("loc", "item_locs")


@dataclass(frozen=True, slots=True)
class RawFile:
    """One YAML file after loading: ``data`` is None when the file could not be read."""

    path: str
    data: object
    findings: tuple[Finding, ...]


class _LoadError(Exception):
    def __init__(self, finding: Finding):
        self.finding = finding


def _loc(path: str, mark) -> Loc:
    if mark is None:
        return Loc(path, 1, 1)
    return Loc(path, mark.line + 1, mark.column + 1)


def _fail(path: str, mark, code: str, message: str, hint: str):
    raise _LoadError(Finding(_loc(path, mark), "error", code, message, hint))


def load_text(path: str, content: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> RawFile:
    """Parse one file's bytes. ``path`` is only used in locations."""
    try:
        if len(content) > max_bytes:
            _fail(path, None, "PL009", f"文件大小 {len(content):,} 字节，超过上限 {max_bytes:,} 字节",
                  "把内容拆分到多个文件，或在 powerlist.yaml 中调高 max_file_bytes")
        text = _decode(path, content)
        data = _compose(path, text)
        return RawFile(path, data, ())
    except _LoadError as e:
        return RawFile(path, None, (e.finding,))


def _decode(path: str, content: bytes) -> str:
    if content.startswith(b"\xef\xbb\xbf"):
        content = content[3:]  # a UTF-8 BOM, as Windows editors write it, is harmless
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError as e:
        line = content.count(b"\n", 0, e.start) + 1
        col = e.start - (content.rfind(b"\n", 0, e.start) + 1) + 1
        raise _LoadError(Finding(Loc(path, line, col), "error", "PL008",
                                 f"文件不是 UTF-8 编码（第 {e.start} 字节 0x{content[e.start]:02x}）",
                                 "用 UTF-8 重新保存文件（GBK/GB2312 编码的文件请先转换：iconv -f GBK -t UTF-8）"))


class _Frame:
    """An open mapping or sequence while events stream in."""

    __slots__ = ("obj", "is_map", "key", "key_loc", "size", "chars", "merges", "anchor", "mark")

    def __init__(self, obj, is_map: bool, anchor, mark):
        self.obj, self.is_map, self.anchor, self.mark = obj, is_map, anchor, mark
        self.key = _NO_KEY
        self.key_loc = None
        self.size = 1
        self.chars = 0
        self.merges: list[RawMap] = []


_NO_KEY = object()
_MERGE_KEY = object()


def _compose(path: str, text: str):
    """Build RawMap/RawList/scalars straight from libyaml's event stream in one pass.

    Iterative (libyaml's own recursive composer crashes on deep nesting), and it enforces the depth
    limit, the alias expansion budget, duplicate keys and merge keys as it goes.
    """
    loader = _Loader(text)
    try:
        return _build(path, loader)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        if "single document" in (e.context or ""):
            _fail(path, mark, "PL010", "一个文件只能有一个 YAML 文档",
                  "删除多余的 '---' 分隔线，或把第二个文档移到单独的文件")
        problem = e.problem or e.context or "语法错误"
        if "nesting depth" in problem:
            # libyaml >= 0.2.5 (PyYAML 6.0.4) has a nesting limit of its own (1000), and its scanner looks
            # ahead of the events this loader counts: deep input can reach that limit before ours (64).
            # Either way it is the same finding.
            _fail(path, mark, "PL007", "YAML 嵌套过深", f"嵌套层级不要超过 {MAX_DEPTH} 层")
        slip = full_width_slip(text, (mark.line + 1) if mark else 1)
        if slip:
            line, col, message, hint = slip
            raise _LoadError(Finding(Loc(path, line, col), "error", "PL001", message, hint))
        _fail(path, mark, "PL001", f"YAML 语法错误：{problem_text(problem)}",
              "检查该处的缩进、冒号后的空格和引号是否成对；含有“: ”或“ #”的文字请加引号")
    except yaml.reader.ReaderError as e:  # control characters and the like
        pos = e.position if isinstance(e.position, int) else 0
        line = text.count("\n", 0, pos) + 1
        col = pos - (text.rfind("\n", 0, pos) + 1) + 1
        char = e.character if isinstance(e.character, int) else ord(str(e.character)[:1] or "?")
        raise _LoadError(Finding(Loc(path, line, col), "error", "PL001",
                                 f"文件含有 YAML 不允许的字符 U+{char:04X}", "删除该处的控制字符或不可见字符"))
    except yaml.YAMLError as e:
        _fail(path, None, "PL001", f"YAML 无法读取：{e}", "检查文件内容是否为 YAML")
    finally:
        loader.dispose()


def _build(path: str, loader):
    stack: list[_Frame] = []
    anchors: dict[str, tuple[object, int, int]] = {}  # name -> (value, values in it, characters in it)
    open_anchors: set[str] = set()
    tags: dict[tuple, str] = {}  # (text, implicit) -> resolved tag; files repeat the same words a lot
    scalars: dict[tuple, object] = {}  # (text, tag) -> constructed value
    root = None
    documents = 0
    expanded = expanded_chars = 0  # values and characters that aliases add on top of what the file spells out
    get = loader.get_event

    def add(value, mark, size: int, chars: int, written: str | None = None) -> None:
        nonlocal root
        if not stack:
            root = value
            return
        top = stack[-1]
        top.size += size
        top.chars += chars
        loc = Loc(path, mark.line + 1, mark.column + 1)
        if not top.is_map:
            top.obj.append(value)
            top.obj.item_locs.append(loc)
        elif top.key is _NO_KEY:
            if value is not _MERGE_KEY and not isinstance(value, str):
                shown = "(复合值)" if isinstance(value, (RawMap, RawList)) else (
                    "(很大的整数)" if isinstance(value, int) and abs(value) > 10**15 else repr(value))  # str() of a
                _fail(path, mark, "PL004", f"键 {shown} 不是文字",  # 5,000-digit integer raises
                      "键必须是文字；yes/no/on/off/数字 作键时请加引号")
            if value in top.obj:
                first = top.obj.key_locs[value]
                _fail(path, mark, "PL002", f"键 '{value}' 重复（第一次出现在第 {first.line} 行）",
                      "删除或合并重复的键；YAML 只会保留最后一个值")
            top.key, top.key_loc = value, loc
        else:
            if top.key is _MERGE_KEY:
                sources = value if isinstance(value, RawList) else [value]
                if not all(isinstance(v, RawMap) for v in sources):
                    _fail(path, mark, "PL004", "合并键 << 的值必须是映射（或映射的列表）", "写成 <<: *锚点名")
                top.merges.extend(sources)
            else:
                top.obj[top.key] = value
                top.obj.key_locs[top.key] = top.key_loc
                top.obj.value_locs[top.key] = loc
                if written is not None:
                    top.obj.note_written(top.key, written)
            top.key = _NO_KEY

    while True:
        event = get()
        cls = type(event)
        if cls is yaml.ScalarEvent:
            tag = event.tag
            if tag is None or tag == "!":
                key = (event.value, event.implicit)
                tag = tags.get(key)
                if tag is None:
                    tag = tags[key] = loader.resolve(yaml.ScalarNode, event.value, event.implicit)
            if tag == _STR or tag == _VALUE:
                value = event.value
            elif tag == _MERGE:
                if not (stack and stack[-1].is_map and stack[-1].key is _NO_KEY):
                    value = event.value  # "<<" as a value is just text
                elif event.anchor:
                    _fail(path, event.start_mark, "PL010", "合并键 << 不能设锚点", "去掉 << 前的 &锚点")
                else:
                    value = _MERGE_KEY
            elif tag in _SCALAR_TAGS:
                value = _scalar(path, event, tag, scalars)
            else:
                _fail(path, event.start_mark, "PL010", f"不支持的 YAML 标签 {tag}",
                      "去掉以 “!” 开头的标签；需要文字时用引号")
            chars = len(value) if isinstance(value, str) else 1
            add(value, event.start_mark, 1, chars, None if isinstance(value, str) else event.value)
            if event.anchor:
                anchors[event.anchor] = (value, 1, chars)
        elif cls is yaml.MappingStartEvent or cls is yaml.SequenceStartEvent:
            is_map = cls is yaml.MappingStartEvent
            if event.tag not in (None, "!", _MAP if is_map else _SEQ):
                _fail(path, event.start_mark, "PL010", f"不支持的 YAML 标签 {event.tag}", "去掉以 “!” 开头的标签")
            if len(stack) >= MAX_DEPTH:
                _fail(path, event.start_mark, "PL007", "YAML 嵌套过深", f"嵌套层级不要超过 {MAX_DEPTH} 层")
            if stack and stack[-1].is_map and stack[-1].key is _NO_KEY:
                _fail(path, event.start_mark, "PL004", "键不是文字（复合值）", "键必须是文字")
            obj = RawMap() if is_map else RawList()
            obj.loc = Loc(path, event.start_mark.line + 1, event.start_mark.column + 1)
            if is_map:
                obj.key_locs, obj.value_locs, obj.written = {}, {}, _NOTHING_WRITTEN
            else:
                obj.item_locs = []
            frame = _Frame(obj, is_map, event.anchor, event.start_mark)
            if event.anchor:
                open_anchors.add(event.anchor)
            stack.append(frame)
        elif cls is yaml.MappingEndEvent or cls is yaml.SequenceEndEvent:
            frame = stack.pop()
            obj = frame.obj
            for source in frame.merges:  # explicit keys win over merged ones (merge-key semantics)
                for k, v in source.items():
                    if k not in obj:
                        obj[k] = v
                        obj.key_locs[k] = source.key_locs[k]
                        obj.value_locs[k] = source.value_locs[k]
                        if k in source.written:
                            obj.note_written(k, source.written[k])
            add(obj, frame.mark, frame.size, frame.chars)
            if frame.anchor:
                open_anchors.discard(frame.anchor)
                anchors[frame.anchor] = (obj, frame.size, frame.chars)
        elif cls is yaml.AliasEvent:
            if event.anchor in open_anchors:
                _fail(path, event.start_mark, "PL007", "YAML 别名引用了自身（递归别名）",
                      "去掉循环的 &锚点 / *别名 引用")
            if event.anchor not in anchors:
                _fail(path, event.start_mark, "PL001", f"别名 *{event.anchor} 没有对应的 &{event.anchor} 锚点",
                      "先用 &名称 定义锚点，再用 *名称 引用")
            value, size, chars = anchors[event.anchor]
            expanded += size
            expanded_chars += chars
            if expanded > MAX_EXPANDED_NODES:
                _fail(path, event.start_mark, "PL007",
                      f"别名展开后超过 {MAX_EXPANDED_NODES:,} 个值（疑似“billion laughs”别名炸弹）",
                      "减少 *别名 的嵌套引用，直接写出内容")
            if expanded_chars > MAX_EXPANDED_CHARS:
                _fail(path, event.start_mark, "PL007",
                      f"别名展开后超过 {MAX_EXPANDED_CHARS:,} 个字符（同一段长文字被引用了太多次）",
                      "减少对长文字的 *别名 引用，直接写出内容")
            add(value, event.start_mark, size, chars)
        elif cls is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                _fail(path, event.start_mark, "PL010", "一个文件只能有一个 YAML 文档",
                      "删除多余的 '---' 分隔线，或把第二个文档移到单独的文件")
        elif cls is yaml.StreamEndEvent:
            return root


DATE_LIKE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def _unreadable(text: str) -> str:
    """Why a value that looks like a date (or number) is none, in the clerk's words, not the library's."""
    found = DATE_LIKE.match(text)
    if not found:
        return f"无法解析的值 {text!r}"
    year, month, day = map(int, found.groups())
    if not 1 <= month <= 12:
        return f"日期 {text} 不存在：月份应为 1 至 12，这里是 {month}"
    if day < 1:
        return f"日期 {text} 不存在：日应从 1 开始"
    days = calendar.monthrange(year, month)[1]
    if day > days:
        return f"日期 {text} 不存在：{year}年{month}月只有 {days} 天"
    return f"无法解析的日期 {text!r}：写成 YYYY-MM-DD，如 2021-07-15"


def _scalar(path: str, event, tag: str, cache: dict):
    key = (event.value, tag)
    if key in cache:
        return cache[key]
    node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark)
    try:
        # The tag's constructor itself: construct_object() would remember every node forever.
        value = _constructor.yaml_constructors[tag](_constructor, node)
    except Exception:  # e.g. 2021-02-30 matches the timestamp pattern but is no date
        _fail(path, event.start_mark, "PL004", _unreadable(event.value),
              "改为实际存在的日期（YYYY-MM-DD）；若这里本应是文字，请加引号" if DATE_LIKE.match(event.value)
              else "检查数字是否有效；文字请加引号")
    if isinstance(value, _dt.datetime) and not (value.hour or value.minute or value.second):
        value = value.date()
    cache[key] = value
    return value
