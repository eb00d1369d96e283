"""A new edition of a spreadsheet merged into a project's unit files: the sample's own export merges
back without changing a byte; a changed cell changes its line only; hand-written keys and comments
stay; new powers go where the sheet puts them; dropped powers are removed and reported; and the change
is printed as `powerlist diff` prints it."""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from generator.importing.canonical import read_canonical, write_workbook
from generator.importing.canonical_cells import columns
from generator.importing.merge import Edit, merge_unit, update_report, with_files
from generator.project import load_files, load_project, read_folder
from tests.helpers import MINIMAL, REPO

ALL = {c.key for c in columns()}  # a public export's columns


@pytest.fixture(scope="module")
def edition(tmp_path_factory):
    """The sample exported and read back: {unit id: UnitRows}."""
    path = tmp_path_factory.mktemp("edition") / "out.xlsx"
    path.write_bytes(write_workbook(load_project(REPO).project, created=dt.datetime(2026, 1, 1)))
    return {rows.unit: rows for rows in read_canonical(path).units}


def unit_text(unit: str) -> str:
    return (REPO / "catalog" / f"{unit}.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("unit", ["finance", "market-regulation", "natural-resources", "talent-centre"])
def test_the_sample_merged_with_its_own_export_is_unchanged(edition, unit):
    text, edits = merge_unit(unit_text(unit), edition[unit].powers, edition[unit].columns)
    assert text == unit_text(unit) and edits == []


def test_a_changed_cell_changes_its_line_and_the_report_says_so(edition):
    powers = copy.deepcopy(edition["finance"].powers)
    powers[0]["promised_limit"] = 12
    text, edits = merge_unit(unit_text("finance"), powers, ALL)
    assert edits == [Edit("updated", "QT00101000", "部门预算审核与批复", ("承诺时限",))]
    before, after = unit_text("finance").splitlines(), text.splitlines()
    assert [(a, b) for a, b in zip(before, after) if a != b] == [("    promised_limit: 15", "    promised_limit: 12")]
    assert after[:2] == before[:2] and after[1].startswith("# 示例县财政局")  # comments stay
    report = update_report(REPO, with_files(REPO, {"catalog/finance.yaml": text}))
    assert report == "[变更] QT00101000 部门预算审核与批复（示例县财政局）\n    承诺时限：15 个工作日 → 12 个工作日\n"
    assert update_report(REPO, REPO) == "导入前 → 导入后：职权没有变化。\n"


FILE = """\
# 手写的注释
name: 某县某局
posts:
  - {id: a, name: 甲, section: 股, role: 工作人员}

powers:
  # 许可类
  - code: XK00001000
    name: 许可一
    category: 行政许可
    office: 审批股  # 行尾注释
    flow: licence
    conditions: |
      - 条件
    major: yes
    remarks: 旧备注

  - code: XK00002000
    name: 许可二
    category: 行政许可
    office: 审批股

  - code: XK00003000
    name: 许可三
    category: 行政许可
    office: 审批股
    flow: licence
"""
FOREIGN = {"code", "name", "category", "office", "remarks", "major", "legal_limit", "sub_items"}


def test_hand_written_keys_and_comments_stay_and_the_sheet_order_places_new_powers():
    powers = [
        {"code": "XK00009000", "name": "新的第一项", "category": "行政许可", "office": "窗口"},
        {"code": "XK00001000", "name": "许可一", "category": "行政许可", "office": "审批股", "major": True,
         "legal_limit": 20, "sub_items": ["新设", "变更"]},
        {"code": "XK00008000", "name": "新的第三项", "category": "行政许可", "office": "窗口", "remarks": "yes"},
        {"code": "XK00002000", "name": "许可二", "category": "行政许可", "office": "审批股"},
        {"code": "XK00003000", "name": "许可三", "category": "行政许可", "office": "审批股"},
    ]
    text, edits = merge_unit(FILE, powers, FOREIGN)
    assert [str(e) for e in edits] == ["[新增] XK00009000 新的第一项",
                                       "[更新] XK00001000 许可一：更新了 子项、法定时限、备注",
                                       "[新增] XK00008000 新的第三项"]
    assert text == FILE.replace("""\
powers:
  # 许可类
  - code: XK00001000
    name: 许可一
    category: 行政许可
    office: 审批股  # 行尾注释
    flow: licence
    conditions: |
      - 条件
    major: yes
    remarks: 旧备注

""", """\
powers:
  # 许可类
  - code: XK00009000
    name: 新的第一项
    category: 行政许可
    office: 窗口

  - code: XK00001000
    name: 许可一
    category: 行政许可
    sub_items:
      - 新设
      - 变更
    office: 审批股  # 行尾注释
    legal_limit: 20
    flow: licence
    conditions: |
      - 条件
    major: yes

  - code: XK00008000
    name: 新的第三项
    category: 行政许可
    office: 窗口
    remarks: 'yes'

""")  # 备注 emptied: the key goes; major: yes is 是 already (YAML 1.1); 'yes' stays a text; the comment
    # above the first power heads the list (ruamel keeps it with the list, not with the power)
    units = load_files("<mem>", {"catalog/u.yaml": text.encode()}).project.units
    assert [p.remarks for p in units[0].powers] == [None, None, "yes", None, None]


def test_dropped_powers_are_removed_with_what_was_written_by_hand_and_reported():
    keep = [{"code": "XK00001000", "name": "许可一", "category": "行政许可", "office": "审批股", "remarks": "旧备注",
             "major": True}]
    text, edits = merge_unit(FILE, keep, FOREIGN)
    assert [str(e) for e in edits] == ["[删除] XK00002000 许可二", "[删除] XK00003000 许可三：手工补充的内容随之删除"
                                       "（可从 git 历史找回）：运行流程"]
    assert "许可二" not in text and "许可三" not in text and text.endswith("    remarks: 旧备注\n")
    kept, edits = merge_unit(FILE, keep, FOREIGN, remove_missing=False)
    assert kept == FILE and edits == []


def test_a_renumbered_power_is_matched_by_its_name():
    powers = [{"code": "XK00001001", "name": "许可一", "category": "行政许可", "office": "审批股", "remarks": "旧备注",
               "major": True},
              {"code": "XK00002000", "name": "许可二", "category": "行政许可", "office": "审批股"},
              {"code": "XK00003000", "name": "许可三", "category": "行政许可", "office": "审批股"}]
    text, edits = merge_unit(FILE, powers, FOREIGN)
    assert edits == [Edit("updated", "XK00001001", "许可一", ("事项编码",))]
    assert "  - code: XK00001001\n    name: 许可一\n" in text and "flow: licence" in text


def test_an_edition_merged_into_the_minimal_project_loads_and_reports_like_diff(tmp_path):
    files, _ = read_folder(MINIMAL)
    old = files["catalog/bureau.yaml"].decode()
    project = load_project(MINIMAL).project
    path = tmp_path / "m.xlsx"
    path.write_bytes(write_workbook(project, created=dt.datetime(2026, 1, 1)))
    rows = read_canonical(path).units[0]
    powers = copy.deepcopy(rows.powers)
    powers[0]["name"] = powers[0]["name"] + "（调整）"
    powers.append({"code": "XK00099000", "name": "新增的许可", "category": "行政许可", "office": powers[0]["office"]})
    text, edits = merge_unit(old, powers, rows.columns)
    assert [e.kind for e in edits] == ["updated", "added"]
    new = with_files(MINIMAL, {"catalog/bureau.yaml": text})
    assert new.readable
    report = update_report(MINIMAL, new)
    lines = report.splitlines()
    assert lines[0].startswith("[名称调整] ") and "（调整）" in lines[0]
    assert any(x.startswith("[新增] XK00099000 新增的许可") for x in lines)
