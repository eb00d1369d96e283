"""The grammar of one spreadsheet cell (generator/importing/cells.py) and how a table's layout is
found (tables.py): the ways real lists write lists, limits, fees, 同上 and references, and headers
of one to three rows. Each case is how a published list writes it."""

from __future__ import annotations

import openpyxl
import pytest

from generator.importing import cells
from generator.importing.sheets import read_workbook
from generator.importing.tables import find_table, row_kind


@pytest.mark.parametrize("text, parts", [
    ("1.受理责任：公示材料。2.审查责任：审查材料。3.决定责任：作出决定。",
     ["受理责任：公示材料。", "审查责任：审查材料。", "决定责任：作出决定。"]),
    ("1.受理 2.审查 3.决定", ["受理", "审查", "决定"]),
    ("（1）对符合条件的不予受理的；（2）超越权限的。", ["对符合条件的不予受理的", "超越权限的。"]),
    ("（一）未按规定受理的；（二）未按规定审查的", ["未按规定受理的", "未按规定审查的"]),
    ("一、受理；二、审查；三、决定", ["受理", "审查", "决定"]),
    ("①受理②审查", ["受理", "审查"]),
    ("有下列情形之一的：1.甲；2.乙", ["有下列情形之一的", "甲", "乙"]),
    ("甲\n乙\n丙", ["甲", "乙", "丙"]),
])
def test_numbered_lists_are_split(text, parts):
    assert cells.items(text) == (parts, True)


@pytest.mark.parametrize("text", [
    "依照第1条和第2条办理",  # article numbers, not a list
    "3、按规定办理",  # a lone number does not start a list
    "立案、调查、审查、决定、执行责任",
])
def test_text_that_only_looks_numbered_stays_whole(text):
    assert cells.items(text) == ([text], False)


@pytest.mark.parametrize("text, header_unit, days, unit", [
    ("20个工作日", None, 20, "工作日"),
    ("20 个工作日", None, 20, "工作日"),
    ("90日", None, 90, "日"),
    ("15天", None, 15, "日"),
    ("二十个工作日", None, 20, "工作日"),
    ("即办", None, 0, None),
    ("当场办结", None, 0, None),
    ("20", "工作日", 20, "工作日"),
    ("20", None, 20, None),  # no unit anywhere: the import asks (see the review test)
])
def test_limits_in_words_keep_working_and_calendar_days_apart(text, header_unit, days, unit):
    found = cells.limit(text, header_unit)
    assert (found.days, found.unit) == (days, unit)


@pytest.mark.parametrize("text", ["3个月", "60日内作出决定，情况复杂的延长30日", "自受理之日起"])
def test_limits_that_are_not_days_are_not_converted(text):
    assert cells.limit(text).days is None


def test_fee_and_its_basis_are_separated_only_when_the_cell_shows_both():
    assert cells.fee("依据《财政部 国家发展改革委关于某费的通知》（财税〔2014〕1号），每件50元") == (
        "每件50元", "《财政部 国家发展改革委关于某费的通知》（财税〔2014〕1号）", "已分为收费标准和收费依据")
    assert cells.fee("收费依据：《某收费管理办法》；收费标准：每次10元")[:2] == ("每次10元", "《某收费管理办法》")
    assert cells.fee("不收费") == ("不收费", None, "")
    assert cells.fee("按工本费收取") == ("按工本费收取", None, "")


@pytest.mark.parametrize("text, ditto, reference", [
    ("同上", True, False), ("同前", True, False), ("〃", True, False),
    ("见附件", False, True), ("详见附件2", False, True), ("见附表3", False, True), ("另附", False, True),
    ("同上级规定", False, False), ("附件材料齐全的予以受理", False, False),
])
def test_ditto_and_references(text, ditto, reference):
    assert cells.is_ditto(text) == ditto and cells.is_reference(text) == reference


@pytest.mark.parametrize("text, phone", [
    ("0999—1234567", "0999-1234567"), ("（0999）1234567", "0999-1234567"), ("0999 1234567", "0999-1234567"),
    ("12345", "12345"),
])
def test_phones_in_the_model_form(text, phone):
    assert cells.phone(text)[0] == phone


def _sheet(tmp_path, rows, merges=(), title="Sheet"):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    for m in merges:
        ws.merge_cells(m)
    wb.save(tmp_path / "t.xlsx")
    return read_workbook(tmp_path / "t.xlsx")[0]


def test_a_group_header_over_two_sub_headers_is_one_header_of_two_rows(tmp_path):
    sheet = _sheet(tmp_path, [
        ["某县权力清单"],
        ["序号", "权力事项", None, "实施依据", "办理时限", None],
        [None, "项目名称", "子项", None, "法定", "承诺"],
        [1, "某许可", "新办", "《某法》第一条", "20个工作日", "10个工作日"],
    ], ["A1:F1", "B2:C2", "E2:F2", "A2:A3", "D2:D3"])
    table = find_table(sheet)
    assert list(table.header) == [1, 2]
    assert [(c.label, c.key) for c in table.columns] == [
        ("序号", "index"), ("权力事项 / 项目名称", "name"), ("权力事项 / 子项", "sub_items"), ("实施依据", "basis"),
        ("办理时限 / 法定", "legal_limit"), ("办理时限 / 承诺", "promised_limit")]


def test_header_rows_can_be_given(tmp_path):
    sheet = _sheet(tmp_path, [["事项名称", "职权类型"], ["说明", "另一行"], ["某许可", "行政许可"]])
    assert list(find_table(sheet).header) == [0]
    assert list(find_table(sheet, header_rows=2).header) == [0, 1]


def test_unit_in_the_header_is_kept(tmp_path):
    sheet = _sheet(tmp_path, [["事项名称", "法定期限（工作日）", "承诺期限(天)"], ["某许可", 20, 10]])
    assert [(c.key, c.unit) for c in find_table(sheet).columns][1:] == [
        ("legal_limit", "工作日"), ("promised_limit", "日")]


def test_section_notes_and_blank_rows(tmp_path):
    sheet = _sheet(tmp_path, [
        ["序号", "事项名称", "实施依据", "备注"],
        ["一、行政许可（共2项）"],
        [1, "某许可", "《某法》", None],
        [None, None, None, None],
        ["注：本表依据某文件编制。"],
        ["合计", "2项"],
    ], ["A2:D2", "A5:D5"])
    table = find_table(sheet)
    assert [row_kind(table, r) for r in range(1, 6)] == ["section", "data", "blank", "notes", "notes"]
    assert table.category is None


def test_the_sheet_name_gives_the_category(tmp_path):
    sheet = _sheet(tmp_path, [["事项名称", "设定依据"], ["某处罚", "《某法》"]], title="行政处罚")
    assert find_table(sheet).category == "行政处罚"
