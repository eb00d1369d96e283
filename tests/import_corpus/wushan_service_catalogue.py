"""A county 政务服务事项内容目录 filled in from the provincial template: a title, a 共X项 summary line, a
部门职能 line left as the template's placeholder, the template's {instruction} row still under the
header, 序号 restarting at 1 in each category, 即办 and 日 limits, blank rows, a 合计 row, 填表说明."""

from __future__ import annotations

from tests.import_corpus._book import new_book, put, row

SOURCE = (
    "The 政务服务事项梳理规范表式及范例 template as the counties of 天水市 (甘肃) published it: 武山县's 表一 "
    "(“武山县X X局政务服务事项内容目录 / "
    "共项:其中行政许可项;行政征收项;非行政许可的行政审批项;行政确认项;代理事项项;其他项;便民服务事项项”), "
    "https://360docs.net/doc/7919048908.html, and the same template's columns and {instructions} as 公主岭市 "
    "published them (序号 | 事项名称 | 事项类型 | 办理主体 | 行使依据 | 法定期限 | 收费标准与依据; "
    "“{各类别事项的序号分别从1开始}” ...; 文档格式要求), https://max.book118.com/html/2016/1031/60902567.shtm. Kept "
    "as published: title pattern, summary line, 部门职能 placeholder, header, the instruction row's texts, the "
    "填表说明 text. Changed (ours): the office (民政局) and its four items with their 国务院令 citations and "
    "limits; the blank rows and the 合计 row."
)

SHEET = "表一"
UNIT_CELL = "武山县民政局(法定机关)"
B_SHE = (
    "《社会团体登记管理条例》(国务院令第250号)第三条 成立社会团体,应当经其业务主管单位审查同意,"
    "并依照本条例的规定进行登记。"
)
B_MIN = (
    "《民办非企业单位登记管理暂行条例》(国务院令第251号)第三条 成立民办非企业单位,应当经其业务主管单位审查同意,"
    "并依照本条例的规定登记。"
)
B_HUN = (
    "《婚姻登记条例》(国务院令第387号)第四条 内地居民结婚,男女双方应当共同到一方当事人常住户口所在地的婚姻登记机关"
    "办理结婚登记。"
)
INSTRUCTIONS = [
    "{各类别事项的序号分别从1开始}",
    "{各事项的名称,应尽可能使用法定名称或法定词汇组成的简称,无法定名称的,使用相应的规定词汇组成简称}",
    "{事项所属类型,按照表格上方统计分类的次序排列}",
    "{事项的办理主体及其性质,主体性质分为法定机关、授权组织和受委托单位三种,当性质为受委托单位时,还需填写委托单位名称}",
    "{事项的法定依据,应写明具体条款及内容。对于同一事项有不同位阶依据的,从高到低依次列举。}",
    "{事项的法定办理期限}",
    "{说明事项是否涉及收费,收费的事项进一步写明准予收费的依据及标准}",
]


def build(path):
    wb = new_book()
    ws = wb.create_sheet(SHEET)
    put(ws, "A1", "武山县民政局政务服务事项内容目录", "G1")
    put(ws, "A2", "共4项:其中行政许可2项;行政征收0项;非行政许可的行政审批0项;行政确认1项;代理事项0项;其他0项;"
                  "便民服务事项1项", "G2")
    put(ws, "A3", "部门职能:(填写部门职能)", "G3")
    row(ws, 4, ["序号", "事项名称", "事项\n类型", "办理主体", "行使依据", "法定\n期限", "收费标准与依据"])
    row(ws, 5, INSTRUCTIONS)
    row(ws, 6, [1, "社会团体成立登记", "行政许可", UNIT_CELL, B_SHE, "30日", "不收费"])
    row(ws, 7, [2, "民办非企业单位成立登记", "行政许可", UNIT_CELL, B_MIN, "60日", "不收费"])
    row(ws, 8, [1, "结婚登记", "行政确认", UNIT_CELL, B_HUN, "即办", "不收费"])
    row(ws, 10, [1, "婚姻登记档案查询", "便民服务事项", UNIT_CELL, None, "即办", "不收费"])
    row(ws, 12, ["合计", "4项"])
    put(ws, "A14", "填表说明:填报的表格用WORD文档制作,小四号仿宋GB2312填写。报送书面材料的同时提供电子文档。", "G14")
    wb.save(path)
    return path


UNIT = "武山县民政局"

EXPECTED = {
    "headers": {
        (SHEET, "A4"): "seq", (SHEET, "B4"): "name", (SHEET, "C4"): "category", (SHEET, "D4"): "unit",
        (SHEET, "E4"): "basis", (SHEET, "F4"): "legal_limit", (SHEET, "G4"): "fee",
    },
    "powers": [
        {"name": "社会团体成立登记", "category": "行政许可",
         "basis": [{"title": "社会团体登记管理条例", "article": "第三条", "level": "行政法规"}],
         "unit": UNIT, "legal_limit": (30, "日"), "fee": "不收费", "rows": [(SHEET, 6)]},
        {"name": "民办非企业单位成立登记", "category": "行政许可",
         "basis": [{"title": "民办非企业单位登记管理暂行条例", "article": "第三条", "level": "行政法规"}],
         "unit": UNIT, "legal_limit": (60, "日"), "fee": "不收费", "rows": [(SHEET, 7)]},
        {"name": "结婚登记", "category": "行政确认",
         "basis": [{"title": "婚姻登记条例", "article": "第四条", "level": "行政法规"}],
         "unit": UNIT, "legal_limit": (0, "工作日"), "fee": "不收费", "rows": [(SHEET, 8)]},
        # 便民服务事项 is no category word: written as is, for check to refuse with the list (公共服务?)
        {"name": "婚姻登记档案查询", "category": None,
         "unit": UNIT, "legal_limit": (0, "工作日"), "fee": "不收费", "rows": [(SHEET, 10)]},
    ],
    "findings": [
        (SHEET, "A3", "部门职能 left as the template's placeholder (填写部门职能)"),
        (SHEET, "A8", "序号 restarts at 1 in each category: 序号 is not a key"),
        (SHEET, "C10", "便民服务事项 is not a category word: 公共服务? confirm"),
        (SHEET, "D6", "办理主体 carries the body's nature in brackets (法定机关): the unit's nature, not its name"),
        (SHEET, "F8", "即办 as a legal limit: 0, a same-day case (即办件)"),
    ],
    "copied": [],
    "ignored": [
        (SHEET, "A1", "title row"),
        (SHEET, "A2", "summary line 共4项 (its counts may be checked against the rows)"),
        *((SHEET, f"{c}5", "the template's {instruction} row") for c in "ABCDEFG"),
        (SHEET, "A12", "合计 row"), (SHEET, "B12", "合计 row"),
        (SHEET, "A14", "notes row 填表说明"),
    ],
}
