"""County/provincial common layout: title row, 职权名称 merged over 项目 | 子项, category merged down the
sheet, sub-item rows, 同上, numbered 责任事项 with (1)(2) inside stages, 见附件, 国务院令 citations."""

from __future__ import annotations

from tests.import_corpus._book import new_book, put, row

SOURCE = (
    "省卫生计生委行政许可事项目录, published 2017-05-16 (双公示 > 行政许可), read at "
    "http://www.chgnctech.com/html/sgsxzxk.201705t20170516_2946575.html (a mirror of a provincial 卫生计生委 page; "
    "the province is not named in the stored excerpt; the 【法律】/【行政法规】 tags and the 责任事项 wording are "
    "those of Hunan's lists). Kept as published: the title, the header (序号 | 职权类型 | 职权名称 over 项目 | 子项 "
    "| 职权依据 | 实施主体 | 责任事项 | 备注), item 1 with its first sub-item and its three citations, and the "
    "受理责任 text. Changed: shortened to 3 items; sub-item 2 of item 1 is reconstructed (the excerpt stops after "
    "sub-item 1); stages 2-6 of the 责任事项 use the standard wording Hunan publishes (e.g. "
    "http://zwfw-new.hunan.gov.cn/onething/sungovaffairs/responsibilityDetail.jsp?areaCode=439900000000&i"
    "d=YvinRaw9RMmh5tH_864VMw); items 2 and 3 cite 《医疗机构管理条例》(国务院令第149号) 第九条 / 第十五条; 同上 "
    "and 见附件 are this corpus's additions, the habits other county lists have, so that one layout exercises them."
)

SHEET = "Sheet1"

BASIS_1 = (
    "【法律】 《中华人民共和国母婴保健法》(1994年10月27日通过,2009年8月27日修正)第三十二条第一款 "
    "医疗保健机构依照本法开展婚前医学检查、遗传病诊断、产前诊断以及施行结扎手术和终止妊娠手术的,必须符合"
    "国务院卫生行政部门规定的条件和技术标准,并经县级以上地方人民政府卫生行政部门许可。\n"
    "【行政法规】《中华人民共和国母婴保健法实施办法》(国务院令第308号,2001年6月20日公布并施行)第三十五条 "
    "从事遗传病诊断、产前诊断的医疗、保健机构和人员,须经省、自治区、直辖市人民政府卫生行政部门许可。\n"
    "【行政法规】《计划生育技术服务管理条例》(国务院令第309号,2001年6月13日发布,2001年10月1日施行;"
    "《国务院关于修改<计划生育技术服务管理条例>的决定》国务院令第428号,2004年12月10日修订并施行)第二十四条 "
    "计划生育技术服务机构从事产前诊断的,应当经省、自治区、直辖市人民政府计划生育行政部门同意后,"
    "由同级卫生行政部门审查批准。"
)
DUTY_ACCEPT = (
    "(1)公示办理许可的条件、程序以及申请人所需提交的材料;申请人要求对公示内容予以说明、解释的,应当给予说明、"
    "解释,提供准确、可靠的信息。(2)申请资料齐全、符合法定形式的,应当受理申请,并出具《受理通知书》;"
    "申请资料不齐全或者不符合法定形式的,应当当场或者在5个工作日内一次告知申请人需要补正的全部内容。"
)
DUTY_REVIEW = "组织专家组审查,必要时现场勘查;提出审查意见。"
DUTY_DECIDE = (
    "符合许可条件的,做出准予许可的决定;不符合许可条件的,作出不予许可的决定,书面说明理由,同时告知申请人享有"
    "依法申请行政复议或者提起行政诉讼的权利。"
)
DUTY_SERVE = "制发送达文书;信息公开。"
DUTY_WATCH = "开展后续监管、检查工作。"
DUTY_OTHER = "其他法律法规规章文件规定应履行的责任。"
DUTIES_1 = (
    f"1.受理责任:{DUTY_ACCEPT}\n2.审查责任:{DUTY_REVIEW}\n3.决定责任:{DUTY_DECIDE}\n"
    f"4.送达责任:{DUTY_SERVE}\n5.事后监管责任:{DUTY_WATCH}\n6.{DUTY_OTHER}"
)
BASIS_2 = (
    "【行政法规】《医疗机构管理条例》(国务院令第149号)第九条 单位或者个人设置医疗机构,必须经县级以上地方"
    "人民政府卫生行政部门审查批准,并取得设置医疗机构批准书,方可向有关部门办理其他手续。"
)
BASIS_3 = (
    "【行政法规】《医疗机构管理条例》(国务院令第149号)第十五条 医疗机构执业,必须进行登记,"
    "领取《医疗机构执业许可证》。"
)


def build(path):
    wb = new_book()
    ws = wb.create_sheet(SHEET)
    put(ws, "A1", "省卫生计生委行政许可事项目录", "H1")
    for col, text in zip("ABEFGH", ["序号", "职权类型", "职权依据", "实施主体", "责任事项", "备注"]):
        put(ws, f"{col}2", text, f"{col}3")
    put(ws, "C2", "职权名称", "D2")
    row(ws, 3, ["项目", "子项"], first_col=3)
    # item 1: two sub-item rows; 序号, 项目 and 责任事项 merged over them
    put(ws, "A4", 1, "A5")
    put(ws, "B4", "行政许可", "B7")  # the category cell spans every row of the sheet's three items
    put(ws, "C4", "母婴保健专项技术服务机构及人员许可(遗传病诊断、产前诊断)", "C5")
    put(ws, "G4", DUTIES_1, "G5")
    row(ws, 4, ["1.从事产前诊断的医疗保健机构、计划生育技术服务机构许可", BASIS_1, "省卫生计生委"], first_col=4)
    row(ws, 5, ["2.从事遗传病诊断、产前诊断的人员许可", "同上", "同上"], first_col=4)
    put(ws, "A6", 2)
    row(ws, 6, ["医疗机构设置审批", None, BASIS_2, "省卫生计生委", "见附件"], first_col=3)
    put(ws, "A7", 3)
    row(ws, 7, ["医疗机构执业登记", None, BASIS_3, "省卫生计生委", "同上", "三级医疗机构"], first_col=3)
    wb.save(path)
    return path


_REGS_149 = "医疗机构管理条例"
_RESP_1 = [
    ("受理", DUTY_ACCEPT), ("审查", DUTY_REVIEW), ("决定", DUTY_DECIDE), ("送达", DUTY_SERVE),
    ("事后监管", DUTY_WATCH), ("其他", DUTY_OTHER),
]

EXPECTED = {
    "headers": {
        (SHEET, "A2"): "seq", (SHEET, "B2"): "category", (SHEET, "C2"): "group",
        (SHEET, "C3"): "name", (SHEET, "D3"): "sub_items", (SHEET, "E2"): "basis",
        (SHEET, "F2"): "unit", (SHEET, "G2"): "responsibilities", (SHEET, "H2"): "remarks",
    },
    "powers": [
        {"name": "母婴保健专项技术服务机构及人员许可(遗传病诊断、产前诊断)", "category": "行政许可",
         "sub_items": ["从事产前诊断的医疗保健机构、计划生育技术服务机构许可", "从事遗传病诊断、产前诊断的人员许可"],
         "basis": [
             {"title": "中华人民共和国母婴保健法", "article": "第三十二条第一款", "level": "法律"},
             {"title": "中华人民共和国母婴保健法实施办法", "article": "第三十五条", "level": "行政法规"},
             {"title": "计划生育技术服务管理条例", "article": "第二十四条", "level": "行政法规"},
         ],
         "unit": "省卫生计生委",
         "responsibilities": _RESP_1,
         "rows": [(SHEET, 4), (SHEET, 5)]},
        {"name": "医疗机构设置审批", "category": "行政许可",
         "basis": [{"title": _REGS_149, "article": "第九条", "level": "行政法规"}],
         "unit": "省卫生计生委",
         "rows": [(SHEET, 6)]},
        {"name": "医疗机构执业登记", "category": "行政许可",
         "basis": [{"title": _REGS_149, "article": "第十五条", "level": "行政法规"}],
         "unit": "省卫生计生委", "remarks": "三级医疗机构",
         "rows": [(SHEET, 7)]},
    ],
    "findings": [
        (SHEET, "G6", "见附件 is a reference to an attachment the workbook does not hold, not a duty"),
        (SHEET, "G7", "同上 copies G6, which is itself only 见附件: nothing to copy"),
    ],
    "copied": [
        (SHEET, "E5", "同上: sub-item 2 has the basis of E4 (the sub-item's own basis, same power)"),
        (SHEET, "F5", "同上: 实施主体 from F4"),
    ],
    "ignored": [(SHEET, "A1", "title row")],
}
