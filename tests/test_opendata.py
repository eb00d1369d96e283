"""Open data (render/opendata.py): CSV, XLSX and JSON read back with real readers (csv, openpyxl,
json with the published JSON Schema), and text a spreadsheet would run kept as text."""

from __future__ import annotations

import csv
import io
import json

import jsonschema
import openpyxl
import pytest

from generator.build import Options, build
from generator.derived import summary
from generator.index import Index
from generator.render.documents import tables as document_tables
from tests.helpers import REPO

SCHEMA = json.loads((REPO / "docs" / "open-data.schema.json").read_text(encoding="utf-8"))


def test_xlsx_sheets_headers_rows_and_usability(sample):
    data, project, _ = sample
    book = openpyxl.load_workbook(data / "powerlist.xlsx")
    assert book.sheetnames == ["汇总", "职权目录", "风险点及防控措施登记表", "责任清单", "风险岗位登记表",
                               "不相容职责矩阵", "岗位权力说明书"]
    tables = document_tables(Index(project))
    for table in tables.values():
        sheet = book[table.name]
        assert [c.value for c in sheet[1]] == [c.title for c in table.columns]
        assert sheet.max_row - 1 == len(table.rows)
        assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref
        assert sheet.column_dimensions["B"].width > 5
    powers = list(project.powers())
    assert book["职权目录"].max_row - 1 == len(powers)
    assert book["风险点及防控措施登记表"].max_row - 1 == sum(len(s.risks) for f in project.flows for s in f.steps)


def test_csv_has_a_bom_and_round_trips_to_the_model(sample):
    data, project, _ = sample
    raw = (data / "catalogue.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    by_code = {p.code: p for _, p in project.powers()}
    assert len(rows) == len(by_code)
    for row in rows:
        power = by_code[row["事项编码"]]
        assert row["事项名称"] == power.name and row["职权类型"] == power.category
        # every limit carries its unit: 20 个工作日 and 90 日 are never read as the same kind of day
        unit = "个工作日" if power.limit_unit == "工作日" else power.limit_unit
        assert row["法定时限"] == ("未列明" if power.legal_limit is None else "即办" if power.legal_limit == 0
                                   else f"{power.legal_limit} {unit}")  # absent as on the page
        assert row["备注"] == (power.remarks or "")
    risks = list(csv.DictReader(io.StringIO((data / "risks.csv").read_bytes().decode("utf-8-sig"))))
    levels = [r["等级"][0] for r in risks]
    assert levels == sorted(levels, key="高中低".index)  # sorted by level


@pytest.mark.build
def test_csv_cells_cannot_become_spreadsheet_formulas(tmp_path):
    """Text that Excel or WPS would run as a formula (CSV injection) gets a leading apostrophe in the
    CSV files; the XLSX cells are plain strings and the JSON keeps the text as it is."""
    import shutil

    import openpyxl

    from tests.helpers import MINIMAL

    root = tmp_path / "proj"
    shutil.copytree(MINIMAL, root)
    unit = root / "catalog" / "bureau.yaml"
    formula = '=HYPERLINK("http://evil.example/","点击")'
    unit.write_text(unit.read_text(encoding="utf-8").replace("name: 测试许可\n", f"name: '{formula}'\n")
                    .replace("office: 审批股", "office: '@SUM(1+1)'"), encoding="utf-8")
    build(root, Options(out=tmp_path / "site", charts=False, posters=False, site=False))
    data = tmp_path / "site" / "data"
    rows = list(csv.DictReader(io.StringIO((data / "catalogue.csv").read_bytes().decode("utf-8-sig"))))
    cells = [v for row in rows for v in row.values()]
    assert "'" + formula in cells and "'@SUM(1+1)" in cells
    assert not any(v.startswith(("=", "+", "-", "@")) for v in cells)
    sheet = openpyxl.load_workbook(data / "powerlist.xlsx")["职权目录"]
    values = [c for row in sheet.iter_rows() for c in row if c.value == formula]
    assert values and all(c.data_type == "s" for c in values)  # a string, not a formula
    assert formula in (data / "powerlist.json").read_text(encoding="utf-8").replace('\\"', '"')


def test_json_validates_against_its_schema_and_round_trips(sample):
    data, project, _ = sample
    doc = json.loads((data / "powerlist.json").read_text(encoding="utf-8"))
    jsonschema.validate(doc, SCHEMA, format_checker=jsonschema.FormatChecker())
    assert doc["schema_version"] == "2.0" and doc["version_date"] == "2026-11-22"
    model = {p.code: (u, p) for u, p in project.powers()}
    assert {p["code"] for p in doc["powers"]} == set(model)
    for item in doc["powers"]:
        unit, power = model[item["code"]]
        assert (item["name"], item["category"], item["unit"]) == (power.name, power.category, unit.id)
        assert [(b["source"], b["article"]) for b in item["basis"]] == [(c.source, c.article) for c in power.basis]
        assert ((item["legal_limit"], item["promised_limit"], item["fee"])
                == (power.legal_limit, power.promised_limit, power.fee))
        assert item["remedies"] == [{"kind": r.kind, "body": r.body, "days": r.days, "months": r.months}
                                    for r in power.remedies]
        assert ((item["case_type"], item["visits"], item["online_url"], item["result"], item["exercise_level"])
                == (power.case_type, power.visits, power.online_url, power.result, power.exercise_level))
    flows = {f.id: f for f in project.flows}
    for item in doc["flows"]:
        flow = flows[item["id"]]
        assert [s["name"] for s in item["steps"]] == [s.name for s in flow.steps]
        assert sum(len(s["risks"]) for s in item["steps"]) == sum(len(s.risks) for s in flow.steps)
    assert doc["summary"] == summary(project, 0, 0)


def test_json_carries_the_practice_fields(sample):
    """Schema 1.1 added the practice fields of a power (救济渠道, 办件类型, 到现场次数, 网上办理入口, 办理结果,
    行使层级): the sample fills them, they reach the JSON, and a power with all of them set validates;
    a wrong value does not (additions only: a minor version, docs/documents.md)."""
    import copy

    data, _, _ = sample
    doc = json.loads((data / "powerlist.json").read_text(encoding="utf-8"))
    licence = next(p for p in doc["powers"] if p["code"] == "XK00401000")
    assert licence["remedies"] == [{"kind": "行政复议", "body": "示例县人民政府", "days": 60, "months": None},
                                   {"kind": "行政诉讼", "body": "有管辖权的人民法院", "days": None, "months": 6}]
    assert (licence["case_type"], licence["result"], licence["exercise_level"]) == ("承诺件", "食品经营许可证", "县级")
    assert any(p["case_type"] == "即办件" for p in doc["powers"])

    full = copy.deepcopy(doc)
    full["powers"][0].update(visits=0, online_url="https://zwfw.example.gov.cn/item/1")
    jsonschema.validate(full, SCHEMA, format_checker=jsonschema.FormatChecker())
    for key, bad in (("case_type", "急办件"), ("visits", -1), ("remedies", [{"kind": "信访", "body": "x",
                                                                           "days": None, "months": None}])):
        wrong = copy.deepcopy(doc)
        wrong["powers"][0][key] = bad
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(wrong, SCHEMA)
