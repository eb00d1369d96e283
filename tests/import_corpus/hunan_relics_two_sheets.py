"""A 权力清单 sheet and a 责任清单 sheet joined by 序号 (and the power's name repeated), a provincial
office: 责任事项 numbered "1、受理阶段责任:" (the 、 form and 阶段 in the stage), a 国务院决定 cited by its
annex item (国务院令第412号 附件第464项), a 追责对象范围 column, a 责任清单 row with no power."""

from __future__ import annotations

from tests.import_corpus._book import new_book, put, row

SOURCE = (
    "湖南省文物局's 权责清单 as published on 湖南政务服务网, responsibility detail of 博物馆藏品取样审批: "
    "http://zwfw-new.hunan.gov.cn/onething/sungovaffairs/responsibilityDetail.jsp?areaCode=439900000000&i"
    "d=YvinRaw9RMmh5tH_864VMw (fields 职权名称, 机构名称, 责任处室, 职权类型, 职权依据, 责任事项, 责任事项依据, "
    "追责对象范围). Kept as published: every text of that power. Changed: the site shows one power per page; here "
    "they are laid out as the two sheets a county exports (权力清单: 序号 | 职权名称 | 职权类型 | 职权依据 | "
    "实施主体 | 备注; 责任清单: 序号 | 职权名称 | 责任处室 | 责任事项 | 责任事项依据 | 追责对象范围), the title "
    "rows are ours; power 2 is the 文物保护法 第十七条 approval (2017 text), its 责任处室 name is ours and its "
    "duties repeat the standard wording; 责任清单 row 3 (a power the 权力清单 does not have) and the 同上 are ours."
)

QL, ZR = "权力清单", "责任清单"
UNIT = "湖南省文物局"

BASIS_1 = (
    "《国务院对确需保留的行政审批项目设定行政许可的决定》(国务院令第412号)附件第464项:“博物馆藏品取样审批”。"
    "实施机关:国家文物局、省级人民政府文物行政主管部门。"
)
BASIS_2 = (
    "《中华人民共和国文物保护法》第十七条 文物保护单位的保护范围内不得进行其他建设工程或者爆破、钻探、挖掘等作业。"
    "但是,因特殊情况需要在全国重点文物保护单位的保护范围内进行其他建设工程或者爆破、钻探、挖掘等作业的,必须保证"
    "全国重点文物保护单位的安全,并经省、自治区、直辖市人民政府批准,在批准前应当征得国务院文物行政部门同意。"
)
ACCEPT = "公示依法应当提交的材料;一次性告知补正材料;依法受理或不予受理(不予受理应当告知理由)。"
REVIEW = "组织专家组审查,必要时现场勘查;提出审查意见。"
DECIDE = (
    "符合许可条件的,做出准予许可的决定;不符合许可条件的,作出不予许可的决定,书面说明理由,同时告知申请人享有依法"
    "申请行政复议或者提起行政诉讼的权利。"
)
SERVE = "制发送达文书;信息公开。"
WATCH = "开展后续监管、检查工作。"
OTHER = "其他法律法规规章文件规定应履行的责任。"
DUTIES = (
    f"1、受理阶段责任:{ACCEPT} 2、审查阶段责任:{REVIEW} 3、决定阶段责任:{DECIDE} "
    f"4、送达阶段责任:{SERVE} 5、事后监管责任:{WATCH} 6、{OTHER}"
)
DUTY_BASIS_1 = "《国务院对确需保留的行政审批项目设定行政许可的决定》"
SCOPE = "因不履行或不正确履行行政职责,行政机关及相关工作人员应承担相应责任。"
RESP = [("受理", ACCEPT), ("审查", REVIEW), ("决定", DECIDE), ("送达", SERVE), ("事后监管", WATCH),
        ("其他", OTHER)]

NAME_1 = "博物馆藏品取样审批"
NAME_2 = "全国重点文物保护单位保护范围内其他建设工程或者爆破、钻探、挖掘等作业审批"


def build(path):
    wb = new_book()
    ql = wb.create_sheet(QL)
    put(ql, "A1", "湖南省文物局权力清单", "F1")
    row(ql, 2, ["序号", "职权名称", "职权类型", "职权依据", "实施主体", "备注"])
    row(ql, 3, [1, NAME_1, "行政许可", BASIS_1, UNIT])
    row(ql, 4, [2, NAME_2, "行政许可", BASIS_2, "同上", "报省人民政府批准"])
    zr = wb.create_sheet(ZR)
    put(zr, "A1", "湖南省文物局责任清单", "F1")
    row(zr, 2, ["序号", "职权名称", "责任处室", "责任事项", "责任事项依据", "追责对象范围"])
    row(zr, 3, [1, NAME_1, "博物馆与社会文物处", DUTIES, DUTY_BASIS_1, SCOPE])
    row(zr, 4, [2, NAME_2, "文物保护与考古处", DUTIES, "《中华人民共和国文物保护法》", "同上"])
    row(zr, 5, [3, "文物商店设立审批", "博物馆与社会文物处", DUTIES, "《中华人民共和国文物保护法》", SCOPE])
    wb.save(path)
    return path


EXPECTED = {
    "headers": {
        (QL, "A2"): "seq", (QL, "B2"): "name", (QL, "C2"): "category", (QL, "D2"): "basis",
        (QL, "E2"): "unit", (QL, "F2"): "remarks",
        (ZR, "A2"): "seq", (ZR, "B2"): "name", (ZR, "C2"): "office", (ZR, "D2"): "responsibilities",
        (ZR, "E2"): None,  # 责任事项依据: the basis of the duties, no field for it: internal notes
        (ZR, "F2"): "accountability",  # 追责对象范围: a scope; the cells hold the standard preamble (finding)
    },
    "powers": [
        {"name": NAME_1, "category": "行政许可",
         "basis": [{"title": "国务院对确需保留的行政审批项目设定行政许可的决定", "article": "附件第464项",
                    "level": "国务院决定"}],
         "unit": UNIT, "office": "博物馆与社会文物处", "responsibilities": RESP, "accountability": [SCOPE],
         "internal_notes": ["责任事项依据: " + DUTY_BASIS_1],
         "rows": [(QL, 3), (ZR, 3)]},
        {"name": NAME_2, "category": "行政许可",
         "basis": [{"title": "中华人民共和国文物保护法", "article": "第十七条", "level": "法律"}],
         "unit": UNIT, "office": "文物保护与考古处", "remarks": "报省人民政府批准", "responsibilities": RESP,
         "accountability": [SCOPE], "internal_notes": ["责任事项依据: 《中华人民共和国文物保护法》"],
         "rows": [(QL, 4), (ZR, 4)]},
    ],
    "findings": [
        (ZR, "F2", "追责对象范围 holds the preamble of 追责情形, no cases: ask whether it is the accountability"),
        (ZR, "A5", "责任清单 序号 3 has no power in 权力清单 (文物商店设立审批): ask, do not create a power"),
    ],
    "copied": [(QL, "E4", "同上: 实施主体 from E3"), (ZR, "F4", "同上: 追责对象范围 from F3")],
    "ignored": [
        (QL, "A1", "title row"), (ZR, "A1", "title row"),
        (ZR, "B5", "row of the unmatched 序号 3 (finding ZR A5)"), (ZR, "C5", "unmatched row"),
        (ZR, "D5", "unmatched row"), (ZR, "E5", "unmatched row"), (ZR, "F5", "unmatched row"),
    ],
}
