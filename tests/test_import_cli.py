"""`powerlist import` options as an office uses them on published layouts (tests/import_corpus/):
--dry-run shows the reading and writes nothing, --sheet picks sheets, --header-rows overrides the
header guess, a new edition of the sheet updates the unit in place (keeping what was written by hand),
and a workbook `powerlist export` wrote comes back unchanged."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest
import yaml

from generator.cli import main
from generator.project import load_project
from tests.helpers import MINIMAL
from tests.import_corpus import hebei_land_sheets, hunan_health_permits
from tests.sitetools import tree_bytes


@pytest.fixture
def project(tmp_path) -> Path:
    root = tmp_path / "proj"
    shutil.copytree(MINIMAL, root)
    return root


def _powers(root: Path, unit: str) -> list[dict]:
    return yaml.safe_load((root / "catalog" / f"{unit}.yaml").read_text(encoding="utf-8"))["powers"]


def test_dry_run_prints_the_reading_and_writes_nothing(project, tmp_path, capsys):
    book = hunan_health_permits.build(tmp_path / "卫生.xlsx")
    before = tree_bytes(project)
    assert main(["import", str(book), "--unit", "health", "--name", "某县卫生健康局", "--dir", str(project),
                 "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "工作表「Sheet1」：表头在第 2-3 行" in out  # the merged group header over 项目 | 子项
    assert "  职权名称 / 项目 → 事项名称\n" in out and "  职权名称 / 子项 → 子项\n" in out
    assert "Sheet1!G7 「同上」：同上，但上一行这一列是「见附件」" in out  # asked, not copied
    assert "（--dry-run：没有写入任何文件）" in out
    assert tree_bytes(project) == before


def test_sheet_picks_the_sheets_and_a_wrong_name_lists_them(project, tmp_path, capsys):
    book = hebei_land_sheets.build(tmp_path / "国土.xlsx")
    assert main(["import", str(book), "--unit", "land", "--name", "某市国土资源局", "--dir", str(project),
                 "--sheet", hebei_land_sheets.CF]) == 0
    powers = _powers(project, "land")
    assert {p["category"] for p in powers} == {"行政处罚"} and len(powers) == 2  # the sheet name is the category
    assert main(["import", str(book), "--unit", "land2", "--name", "某局", "--dir", str(project),
                 "--sheet", "许可"]) == 2
    assert "没有工作表 '许可'（有：行政许可、行政处罚）" in capsys.readouterr().err
    assert not (project / "catalog" / "land2.yaml").exists()


def _unmerged_two_row_header(path: Path) -> Path:
    """A list whose header is two rows without merged cells: 事项 over 名称 | 子项 (the group label typed
    once, the cell to its right left empty), which the guess reads as one row."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["序号", "事项", None, "职权类型", "实施依据"])
    ws.append([None, "名称", "子项", None, None])
    ws.append([1, "建设项目用地预审", "新建项目", "行政许可", "《中华人民共和国土地管理法》第五十二条"])
    ws.append([None, None, "改扩建项目", None, None])
    wb.save(path)
    return path


def test_header_rows_overrides_the_guess(project, tmp_path, capsys):
    book = _unmerged_two_row_header(tmp_path / "a.xlsx")
    assert main(["import", str(book), "--unit", "a", "--name", "某局", "--dir", str(project), "--dry-run"]) == 0
    guessed = capsys.readouterr().out
    assert main(["import", str(book), "--unit", "a", "--name", "某局", "--dir", str(project),
                 "--header-rows", "2"]) == 0
    told = capsys.readouterr().out
    assert "表头在第 1-2 行" in told and "表头在第 1-2 行" not in guessed
    power, = _powers(project, "a")
    assert power["name"] == "建设项目用地预审" and power["sub_items"] == ["新建项目", "改扩建项目"]


def test_a_new_edition_updates_the_unit_and_keeps_what_was_written_by_hand(project, tmp_path, capsys):
    book = hunan_health_permits.build(tmp_path / "卫生.xlsx")
    args = ["import", str(book), "--unit", "health", "--name", "某县卫生健康局", "--dir", str(project)]
    assert main(args) == 0
    unit = project / "catalog" / "health.yaml"
    text = unit.read_text(encoding="utf-8")
    # the office adds a flow and a comment by hand
    name = "    name: 医疗机构设置审批\n"
    text = text.replace(name, name + "    flow: licence  # 按本局流程\n", 1)
    unit.write_text(text, encoding="utf-8")
    # next year's sheet: a remark changed, the last item cancelled
    wb = openpyxl.load_workbook(book)
    ws = wb["Sheet1"]
    changed = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 3).value == "医疗机构设置审批")
    ws.cell(changed, 8).value = "二级以下医疗机构"
    last = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 3).value == "医疗机构执业登记")
    ws.delete_rows(last)
    wb.save(book)
    codes = {p["name"]: p["code"] for p in _powers(project, "health")}
    before = tree_bytes(project)
    assert main([*args, "--dry-run"]) == 0
    preview = capsys.readouterr().out
    assert tree_bytes(project) == before
    assert main(args) == 0
    out = capsys.readouterr().out
    for report in (preview, out):
        assert "医疗机构执业登记" in report and "二级以下医疗机构" in report
    text = unit.read_text(encoding="utf-8")
    assert "    flow: licence  # 按本局流程\n" in text and "医疗机构执业登记" not in text
    powers = {p["name"]: p for p in _powers(project, "health")}
    assert powers["医疗机构设置审批"]["remarks"] == "二级以下医疗机构"
    assert powers["医疗机构设置审批"]["code"] == codes["医疗机构设置审批"]  # generated codes are kept
    assert load_project(project).readable


def test_an_exported_workbook_comes_back_unchanged(project, tmp_path, capsys):
    export = tmp_path / "清单.xlsx"
    assert main(["export", "--dir", str(project), "-o", str(export)]) == 0
    before = tree_bytes(project)
    assert main(["import", str(export), "--unit", "bureau", "--name", "测试局", "--dir", str(project)]) == 0
    out = capsys.readouterr().out
    assert "powerlist export 导出的规范表格" in out and "没有变化" in out
    assert tree_bytes(project) == before
