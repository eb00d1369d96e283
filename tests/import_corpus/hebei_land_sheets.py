"""One sheet per category (the sheet name is the category), a single header row, a 5-digit 项目编码, one
办理时限 column that does not say whether it is the legal or the promised limit, limits as text, citations
with Arabic article numbers ("第52条", "22条第1款"), a fee cell holding both basis and standard."""

from __future__ import annotations

from tests.import_corpus._book import new_book, put, row

SOURCE = (
    "市国土资源局行政权力清单(共54项), a Hebei municipal land bureau, read at http://m.facezit.com/p-5942948.html "
    "(a document-sharing copy of the published list). Kept as published: the header texts (项目编码 | 项目名称 | "
    "实施主体 | 承办机构 | 实施依据 | 实施对象 | 办理时限 | 收费依据和标准 | 备注) and the two 行政许可 items 11001 "
    "and 11002 with their citations, limits and fee text. Changed: the published list has one table with a "
    "行政权力类别 column; here each category is its own sheet (the habit of many county workbooks) and that column "
    "is dropped; the 行政处罚 sheet's items are not in the stored excerpt: they are the bureau's usual penalties "
    "under the 2004 土地管理法 and the 矿产资源法, with codes 12001/12002 following the published 11001 pattern and "
    "limits written the way county lists write them (90日, 3个月), and the 注 row is ours; the fee standard's "
    "slashes are restored (the excerpt reads 1000元平方公里年)."
)

XK, CF = "行政许可", "行政处罚"
HEAD = ["项目编码", "项目名称", "实施主体", "承办机构", "实施依据", "实施对象", "办理时限", "收费依据和标准", "备注"]

BASIS_11001 = (
    "1、《中华人民共和国土地管理法》(中华人民共和国主席令第28号)第52条\n2、《土地管理法实施条例》(国务院令第256号)"
    "22条第1款;\n3、《建设项目用地预审管理办法》(国土资源部令42号)第2条。"
)
BASIS_11002 = (
    "1、《矿产资源开采登记管理办法》(国务院令第241号)第3条;\n2、《河北省矿产资源管理条例》第16条;\n"
    "3、《河北省国土资源厅关于加强行政许可审批管理工作的通知》(冀国土资发[2009]10号)附件。"
)
FEE_11002 = (
    "依据:国务院令第241号第九条、第十条\n标准:1、采矿权价款:公开出让方式为成交价;协议出让方式为评估价。"
    "2、采矿权使用费:1000元/平方公里/年。"
)
BASIS_12001 = (
    "《中华人民共和国土地管理法》第七十六条 未经批准或者采取欺骗手段骗取批准,非法占用土地的,由县级以上人民政府"
    "土地行政主管部门责令退还非法占用的土地……可以并处罚款"
)
BASIS_12002 = (
    "《中华人民共和国矿产资源法》第三十九条 违反本法规定,未取得采矿许可证擅自采矿的……责令停止开采、赔偿损失,"
    "没收采出的矿产品和违法所得,可以并处罚款"
)


def build(path):
    wb = new_book()
    xk = wb.create_sheet(XK)
    row(xk, 1, HEAD)
    row(xk, 2, ["11001", "建设项目用地预审", "市国土资源局", "市国土资源局", BASIS_11001,
                "机关、事业单位、企业、社会组织", "10个工作日", "无"])
    row(xk, 3, ["11002", "采矿权设立、延续、变更、注销审批(仅限小型建材矿)", "市国土资源局", "市国土资源局",
                BASIS_11002, "具有独立承担民事责任的法人", "15个工作日", FEE_11002])
    cf = wb.create_sheet(CF)
    row(cf, 1, HEAD)
    row(cf, 2, ["12001", "对非法占用土地的处罚", "市国土资源局", "执法监察支队", BASIS_12001,
                "公民、法人或者其他组织", "90日", "无"])
    row(cf, 3, ["12002", "对未取得采矿许可证擅自采矿的处罚", "市国土资源局", "执法监察支队", BASIS_12002,
                "公民、法人或者其他组织", "3个月", "无", "案情复杂的经集体讨论可延长"])
    put(cf, "A5", "注:办理时限自立案之日起计算。", "I5")
    wb.save(path)
    return path


def _heads(sheet):
    fields = ["code", "name", "unit", "office", "basis", "audience", "limit", "fee", "remarks"]
    return {(sheet, f"{c}1"): f for c, f in zip("ABCDEFGHI", fields)}


EXPECTED = {
    # "limit": the sheet's one 办理时限 column; whether it is 法定 or 承诺 is asked once for the column (finding)
    "headers": {**_heads(XK), **_heads(CF)},
    "powers": [
        {"name": "建设项目用地预审", "category": "行政许可", "code": "11001",
         "basis": [
             {"title": "中华人民共和国土地管理法", "article": "第五十二条", "level": "法律"},
             {"title": "土地管理法实施条例", "article": "第二十二条第一款", "level": "行政法规"},
             {"title": "建设项目用地预审管理办法", "article": "第二条", "level": "部门规章"},
         ],
         "unit": "市国土资源局", "office": "市国土资源局", "limit": (10, "工作日"), "fee": "不收费",
         "rows": [(XK, 2)]},
        {"name": "采矿权设立、延续、变更、注销审批(仅限小型建材矿)", "category": "行政许可", "code": "11002",
         "basis": [
             {"title": "矿产资源开采登记管理办法", "article": "第三条", "level": "行政法规"},
             {"title": "河北省矿产资源管理条例", "article": "第十六条", "level": "地方性法规"},
             {"title": "河北省国土资源厅关于加强行政许可审批管理工作的通知", "article": "附件", "level": "规范性文件"},
         ],
         "unit": "市国土资源局", "office": "市国土资源局", "limit": (15, "工作日"),
         "fee": "1、采矿权价款:公开出让方式为成交价;协议出让方式为评估价。2、采矿权使用费:1000元/平方公里/年。",
         "fee_basis": "国务院令第241号第九条、第十条",
         "rows": [(XK, 3)]},
        {"name": "对非法占用土地的处罚", "category": "行政处罚", "code": "12001",
         "basis": [{"title": "中华人民共和国土地管理法", "article": "第七十六条", "level": "法律"}],
         "unit": "市国土资源局", "office": "执法监察支队", "limit": (90, "日"), "fee": "不收费",
         "rows": [(CF, 2)]},
        {"name": "对未取得采矿许可证擅自采矿的处罚", "category": "行政处罚", "code": "12002",
         "basis": [{"title": "中华人民共和国矿产资源法", "article": "第三十九条", "level": "法律"}],
         "unit": "市国土资源局", "office": "执法监察支队", "limit": ("3个月", "finding"), "fee": "不收费",
         "remarks": "案情复杂的经集体讨论可延长",
         "rows": [(CF, 3)]},
    ],
    "findings": [
        (XK, "G1", "办理时限: the column does not say 法定 or 承诺"),
        (CF, "G1", "办理时限: the column does not say 法定 or 承诺"),
        (XK, "F3", "具有独立承担民事责任的法人: a description, not one of 个人/法人/其他组织: ask, never guess"),
        (XK, "F2", "实施对象 is not in the model's audience words"),
        (XK, "B3", "设立、延续、变更、注销 in the name may be four sub-items: ask, do not split silently"),
        (CF, "G3", "3个月 is not a number of days: report, do not convert"),
    ],
    # certain rewrites, shown to the clerk (coloured in the report) but not questions
    "normalised": [
        (XK, "E2", "Arabic article numbers (第52条, 22条第1款, 第2条) → 第五十二条 …"),
        (XK, "H3", "fee cell holds 依据 and 标准 together: split at 依据:/标准:"),
        (CF, "F2", "实施对象 公民、法人或者其他组织: 公民 means 个人"),
        (CF, "F3", "实施对象 (as F2)"),
    ],
    "copied": [],
    "ignored": [(CF, "A5", "notes row 注: applies to the whole sheet, not to a power")],
}
