"""What ``powerlist new`` and ``powerlist import`` start a unit with: the usual posts, and the id check
whose message says what an id may be."""

from __future__ import annotations

from .model import MAX_ID, safe_id


def standard_posts(business_section: str) -> list[dict]:
    """The posts most units have, in lane order; the office renames them and adds its own.
    (``new unit`` and ``import`` both start a unit with them.)"""
    return [
        {"id": "window", "name": "政务服务窗口", "section": "政务服务中心窗口", "role": "窗口"},
        {"id": "officer", "name": "经办人", "section": business_section, "role": "工作人员"},
        {"id": "head", "name": "股长", "section": business_section, "role": "科室负责人"},
        {"id": "deputy", "name": "分管副局长", "section": "局领导", "role": "分管领导"},
        {"id": "director", "name": "局长", "section": "局领导", "role": "主要领导"},
        {"id": "leadership", "name": "局党组会", "section": "局领导班子", "role": "领导班子"},
    ]


def id_problem(ident: str, what: str) -> str | None:
    if not safe_id(ident):
        return (f"{what} '{ident}' 只能用小写字母、数字和连字符（如 land-approval），最长 {MAX_ID} 个字符，"
                "且不能是 con、nul、aux、com1 等 Windows 设备名")
    return None
