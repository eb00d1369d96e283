"""The import corpus (issue 17): every layout builds, and its EXPECTED accounts for every non-empty cell of
the workbook it builds (a header, a power's row, a title or notes row, a 同上 copy or a finding); every cell
EXPECTED names exists and is not empty; the values EXPECTED uses are words of the vocabulary."""

from __future__ import annotations

import importlib
from typing import get_args

import pytest
from openpyxl import load_workbook
from openpyxl.cell.cell import MergedCell

from generator.vocabulary import Category, LimitUnit, SourceLevel
from tests.import_corpus import LAYOUTS

POWER_FIELDS = {
    "name", "category", "code", "sub_items", "basis", "unit", "office", "exercise_level", "legal_limit",
    "promised_limit", "limit", "fee", "fee_basis", "responsibilities", "accountability", "audience", "remarks",
    "internal_notes", "rows",
}
HEADER_FIELDS = POWER_FIELDS - {"rows"} | {"seq", "group", None}


def filled_cells(wb):
    """(sheet, ref) of every non-empty cell; a merged range counts once, at its top-left cell."""
    out = set()
    for ws in wb.worksheets:
        for line in ws.iter_rows():
            for c in line:
                if isinstance(c, MergedCell) or c.value is None or str(c.value).strip() == "":
                    continue
                out.add((ws.title, c.coordinate))
    return out


def row_of(ref):
    return int("".join(ch for ch in ref if ch.isdigit()))


@pytest.fixture(scope="module", params=LAYOUTS)
def layout(request, tmp_path_factory):
    mod = importlib.import_module(f"tests.import_corpus.{request.param}")
    path = mod.build(tmp_path_factory.mktemp("corpus") / f"{request.param}.xlsx")
    return mod, load_workbook(path)


def test_corpus_has_six_layouts_or_more():
    assert len(LAYOUTS) >= 6 and len(set(LAYOUTS)) == len(LAYOUTS)


def test_source_says_where_the_layout_comes_from(layout):
    mod, _ = layout
    assert "http" in mod.SOURCE and ("Changed" in mod.SOURCE or "changed" in mod.SOURCE)


def test_every_named_cell_exists_and_is_filled(layout):
    mod, wb = layout
    filled = filled_cells(wb)
    exp = mod.EXPECTED
    named = list(exp["headers"]) + [(s, r) for s, r, _ in exp["findings"] + exp["copied"] + exp["ignored"]]
    for sheet, ref in named:
        assert sheet in wb.sheetnames, (sheet, ref)
        assert (sheet, ref) in filled, f"{sheet}!{ref} is named by EXPECTED but empty or inside a merge"
    for sheet, ref, _ in exp["copied"]:
        assert str(wb[sheet][ref].value).strip() in {"同上", "同前", "同左"}, (sheet, ref)


def test_every_filled_cell_is_accounted_for(layout):
    mod, wb = layout
    exp = mod.EXPECTED
    power_rows = [pr for p in exp["powers"] for pr in p["rows"]]
    assert len(power_rows) == len(set(power_rows)), "a row belongs to two powers"
    covered = set(exp["headers"]) | {(s, r) for s, r, _ in exp["findings"] + exp["copied"] + exp["ignored"]}
    rows = set(power_rows)
    loose = sorted(c for c in filled_cells(wb) if c not in covered and (c[0], row_of(c[1])) not in rows)
    assert not loose, f"cells EXPECTED does not explain: {loose}"


def test_expected_powers_match_the_sheet(layout):
    mod, wb = layout
    for p in mod.EXPECTED["powers"]:
        assert set(p) <= POWER_FIELDS, set(p) - POWER_FIELDS
        texts = " ".join(str(c.value) for s, r in p["rows"] for c in wb[s][r] if c.value is not None)
        assert p["name"] in texts or any(sub in texts for sub in p.get("sub_items", ())), p["name"]
        if "code" in p:
            assert p["code"] in texts, p["code"]
        assert p["category"] is None or p["category"] in get_args(Category), p["category"]
        for b in p.get("basis", ()):
            assert set(b) == {"title", "article", "level"}, b
            assert b["level"] is None or b["level"] in get_args(SourceLevel), b
        for key in ("legal_limit", "promised_limit", "limit"):
            if key in p:
                n, unit = p[key]
                assert unit == "finding" and isinstance(n, str) or isinstance(n, int) and unit in get_args(LimitUnit)
        for stage, duty in p.get("responsibilities", ()):
            assert stage and duty and duty in texts, (stage, duty[:20])


def test_headers_name_known_fields(layout):
    mod, _ = layout
    assert set(mod.EXPECTED["headers"].values()) <= HEADER_FIELDS


# import assertions: integrator
# (import each built workbook with the importer, then compare its powers, findings, copied and ignored
# cells with EXPECTED; the tests above check only that the corpus and its EXPECTED agree)
