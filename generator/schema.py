"""Raw loaded data -> model objects, checking keys and types against the model's fields.

The dataclasses in ``generator.model`` are the schema: their fields, types and ``spec()`` metadata say
which keys exist, which are required, and what each holds. Problems become findings (PL003-PL006)
located at the offending key or value; building never raises.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re
import types
import typing
import unicodedata
from functools import cache

from .findings import Finding, Loc
from .load import RawList, RawMap
from .model import Phone
from .spec import MAX_ITEMS, MAX_LINKS, SHORT_TEXT

_NONE = type(None)


class Collector:
    """Gathers findings while building one file."""

    def __init__(self) -> None:
        self.findings: list[Finding] = []

    def error(self, loc: Loc, code: str, message: str, hint: str) -> None:
        self.findings.append(Finding(loc, "error", code, message, hint))


@cache
def fields_of(cls) -> tuple[tuple[str, object, dataclasses.Field], ...]:
    """(name, type, field) for each YAML key of a model class, in declaration order."""
    hints = typing.get_type_hints(cls)
    return tuple(
        (f.name, hints[f.name], f)
        for f in dataclasses.fields(cls)
        if not f.metadata.get("skip") and not f.metadata.get("derived")
    )


# a date as offices write it: 2021年2月1日, 2021.2.1, 2021/2/1, 2021-2-1
_CHINESE_DATE = re.compile(r"(\d{4})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*日?")
_YES_NO = {"是": "true", "否": "false", "对": "true", "错": "false", "有": "true", "无": "false"}
_TYPE_NAMES = {str: "文字", int: "整数", float: "数字", bool: "true/false", dt.date: "日期（YYYY-MM-DD）",
               Phone: "电话号码"}


def describe(tp) -> str:
    """A Chinese description of a type, for messages."""
    origin = typing.get_origin(tp)
    if origin is typing.Literal:
        return "以下之一：" + "、".join(typing.get_args(tp))
    if origin in (typing.Union, types.UnionType):
        return " 或 ".join(describe(a) for a in typing.get_args(tp) if a is not _NONE)
    if origin is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return f"列表（每项为{describe(args[0])}）"
        return f"{len(args)} 项的列表"
    if dataclasses.is_dataclass(tp):
        return "映射（键：值）"
    return _TYPE_NAMES.get(tp, getattr(tp, "__name__", str(tp)))


MAX_NUMBER = 10**9  # no count of days, officers or bytes is larger; keeps messages and arithmetic sane


def _titled(known, key) -> tuple[str, str] | None:
    """The field (name, title) whose Chinese title ``key`` is (or, unambiguously, part of): 事项编码 → code."""
    if not isinstance(key, str) or len(key.strip()) < 2:
        return None
    key = key.strip()
    titles = [(n, f.metadata.get("title") or "") for n, _, f in known]
    exact = [t for t in titles if t[1] == key]
    within = [t for t in titles if key in t[1]]
    return exact[0] if exact else within[0] if len(within) == 1 else None


def _shown(value, written: str | None = None) -> str:
    """A value as a message names it; ``written``: as the file spells it (0012, which YAML reads as 10)."""
    if written is not None and not isinstance(value, (str, RawMap, RawList)) and value is not None:
        kind = "布尔值" if isinstance(value, bool) else "日期" if isinstance(value, (dt.date, dt.datetime)) else "数字"
        read = _plain(value)
        if len(written) > 40:  # a number of thousands of digits: not quoted
            return "一个超出范围的大整数" if isinstance(value, int) else f"{kind} {written[:40]}…"
        if not read:
            return f"{kind} {written}（超出范围）"
        return f"{kind} {written}" + (f"（YAML 读作 {read}）" if read != written else "")
    if isinstance(value, RawMap):
        return "映射"
    if isinstance(value, RawList):
        return "列表"
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return f"布尔值 {str(value).lower()}"
    if isinstance(value, int) and abs(value) > MAX_NUMBER:
        return "一个超出范围的大整数"  # str() of a 5,000-digit integer raises
    if isinstance(value, (int, float)):
        return f"数字 {value}"
    if isinstance(value, (dt.date, dt.datetime)):
        return f"日期 {value}"
    text = str(value)
    return f"文字「{text[:40]}…」" if len(text) > 40 else f"文字「{text}」"


_QUOTE_HINT = "需要文字时请给值加引号，例如 code: \"0012\""


def _plain(value) -> str:
    """How Python writes a number, date or boolean read from YAML (str() of a huge integer raises)."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int) and abs(value) > MAX_NUMBER:
        return ""
    return str(value)


def build(cls, raw, loc: Loc, out: Collector, extra: dict | None = None):
    """Build an instance of model class ``cls`` from a RawMap, or return None after reporting why."""
    if not isinstance(raw, RawMap):
        out.error(loc, "PL004", f"这里应为映射（键：值），实际为{_shown(raw)}",
                  "按 docs/format.md 的示例写成“键: 值”的形式")
        return None
    known = fields_of(cls)
    names = [n for n, _, _ in known]
    ok = True
    for key in raw:
        if key not in names:
            close = difflib.get_close_matches(key, names, n=1, cutoff=0.6)
            hint = f"是不是想写 '{close[0]}'？" if close else "可用的键：" + ", ".join(names)
            message = f"未知的键「{key}」" if isinstance(key, str) else f"未知的键：{_shown(key)}"
            titled = _titled(known, key)
            if titled:  # the Chinese name of a field: the files use the English key
                hint = "键用英文名：'{}'（{}）".format(*titled)
            if isinstance(key, str) and "\u3000" in key and key.replace("\u3000", "").strip() in names:
                message += "：键里有全角空格（　）"  # typed with a Chinese input method: it looks like the key
                hint = "删去全角空格，缩进只用半角空格"
            out.error(raw.key_loc(key), "PL003", message, hint)
            ok = False
    values = {}
    for name, tp, f in known:
        if name not in raw:
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                out.error(raw.loc, "PL005", f"缺少必填字段 '{name}'（{f.metadata.get('title', name)}）",
                          f"添加 {name}: <{describe(tp)}>")
                ok = False
            continue
        value = raw[name]
        aliases = f.metadata.get("aliases")
        if aliases and isinstance(value, str) and value in aliases:
            value = aliases[value]  # another accepted spelling (一级 → 高): the model keeps one
        if value is None and (f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING):
            continue  # `key:` left empty means "not given": the default applies
        good, value = convert(tp, value, raw.value_loc(name), out, f"'{name}'", raw.value_written(name))
        if good and not _within_limits(value, raw[name], f, raw.value_loc(name), out, name):
            good = False
        if good:
            values[name] = value
        else:
            ok = False
    if not ok:
        return None
    return cls(**values, **(extra or {}), loc=raw.loc, locs=_item_locs(raw))


def _item_locs(raw: RawMap):
    """Where each value was written, and each item of a list of plain values as ``key[i]`` (a finding
    about one post in ``posts: [a, b]`` points at that post, not at the list)."""
    locs = raw.value_locs
    for key, value in raw.items():
        if type(value) is RawList and value and not isinstance(value[0], (dict, list)):
            if locs is raw.value_locs:
                locs = dict(locs)
            locs.update((f"{key}[{i}]", loc) for i, loc in enumerate(value.item_locs))
    return locs


def convert(tp, value, loc: Loc, out: Collector, what: str, written: str | None = None):
    """Check ``value`` against type ``tp``; return (ok, converted). ``written``: the value as the file
    spells it, when YAML read it as other than text (messages quote it)."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(tp)
        if _NONE in args and (value is None or (isinstance(value, str) and not value.strip())):
            return True, None  # `key:` or `key: ""` on an optional field means "not given"
        rest = [a for a in args if a is not _NONE]
        return convert(rest[0] if len(rest) == 1 else typing.Union[tuple(rest)], value, loc, out, what, written)
    if origin is typing.Literal:
        choices = typing.get_args(tp)
        if value in choices:
            return True, value
        parts = re.split(r"\s*[，、；]\s*", value.strip()) if isinstance(value, str) else []
        if len(parts) > 1 and all(part in choices for part in parts):  # [罚款，警告]: one item to YAML
            out.error(loc, "PL006", f"{what} 的值 {_shown(value)} 是用中文标点连在一起的 {len(parts)} 项",
                      f"列表各项之间用英文逗号加空格分隔：[{', '.join(parts)}]")
            return False, None
        close = difflib.get_close_matches(value, choices, n=1, cutoff=0.5) if isinstance(value, str) else []
        hint = (f"是不是想写 '{close[0]}'？" if close else "") + "可选值：" + "、".join(choices)
        out.error(loc, "PL006", f"{what} 的值 {_shown(value)} 不是可选值", hint)
        return False, None
    if origin is tuple:
        return _convert_tuple(tp, value, loc, out, what)
    if dataclasses.is_dataclass(tp):
        if not isinstance(value, RawMap):
            maker = getattr(tp, "from_scalar", None)
            made = maker(value, loc) if maker else None
            if made is not None:
                return True, made
        obj = build(tp, value, loc, out)
        return obj is not None, obj
    if tp is Phone:
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) <= MAX_NUMBER:
            return True, written or str(value)  # 12345 unquoted
        tp = str
    if tp in (int, float) and isinstance(value, (int, float)) and not isinstance(value, bool):
        if not (-MAX_NUMBER <= value <= MAX_NUMBER):  # also false for NaN
            out.error(loc, "PL004", f"{what} 的值{_shown(value)}超出范围", f"填写 0 到 {MAX_NUMBER:,} 之间的数")
            return False, None
        if tp is float:
            return True, float(value)
    if tp is dt.date and isinstance(value, str):
        try:
            return True, dt.date.fromisoformat(value)
        except ValueError:
            pass
    if type(value) is tp or (tp is str and isinstance(value, str)):
        if tp is str and not value.strip():
            out.error(loc, "PL004", f"{what} 不能为空", "填写内容，或删除这一行")
            return False, None
        return True, value
    hint = _QUOTE_HINT if tp is str and not isinstance(value, (RawMap, RawList)) else f"{what} 应写成{describe(tp)}"
    if tp is str and written is not None and len(written) <= 40:  # the fix, with what the office typed
        hint = f"需要文字时请给值加引号：{what.strip(chr(39))}: \"{written}\""
    if tp is dt.date and isinstance(value, str) and (day := _CHINESE_DATE.fullmatch(value.strip())):
        hint = "写成 {}-{:0>2}-{:0>2}".format(*day.groups())  # 2021年2月1日, as offices write a date
    if tp is bool and isinstance(value, str) and value.strip() in _YES_NO:
        hint = f"写 {_YES_NO[value.strip()]}（{value.strip()}）"
    if tp in (int, float) and isinstance(value, str):
        hint = _number_hint(what.strip("'"), value, tp) or hint
    out.error(loc, "PL004", f"{what} 应为{describe(tp)}，实际为{_shown(value, written)}", hint)
    return False, None


_NUMBER = re.compile(r"[0-9]+(\.[0-9]+)?")
_WITH_UNIT = re.compile(r"([0-9]+(?:\.[0-9]+)?|[零〇一二两三四五六七八九十百千]+)\s*个?\s*(工作日|日|天)")
_CHINESE_DIGITS = {c: n for n, cs in enumerate(["零〇", "一", "二两", "三", "四", "五", "六", "七", "八", "九"])
                   for c in cs}
_CHINESE_UNITS = {"十": 10, "百": 100, "千": 1000}


def _chinese_number(text: str) -> str | None:
    """二十 -> 20, 一百零五 -> 105, 三 -> 3, 一五 -> 15 (digit by digit); None for anything else."""
    if not text or any(c not in _CHINESE_DIGITS and c not in _CHINESE_UNITS for c in text):
        return None
    if not any(c in _CHINESE_UNITS for c in text):
        return str(int("".join(str(_CHINESE_DIGITS[c]) for c in text)))
    total = current = 0
    for c in text:
        if c in _CHINESE_DIGITS:
            current = _CHINESE_DIGITS[c]
        else:
            total += (current or 1) * _CHINESE_UNITS[c]
            current = 0
    return str(total + current)


_LIMITS = ("legal_limit", "promised_limit")  # a power's, whose unit is the power's limit_unit


def _number_hint(name: str, text: str, tp: type) -> str | None:
    """The fix for a number written as text, as offices type one: in full-width digits (２０, from a
    Chinese input method), in Chinese numerals (二十), in quotes ('20'), or with its unit (20个工作日).
    The number is given as YAML reads it back (030 would be read as octal 24: 30)."""
    plain = unicodedata.normalize("NFKC", text).strip()  # ２０ -> 20
    unit = None
    if not _NUMBER.fullmatch(plain):
        found = _WITH_UNIT.fullmatch(plain)
        plain, unit = found.groups() if found else (plain, None)
        plain = _chinese_number(plain) or plain  # 二十 -> 20
        if not _NUMBER.fullmatch(plain):
            return None
    if tp is int and "." in plain:
        return None  # not a whole number: the plain message says what is wanted
    number = f"{int(plain)}" if tp is int else f"{float(plain):g}"
    if unit is None:
        return f"写成数字{'（半角）' if plain != text.strip() else ''}：{name}: {number}"
    if name in _LIMITS:
        return f"只写数字，单位另写：{name}: {number}，limit_unit: {'工作日' if unit == '工作日' else '日'}"
    return f"只写数字：{name}: {number}"


def _within_limits(value, raw, f: dataclasses.Field, loc: Loc, out: Collector, name: str) -> bool:
    """The field's own bounds from ``spec()``: ``minimum`` for numbers, ``min_items`` and ``max_items``
    for lists, ``max_length`` for each text (and a Markdown field's count of "[")."""
    minimum = f.metadata.get("minimum")
    if minimum is not None and isinstance(value, (int, float)) and value < minimum:
        out.error(loc, "PL006", f"'{name}' 的值 {value:g} 小于 {minimum}", f"'{name}' 应不小于 {minimum}")
        return False
    min_items = f.metadata.get("min_items")
    if min_items and isinstance(value, tuple) and len(value) < min_items:
        out.error(loc, "PL004", f"'{name}' 至少需要 {min_items} 项", f"在 '{name}' 下添加内容")
        return False
    max_items = f.metadata.get("max_items", MAX_ITEMS)
    if isinstance(value, tuple) and len(value) > max_items:
        out.error(loc, "PL012", f"'{name}' 有 {len(value):,} 项，超过上限 {max_items:,} 项",
                  "检查是否误粘贴了重复内容；确需这么多时请拆分（如拆成多个事项或流程）")
        return False
    if isinstance(value, str):
        texts = [(value, loc)]
    elif isinstance(value, tuple) and isinstance(raw, RawList):
        texts = [(v, raw.item_locs[i]) for i, v in enumerate(value) if isinstance(v, str)]
    else:
        return True
    max_length = f.metadata.get("max_length", SHORT_TEXT)
    ok = True
    for text, where in texts:
        if len(text) > max_length:
            out.error(where, "PL012", f"'{name}' 有 {len(text):,} 个字符，超过上限 {max_length:,}",
                      "精简文字；详细规定请引用法律依据的条款，不必全文照录")
            ok = False
        elif f.metadata.get("markdown") and text.count("[") > MAX_LINKS:
            out.error(where, "PL012", f"'{name}' 含 {text.count('['):,} 个方括号 [，超过上限 {MAX_LINKS}",
                      "Markdown 中 [ ] 用于链接；普通文字请改用中文括号【】")
            ok = False
    return ok


def _convert_tuple(tp, value, loc, out, what):
    args = typing.get_args(tp)
    if not isinstance(value, RawList):
        out.error(loc, "PL004", f"{what} 应为列表，实际为{_shown(value)}", "每项另起一行，以 '- ' 开头；或写成 [a, b]")
        return False, None
    if len(args) == 2 and args[1] is Ellipsis:
        item_types = [args[0]] * len(value)
    else:
        if len(value) != len(args):
            out.error(loc, "PL004", f"{what} 应为 {len(args)} 项的列表，实际有 {len(value)} 项",
                      f"写成 [{', '.join(['...'] * len(args))}]")
            return False, None
        item_types = list(args)
    ok, items = True, []
    for i, (item_tp, item) in enumerate(zip(item_types, value)):
        good, conv = convert(item_tp, item, value.item_locs[i], out, f"{what} 的第 {i + 1} 项")
        ok = ok and good
        items.append(conv)
    return ok, tuple(items)
