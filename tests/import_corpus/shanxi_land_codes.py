"""A municipal land bureau's 2017 list: 职权编码 per power, 职权名称 merged over 权力名称 | 子项, headers with
line breaks inside, 【tag】 citations with 国务院令 numbers, and columns no importer knows (前置条件, 行使情况,
部门意见及理由). No category column: the category is only hinted by the letter in the code."""

from __future__ import annotations

from tests.import_corpus._book import new_book, put, row

SOURCE = (
    "A municipal 国土资源局 权力清单 (2017), read at http://bzljjf.com/html/2017zqqd_05182101.html (a mirror; the "
    "codes end in 140400, the GB/T 2260 code of 长治市, 山西省). Kept as published: the header (序号 | 职权编码 | "
    "职权名称 over 权力名称 | 子项 | 实施依据 | 实施对象 | 承办机构 | 收费(征收)依据和标准 | 前置条件 | 行使情况 | "
    "行使层级 | 部门意见及理由 | 备注, the two-character headers broken over two lines as the page shows them), "
    "item 1 (采矿许可(新立)) whole, item 2's code, name and 土地管理法 citation. Changed: shortened to 2 items; "
    "item 2's 土地管理法实施条例 citation is completed with 第二十二条 as the 中央指定地方实施行政许可事项清单 "
    "(国土资源部) cites it (https://m.wenke99.com/p-619098.html); item 2's 实施对象 is that list's 审批对象; 同上 "
    "in item 2's 承办机构 is this corpus's addition."
)

SHEET = "Sheet1"

BASIS_1 = (
    "【法律】《中华人民共和国矿产资源法》 第十五条 设立矿山企业,必须符合国家规定的资质条件,并依照法律和国家有关"
    "规定,由审批机关对其矿区范围、矿山设计或者开采方案、生产技术条件、安全措施和环境保护措施等进行审查;审查合格的,"
    "方予批准。 【行政法规】《矿产资源开采登记管理办法》(国务院令第241号) 第五条第三款 “采矿权申请人申请办理"
    "采矿许可证时,应当向登记管理机关提交下列资料:(三)矿产资源开发利用方案;” 【地方性法规】《山西省矿产资源"
    "管理条例》(1998年9月29日山西省第九届人民代表大会常务委员会第五次会议通过) 第十六条第二款 “开采下列矿产资源,"
    "由地(市)地质矿产主管部门审批登记,颁发采矿许可证:(一)前款规定以外的矿产储量规模为小型的矿产资源;"
    "(二)省地质矿产主管部门授权审批登记的矿产资源。” 【规范性文件】《关于进一步完善采矿权登记管理有关问题的"
    "通知》(国土资发〔2011〕14号)"
)
FEE_BASIS_1 = "《关于颁发〈矿产资源勘查、采矿登记收费标准及其使用范围的暂行规定〉的通知》(地发[1987]289号)"
BASIS_2 = (
    "【法律】《中华人民共和国土地管理法》 第五十二条 建设项目可行性研究论证时,土地行政主管部门可以根据土地利用"
    "总体规划、土地利用年度计划和建设用地标准,对建设用地有关事项进行审查,并提出意见。 【行政法规】《中华人民共和国"
    "土地管理法实施条例》(国务院令第256号) 第二十二条 “(一)建设项目可行性研究论证时,由土地行政主管部门对建设"
    "项目用地有关事项进行审查,提出建设项目用地预审报告;”"
)


def build(path):
    wb = new_book()
    ws = wb.create_sheet(SHEET)
    heads = {"A": "序号", "B": "职权编码", "E": "实施\n依据", "F": "实施\n对象", "G": "承办\n机构",
             "H": "收费(征收)\n依据和标准", "I": "前置\n条件", "J": "行使\n情况", "K": "行使\n层级",
             "L": "部门意见及理由", "M": "备注"}
    for col, text in heads.items():
        put(ws, f"{col}1", text, f"{col}2")
    put(ws, "C1", "职权名称", "D1")
    row(ws, 2, ["权力\n名称", "子项"], first_col=3)
    row(ws, 3, [1, "1100-A-00100-140400", "采矿许可(新立)", None, BASIS_1, "企业", "行政审批科", FEE_BASIS_1,
                None, "常用", "市级行使", "保留", None])
    row(ws, 4, [2, "1100-A-00200-140400", "建设项目用地预审", None, BASIS_2, "机关、事业单位、企业、社会组织",
                "同上", None, None, "常用", "市级行使", "保留", None])
    wb.save(path)
    return path


EXPECTED = {
    "headers": {
        (SHEET, "A1"): "seq", (SHEET, "B1"): "code", (SHEET, "C1"): "group", (SHEET, "C2"): "name",
        (SHEET, "D2"): "sub_items", (SHEET, "E1"): "basis", (SHEET, "F1"): "audience", (SHEET, "G1"): "office",
        (SHEET, "H1"): "fee",  # 依据和标准 in one column (the fee cell is split); here only a basis is written
        (SHEET, "I1"): None,  # 前置条件: prerequisites; close to 申请条件 but not the same: ask
        (SHEET, "J1"): None,  # 行使情况 (常用 / 不常用): unknown to the model, kept in internal notes
        (SHEET, "K1"): "exercise_level", (SHEET, "L1"): None,  # 部门意见及理由: the review's verdict, internal
        (SHEET, "M1"): "remarks",
    },
    "powers": [
        {"name": "采矿许可(新立)", "category": None, "code": "1100-A-00100-140400",
         "basis": [
             {"title": "中华人民共和国矿产资源法", "article": "第十五条", "level": "法律"},
             {"title": "矿产资源开采登记管理办法", "article": "第五条第三款", "level": "行政法规"},
             {"title": "山西省矿产资源管理条例", "article": "第十六条第二款", "level": "地方性法规"},
             {"title": "关于进一步完善采矿权登记管理有关问题的通知", "article": None, "level": "规范性文件"},
         ],
         "office": "行政审批科", "fee_basis": FEE_BASIS_1, "exercise_level": "市级",
         "internal_notes": ["行使情况: 常用", "部门意见及理由: 保留"],
         "rows": [(SHEET, 3)]},
        {"name": "建设项目用地预审", "category": None, "code": "1100-A-00200-140400",
         "basis": [
             {"title": "中华人民共和国土地管理法", "article": "第五十二条", "level": "法律"},
             {"title": "中华人民共和国土地管理法实施条例", "article": "第二十二条", "level": "行政法规"},
         ],
         "office": "行政审批科", "exercise_level": "市级",
         "internal_notes": ["行使情况: 常用", "部门意见及理由: 保留"],
         "rows": [(SHEET, 4)]},
    ],
    "findings": [
        # no category column: the A in the code (B3) suggests 行政许可, the sheet does not say it; the importer
        # asks at the power's name cell (C3 also carries the (新立) question below)
        (SHEET, "C4", "no category column (as for C3)"),
        (SHEET, "C3", "(新立) in the name may be a sub-item (新立/延续/变更/注销) the 子项 column leaves empty"),
        (SHEET, "F3", "实施对象 企业 is not one of 个人/法人/其他组织"),
        (SHEET, "F4", "实施对象 lists 机关、事业单位、企业、社会组织: not the model's audience words"),
        (SHEET, "I1", "前置条件: a column the importer cannot place (empty here, but the header must be asked)"),
        (SHEET, "J3", "行使情况 常用: unknown column, keep unpublished"),
        (SHEET, "L3", "部门意见及理由 保留: unknown column, keep unpublished"),
        (SHEET, "J4", "行使情况 (as J3)"),
        (SHEET, "L4", "部门意见及理由 (as L3)"),
    ],
    "copied": [(SHEET, "G4", "同上: 承办机构 from G3")],
    "ignored": [],
}
