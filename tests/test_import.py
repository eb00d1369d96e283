"""`powerlist import`: a realistic spreadsheet (title row, merged cells, blank rows, several bases in a
cell, an unknown column, a cell that cannot be parsed) becomes a catalogue; nothing is lost."""

from __future__ import annotations

import re
import shutil

import openpyxl
import pytest
import yaml

from generator.cli import main
from generator.project import load_project
from generator.responsibility import ACCOUNTABILITY_LEAD
from tests.helpers import MINIMAL

HEADER = ["序号", "权力分类", "项目名称", "子项", "实施依据", "责任事项", "追责情形", "承办机构", "办理层级", "备注"]
ROWS = [
    [1, "行政许可", "建设项目用地预审", "新建项目",
     "【法律】《中华人民共和国土地管理法》第五十二条；《中华人民共和国土地管理法实施条例》第二十四条：建设项目需要申请核发选址意见书的，应当合并办理",
     "1.受理责任：公示应当提交的材料。2.审查责任：审查申请材料。3.决定责任：作出决定。",
     "因不履行或不正确履行行政职责，有下列情形的，行政机关及相关工作人员应承担相应责任：（1）对符合条件的申请不予受理的；（2）超越法定权限作出决定的。",
     "用途管制股", "县级", ""],
    [None, None, None, "改扩建项目", None, None, None, None, None, None],  # merged cells above
    [None] * 10,  # blank row
    [2, "处罚", "对非法占用土地的行政处罚", "", "《中华人民共和国土地管理法》第七十七条第一款、第八十一条",
     "立案、调查、审查、决定、执行责任", "", "执法监察大队", "县级", "与综合执法局衔接"],
    [None] * 10,
    [3, "其他权力", "土地权属争议调处", "", "依据上级文件办理", "", "", "", "乡镇", ""],  # basis cannot be parsed
    [4, "行政裁决", "某项裁决", "", "【省规章】《某某省土地权属争议处理办法》第三条", "", "", "法规股", "县级", ""],
]


def workbook(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "权力清单"
    ws.append(["示例县自然资源局权力清单"])  # a title row above the header
    ws.merge_cells("A1:J1")
    ws.append(HEADER)
    for row in ROWS:
        ws.append(row)
    for col in "ABCEFGHI":  # the first power's cells span its two sub-item rows
        ws.merge_cells(f"{col}3:{col}4")
    wb.save(path)
    return path


@pytest.fixture
def imported(tmp_path):
    root = tmp_path / "proj"
    shutil.copytree(MINIMAL, root)
    xlsx = workbook(tmp_path / "清单.xlsx")
    report = tmp_path / "report.txt"
    assert main(["import", str(xlsx), "--unit", "land", "--name", "示例县自然资源局", "--dir", str(root),
                 "--report", str(report)]) == 0
    return root, report.read_text(encoding="utf-8")


def test_powers_sub_items_and_bases(imported):
    root, _ = imported
    project = load_project(root).project
    unit = next(u for u in project.units if u.id == "land")
    powers = {p.name: p for p in unit.powers}
    assert list(powers) == ["建设项目用地预审", "对非法占用土地的行政处罚", "土地权属争议调处", "某项裁决"]
    pre = powers["建设项目用地预审"]
    assert pre.category == "行政许可" and pre.sub_items == ("新建项目", "改扩建项目") and pre.office == "用途管制股"
    sources = {s.id: s for s in project.sources}
    assert [(sources[c.source].title, sources[c.source].level, c.article) for c in pre.basis] == [
        ("中华人民共和国土地管理法", "法律", "第五十二条"),
        ("中华人民共和国土地管理法实施条例", "行政法规", "第二十四条")]
    assert pre.basis[1].text.startswith("建设项目需要申请核发选址意见书的")
    assert [(r.stage, r.duty) for r in pre.responsibilities] == [
        ("受理", "公示应当提交的材料。"), ("审查", "审查申请材料。"), ("决定", "作出决定。")]  # as written
    assert pre.accountability == ("对符合条件的申请不予受理的", "超越法定权限作出决定的。")
    assert pre.fee is None and pre.legal_limit is None  # not in the sheet: absent, never a default
    penalty = powers["对非法占用土地的行政处罚"]
    assert penalty.category == "行政处罚" and penalty.code.startswith("CF")
    assert penalty.basis[0].article == "第七十七条第一款、第八十一条"
    assert penalty.basis[0].source == pre.basis[0].source  # the same law is registered once


def test_nothing_is_lost(imported):
    """Every typed cell has a line in the ledger, and the words of every cell the ledger says were
    imported (or split, or kept for review) are in the files; a normalised cell's new wording is."""
    root, report = imported
    text = (root / "catalog" / "land.yaml").read_text(encoding="utf-8") + \
        (root / "catalog" / "sources" / "land.yaml").read_text(encoding="utf-8")
    flat = re.sub(r"\s+", "", text)
    ledger = dict(re.findall(r"^  权力清单!([A-J]\d+)\t(\S+)\t", report, re.M))
    for r, row in enumerate(ROWS, start=3):
        for c, value in enumerate(row):
            if value in (None, ""):
                continue
            cell = f"{'ABCDEFGHIJ'[c]}{r}"
            assert cell in ledger, (cell, value)
            if c == 0:
                assert ledger[cell] == "表格结构"  # 序号: its position is the order
                continue
            if ledger[cell] == "已规范化":
                normalised = re.search(rf"^  权力清单!{cell}\t已规范化\t.*→ ([^\s（]+)", report, re.M)
                assert normalised and normalised[1] in flat, cell
                continue
            for piece in re.split(r"[；;：:。，,、【】《》（）()\d.]+", str(value)):
                piece = re.sub(r"\s+", "", piece).removesuffix("责任")  # 受理责任: -> stage 受理
                if len(piece) >= 2 and piece not in ACCOUNTABILITY_LEAD:  # the standard lead is printed as is
                    assert piece in flat, (value, piece)


def test_report_lists_columns_problems_and_check_findings(imported):
    root, report = imported
    assert "  办理层级 → 行使层级\n" in report and "  项目名称 → 事项名称\n" in report  # the mapping
    unit = next(u for u in load_project(root).project.units if u.id == "land")
    powers = {p.name: p for p in unit.powers}
    assert powers["建设项目用地预审"].exercise_level == "县级"
    # what could not be read is asked by cell, and kept unpublished in the power's internal notes
    assert re.search(r"权力清单!E8 「依据上级文件办理」：有未能归入依据名称", report)
    assert powers["土地权属争议调处"].exercise_level == "乡镇"  # as written
    assert "依据上级文件办理" in powers["土地权属争议调处"].internal_notes
    assert "权力清单!B8\t已规范化\t职权类型\t其他权力 → 其他行政权力" in report
    assert "《某某省土地权属争议处理办法》地方政府规章：原表标注【省规章】" in report  # level and why
    assert "生成 4 项职权，子项 2 个；原表共 40 个非空单元格" in report
    assert re.search(r"检查结果：\d+ 个错误", report) and "PL506" in report  # no flows yet: listed, not hidden
    assert "catalog/land.yaml:" in report


def test_import_reports_bad_files_and_writes_nothing(tmp_path, capsys):
    root = tmp_path / "proj"
    shutil.copytree(MINIMAL, root)
    (tmp_path / "bad.xlsx").write_text("not a workbook")
    assert main(["import", str(tmp_path / "bad.xlsx"), "--unit", "new-unit", "--name", "x", "--dir", str(root)]) == 2
    assert "不是有效的 xlsx" in capsys.readouterr().err
    assert not (root / "catalog" / "new-unit.yaml").exists()


def test_imported_file_loads_and_matches_the_editor_schema(imported):
    import json

    import jsonschema

    from tests.test_schema import REPO, as_json
    root, _ = imported
    data = as_json(yaml.safe_load((root / "catalog" / "land.yaml").read_text(encoding="utf-8")))
    schema = json.loads((REPO / "schema" / "unit.schema.json").read_text(encoding="utf-8"))
    assert list(jsonschema.Draft7Validator(schema).iter_errors(data)) == []


def test_existing_files_are_left_alone_and_ids_never_collide(tmp_path):
    root = tmp_path / "proj"
    shutil.copytree(MINIMAL, root)
    sources = root / "catalog" / "sources.yaml"
    sources.write_text("# 本局法律依据库\n"
                       + sources.read_text(encoding="utf-8").replace("id: ministry-rule", "id: src-002")
                       + "# end\n", encoding="utf-8")
    before = sources.read_bytes()
    sources.chmod(0o644)
    assert main(["import", str(workbook(tmp_path / "a.xlsx")), "--unit", "land", "--name", "某局",
                 "--dir", str(root)]) == 0
    assert sources.read_bytes() == before and (sources.stat().st_mode & 0o777) == 0o644
    assert (root / "catalog" / "land.yaml").stat().st_mode & 0o044  # readable by others, like any new file
    project = load_project(root).project
    ids = [s.id for s in project.sources]
    assert len(ids) == len(set(ids)) and "src-002" in ids
    # and a power added afterwards by `powerlist new power` lands in the imported list
    assert main(["new", "power", "land", "--code", "XK00109000", "--name", "后加的事项", "--category", "行政许可",
                 "--dir", str(root)]) == 0
    assert "后加的事项" in [p.name for u in load_project(root).project.units if u.id == "land" for p in u.powers]


def test_sub_item_rows_keep_their_own_values(tmp_path):
    root = tmp_path / "proj"
    shutil.copytree(MINIMAL, root)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["事项名称", "职权类型", "子项", "事项编码", "承办机构", "法定时限", "收费", "联系电话"])
    ws.append(["某许可", "行政许可", "子项A", "XK00001001", "审批股", "20", "不收费", "0999-1234567"])
    ws.append(["某许可", "行政许可", "子项B", "XK00001002", "另一个股", "30", "收费5元", "0999-7654321"])
    wb.save(tmp_path / "s.xlsx")
    assert main(["import", str(tmp_path / "s.xlsx"), "--unit", "land", "--name", "某局", "--dir", str(root)]) == 0
    text = (root / "catalog" / "land.yaml").read_text(encoding="utf-8")
    for value in ("XK00001002", "另一个股", "30", "收费5元", "0999-7654321"):
        assert value in text, value
    # each sub-item has its own code: each is a power of its own, keeping its code and its values
    powers = next(u for u in load_project(root).project.units if u.id == "land").powers
    assert [(p.code, p.name, p.sub_items, p.office) for p in powers] == [
        ("XK00001001", "某许可（子项A）", (), "审批股"), ("XK00001002", "某许可（子项B）", (), "另一个股")]


def test_an_item_with_sub_item_rows_after_another_item_keeps_its_name_and_every_sub_item(tmp_path):
    """A newcomer's trial: with a code column, the first sub-item of an item below another was taken for
    a sub-item with a code of its own (its code differs from the item above) and glued into the name:
    对违反公路保护规定的处罚（1.擅自占用、挖掘公路的）, with only the second sub-item left."""
    root = tmp_path / "proj"
    shutil.copytree(MINIMAL, root)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["序号", "事项编码", "权力名称", "子项", "权力类型", "实施依据", "承办机构"])
    ws.append([1, "XK001", "公路超限运输许可", None, "行政许可", "《公路安全保护条例》第三十五条", "路政管理股"])
    ws.append([2, "XZ002", "对违反公路保护规定的处罚", "1.擅自占用、挖掘公路的", "行政处罚",
               "《中华人民共和国公路法》第七十六条", "路政管理股"])
    ws.append([None, None, None, "2.从事危及公路安全的作业的", None, None, None])
    for column in (1, 2, 3, 5, 6, 7):  # the item's cells merged over its sub-item rows
        ws.merge_cells(start_row=3, start_column=column, end_row=4, end_column=column)
    wb.save(tmp_path / "s.xlsx")
    assert main(["import", str(tmp_path / "s.xlsx"), "--unit", "road", "--name", "某局", "--dir", str(root)]) == 0
    powers = next(u for u in load_project(root).project.units if u.id == "road").powers
    assert [(p.code, p.name, p.sub_items) for p in powers] == [
        ("XK001", "公路超限运输许可", ()),
        ("XZ002", "对违反公路保护规定的处罚", ("擅自占用、挖掘公路的", "从事危及公路安全的作业的"))]


@pytest.mark.parametrize("cell, article, kept", [
    ("《某某法》第十条第一、二款", "第十条第一、二款", False),
    ("《某某法》第十条至第十二条", "第十条至第十二条", False),
    ("《某某法》第10条之1", "第十条之1", False),  # as the law prints it
    ("《某某法》第三章", None, True),
    ("《某某法》附件2", "附件2", False),  # a regulation's annex (目录) is a place to cite
    ("《食品安全法》第三十五条：“应当依法取得许可。”取得《食品经营许可证》后方可经营。", "第三十五条", True),
])
def test_basis_text_is_parsed_or_kept(cell, article, kept):
    from generator.importing.citations import Library, read_basis

    reading = read_basis(cell, Library())
    assert reading.citations[0].get("article") == article
    assert len(reading.citations) == 1  # 《食品经营许可证》 is a document, not a source
    assert bool(reading.leftover) == kept


@pytest.mark.parametrize("cell, article, excerpt", [
    # a newcomer's trial: 第八条 in the law's own words was added to the citation and cut from the excerpt
    ("【行政法规】《中华人民共和国道路运输条例》（国务院令第406号）第十条\u3000申请从事客运经营的，按照下列规定提出申请"
     "并提交符合本条例第八条规定条件的相关材料。", "第十条",
     "申请从事客运经营的，按照下列规定提出申请并提交符合本条例第八条规定条件的相关材料。"),
    ("《某法》第十条、第十二条：县级以上人民政府应当依照本法第三条的规定组织实施。", "第十条、第十二条",
     "县级以上人民政府应当依照本法第三条的规定组织实施。"),
    ("《某法》第三条“依照本法第九条的规定办理”", "第三条", "依照本法第九条的规定办理"),  # quoted: the same
])
def test_an_article_named_in_the_excerpt_is_the_laws_text_not_a_citation(cell, article, excerpt):
    from generator.importing.citations import Library, read_basis

    reading = read_basis(cell, Library())
    assert [(c.get("article"), c.get("text")) for c in reading.citations] == [(article, excerpt)]
    assert reading.leftover == ""


def test_a_row_under_a_merged_name_is_not_a_second_power_of_the_same_code(tmp_path):
    """Under an item's merged 序号/编码/名称, a row with no sub-item: a further basis is the item's; a row
    with values of its own (the merge spans a row too many, that row's own name merged away) is kept for
    review with everything it holds. Both had become a second power of the same code."""
    root = tmp_path / "proj"
    shutil.copytree(MINIMAL, root)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["编码", "事项名称", "职权类型", "实施依据", "承办机构", "更新日期"])
    ws.append(["CF001", "对违反水法规定的处罚", "行政处罚", "《中华人民共和国水法》第六十五条", "执法大队", None])
    ws.append([None, None, "行政处罚", "《中华人民共和国水法》第六十六条", None, None])  # its second basis
    ws.append(["CF002", "对违反防洪法规定的处罚", "行政处罚", "《中华人民共和国防洪法》第五十五条", "执法大队", None])
    ws.append([None, None, "行政处罚", "《中华人民共和国防洪法》第五十六条", "水政股", "2024-03-01"])  # another item
    for first, last in ((2, 3), (4, 5)):
        for column in (1, 2):
            ws.merge_cells(start_row=first, start_column=column, end_row=last, end_column=column)
    wb.save(tmp_path / "s.xlsx")
    report = tmp_path / "r.txt"
    assert main(["import", str(tmp_path / "s.xlsx"), "--unit", "water", "--name", "某局", "--dir", str(root),
                 "--report", str(report)]) == 0
    powers = [p for u in load_project(root).project.units if u.id == "water" for p in u.powers]
    assert [p.code for p in powers] == ["CF001", "CF002"]
    assert [c.article for c in powers[0].basis] == ["第六十五条", "第六十六条"]
    assert [c.article for c in powers[1].basis] == ["第五十五条"]  # 第五十六条 is not taken as this item's
    notes = powers[1].internal_notes or ""
    assert "第五十六条" in notes and "水政股" in notes and "2024-03-01" in notes
    assert "合并单元格可能多跨了本行" in report.read_text(encoding="utf-8")


def test_a_row_repeating_the_items_code_under_its_merged_name_adds_its_basis(tmp_path):
    """A review's case: the row repeats the item's code (typed again, not merged) and holds a second basis:
    the code is the item's own, so the basis is the item's (it went to the internal notes)."""
    root = tmp_path / "proj"
    shutil.copytree(MINIMAL, root)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["编码", "事项名称", "职权类型", "实施依据"])
    ws.append(["XK301", "某项许可", "行政许可", "《中华人民共和国水法》第四十八条"])
    ws.append(["XK301", None, "行政许可", "《取水许可和水资源费征收管理条例》第二条"])
    ws.merge_cells("B2:B3")
    wb.save(tmp_path / "s.xlsx")
    assert main(["import", str(tmp_path / "s.xlsx"), "--unit", "water", "--name", "某局", "--dir", str(root)]) == 0
    (power,) = [p for u in load_project(root).project.units if u.id == "water" for p in u.powers]
    assert [c.article for c in power.basis] == ["第四十八条", "第二条"] and not power.internal_notes


def test_what_excel_did_to_a_cell_is_said(tmp_path):
    """Cells Excel holds as numbers or dates: a code shown zero-padded (number format 0000000) is read as
    shown; a code typed as a plain number may have lost its leading zeros, asked once per column; a
    limit cell Excel turned into a date is asked about, naming the date format."""
    import datetime as dt

    root = tmp_path / "proj"
    shutil.copytree(MINIMAL, root)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["事项编码", "事项名称", "职权类型", "承诺时限", "承办机构"])
    ws.append([430001, "甲许可", "行政许可", "5个工作日", "审批股"])
    ws.append([430002, "乙许可", "行政许可", dt.datetime(2024, 5, 10), "审批股"])
    ws.append([430003, "丙许可", "行政许可", "5个工作日", "审批股"])
    ws["A4"].number_format = "0000000"
    wb.save(tmp_path / "s.xlsx")
    report = tmp_path / "r.txt"
    assert main(["import", str(tmp_path / "s.xlsx"), "--unit", "road", "--name", "某局", "--dir", str(root),
                 "--report", str(report)]) == 0
    codes = [p.code for u in load_project(root).project.units if u.id == "road" for p in u.powers]
    assert codes == ["430001", "430002", "0430003"]
    text = report.read_text(encoding="utf-8")
    assert "Sheet!A2\t需核对" in text and "Sheet!A3\t已导入" in text  # once per column
    assert "Sheet!A4\t已导入" in text  # shown zero-padded: nothing lost, nothing to ask
    assert "这一列的编码在 Excel 中是数字格式" in text
    assert "此格在 Excel 中是日期格式，读作 2024-05-10" in text


def test_both_limits_written_in_one_cell_are_read_as_labelled(tmp_path):
    """法定：20日 承诺：5日 under 法定时限 (or an ambiguous 办理时限): each limit as its label says."""
    root = tmp_path / "proj"
    shutil.copytree(MINIMAL, root)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["事项编码", "事项名称", "职权类型", "法定时限", "承诺时限", "办理时限", "承办机构"])
    ws.append(["XK001", "甲许可", "行政许可", "法定：20日 承诺：5日", None, None, "审批股"])
    ws.append(["XK002", "乙许可", "行政许可", None, None, "法定时限20个工作日，承诺时限即办", "审批股"])
    ws.append(["XK003", "丙许可", "行政许可", "法定办理时限：20个工作日，承诺办理时限：5个工作日", None, None,
               "审批股"])
    wb.save(tmp_path / "s.xlsx")
    assert main(["import", str(tmp_path / "s.xlsx"), "--unit", "road", "--name", "某局", "--dir", str(root)]) == 0
    powers = {p.code: p for p in next(u for u in load_project(root).project.units if u.id == "road").powers}
    assert [(powers[c].legal_limit, powers[c].promised_limit, powers[c].limit_unit)
            for c in ("XK001", "XK002", "XK003")] == [(20, 5, "日"), (20, 0, "工作日"), (20, 5, "工作日")]


def test_a_numbered_list_in_one_sub_item_cell_is_split_into_sub_items(tmp_path):
    root = tmp_path / "proj"
    shutil.copytree(MINIMAL, root)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["事项编码", "事项名称", "子项", "职权类型", "承办机构"])
    ws.append(["XK001", "公路超限运输许可", None, "行政许可", "路政管理股"])
    listed = "1.占用、挖掘公路审批\n2.跨越、穿越公路修建桥梁审批\n3.在公路用地范围内架设管道审批"
    ws.append(["XK002", "涉路施工许可", listed, "行政许可", "路政管理股"])
    wb.save(tmp_path / "s.xlsx")
    assert main(["import", str(tmp_path / "s.xlsx"), "--unit", "road", "--name", "某局", "--dir", str(root)]) == 0
    power = next(p for u in load_project(root).project.units if u.id == "road" for p in u.powers if p.code == "XK002")
    assert power.name == "涉路施工许可"
    assert power.sub_items == ("占用、挖掘公路审批", "跨越、穿越公路修建桥梁审批", "在公路用地范围内架设管道审批")


def test_a_bare_number_limit_is_not_published_with_a_unit_the_office_did_not_write(tmp_path):
    """法定时限 20 with no unit in the cell, the header or the power's other limit: working or calendar
    days is the office's to say (it was recorded as 20 个工作日, the format's default, and published so).
    The number is kept in the internal notes and asked about; a unit in the header or the other limit's
    cell is taken."""
    root = tmp_path / "proj"
    shutil.copytree(MINIMAL, root)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["事项编码", "事项名称", "职权类型", "法定时限", "承诺时限", "承办机构"])
    ws.append(["XK001", "甲许可", "行政许可", "20", "10", "审批股"])
    ws.append(["XK002", "乙许可", "行政许可", "20", "5个工作日", "审批股"])
    ws.append(["XK003", "丙许可", "行政许可", "20日", "10", "审批股"])
    wb.save(tmp_path / "s.xlsx")
    assert main(["import", str(tmp_path / "s.xlsx"), "--unit", "road", "--name", "某局", "--dir", str(root)]) == 0
    powers = {p.code: p for p in next(u for u in load_project(root).project.units if u.id == "road").powers}
    first = powers["XK001"]
    assert (first.legal_limit, first.promised_limit) == (None, None)
    assert "原表「法定时限」（Sheet!D2）：20" in (first.internal_notes or "")
    # 5个工作日 comes after the bare 20 in the row: the 20 is asked about, the 5 taken with its unit
    assert (powers["XK002"].legal_limit, powers["XK002"].promised_limit) == (None, 5)
    assert (powers["XK003"].legal_limit, powers["XK003"].promised_limit, powers["XK003"].limit_unit) == (20, 10, "日")


def test_a_source_title_keeps_the_space_between_joint_issuers():
    """《财政部 交通运输部关于…的通知》: the space between two issuers is part of the title as published
    (it became 《财政部交通运输部关于…》); the same title spaced otherwise is the same source."""
    from generator.importing.citations import Library, read_basis

    library = Library()
    first = read_basis("《财政部 交通运输部关于调整农村客运、出租车油价补贴政策的通知》（财建〔2016〕133号）", library)
    again = read_basis("《财政部交通运输部关于调整农村客运、出租车油价补贴政策的通知》", library)
    assert [s.title for s in library.new] == ["财政部 交通运输部关于调整农村客运、出租车油价补贴政策的通知"]
    assert first.citations[0]["source"] == again.citations[0]["source"]


def test_a_ditto_with_nothing_to_copy_is_kept_where_the_ledger_says(tmp_path):
    """同上 under a sub-item row (whose cell in that column is empty) cannot be copied: it is asked, and
    kept with its cell in the power's internal notes, as the report says (a newcomer found it lost)."""
    root = tmp_path / "proj"
    shutil.copytree(MINIMAL, root)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["序号", "职权类型", "事项名称", "子项", "责任事项"])
    ws.append([1, "行政许可", "某许可", "新办", "1.受理责任：当场受理。"])
    ws.append([None, None, None, "变更", None])
    ws.append([2, "行政许可", "另一许可", None, "同上"])
    wb.save(tmp_path / "s.xlsx")
    report = tmp_path / "r.txt"
    assert main(["import", str(tmp_path / "s.xlsx"), "--unit", "land", "--name", "某局", "--dir", str(root),
                 "--report", str(report)]) == 0
    assert re.search(r"Sheet!E4\t需核对\t内部备注\t同上，但上一行这一列没有内容", report.read_text(encoding="utf-8"))
    powers = {p.name: p for u in load_project(root).project.units if u.id == "land" for p in u.powers}
    assert "（Sheet!E4）：同上" in powers["另一许可"].internal_notes
    assert not powers["另一许可"].responsibilities  # nothing copied
