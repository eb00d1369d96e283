"""Stage 1, load: YAML text -> raw Python data that remembers where every value came from.

Only safe YAML is read (PyYAML's composer, C-accelerated when libyaml is present); no Python object
is ever constructed from a tag. Every mapping and sequence is returned as a ``RawMap`` / ``RawList``
that carries the 1-based line and column of itself, of each key and of each value, so that later
stages can point at ``file:line:col``. Problems are returned as findings, never raised.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

import yaml

from .findings import Finding, Loc

try:  # libyaml is ~10x faster; fall back to the pure-Python composer where it is missing
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Loader = yaml.SafeLoader

DEFAULT_MAX_BYTES = 2 * 1024 * 1024
# A document may reuse anchors (aliases), but expanding them may not blow up the data: the expanded
# size is capped relative to what was written, which stops "billion laughs" documents cheaply.
MAX_EXPANDED_NODES = 200_000
MAX_DEPTH = 64
# Each nesting level takes at least one character, and libyaml copes with a few thousand levels, so
# texts shorter than this need no separate depth scan.
_DEPTH_SAFE_CHARS = 4000

_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"
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
_constructor = yaml.constructor.SafeConstructor()


class RawMap(dict):
    """A mapping from YAML, with ``loc`` (the mapping), ``key_locs`` and ``value_locs``."""

    __slots__ = ("loc", "key_locs", "value_locs")

    def value_loc(self, key: str) -> Loc:
        return self.value_locs.get(key, self.loc)

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
            _fail(path, None, "PL009", f"文件大小 {len(content):,} 字节, 超过上限 {max_bytes:,} 字节",
                  "把内容拆分到多个文件, 或在 powerlist.yaml 中调高 max_file_bytes")
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
                                 f"文件不是 UTF-8 编码 (第 {e.start} 字节 0x{content[e.start]:02x})",
                                 "用 UTF-8 重新保存文件 (GBK/GB2312 编码的文件请先转换: iconv -f GBK -t UTF-8)"))


def _check_depth(path: str, text: str) -> None:
    """Refuse deep nesting before composing: libyaml's composer recurses in C and would crash."""
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                _fail(path, event.start_mark, "PL007", "YAML 嵌套过深", f"嵌套层级不要超过 {MAX_DEPTH} 层")
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def _compose(path: str, text: str):
    if len(text) > _DEPTH_SAFE_CHARS:
        try:
            _check_depth(path, text)
        except yaml.YAMLError:
            pass  # reported with its location by the composer below
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        if "single document" in (e.context or ""):
            _fail(path, mark, "PL010", "一个文件只能有一个 YAML 文档", "删除多余的 '---' 分隔线, 或把第二个文档移到单独的文件")
        problem = e.problem or e.context or "语法错误"
        _fail(path, mark, "PL001", f"YAML 语法错误: {problem}",
              "检查该处的缩进、冒号后的空格和引号是否成对; 含有 : # 的文字请加引号")
    except yaml.reader.ReaderError as e:  # control characters and the like
        pos = e.position if isinstance(e.position, int) else 0
        line = text.count("\n", 0, pos) + 1
        col = pos - (text.rfind("\n", 0, pos) + 1) + 1
        char = e.character if isinstance(e.character, int) else ord(str(e.character)[:1] or "?")
        raise _LoadError(Finding(Loc(path, line, col), "error", "PL001",
                                 f"文件含有 YAML 不允许的字符 U+{char:04X}", "删除该处的控制字符或不可见字符"))
    except yaml.YAMLError as e:
        _fail(path, None, "PL001", f"YAML 无法读取: {e}", "检查文件内容是否为 YAML")
    except RecursionError:
        _fail(path, None, "PL007", "YAML 嵌套过深", f"嵌套层级不要超过 {MAX_DEPTH} 层")
    finally:
        loader.dispose()
    if node is None:
        return None
    _check_expansion(path, node)
    return _convert(path, node, 0)


def _check_expansion(path: str, root) -> None:
    """Refuse recursive aliases and documents whose aliases expand past MAX_EXPANDED_NODES."""
    sizes: dict[int, int] = {}
    active: set[int] = set()

    def size(node, depth: int) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in active:
            _fail(path, node.start_mark, "PL007", "YAML 别名引用了自身 (递归别名)", "去掉循环的 &锚点 / *别名 引用")
        if depth > MAX_DEPTH:
            _fail(path, node.start_mark, "PL007", "YAML 嵌套过深", f"嵌套层级不要超过 {MAX_DEPTH} 层")
        active.add(key)
        total = 1
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                total += size(k, depth + 1) + size(v, depth + 1)
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                total += size(item, depth + 1)
        active.discard(key)
        if total > MAX_EXPANDED_NODES:
            _fail(path, node.start_mark, "PL007",
                  f"别名展开后超过 {MAX_EXPANDED_NODES:,} 个值 (疑似 \"billion laughs\" 别名炸弹)",
                  "减少 *别名 的嵌套引用, 直接写出内容")
        sizes[key] = total
        return total

    size(root, 0)


def _convert(path: str, node, depth: int):
    if isinstance(node, yaml.ScalarNode):
        if node.tag not in _SCALAR_TAGS:
            _fail(path, node.start_mark, "PL010", f"不支持的 YAML 标签 {node.tag}",
                  "去掉以 ! 开头的标签; 需要文字时用引号")
        try:
            value = _constructor.construct_object(node, deep=True)
        except Exception as e:  # e.g. 2021-02-30 matches the timestamp pattern but is no date
            _fail(path, node.start_mark, "PL004", f"无法解析的值 {node.value!r}: {e}", "检查日期或数字是否有效; 文字请加引号")
        if isinstance(value, _dt.datetime):
            value = value.date() if not (value.hour or value.minute or value.second) else value
        return value
    if isinstance(node, yaml.SequenceNode):
        if node.tag != _SEQ:
            _fail(path, node.start_mark, "PL010", f"不支持的 YAML 标签 {node.tag}", "去掉以 ! 开头的标签")
        out = RawList()
        out.loc = _loc(path, node.start_mark)
        out.item_locs = []
        for item in node.value:
            out.append(_convert(path, item, depth + 1))
            out.item_locs.append(_loc(path, item.start_mark))
        return out
    if node.tag != _MAP:
        _fail(path, node.start_mark, "PL010", f"不支持的 YAML 标签 {node.tag}", "去掉以 ! 开头的标签")
    out = RawMap()
    out.loc = _loc(path, node.start_mark)
    out.key_locs = {}
    out.value_locs = {}
    merged: list[tuple[RawMap, str]] = []
    for key_node, value_node in node.value:
        if key_node.tag == _MERGE:
            merged.extend(_merge_sources(path, key_node, value_node, depth))
            continue
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != _STR:
            shown = key_node.value if isinstance(key_node, yaml.ScalarNode) else "(复合值)"
            _fail(path, key_node.start_mark, "PL004", f"键 {shown!r} 不是文字",
                  "键必须是文字; yes/no/on/off/数字 作键时请加引号")
        key = key_node.value
        if key in out:
            first = out.key_locs[key]
            _fail(path, key_node.start_mark, "PL002", f"键 '{key}' 重复 (第一次出现在第 {first.line} 行)",
                  "删除或合并重复的键; YAML 只会保留最后一个值")
        out[key] = _convert(path, value_node, depth + 1)
        out.key_locs[key] = _loc(path, key_node.start_mark)
        out.value_locs[key] = _loc(path, value_node.start_mark)
    for source, _ in merged:  # explicit keys win over merged ones (YAML merge-key semantics)
        for key, value in source.items():
            if key not in out:
                out[key] = value
                out.key_locs[key] = source.key_locs[key]
                out.value_locs[key] = source.value_locs[key]
    return out


def _merge_sources(path: str, key_node, value_node, depth: int):
    nodes = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
    result = []
    for n in nodes:
        if not isinstance(n, yaml.MappingNode):
            _fail(path, n.start_mark, "PL004", "合并键 << 的值必须是映射 (或映射的列表)", "写成 <<: *锚点名")
        result.append((_convert(path, n, depth + 1), ""))
    return result
