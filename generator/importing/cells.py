"""The grammar of one cell, as offices write it: 同上, numbered lists, references to attachments,
time limits in words, fees with their basis. Each function returns what it understood and says
what it changed, so the ledger can record it; none of them guesses a fact the cell does not state.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DITTO = re.compile(r"^(同上|同前|同上栏|同上一栏|同左|〃|\"|”|“)$")
# 见附件 / 详见附表 / 另附 …: the content is elsewhere, so the cell is a question for the clerk
REFERENCE = re.compile(r"^(详?见|另见|参见|具体见)?(附件|附表|附录|另附|附后)[\d一二三四五六七八九十、]*[。.]?$"
                       r"|^(详?见|参见|具体见).{0,20}(附件|附表|文件|清单|目录|网站|指南)[\d一二三四五六七八九十]*[。.]?$")
BLANK = re.compile(r"^[\s\-—－/／、.。无]*$")
NONE_WORDS = ("无", "/", "／", "-", "—", "－", "——", "无规定")

_CN = "一二三四五六七八九十"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
# the markers a numbered list uses; each pattern captures the item's number
MARKERS = (
    re.compile(r"(?:^|(?<=[\s；;。，,：:]))(\d{1,2})[.、．)）](?!\d)"),
    re.compile(r"(?:^|(?<=[\s；;。，,：:]))[（(](\d{1,2})[)）]"),
    re.compile(rf"(?:^|(?<=[\s；;。，,：:]))[（(]([{_CN}]{{1,3}})[)）]"),
    re.compile(rf"(?:^|(?<=[\s；;。，,：:]))([{_CN}]{{1,3}})、"),
    re.compile(rf"([{_CIRCLED}])"),
)


def chinese_number(text: str) -> int | None:
    """一 .. 九十九 as an int (the numbers lists and articles use)."""
    if text in _CIRCLED:
        return _CIRCLED.index(text) + 1
    if text.isascii() and text.isdigit():
        return int(text)
    digits = {ch: i + 1 for i, ch in enumerate(_CN[:9])}
    if not text or any(ch not in digits and ch != "十" for ch in text):
        return None
    if "十" not in text:
        return digits[text] if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    return digits.get(tens, 1 if not tens else 0) * 10 + (digits.get(ones, 0) if ones else 0)


def items(text: str) -> tuple[list[str], bool]:
    """A numbered list split into its items (1. 2. / （1）（2）/ （一）/ 一、/ ①②), only when the
    numbers run 1, 2, 3 … (so 第1条 or a lone "3、" inside a sentence is not a list); else lines
    (one item per line) when there are several; else the whole text. The flag says it was split."""
    text = text.strip()
    for pattern in MARKERS:
        found = list(pattern.finditer(text))
        numbers = [chinese_number(m.group(1)) for m in found]
        run = _consecutive(numbers)
        if run >= 2:
            marks = found[:run]
            head = text[:marks[0].start()].strip(" ；;，,：:\n")
            parts = [text[m.end():(marks[i + 1].start() if i + 1 < len(marks) else len(text))]
                     for i, m in enumerate(marks)]
            out = [p.strip(" ；;，,\n") for p in parts]  # the office's full stop stays
            out = [p for p in out if p]
            if head:
                out.insert(0, head)
            return out, True
    lines = [line.strip(" ；;\t") for line in text.splitlines()]
    lines = [line for line in lines if line]
    if len(lines) >= 2:
        return lines, True
    return ([text] if text else []), False


def _consecutive(numbers: list[int | None]) -> int:
    """How many of the markers, from the first, count 1, 2, 3 …"""
    n = 0
    for value in numbers:
        if value != n + 1:
            break
        n += 1
    return n if n >= 2 else 0


def unnumbered(text: str) -> str:
    """A list item's text without its number (1. / （一）/ ①), as a sub-item row writes it."""
    return re.sub(rf"^\s*(?:\d{{1,2}}[.、．)）]|[（(](?:\d{{1,2}}|[{_CN}]{{1,3}})[)）]|[{_CN}]{{1,3}}、"
                  rf"|[{_CIRCLED}])\s*", "", text).strip()


def is_reference(text: str) -> bool:
    """见附件, 详见附表3, 见《…》清单 …: the cell points elsewhere instead of holding content."""
    return bool(REFERENCE.match(re.sub(r"\s+", "", text)))


def is_ditto(text: str) -> bool:
    return bool(DITTO.match(text.strip()))


def says_none(text: str) -> bool:
    """无 / - / 不涉及: the office wrote that there is nothing (not the same as leaving it blank)."""
    t = re.sub(r"\s+", "", text)
    return t in NONE_WORDS or t in ("不涉及", "无此项", "未规定", "法律法规未规定", "法律未规定", "无法定时限")


@dataclass(frozen=True)
class Limit:
    days: int | None  # None: not a number of days (kept as text for the clerk)
    unit: str | None  # 工作日 | 日; None when the text names none
    note: str  # what was done, zh-CN, empty when the cell was a bare number with its unit in the header


IMMEDIATE = ("即办", "即时办结", "当场办结", "当即办结", "即来即办", "即时办理", "当场办理", "立即办结", "当日办结")
_LIMIT = re.compile(r"^(?:法定|承诺)?(?:期限|时限)?[:：]?\s*(\d{1,4}|[一二三四五六七八九十百]{1,4})\s*(个)?\s*"
                    r"(工作日|自然日|日|天)"
                    r"(?:内)?(?:办结|作出决定|完成)?[。.]?$")


def limit(text: str, header_unit: str | None = None) -> Limit:
    """20个工作日 → (20, 工作日); 90日 / 90天 → (90, 日); 即办 → (0, None); a bare 20 takes the
    unit the header names (法定期限（工作日）) or none. 3个月, 60日内 with a condition, or prose
    → days None: months are not a number of days, and a guess would publish a wrong limit."""
    t = re.sub(r"\s+", "", text)
    if t in IMMEDIATE or t.startswith(("即办", "当场")):
        return Limit(0, None, "即办件，记为 0")
    if re.fullmatch(r"\d{1,4}", t):
        return Limit(int(t), header_unit, "" if header_unit else "未写单位")
    m = _LIMIT.match(t)
    if m:
        n = int(m.group(1)) if m.group(1).isdigit() else _hundreds(m.group(1))
        if n is not None:
            unit = "工作日" if m.group(3) == "工作日" else "日"
            return Limit(n, unit, f"{text.strip()} → {n} {unit}")
    return Limit(None, None, "不是天数或工作日数（如 3个月，或附带条件）")


def _hundreds(text: str) -> int | None:
    if "百" in text:
        h, _, rest = text.partition("百")
        hundreds = chinese_number(h or "一")
        tail = chinese_number(rest.lstrip("零")) if rest else 0
        return None if hundreds is None or tail is None else hundreds * 100 + tail
    return chinese_number(text)


FREE = ("不收费", "免费", "免收", "免征", "依法免收", "零收费", "无", "不收取", "否", "无收费", "不收取费用")
_FEE_BASIS = re.compile(r"^(?:收费)?依据[:：]?\s*(?P<basis>.+?)[；;。，,\s]\s*(?:收费)?标准[:：]?\s*(?P<fee>.+)$",
                        re.S)
_ONLY_CITED = re.compile(r"^(?:依据|根据|按照)?\s*《[^》]+》\s*(?:[（(][^）)]*[)）])?\s*(?:第\S*条)?[。.]?$")
_CITED_FIRST = re.compile(r"^(?:依据|根据|按照)?\s*(?P<basis>《[^》]+》(?:[（(][^）)]*[)）])?(?:第[^，,；;。]*条)?)"
                          r"[，,；;。]?\s*"
                          r"(?P<fee>.+)$", re.S)


def fee(text: str) -> tuple[str | None, str | None, str]:
    """收费依据及标准 → (fee, fee_basis, note). 不收费/免费/无 stay as written (the office wrote
    them); a cell naming a document in 《》 and then a standard is split; otherwise the whole text
    is the fee and the basis stays absent (a person separates them, never a guess)."""
    t = text.strip()
    if re.sub(r"\s+", "", t) in FREE:
        return t, None, ""
    if _ONLY_CITED.match(t):
        return None, t, "只写了收费依据，没有写收费标准"
    m = _FEE_BASIS.match(t)
    if m:
        return m.group("fee").strip(), m.group("basis").strip(), "已分为收费标准和收费依据"
    m = _CITED_FIRST.match(t)
    if m and len(m.group("fee").strip()) >= 2:
        return m.group("fee").strip(" ，,；;。"), m.group("basis").strip(), "已分为收费标准和收费依据"
    return t, None, ""


def phone(text: str) -> tuple[str, str]:
    """A phone as offices write it (0999—1234567, 0999 1234567, （0999）1234567) in the model's
    form 0999-1234567; anything else stays as written (check reports it)."""
    t = re.sub(r"\s+", " ", text.strip())
    m = re.fullmatch(r"[（(]?(0\d{2,3})[）)]?[\s\-—－–]?(\d{7,8})", t)
    if m:
        normal = f"{m.group(1)}-{m.group(2)}"
        return normal, ("" if normal == t else f"{t} → {normal}")
    return t, ""
