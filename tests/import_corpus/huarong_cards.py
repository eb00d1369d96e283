"""A county list published as cards, not as a table: each power a block of label | value rows (类别,
实施主体 | 行使层级 on one row, 实施依据, 备注), blocks separated by blank rows, the department as a heading.
行使层级 says 本级保留 (kept at this level), not a level's name; one citation names two articles."""

from __future__ import annotations

from tests.import_corpus._book import new_book, put, row

SOURCE = (
    "华容县 (湖南省岳阳市) 工作部门权力清单(2015版 第一批), 国土局, read at "
    "http://www.huarong.gov.cn/33465/content_1017831.html. Kept as published: the heading, the department, the card "
    "of 矿产资源储量登记、统计监督检查 with its labels (类别, 实施主体, 行使层级, 实施依据, 备注) and its citation "
    "of 《矿产资源登记统计管理办法》(国土资源部令第23号) 第三条 and 第十七条 in full. Changed: the web page is "
    "HTML; here each card is a block of rows in one sheet, the way such pages are copied into Excel; the second "
    "card (土地管理法 2004 第七十六条 penalty) is ours, in the same form."
)

SHEET = "国土局"
UNIT = "国土局"
BASIS_1 = (
    "《矿产资源登记统计管理办法》(国土资源部令第23号)第三条“本办法所称矿产资源登记统计,包括矿产资源储量登记和矿产资源统计。"
    "本办法所称矿产资源储量登记,是指县级以上国土资源行政主管部门对查明、占用、残留、压覆矿产资源储量的类型、数量、"
    "质量特征、产地以及其他相关情况进行登记的活动。本办法所称矿产资源统计,是指县级以上国土资源行政主管部门对矿产资源"
    "储量变化及开发利用情况进行统计的活动。” 第十七条“国土资源行政主管部门应当建立矿产资源登记统计资料档案管理制度,"
    "加强对本行政区域内矿产资源登记统计资料、统计台帐及数据库的管理。上报矿产资源登记统计资料应当附具统一要求的电子文本。"
    "全国矿产资源登记统计数据库由国土资源部统一制定。探矿权人、采矿权人和建设单位应当建立矿产资源登记统计资料档案管理制度,"
    "妥善保管本单位的矿产资源登记统计资料、统计台账及其他相关资料,并接受县级以上国土资源行政主管部门的监督检查。”"
)
BASIS_2 = (
    "《中华人民共和国土地管理法》第七十六条“未经批准或者采取欺骗手段骗取批准,非法占用土地的,由县级以上人民政府土地行政"
    "主管部门责令退还非法占用的土地……可以并处罚款;”"
)


def _card(ws, top, name, category, basis, remarks=None):
    put(ws, f"A{top}", name, f"D{top}")
    put(ws, f"A{top + 1}", "类别")
    put(ws, f"B{top + 1}", category, f"D{top + 1}")
    row(ws, top + 2, ["实施主体", UNIT, "行使层级", "本级保留"])
    put(ws, f"A{top + 3}", "实施依据")
    put(ws, f"B{top + 3}", basis, f"D{top + 3}")
    put(ws, f"A{top + 4}", "备注")
    if remarks:
        put(ws, f"B{top + 4}", remarks, f"D{top + 4}")


def build(path):
    wb = new_book()
    ws = wb.create_sheet(SHEET)
    put(ws, "A1", "工作部门权力清单(2015版 第一批)", "D1")
    put(ws, "A2", "国土局", "D2")
    _card(ws, 4, "矿产资源储量登记、统计监督检查", "行政检查", BASIS_1)
    _card(ws, 10, "对非法占用土地的处罚", "行政处罚", BASIS_2)
    wb.save(path)
    return path


def _labels(top):
    return {(SHEET, f"A{top + 1}"): "category", (SHEET, f"A{top + 2}"): "unit",
            (SHEET, f"C{top + 2}"): "exercise_level", (SHEET, f"A{top + 3}"): "basis",
            (SHEET, f"A{top + 4}"): "remarks"}


EXPECTED = {
    "headers": {**_labels(4), **_labels(10)},  # labels repeated in every card
    "powers": [
        {"name": "矿产资源储量登记、统计监督检查", "category": "行政检查",
         "basis": [
             {"title": "矿产资源登记统计管理办法", "article": "第三条", "level": "部门规章"},
             {"title": "矿产资源登记统计管理办法", "article": "第十七条", "level": "部门规章"},
         ],
         "unit": UNIT, "rows": [(SHEET, r) for r in range(4, 9)]},
        {"name": "对非法占用土地的处罚", "category": "行政处罚",
         "basis": [{"title": "中华人民共和国土地管理法", "article": "第七十六条", "level": "法律"}],
         "unit": UNIT, "rows": [(SHEET, r) for r in range(10, 15)]},
    ],
    "findings": [
        (SHEET, "D6", "本级保留 = kept at this level (not 下放), not a level: 县级?"),
        (SHEET, "D12", "行使层级 本级保留 (as D6)"),
    ],
    "copied": [],
    "ignored": [(SHEET, "A1", "title"), (SHEET, "A2", "department heading (the unit, as 实施主体 says)")],
}
