"""Where a sheet's table is: its title rows, its one to three header rows (a merged group header such
as 权力事项 over 项目名称 | 子项), what each column holds, and what kind each row below is (a power,
a section title naming a category, a notes row, a blank row). Found from the content, since every
office lays its list out a little differently; ``header_rows`` overrides the guess.
"""

from __future__ import annotations

import re
import typing
from dataclasses import dataclass, field

from ..vocabulary import Category
from .sheets import Sheet

CATEGORIES: list[str] = list(typing.get_args(Category))

# column key -> header texts seen in offices' lists (compared without spaces, line breaks, * and the
# text in brackets, which may name the unit: 法定期限（工作日）)
HEADERS: dict[str, tuple[str, ...]] = {
    "index": ("序号", "编号", "顺序号", "序"),
    "category": ("职权类型", "权力分类", "权力类型", "职权类别", "权力类别", "事项类型", "类别", "类型", "权力种类",
                 "事项类别", "职权分类", "权责类别", "权责类型"),
    "name": ("事项名称", "项目名称", "职权名称", "权力名称", "权力事项名称", "职权事项", "权力事项", "名称", "主项名称",
             "主项", "事项", "行政权力事项名称", "职权事项名称", "权责事项", "权责事项名称", "主项事项名称"),
    "sub_items": ("子项", "子项名称", "子项目", "子项目名称", "子项事项", "子项事项名称"),
    "code": ("事项编码", "编码", "权力编码", "职权编码", "事项代码", "权力事项编码", "基本编码", "主项编码",
             "权责事项编码"),
    "sub_code": ("子项编码", "子项代码", "子项事项编码"),
    "basis": ("实施依据", "法律依据", "设定依据", "依据", "设定和实施依据", "设定依据及实施依据", "法定依据",
              "设定及实施依据", "政策依据", "法律法规依据", "实施依据及条款", "职权依据", "权力依据", "行使依据"),
    "responsibilities": ("责任事项", "责任事项内容", "责任内容", "职责", "责任事项及依据"),
    "accountability": ("追责情形", "问责情形", "追责事项", "责任追究情形", "追责情形及依据", "问责依据", "追责依据"),
    "office": ("承办机构", "实施机构", "承办科室", "责任科室", "承办股室", "承办部门", "内设机构", "承办单位",
               "责任股室",
               "具体承办机构", "承办处室", "责任处室", "内设机构或责任单位"),
    "body": ("实施主体", "行使主体", "责任主体", "实施部门", "行使部门", "审批部门", "实施机关", "办理主体"),
    "exercise_level": ("行使层级", "办理层级", "实施层级", "层级", "行权层级"),
    "legal_limit": ("法定时限", "法定期限", "法定办结时限", "法定办理时限", "法定办结期限"),
    "promised_limit": ("承诺时限", "承诺期限", "承诺办结时限", "承诺办理时限", "承诺办结期限"),
    "fee": ("收费标准", "收费", "是否收费", "收费依据及标准", "收费标准及依据", "收费情况", "收费项目及标准"),
    "fee_basis": ("收费依据",),
    "phone": ("联系电话", "咨询电话", "办理电话", "咨询方式"),
    "complaint_phone": ("监督电话", "投诉电话", "监督投诉电话", "监督投诉方式", "投诉举报电话", "监督举报电话"),
    "address": ("办理地点", "办公地点", "受理地点"),
    "office_hours": ("办理时间", "办公时间", "受理时间"),
    "result": ("办理结果", "审批结果", "结果名称", "审批结果名称"),
    "remarks": ("备注", "说明"),
    "audience": ("服务对象", "行使对象", "办理对象", "适用对象", "实施对象", "申请对象"),
    # a time limit that says neither 法定 nor 承诺: asked about, never assigned to one of them
    "limit": ("办理时限", "时限", "办结时限", "办理期限", "期限", "办理时间要求"),
}
SYNONYMS = {text: key for key, texts in HEADERS.items() for text in texts}
FIELD_WORDS = {"category": "职权类型", "name": "事项名称", "sub_items": "子项", "code": "事项编码", "basis": "实施依据",
               "responsibilities": "责任事项", "accountability": "追责情形", "office": "承办机构", "body": "实施主体",
               "exercise_level": "行使层级", "legal_limit": "法定时限", "promised_limit": "承诺时限", "fee": "收费标准",
               "fee_basis": "收费依据", "phone": "联系电话", "complaint_phone": "监督投诉电话", "audience": "服务对象",
               "sub_code": "子项编码", "index": "序号"}
# group headers (the upper of two header rows) and the prefix they give a short sub-header (法定 → 法定时限)
GROUPS = ("时限", "期限", "办理时限", "办结时限", "办理期限", "权力事项", "职权事项", "事项名称", "收费", "联系方式",
          "电话", "编码", "依据")
UNIT_HINT = re.compile(r"[（(【\[]\s*(工作日|自然日|日|天)\s*[）)】\]]")
NOTES = re.compile(r"^(注|说明|填表说明|附注|备注[:：]|制表|填报|审核|审批人|联系人|单位[（(]?盖章"
                   r"|合计|总计|小计|共计)")
SECTION = re.compile(r"^[一二三四五六七八九十\d]+[、.．]|[（(]\s*(共)?\s*\d+\s*项\s*[)）]$"
                     r"|^第[一二三四五六七八九十]+部分")


def normal(text: str) -> str:
    """A header as compared: no spaces or line breaks, no marks, no bracketed notes."""
    t = re.sub(r"\s+", "", text or "")
    t = re.sub(r"[（(【\[][^）)】\]]*[）)】\]]", "", t)
    return t.strip("*★※:：")


# When no synonym matches: the words a header is built from, tried in order (the first rule that
# matches wins; a rule's words must all be in the header). 收费(征收)依据和标准 is a fee before it is a
# basis; 责任事项依据 is no power's basis.
KEYWORDS: tuple[tuple[tuple[str, ...], tuple[str, ...], str | None], ...] = (
    # (all of these, none of these, key)
    (("责任", "依据"), (), None),
    (("追责",), (), "accountability"), (("问责",), (), "accountability"),
    (("责任事项",), (), "responsibilities"),
    (("收费",), ("依据",), "fee"), (("收费", "标准"), (), "fee"), (("收费", "依据"), (), "fee_basis"),
    (("征收", "标准"), (), "fee"),
    (("子项", "编码"), (), "sub_code"), (("子项", "代码"), (), "sub_code"),
    (("编码",), ("业务", "子项"), "code"), (("代码",), ("业务", "子项", "信用"), "code"),
    (("子项",), ("编码", "代码"), "sub_items"),
    (("依据",), (), "basis"),
    (("法定", "限"), (), "legal_limit"), (("承诺", "限"), (), "promised_limit"),
    (("层级",), (), "exercise_level"),
    (("对象",), ("追责", "范围"), "audience"),
    (("主体",), (), "body"), (("实施机关",), (), "body"),
    (("承办",), (), "office"), (("科室",), (), "office"), (("股室",), (), "office"), (("处室",), (), "office"),
    (("名称",), ("子项", "业务", "结果", "单位", "机构", "部门"), "name"),
    (("类型",), (), "category"), (("类别",), (), "category"),
    (("电话",), ("投诉", "监督"), "phone"), (("投诉",), (), "complaint_phone"),
    (("监督", "电话"), (), "complaint_phone"),
)


def header_key(text: str) -> str | None:
    return header_reading(text)[0]


def header_reading(text: str) -> tuple[str | None, bool]:
    """(key, whether it was found by its words rather than as a known header)."""
    t = normal(text)
    if t in SYNONYMS:
        return SYNONYMS[t], False
    if len(t) > 12 or len(t) < 2:  # a long text is a title or a note, not a header
        return None, False
    for words, unless, key in KEYWORDS:
        if all(w in t for w in words) and not any(w in t for w in unless):
            return key, key is not None
    return None, False


def category_in(text: str) -> str | None:
    """The category a sheet name or section row names (行政许可, 一、行政处罚（共12项）, 其他权力)."""
    t = normal(text)
    t = re.sub(r"^[一二三四五六七八九十\d]+[、.．]|^第[一二三四五六七八九十]+部分", "", t)
    t = re.sub(r"(类|事项|清单|目录|权力清单|职权)+$", "", t)
    if t in CATEGORIES:
        return t
    if t in CATEGORY_SYNONYMS:
        return CATEGORY_SYNONYMS[t]
    return None


CATEGORY_SYNONYMS = {"其他权力": "其他行政权力", "其他职权": "其他行政权力", "其他行政职权": "其他行政权力",
                     "公共服务事项": "公共服务", "许可": "行政许可", "处罚": "行政处罚", "强制": "行政强制",
                     "征收": "行政征收", "给付": "行政给付", "检查": "行政检查", "确认": "行政确认",
                     "奖励": "行政奖励", "裁决": "行政裁决", "其他": "其他行政权力", "行政征收征用": "行政征收"}


@dataclass
class Column:
    index: int
    key: str | None  # None: a column the importer does not know (kept unpublished)
    label: str  # the header text as the clerk reads it (group and sub-header joined by " / ")
    unit: str | None = None  # 工作日 / 日 when the header names it
    cells: list[tuple[int, int]] = field(default_factory=list)  # the header cells that name it
    question: str = ""  # why a person should confirm the reading of this header (zh-CN), if they should
    context: bool = False  # names the group a power belongs to (主项, 子项 above 业务办理项), not the power


@dataclass
class Table:
    sheet: Sheet
    header: range  # the header rows (0-based)
    columns: list[Column]
    category: str | None = None  # the sheet name's category, when there is no category column
    problems: list[str] = field(default_factory=list)  # ambiguities, for the report

    def column(self, key: str) -> Column | None:
        return next((c for c in self.columns if c.key == key), None)

    def keys(self) -> set[str]:
        return {c.key for c in self.columns if c.key}


def score(sheet: Sheet, r: int) -> int:
    return len({header_key(t) for t in sheet.rows[r] if header_key(t)})


def find_table(sheet: Sheet, header_rows: int | None = None, limit: int = 20) -> Table | None:
    """The table of ``sheet``, or None when no row among the first ``limit`` names two known columns."""
    scores = [score(sheet, r) for r in range(min(limit, len(sheet.rows)))]
    if not scores or max(scores) < 2:
        return None
    best = scores.index(max(scores))
    start = end = best
    if header_rows:  # the block of that many rows that names the most columns
        def block(s: int) -> int:
            return len({header_key(sheet.text(r, c)) for r in range(s, s + header_rows)
                        for c in range(sheet.width)} - {None})
        start = max(range(max(0, best - header_rows + 1), best + 1), key=lambda s: (block(s), -s))
        end = min(start + header_rows, len(sheet.rows)) - 1
    else:
        # upwards: a group header whose merged cells reach down into this row
        while start > 0 and best - start < 2 and any(
                sheet.origin.get((start, c), (start, c))[0] < start for c in range(sheet.width)):
            start -= 1
        # downwards: sub-headers under a horizontally merged group header
        while end + 1 < len(sheet.rows) and end - start < 2 and _sub_headers(sheet, end):
            end += 1
    table = Table(sheet, range(start, end + 1), [])
    for c in range(sheet.width):
        texts = list(dict.fromkeys(sheet.text(r, c) for r in table.header if sheet.text(r, c)))
        if not texts:
            continue
        key = _label_key(texts)
        unit = next((m.group(1) for t in texts for m in [UNIT_HINT.search(t)] if m), None)
        cells = [sheet.source(r, c) for r in table.header if sheet.text(r, c)]
        column = Column(c, key, " / ".join(re.sub(r"\s+", "", t) for t in texts),
                        {"天": "日", "自然日": "日"}.get(unit, unit), list(dict.fromkeys(cells)))
        if key and key != "limit" and any(header_reading(t)[1] for t in texts[-1:]):
            column.question = f"表头「{column.label}」按字面读作「{FIELD_WORDS.get(key, key)}」：请核对"
        if key == "limit":
            column.question = ("没有写明法定还是承诺：这一列的内容保留在内部备注中；"
                               "请把表头改为 法定时限 或 承诺时限 后重新导入")
        table.columns.append(column)
    _finer_items(table)
    _one_column_per_key(table)
    rivals = [r + 1 for r, n in enumerate(scores) if n == max(scores) and not start - 1 <= r <= end + 1]
    if rivals:
        table.problems.append(f"第 {rivals[0]} 行也像表头：按第 {best + 1} 行读取；如不对，请用 --header-rows"
                              " 指定表头行数，或删去多余的表头行")
    if "name" not in table.keys():
        table.problems.append("没有找到事项名称列：请用 --header-rows 指定表头行数，或把事项名称列的表头改为 事项名称")
    if "category" not in table.keys():
        table.category = category_in(sheet.name)
        if table.category is None:  # 行政许可事项名称: the header names the category of every row
            for column in table.columns:
                named = next((c for c in CATEGORIES if c in column.label), None)
                if named and column.key in ("name", None) or (named and column.context):
                    table.category = named
                    column.question = column.question or f"没有职权类型列：按表头「{column.label}」取为 {named}，请核对"
                    break
    return table


def _finer_items(table: Table) -> None:
    """A catalogue of 主项 > 子项 > 业务办理项 (实施规范): the finest named items are the powers; the
    columns naming their 主项 and 子项 are context, kept with each power but not the power itself."""
    finer = [c for c in table.columns if "业务办理项" in c.label or "办理项" in c.label]
    if not finer:
        return
    for column in table.columns:
        if column in finer:
            column.key = "code" if ("编码" in column.label or "代码" in column.label) else "name"
            column.question = ""
        elif column.key in ("name", "code", "sub_items", "sub_code"):
            column.key, column.context = None, True
            column.question = "主项、子项：本表按业务办理项导入，所属主项和子项写入各事项的内部备注；请核对"


def _sub_headers(sheet: Sheet, r: int) -> bool:
    """Row r+1 holds typed header texts under cells of row r that span several columns."""
    below = r + 1
    for c in range(sheet.width):
        top = sheet.source(r, c)
        wide = sheet.spans.get(top, (1, 1))[1] > 1
        if wide and sheet.typed(below, c) and (header_key(sheet.text(below, c))
                                                or normal(sheet.text(below, c)) in ("法定", "承诺")):
            return True
    return False


def _label_key(texts: list[str]) -> str | None:
    """The key of a column from its header texts, most specific (lowest) first, then joined with its
    group: 法定 under 办理时限 → 法定时限."""
    for text in reversed(texts):
        if key := header_key(text):
            if len(texts) == 1 or normal(text) not in GROUPS:
                return key
    if len(texts) >= 2:
        group, sub = normal(texts[-2]), normal(texts[-1])
        for joined in (sub + group, group + sub, sub + group[-2:], sub + "时限"):
            if key := SYNONYMS.get(joined):
                return key
        return header_key(texts[0]) if normal(texts[-1]) == normal(texts[0]) else None
    return None


def _one_column_per_key(table: Table) -> None:
    """Two columns with one meaning: two bases (设定依据 and 实施依据) both feed the basis; for any other
    key the second is kept unpublished and asked about."""
    seen: dict[str, Column] = {}
    bases = [c for c in table.columns if c.key == "basis"]
    for column in bases[1:]:
        column.question = f"两列依据（{'、'.join(c.label for c in bases)}）：都导入实施依据，按列的顺序；请核对"
    for column in table.columns:
        if not column.key or column.key == "basis":
            continue
        if column.key in seen:
            first = seen[column.key].label
            table.problems.append(f"列「{column.label}」与「{first}」含义相同，只导入前一列；此列内容保留在内部备注中")
            column.key = None
            column.question = f"与「{first}」含义相同：只导入「{first}」，这一列的内容保留在内部备注中"
        else:
            seen[column.key] = column


def _repeats_header(table: Table, column: Column, text: str) -> bool:
    """The cell says what its column's header says (a known synonym at least, not merely a keyword:
    收费5元 under 收费 is a fee, not a header)."""
    t = normal(text)
    if not t or not column.key:
        return False
    return t in {normal(table.sheet.text(*cell)) for cell in column.cells} or SYNONYMS.get(t) == column.key


def row_kind(table: Table, r: int) -> str:
    """blank | header | notes | section | data."""
    sheet = table.sheet
    typed = [c for c in range(sheet.width) if sheet.typed(r, c)]
    texts = {sheet.text(r, c) for c in range(sheet.width) if sheet.text(r, c)}
    if not typed:  # empty, or only merged copies of the row above: nothing new to read
        return "blank"
    first = sheet.text(r, typed[0])
    if all(re.fullmatch(r"\s*[{｛].*[}｝]\s*", sheet.text(r, c), re.S) for c in typed):
        return "notes"  # a template's {填写说明} row left in
    if sum(1 for column in table.columns if _repeats_header(table, column, sheet.text(r, column.index))) >= 2:
        return "header"  # the header again (lists printed with the header repeated on every page)
    if NOTES.match(re.sub(r"\s+", "", first)):
        return "notes"
    if len(texts) == 1 and (len(typed) == 1 or sheet.spans.get((r, typed[0]), (1, 1))[1] > 1):
        name_col = table.column("name")
        if category_in(first) or SECTION.search(re.sub(r"\s+", "", first)):
            return "section"
        if sheet.spans.get((r, typed[0]), (1, 1))[1] >= max(3, sheet.width // 2):
            return "notes"  # one text across the table that is no category: a note, not a power
        if name_col is not None and typed[0] != name_col.index and len(first) > 40:
            return "notes"
    return "data"

