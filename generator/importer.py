"""An existing power-list spreadsheet (a table of 序号 / 职权类型 / 事项名称 / 子项 / 实施依据 / 责任事项 /
追责情形 / 承办机构 / 备注 ...) turned into a unit's catalogue data and legal-source library entries.

Pure: rows in (lists of cell texts, merged cells already filled), data and a report out. Headers vary
between offices and are matched by synonyms; 实施依据 text is parsed into sources (titles in 书名号,
第X条 articles, level tags such as 【法律】). Nothing is dropped: an unknown column, or a cell that
cannot be parsed, is reported with its row and kept in the power's remarks (备注).
"""

from __future__ import annotations

import re
import typing
from dataclasses import dataclass, field

from .model import CATEGORY_PREFIX, Category, SourceLevel
from .responsibility import ACCOUNTABILITY_LEAD

CATEGORIES = list(typing.get_args(Category))
LEVELS = list(typing.get_args(SourceLevel))

# column key -> header texts seen in offices' tables (compared without spaces and line breaks)
HEADERS: dict[str, tuple[str, ...]] = {
    "index": ("序号", "编号", "顺序号"),
    "category": ("职权类型", "权力分类", "权力类型", "职权类别", "权力类别", "事项类型", "类别", "类型"),
    "name": ("事项名称", "项目名称", "职权名称", "权力名称", "权力事项名称", "职权事项", "权力事项", "名称"),
    "sub_items": ("子项", "子项名称", "子项目"),
    "code": ("事项编码", "编码", "权力编码", "职权编码", "事项代码"),
    "basis": ("实施依据", "法律依据", "设定依据", "依据", "设定和实施依据"),
    "responsibilities": ("责任事项", "责任事项内容"),
    "accountability": ("追责情形", "问责情形", "追责事项", "责任追究情形"),
    "office": ("承办机构", "实施机构", "承办科室", "责任科室", "承办股室", "承办部门", "内设机构"),
    "legal_limit": ("法定时限", "法定期限", "法定办结时限"),
    "promised_limit": ("承诺时限", "承诺期限", "承诺办结时限"),
    "fee": ("收费标准", "收费", "是否收费"),
    "phone": ("联系电话", "咨询电话", "办理电话"),
    "complaint_phone": ("监督电话", "投诉电话", "监督投诉电话"),
    "remarks": ("备注", "说明"),
}
_NORMAL = {text: key for key, texts in HEADERS.items() for text in texts}
LEVEL_TAGS = {"法律": "法律", "行政法规": "行政法规", "法规": "行政法规", "国务院决定": "国务院决定",
              "地方性法规": "地方性法规", "部门规章": "部门规章", "规章": "部门规章", "地方政府规章": "地方政府规章",
              "规范性文件": "规范性文件", "党内法规": "党内法规", "内部制度": "内部制度"}
_CN_NUM = "一二三四五六七八九十百千零〇两"
CITATION = re.compile(r"(?:【(?P<level>[^】]{1,10})】)?\s*《(?P<title>[^《》]{2,80})》(?P<rest>[^《【]*)")
_N = rf"[{_CN_NUM}\d]+"
_ONE = (rf"第{_N}条(?:之{_N})?(?:第{_N}(?:[、,，和及]第?{_N})*款)?"
        rf"(?:第?[（(]?{_N}[）)]?(?:[、,，和及]第?[（(]?{_N}[）)]?)*项)?")
ARTICLE = re.compile(rf"{_ONE}(?:\s*[至到-]\s*{_ONE})?")
NOT_A_SOURCE = re.compile(r"(许可证|证书|证|申请表|登记表|表|通知书|决定书|告知书)$")
QUOTED = re.compile(r"[“\"「『][^”\"」』]*[”\"」』]")
CONNECTIVES = re.compile(r"[\s，,、；;：:。.（）()“”\"「」『』和及以及其根据依据按照等的规定]")
PLACE = re.compile(r"^[\u4e00-\u9fff]{2,9}?(省|自治区|市|州|县|盟)")
ACCOUNTABILITY_LEADS = re.compile(r"^.{0,80}?下列情形.{0,40}?[:：]")
ITEM_SPLIT = re.compile(r"(?:^|(?<=[；;。\s]))\s*(?:[（(]\d+[)）]|\d+[.、．)）]|[一二三四五六七八九十]+[、.．])\s*")


def normal(text) -> str:
    return re.sub(r"\s+", "", str(text or ""))


@dataclass
class ImportReport:
    mapped: dict[str, str] = field(default_factory=dict)  # header text -> column key
    unmapped: list[str] = field(default_factory=list)
    rows_read: int = 0
    blank_rows: int = 0
    powers: int = 0
    sub_items: int = 0
    new_sources: list[str] = field(default_factory=list)
    reused_sources: list[str] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)  # (spreadsheet row, message)

    def problem(self, row: int, message: str) -> None:
        self.problems.append((row, message))


class Library:
    """The legal sources known so far (the project's and those this import adds), by title."""

    def __init__(self, existing: list[tuple[str, str]]):  # (id, title)
        self.by_title = {title: {"id": ident, "title": title} for ident, title in existing}
        self.ids = {ident for ident, _ in existing}
        self.new: list[dict] = []

    def add(self, title: str, level: str) -> dict:
        n = len(self.ids) + 1
        while f"src-{n:03d}" in self.ids:
            n += 1
        source = {"id": f"src-{n:03d}", "title": title, "level": level, "issuer": "待核实 (导入时未知)"}
        self.ids.add(source["id"])
        self.by_title[title] = source
        self.new.append(source)
        return source


def find_header(rows: list[list[str]], limit: int = 15) -> int | None:
    """Index of the header row: the first of the top rows that names at least two known columns."""
    for i, row in enumerate(rows[:limit]):
        if sum(1 for cell in row if normal(cell) in _NORMAL) >= 2:
            return i
    return None


def import_rows(rows: list[list[str]], first_row: int, library: Library, report: ImportReport,
                taken: set[str] = frozenset(), orphans: list[str] | None = None) -> list[dict]:
    """Powers (as YAML-ready dicts) from the table; ``library`` gains the sources the 实施依据 cells
    name. ``first_row`` is the spreadsheet row number of rows[0]; generated codes avoid ``taken`` (the
    codes other units already use); rows that belong to no power are added to ``orphans``."""
    header_index = find_header(rows)
    if header_index is None:
        raise ValueError("找不到表头: 前 15 行中没有一行含两个以上可识别的列名 (如 事项名称、职权类型、实施依据)")
    header = rows[header_index]
    columns: dict[int, str] = {}
    extra: dict[int, str] = {}
    for i, cell in enumerate(header):
        text = normal(cell)
        if not text:
            continue
        key = _NORMAL.get(text)
        if key and key not in columns.values():
            columns[i] = key
            report.mapped[str(cell).strip()] = key
        else:
            extra[i] = str(cell).strip()
            report.unmapped.append(str(cell).strip())
    if "name" not in columns.values():
        raise ValueError("表头中没有事项名称列 (事项名称 / 项目名称 / 职权名称)")
    powers: list[dict] = []
    counters: dict[str, int] = {}
    for offset, row in enumerate(rows[header_index + 1:], start=header_index + 1):
        number = first_row + offset
        cells = {key: str(row[i]).strip() if i < len(row) and row[i] is not None else "" for i, key in columns.items()}
        others = {title: str(row[i]).strip() for i, title in extra.items() if i < len(row) and row[i] not in (None, "")}
        if not any(cells.values()) and not others:
            report.blank_rows += 1
            continue
        report.rows_read += 1
        name = cells.get("name", "")
        if not name:
            content = "; ".join(v for v in [*cells.values(), *others.values()] if v)
            if powers:
                report.problem(number, "没有事项名称, 整行内容已保留在上一事项的备注中")
                _remark(powers[-1], f"第 {number} 行: {content}")
            else:
                report.problem(number, "没有事项名称, 整行内容已保留在单位的内部备注中 (不公开)")
                if orphans is not None:
                    orphans.append(f"第 {number} 行: {content}")
            continue
        category = _category(cells.get("category", ""), number, report)
        sub_item = cells.get("sub_items", "")
        previous = powers[-1] if powers else None
        continuation = bool(previous and previous["name"] == name and previous["category"] == category and sub_item)
        if continuation:
            power = previous  # another sub-item of the same power (its name cell was merged or repeated)
            _sub_item_differences(power, sub_item, cells, number, report)
        else:
            power = {"code": None, "name": name, "category": category, "basis": [], "office": ""}
            powers.append(power)
            report.powers += 1
        if sub_item and sub_item not in power.setdefault("sub_items", []):
            power["sub_items"].append(sub_item)
            report.sub_items += 1
        code = cells.get("code", "")
        if code and not power["code"]:
            power["code"] = code
        if cells.get("category") and category != cells["category"]:
            _remark(power, f"原表职权类型: {cells['category']}")
        for citation in _basis(cells.get("basis", ""), number, power, library, report):
            if citation not in power["basis"]:
                power["basis"].append(citation)
        if cells.get("office") and not power["office"]:
            power["office"] = cells["office"]
        for key in ("legal_limit", "promised_limit"):
            if cells.get(key) and key not in power:
                days = re.fullmatch(r"(\d+)\s*(个)?(工作日|日|天)?", cells[key])
                if days:
                    power[key] = int(days.group(1))
                elif cells[key] in ("即办", "当场办结", "即时办结"):
                    power[key] = 0
                else:
                    report.problem(number, f"{HEADERS[key][0]} '{cells[key]}' 不是工作日数, 已保留在备注中")
                    _remark(power, f"原表{HEADERS[key][0]}: {cells[key]}")
        for key in ("fee", "phone", "complaint_phone"):
            if cells.get(key) and key not in power:
                power[key] = cells[key]
        if cells.get("responsibilities") and "responsibilities" not in power:
            power["responsibilities"] = _responsibilities(cells["responsibilities"])
            power["_responsibilities_text"] = cells["responsibilities"]
        if cells.get("accountability") and "accountability" not in power:
            lead, power["accountability"] = _accountability(cells["accountability"])
            power["_accountability_text"] = cells["accountability"]
            if lead and normal(lead) != normal(ACCOUNTABILITY_LEAD):  # the standard lead is printed anyway
                _remark(power, f"原表追责情形引语: {lead}")
        if cells.get("remarks"):
            _remark(power, cells["remarks"])
        for title, value in others.items():  # unknown columns may hold names: kept, but not published
            _remark(power, f"原表「{title}」: {value}", key="internal_notes", separator="\n")
    used = set(taken) | {p["code"] for p in powers if p["code"]}  # once: per power, it made 100,000 rows quadratic
    for power in powers:
        power.pop("_responsibilities_text", None)
        power.pop("_accountability_text", None)
        if not power["code"]:
            prefix = CATEGORY_PREFIX[power["category"]]
            while True:
                counters[prefix] = counters.get(prefix, 0) + 1
                code = f"{prefix}{counters[prefix]:05d}000"
                if code not in used:
                    break
            power["code"] = code
            used.add(code)
        if not power["office"]:
            power["office"] = "待补充 (导入时表中没有承办机构)"
        if not power["basis"]:
            del power["basis"]
    return powers


SUB_ITEM_FIELDS = ("code", "office", "legal_limit", "promised_limit", "fee", "phone", "complaint_phone",
                   "responsibilities", "accountability")


def _sub_item_differences(power: dict, sub_item: str, cells: dict, row: int, report: ImportReport) -> None:
    """A sub-item row's own values where they differ from its power's (one code, office ... per
    power in the model): kept in the remarks, never dropped."""
    own = []
    for key in SUB_ITEM_FIELDS:
        value = cells.get(key, "")
        current = power.get(key)
        if value and (current is None or not isinstance(current, (str, int)) or str(current) != value):
            if key in ("responsibilities", "accountability") and current:
                if value == power.get(f"_{key}_text"):
                    continue
            own.append(f"{HEADERS[key][0]} {value}")
    if own:
        report.problem(row, f"子项「{sub_item}」有自己的 {'、'.join(o.split(' ')[0] for o in own)}, 已保留在备注中")
        _remark(power, f"子项「{sub_item}」: " + "; ".join(own))


def _remark(power: dict, text: str, key: str = "remarks", separator: str = "\n\n") -> None:
    power[key] = f"{power[key]}{separator}{text}" if power.get(key) else text


CATEGORY_SYNONYMS = {"其他权力": "其他行政权力", "其他职权": "其他行政权力", "其他行政职权": "其他行政权力",
                     "其他": "其他行政权力", "公共服务事项": "公共服务"}


def _category(value: str, row: int, report: ImportReport) -> str:
    text = normal(value)
    if text in CATEGORIES:
        return text
    if text in CATEGORY_SYNONYMS:
        return CATEGORY_SYNONYMS[text]
    for c in CATEGORIES:
        if text and (text in c or c in text) and len(text) >= 2:
            return c
    if text:
        report.problem(row, f"职权类型 '{value}' 无法识别, 暂定为 其他行政权力 (原值保留在备注中)")
    else:
        report.problem(row, "没有职权类型, 暂定为 其他行政权力")
    return "其他行政权力"


def infer_level(title: str) -> str:
    local = bool(PLACE.match(title)) and not title.startswith("中华人民共和国")
    if title.endswith("办法") or title.endswith(("规定", "细则", "规则")):
        return "地方政府规章" if local else "部门规章"
    if title.endswith("条例"):
        return "地方性法规" if local else "行政法规"
    if title.endswith("法"):
        return "法律"
    if "国务院" in title and "决定" in title:
        return "国务院决定"
    return "规范性文件"


def _basis(text: str, row: int, power: dict, library: Library, report: ImportReport) -> list[dict]:
    if not text:
        return []
    # 《》 inside a quoted article text (“…取得《食品经营许可证》…”) name a document, not a source
    masked = QUOTED.sub(lambda m: m.group(0).replace("《", "〈").replace("》", "〉"), text)
    found = [m for m in CITATION.finditer(masked) if not NOT_A_SOURCE.search(m.group("title").strip())]
    if not found:
        report.problem(row, f"实施依据无法解析 (没有书名号《》), 原文保留在备注中: {text[:40]}")
        _remark(power, f"原表实施依据: {text}")
        return []
    citations, covered = [], masked
    for m in found:
        title = m.group("title").strip()
        if NOT_A_SOURCE.search(title):  # 《食品经营许可证》: a document's name, not a law
            continue
        source = library.by_title.get(title)
        tag = (m.group("level") or "").strip()
        if source is None:
            level = LEVEL_TAGS.get(tag) or infer_level(title)
            if tag and tag not in LEVEL_TAGS:
                report.problem(row, f"效力层级标签【{tag}】无法识别, 按名称推定为{level}, 请核对")
                _remark(power, f"原表效力层级标签: 【{tag}】《{title}》")
            source = library.add(title, level)
            report.new_sources.append(title)
        elif title not in report.reused_sources and title not in report.new_sources:
            report.reused_sources.append(title)
        rest = m.group("rest")
        articles = [a.group(0) for a in ARTICLE.finditer(rest)]
        citation = {"source": source["id"]}
        if articles:
            citation["article"] = "、".join(dict.fromkeys(re.sub(r"\s+", "", a) for a in articles))
        quoted = [q.group(0) for q in QUOTED.finditer(rest)]
        excerpt = "".join(quoted) if quoted else ""
        if not excerpt:
            tail = ARTICLE.sub("", rest).strip(" ，,、；;：:。.\n")
            excerpt = tail if len(tail) >= 8 else ""
        if excerpt:
            citation["text"] = excerpt.replace("〈", "《").replace("〉", "》").strip("“”\"「」『』")
        citations.append(citation)
        residual = QUOTED.sub("", ARTICLE.sub("", rest))
        if excerpt and not quoted:
            residual = ""
        covered = covered.replace(m.group(0), " " + residual, 1)
    # anything left that is neither a title, an article nor an excerpt: keep the whole cell
    if CONNECTIVES.sub("", covered):
        report.problem(row, "实施依据中有未能归入依据、条款或条文摘录的文字, 原文保留在备注中")
        _remark(power, f"原表实施依据: {text}")
    return citations


def _items(text: str) -> list[str]:
    parts = [p.strip(" ；;。\n") for p in ITEM_SPLIT.split(text)]
    return [p for p in parts if p]


def _responsibilities(text: str) -> list[dict]:
    out = []
    for part in _items(text):
        m = re.match(r"^(.{1,10}?)责任[:：]\s*(.+)$", part, re.S)
        out.append({"stage": m.group(1), "duty": m.group(2).strip()} if m else {"stage": "责任事项", "duty": part})
    return out


def _accountability(text: str) -> tuple[str, list[str]]:
    """(the lead sentence before the cases, if any; the cases)."""
    text = text.strip()
    m = ACCOUNTABILITY_LEADS.match(text)
    lead, body = (m.group(0), text[m.end():]) if m else ("", text)
    return lead, _items(body) or [text]
