"""Sub-items two ways. Sheet 审批目录: continuation rows with the main code and name left blank, each
sub-item with its own 审批类别 and 设定依据 (one power, two sub-items). Sheet 实施规范: each sub-item has its
own code (业务办理项编码), so each stays a separate power with that code; the main item and its code are
merged over them; 设定依据 and 实施依据 are two basis columns."""

from __future__ import annotations

from tests.import_corpus._book import new_book, put, row

SOURCE = (
    "Sheet 审批目录: 国土资源部行政审批事项公开目录 (2014, published under 国办发〔2014〕5号), read at "
    "http://www.jlskylhh.com/kzgl/2014-04-14/960.html: header 项目编码 | 审批部门 | 项目名称 | 子项 | 审批类别 | "
    "设定依据 | 共同审批部门 | 审批对象 | 备注 and item 12001 with its two sub-items as published (a ministry's "
    "catalogue, which the county and provincial land lists copy item by item). Changed: the HTML groups the "
    "sub-items under one code; here the continuation row leaves 项目编码, 审批部门 and 项目名称 blank, as the table "
    "reads when pasted without merges; the 压覆矿床 citation is shortened to the article. Sheet 实施规范: "
    "行政许可事项实施规范(基本要素) 林木采伐许可证核发, 主管部门 市林草局 (a Yunnan city), read at "
    "http://m.boteman.cn/paper/307223723.html: the main code 00016421300Y, the sub-item 000164213003 and its two "
    "业务办理项 with codes 00016421300301/02, 设定依据 and 实施依据 as published, 行使层级 市级. Changed: the "
    "document is a form, one element a line; here it is a table, one 业务办理项 a row, with our column headers "
    "named after the form's elements."
)

ML, GF = "审批目录", "实施规范"

BASIS_LAND_1 = (
    "《中华人民共和国土地管理法》(2004年8月十届全国人大常委会第十一次会议修正)第五十二条“建设项目可行性研究论证时,"
    "土地行政主管部门可以根据土地利用总体规划、土地利用年度计划和建设用地标准,对建设用地有关事项进行审查,并提出意见。”"
)
BASIS_LAND_2 = (
    "《中华人民共和国矿产资源法》(1996年8月八届全国人大常委会第二十一次会议通过)第三十三条“在建设铁路、工厂、"
    "水库、输油管道、输电线路和各种大型建筑物或者建筑群之前,建设单位必须向所在省、自治区、直辖市地质矿产主管部门"
    "了解拟建工程所在地区的矿产资源分布和开采情况。……”"
)
AUDIENCE = "机关、事业单位、企业、社会组织"
SET_BASIS = (
    "(1)《中华人民共和国森林法》第五十六条、第五十七条、第五十九条\n(2)《中华人民共和国森林法实施条例》第三十二条"
)
DO_BASIS = "(1)《中华人民共和国森林法》第五十五条、第五十六条、第五十八条、第五十九条、第六十条"
MAIN_YN = "林木采伐许可证核发(设区的市级权限)"


def build(path):
    wb = new_book()
    ml = wb.create_sheet(ML)
    row(ml, 1, ["项目\n编码", "审批\n部门", "项目名称", "子项", "审批\n类别", "设定依据", "共同审批部门", "审批对象",
                "备注"])
    row(ml, 2, ["12001", "国土资源部", "建设项目用地预审及建设项目压覆重要矿床审批", "1.建设项目用地预审",
                "行政\n许可", BASIS_LAND_1, None, AUDIENCE])
    row(ml, 3, [None, None, None, "2.建设项目压覆重要矿床审批", "行政\n许可", BASIS_LAND_2, None, AUDIENCE])
    gf = wb.create_sheet(GF)
    row(gf, 1, ["行政许可事项名称", "事项编码", "子项名称", "子项编码", "业务办理项名称", "业务办理项编码", "设定依据",
                "实施依据", "实施机关", "行使层级"])
    put(gf, "A2", "林木采伐许可证核发", "A3")
    put(gf, "B2", "00016421300Y", "B3")
    put(gf, "C2", MAIN_YN, "C3")
    put(gf, "D2", "000164213003", "D3")
    row(gf, 2, ["林木采伐许可证延续(设区的市级权限)", "00016421300301", SET_BASIS, DO_BASIS, "市林草局", "市级"],
        first_col=5)
    row(gf, 3, ["林木采伐许可证核发(设区的市级权限)", "00016421300302", "同上", "同上", "同上", "市级"], first_col=5)
    wb.save(path)
    return path


_FOREST = [
    {"title": "中华人民共和国森林法", "article": "第五十六条、第五十七条、第五十九条", "level": "法律"},
    {"title": "中华人民共和国森林法实施条例", "article": "第三十二条", "level": "行政法规"},
    {"title": "中华人民共和国森林法", "article": "第五十五条、第五十六条、第五十八条、第五十九条、第六十条",
     "level": "法律"},
]

EXPECTED = {
    "headers": {
        (ML, "A1"): "code", (ML, "B1"): "unit", (ML, "C1"): "name", (ML, "D1"): "sub_items",
        (ML, "E1"): "category", (ML, "F1"): "basis", (ML, "G1"): None,  # 共同审批部门: no field
        (ML, "H1"): "audience", (ML, "I1"): "remarks",
        (GF, "A1"): "group",  # the main item: context for the powers, not itself a power here
        (GF, "B1"): "group", (GF, "C1"): "group", (GF, "D1"): "group",
        (GF, "E1"): "name", (GF, "F1"): "code", (GF, "G1"): "basis", (GF, "H1"): "basis",
        (GF, "I1"): "unit", (GF, "J1"): "exercise_level",
    },
    "powers": [
        {"name": "建设项目用地预审及建设项目压覆重要矿床审批", "category": "行政许可", "code": "12001",
         "sub_items": ["建设项目用地预审", "建设项目压覆重要矿床审批"],
         "basis": [
             {"title": "中华人民共和国土地管理法", "article": "第五十二条", "level": "法律"},
             {"title": "中华人民共和国矿产资源法", "article": "第三十三条", "level": "法律"},
         ],
         "unit": "国土资源部",
         "rows": [(ML, 2), (ML, 3)]},
        {"name": "林木采伐许可证延续(设区的市级权限)", "category": "行政许可", "code": "00016421300301",
         "basis": _FOREST, "unit": "市林草局", "exercise_level": "市级", "rows": [(GF, 2)]},
        {"name": "林木采伐许可证核发(设区的市级权限)", "category": "行政许可", "code": "00016421300302",
         "basis": _FOREST, "unit": "市林草局", "exercise_level": "市级", "rows": [(GF, 3)]},
    ],
    "findings": [
        (ML, "H2", "审批对象 is not in the model's audience words"),
        (ML, "H3", "审批对象 (as H2)"),
        (GF, "A2", "the main item 林木采伐许可证核发 (00016421300Y) and sub-item 000164213003 are not powers here: "
                   "keep them as the powers' grouping, ask where it goes"),
        (GF, "H1", "设定依据 and 实施依据 are two basis columns: both go to basis, 设定依据 first"),
        # no category column: the sheet is a 行政许可 实施规范 (its header 行政许可事项名称 says so), so 行政许可
        # (confirm): asked at that header
        (GF, "A1", "no category column: 行政许可 from the header 行政许可事项名称 (confirm)"),
    ],
    "normalised": [(ML, "E2", "审批类别 written 行政\\n许可 with a line break: 行政许可 once joined")],
    "copied": [
        (GF, "G3", "同上: 设定依据 from G2"), (GF, "H3", "同上: 实施依据 from H2"),
        (GF, "I3", "同上: 实施机关 from I2"),
    ],
    "ignored": [],
}
