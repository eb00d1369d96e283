"""What ``powerlist new`` and ``powerlist import`` start a unit with: the usual posts, and the id check
whose message says what an id may be."""

from __future__ import annotations

from .model import MAX_ID, safe_id

# What a unit's name implies (by its ending, longest first): its window post and section, the head of a
# business section, and its leaders: head, deputy, their section, the collective body (集体决策). A
# bureau's when the name says nothing else.
KINDS = [
    (("镇人民政府", "镇政府"), ("便民服务窗口", "便民服务中心"), "负责人", ("镇长", "副镇长", "镇领导", "镇党委会")),
    (("乡人民政府", "乡政府"), ("便民服务窗口", "便民服务中心"), "负责人", ("乡长", "副乡长", "乡领导", "乡党委会")),
    (("街道办事处",), ("便民服务窗口", "便民服务中心"), "负责人", ("主任", "副主任", "街道领导", "街道党工委会")),
    (("人民法院", "法院"), ("诉讼服务窗口", "诉讼服务中心"), "庭长", ("院长", "副院长", "院领导", "院党组会")),
    (("检察院",), ("检察服务窗口", "检察服务中心"), "负责人", ("检察长", "副检察长", "院领导", "院党组会")),
    (("委员会",), ("政务服务窗口", "政务服务中心窗口"), "科长", ("主任", "副主任", "委领导", "委党组会")),
    (("中心", "站", "所", "队"), ("服务窗口", "服务大厅"), "负责人", ("主任", "副主任", "单位领导", "主任办公会")),
    (("局",), ("政务服务窗口", "政务服务中心窗口"), "股长", ("局长", "副局长", "局领导", "局党组会")),
]


def standard_posts(business_section: str, unit_name: str = "") -> list[dict]:
    """The posts most units have, in lane order, titled as the unit's name implies (a 镇人民政府 has a
    镇长 and a 镇党委会, a bureau a 局长 and a 局党组会); the office renames them and adds its own.
    (``new unit`` and ``import`` both start a unit with them.)"""
    name = unit_name.strip()
    (window, hall), head, (chief, deputy, leaders, collective) = next(
        (rest for suffixes, *rest in KINDS if name.endswith(suffixes)), KINDS[-1][1:])
    return [
        {"id": "window", "name": window, "section": hall, "role": "窗口"},
        {"id": "officer", "name": "经办人", "section": business_section, "role": "工作人员"},
        {"id": "head", "name": head, "section": business_section, "role": "科室负责人"},
        {"id": "deputy", "name": "分管" + deputy, "section": leaders, "role": "分管领导"},
        {"id": "director", "name": chief, "section": leaders, "role": "主要领导"},
        {"id": "leadership", "name": collective, "section": leaders + "班子", "role": "领导班子"},
    ]


def id_problem(ident: str, what: str) -> str | None:
    if not safe_id(ident):
        return (f"{what} '{ident}' 只能用小写字母、数字和连字符（如 land-approval），最长 {MAX_ID} 个字符，"
                "且不能是 con、nul、aux、com1 等 Windows 设备名")
    return None
