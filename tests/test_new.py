"""`powerlist new`: scaffolded files load, validate against the editor schema, and pass `check` once the
facts are given; nothing is overwritten; bad names are refused."""

from __future__ import annotations

import json
import shutil

import jsonschema
import pytest
import yaml

from generator.cli import main
from generator.project import load_project
from generator.rules import check_folder
from tests.helpers import MINIMAL
from tests.test_schema import REPO, as_json


def project(tmp_path):
    root = tmp_path / "proj"
    (root / "flows").mkdir(parents=True)
    (root / "catalog").mkdir()
    shutil.copy(MINIMAL / "catalog" / "sources.yaml", root / "catalog" / "sources.yaml")
    return root


def new(root, *args) -> int:
    return main(["new", *args, "--dir", str(root)])


def schema(kind):
    return jsonschema.Draft7Validator(json.loads((REPO / "schema" / f"{kind}.schema.json").read_text(encoding="utf-8")))


def test_scaffolded_unit_flow_and_power_pass_check(tmp_path):
    root = project(tmp_path)
    assert new(root, "unit", "county-finance", "--name", "某县财政局") == 0
    assert new(root, "flow", "budget-pay", "--unit", "county-finance", "--name", "预算资金支付流程") == 0
    assert new(root, "power", "county-finance", "--code", "XK00101000", "--name", "某项许可", "--category", "行政许可",
               "--flow", "budget-pay", "--source", "licensing-law", "--article", "第十二条", "--office", "审批股") == 0
    findings, _ = check_folder(root)
    assert [f for f in findings if f.severity == "error"] == []
    p = load_project(root).project
    assert [x.code for x in p.units[0].powers] == ["XK00101000"] and p.flows[0].unit == "county-finance"
    for rel, kind in [("catalog/county-finance.yaml", "unit"), ("flows/budget-pay.yaml", "flow")]:
        data = as_json(yaml.safe_load((root / rel).read_text(encoding="utf-8")))
        assert list(schema(kind).iter_errors(data)) == []


@pytest.mark.parametrize("name, titles", [
    ("白沙镇人民政府", ["便民服务窗口", "经办人", "负责人", "分管副镇长", "镇长", "镇党委会"]),
    ("某县人民法院", ["诉讼服务窗口", "经办人", "庭长", "分管副院长", "院长", "院党组会"]),
    ("某县财政局", ["政务服务窗口", "经办人", "股长", "分管副局长", "局长", "局党组会"]),
])
def test_a_new_unit_starts_with_the_posts_its_name_implies(tmp_path, name, titles):
    """A township has a 镇长 and a 镇党委会, not a 局长 and a 局党组会 to rename (a newcomer's trial); its
    scaffolded flow and power pass the check as a bureau's do."""
    root = project(tmp_path)
    assert new(root, "unit", "u", "--name", name) == 0
    assert new(root, "flow", "f", "--unit", "u", "--name", "某流程", "--collective") == 0
    assert new(root, "power", "u", "--code", "XK00101000", "--name", "某项许可", "--category", "行政许可",
               "--flow", "f", "--source", "licensing-law", "--article", "第十二条", "--office", "某股") == 0
    findings, _ = check_folder(root)
    assert [f for f in findings if f.severity == "error"] == []
    assert [p.name for p in load_project(root).project.units[0].posts] == titles


def test_placeholders_are_reported_by_check_not_hidden(tmp_path):
    root = project(tmp_path)
    new(root, "unit", "bureau", "--name", "某局")
    new(root, "power", "bureau", "--code", "CF00101000", "--name", "某项处罚", "--category", "行政处罚")
    codes = {f.code for f in check_folder(root)[0]}
    assert {"PL102", "PL506", "PL011"} <= codes  # the TODO source, the missing flow, the TODO texts


def test_power_text_from_the_command_line_stays_text(tmp_path):
    root = project(tmp_path)
    new(root, "unit", "bureau", "--name", 'A "quoted" name: {x}\nsecond line')
    new(root, "power", "bureau", "--code", "XK00101000", "--name", "名称: [1, 2] # 不是注释", "--category", "行政许可")
    p = load_project(root).project
    assert p.units[0].name == 'A "quoted" name: {x} second line'
    assert p.units[0].powers[0].name == "名称: [1, 2] # 不是注释"


def test_nothing_is_overwritten_and_bad_names_are_refused(tmp_path, capsys):
    root = project(tmp_path)
    assert new(root, "unit", "bureau", "--name", "某局") == 0
    before = (root / "catalog" / "bureau.yaml").read_bytes()
    assert new(root, "unit", "bureau", "--name", "另一个局") == 1
    assert (root / "catalog" / "bureau.yaml").read_bytes() == before
    assert new(root, "unit", "财政局", "--name", "x") == 2
    assert new(root, "flow", "ok-flow", "--unit", "missing", "--name", "x") == 2
    assert new(root, "power", "bureau", "--code", "bad code", "--name", "x", "--category", "行政许可") == 2
    assert "已存在" in capsys.readouterr().err
    assert new(root, "power", "bureau", "--code", "XK00101000", "--name", "x", "--category", "行政许可") == 0
    before = (root / "catalog" / "bureau.yaml").read_bytes()
    assert new(root, "power", "bureau", "--code", "XK00101000", "--name", "y", "--category", "行政许可") == 1
    assert (root / "catalog" / "bureau.yaml").read_bytes() == before and "已有事项编码" in capsys.readouterr().err


def test_power_is_added_to_a_unit_that_has_no_powers_key(tmp_path):
    root = project(tmp_path)
    text = (MINIMAL / "catalog" / "bureau.yaml").read_text(encoding="utf-8")
    (root / "catalog" / "bureau.yaml").write_text(text[:text.index("powers:")], encoding="utf-8")
    assert new(root, "power", "bureau", "--code", "XK00109000", "--name", "新事项", "--category", "行政许可") == 0
    assert [x.code for x in load_project(root).project.units[0].powers] == ["XK00109000"]


def test_new_project_is_a_valid_empty_project(tmp_path):
    root = tmp_path / "qlqd"
    assert main(["new", "project", str(root), "--title", "某县权力清单", "--base-url", "https://x.example/qlqd/"]) == 0
    findings, counts = check_folder(root)
    assert findings == [] and counts["units"] == 0
    p = load_project(root).project
    assert p.settings.title == "某县权力清单" and p.settings.base_url == "https://x.example/qlqd/"
    assert p.settings.release_tags == "qlqd-*"
    assert sorted(x.name for x in (root / "schema").iterdir()) == ["flow.schema.json", "settings.schema.json",
                                                                  "sources.schema.json", "unit.schema.json"]
    assert "/site/" in (root / ".gitignore").read_text()
    assert main(["new", "project", str(root), "--title", "again"]) == 2  # not over an existing project


def test_collective_flow_passes_the_collective_decision_rule(tmp_path):
    root = project(tmp_path)
    new(root, "unit", "bureau", "--name", "某局")
    args = ["--unit", "bureau", "--name", "行政处罚流程"]
    assert new(root, "flow", "plain", *args) == 0 and new(root, "flow", "collective", *args, "--collective") == 0
    for flow in ("plain", "collective"):
        new(root, "power", "bureau", "--code", f"CF0010{1 if flow == 'plain' else 2}000", "--name", f"处罚 {flow}",
            "--category", "行政处罚", "--flow", flow, "--source", "penalty-law", "--article", "第五十七条")
    pl204 = [f for f in check_folder(root)[0] if f.code == "PL204"]
    assert len(pl204) == 1 and "处罚 plain" in pl204[0].message


def test_penalty_flow_scaffold_passes_the_procedure_rules(tmp_path):
    """new flow --penalty: 立案, two investigators, 告知 before 决定, a collective branch for major cases;
    new power for a 行政处罚: its 90-day limit in calendar days (行政处罚法 第六十条), the kinds left to fill."""
    root = project(tmp_path)
    new(root, "unit", "bureau", "--name", "某局")
    assert new(root, "flow", "penalty", "--unit", "bureau", "--name", "行政处罚流程", "--penalty") == 0
    new(root, "power", "bureau", "--code", "CF00101000", "--name", "某项处罚", "--category", "行政处罚",
        "--flow", "penalty", "--source", "penalty-law", "--article", "第五十七条")
    findings = check_folder(root)[0]
    assert [f for f in findings if f.severity == "error"] == []
    # the TODO texts, the penalty kinds and the limit to fill: the limit is not written for the office;
    # the starter posts no flow takes yet (PL309: remove the ones the office does not have)
    assert {f.code for f in findings} == {"PL011", "PL113", "PL408", "PL309"}
    power = load_project(root).project.units[0].powers[0]
    assert (power.legal_limit, power.promised_limit, power.limit_unit) == (None, None, "日")


def test_scaffolds_invent_no_fact_and_check_reports_every_placeholder(tmp_path):
    """Issue 17: a new unit, flow and licence publish nothing the office did not state. Every value written
    is either the office's own (names, ids, the posts) or reported by check until replaced."""
    root = project(tmp_path)
    new(root, "unit", "bureau", "--name", "某局")
    new(root, "flow", "licence", "--unit", "bureau", "--name", "许可流程")
    new(root, "power", "bureau", "--code", "XK00101000", "--name", "某项许可", "--category", "行政许可",
        "--flow", "licence", "--source", "licensing-law", "--article", "第十二条", "--office", "审批股")
    p = load_project(root).project
    unit, power = p.units[0], p.units[0].powers[0]
    assert (power.legal_limit, power.promised_limit, power.fee) == (None, None, None)
    assert all(s.days is None for s in p.flows[0].steps)  # no step limit the office did not set
    findings = check_folder(root)[0]
    codes = {f.code for f in findings}
    assert {"PL408", "PL615"} <= codes  # the licence's limits and fee, asked for
    placeholders = {f.message.split(" ")[0] for f in findings if f.code == "PL011"}
    assert {"phone", "complaint_phone", "address", "office_hours"} <= placeholders, placeholders
    assert unit.complaint_phone == "0000-0000000" and "TODO" in unit.office_hours
