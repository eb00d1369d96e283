"""The editor schemas (schema/*.schema.json): current, valid JSON Schema, accepting every sample file
and rejecting what `powerlist check` rejects at the key level."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml

from generator.cli import main
from generator.render.yaml_schema import FILES, schema_files

REPO = Path(__file__).resolve().parent.parent
SCHEMAS = {kind: json.loads((REPO / "schema" / name).read_text(encoding="utf-8")) for kind, name in FILES.items()}


def kind_of(rel: str) -> str:
    if rel == "powerlist.yaml":
        return "settings"
    if rel == "catalog/sources.yaml":
        return "sources"
    return "unit" if rel.startswith("catalog/") else "flow"


def as_json(value):
    """YAML data as an editor's language server sees it: dates stay text."""
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def sample_files() -> list[str]:
    return ["powerlist.yaml", *sorted(p.relative_to(REPO).as_posix() for p in (REPO / "catalog").glob("*.yaml")),
            *sorted(p.relative_to(REPO).as_posix() for p in (REPO / "flows").glob("*.yaml"))]


def validator(kind: str):
    schema = SCHEMAS[kind]
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def test_committed_schemas_are_current():
    assert {name: (REPO / "schema" / name).read_bytes() for name in FILES.values()} == schema_files(), \
        "run: powerlist schema"


@pytest.mark.parametrize("rel", sample_files())
def test_every_sample_file_validates_and_names_its_schema(rel):
    text = (REPO / rel).read_text(encoding="utf-8")
    errors = list(validator(kind_of(rel)).iter_errors(as_json(yaml.safe_load(text))))
    assert errors == [], [f"{'/'.join(map(str, e.path))}: {e.message}" for e in errors]
    target = f"schema/{FILES[kind_of(rel)]}" if rel == "powerlist.yaml" else f"../schema/{FILES[kind_of(rel)]}"
    assert text.splitlines()[0] == f"# yaml-language-server: $schema={target}"
    assert ((REPO / rel).parent / target).resolve().is_file()


@pytest.mark.parametrize("rel, change", [
    ("catalog/finance.yaml", lambda d: d["powers"][0].update(catgory=d["powers"][0].pop("category"))),  # misspelt key
    ("catalog/finance.yaml", lambda d: d["powers"][0].update(category="行政许诺")),  # not an allowed value
    ("catalog/finance.yaml", lambda d: d.pop("posts")),  # required key missing
    ("flows/nr-inspection.yaml", lambda d: d["steps"][0].update(days=-1)),  # below the minimum
    ("flows/nr-inspection.yaml", lambda d: d["steps"][0].update(nxet=["x"])),
    ("catalog/sources.yaml", lambda d: d["sources"][0].update(effective="2004年7月1日")),
    ("powerlist.yaml", lambda d: d.update(titel="x")),
])
def test_schema_rejects_what_check_rejects(rel, change):
    data = as_json(yaml.safe_load((REPO / rel).read_text(encoding="utf-8")))
    change(data)
    assert list(validator(kind_of(rel)).iter_errors(data))


def test_titles_and_descriptions_are_chinese():
    unit = SCHEMAS["unit"]
    power = unit["definitions"]["Power"]
    assert power["title"] == "职权（权力事项）"
    assert power["properties"]["code"]["title"] == "事项编码"
    assert "不公开" in unit["properties"]["roster"]["description"]
    category = power["properties"]["category"]
    assert next(c["enum"] for c in category.get("anyOf", [category]) if "enum" in c)[0] == "行政许可"
    assert SCHEMAS["flow"]["definitions"]["Step"]["properties"]["action"]["title"] == "环节类型"


def test_schema_command_writes_the_files(tmp_path, capsys):
    assert main(["schema", str(tmp_path)]) == 0
    assert sorted(p.name for p in (tmp_path / "schema").iterdir()) == sorted(FILES.values())
    assert "yaml-language-server" in capsys.readouterr().err


@pytest.mark.parametrize("change, valid", [
    (lambda d: d.update(nature=None), True),  # `nature:` left empty: the default applies
    (lambda d: d["powers"][0].update(sub_items=None), True),
    (lambda d: d["powers"][0].update(office_hours=""), True),
    (lambda d: d["powers"][0].update(legal_limit=20000000000), False),
    (lambda d: d["powers"][0].update(name="   "), False),
])
def test_schema_agrees_with_check_on_edge_values(change, valid, tmp_path):
    from generator.rules import check_folder

    root = tmp_path / "proj"
    shutil.copytree(REPO / "tests" / "fixtures" / "minimal", root)
    path = root / "catalog" / "bureau.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    schema_ok = not list(validator("unit").iter_errors(as_json(data)))
    load_ok = not [f for f in check_folder(root)[0] if f.code < "PL100"]
    assert schema_ok == load_ok == valid
