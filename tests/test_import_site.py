"""The import corpus end to end, through the command line as an office would run it: all seven published
layouts (tests/import_corpus/, each citing its source) imported into one project, one unit each, with
an annotated report; the project stays readable after every import (a list whose sheet names no category
must not stop the next import or the preview); then `powerlist build --draft` previews it. The site
states only what the sheets wrote: an absent fee, limit or category is 未列明, never a default; 同上, 见附件
and placeholders are never published; what was kept for review (internal notes) is never published."""

from __future__ import annotations

import importlib
import re
import shutil
from pathlib import Path

import openpyxl
import pytest
import yaml

from generator.cli import main
from generator.importing.ledger import STATUS_TEXT
from generator.importing.sheets import read_workbook
from generator.project import load_project
from tests.helpers import MINIMAL
from tests.import_corpus import LAYOUTS

WORDS = {word for word, _ in STATUS_TEXT.values()}  # 已导入, 需核对 ...
NEVER_PUBLISHED = ("同上", "同前", "见附件", "待核实", "法律法规未规定", "请咨询承办机构", "填写")


def _unit(layout: str) -> str:
    return layout.replace("_", "-")


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("import-site")
    root = tmp / "proj"
    shutil.copytree(MINIMAL, root)
    books, readable = {}, {}
    for layout in LAYOUTS:
        module = importlib.import_module(f"tests.import_corpus.{layout}")
        book = module.build(tmp / f"{layout}.xlsx")
        report = tmp / f"{layout}-导入报告.xlsx"
        assert main(["import", str(book), "--unit", _unit(layout), "--name", layout, "--dir", str(root),
                     "--report", str(report)]) == 0, layout
        books[layout] = (module, book, report)
        readable[layout] = load_project(root).readable
    site = tmp / "site"
    assert main(["build", str(root), "--out", str(site), "--draft"]) == 0
    return root, site, books, readable


def _codes(root: Path, layout: str) -> dict[str, str]:
    data = yaml.safe_load((root / "catalog" / f"{_unit(layout)}.yaml").read_text(encoding="utf-8"))
    return {p["name"]: str(p["code"]) for p in data["powers"]}


def _fact(page: str, title: str) -> str | None:
    m = re.search(rf"<dt>{title}：</dt><dd>(.*?)</dd>", page, re.S)
    return re.sub(r"<[^>]+>", "", m.group(1)).strip() if m else None


def test_the_project_stays_readable_after_every_import(imported):
    _, _, _, readable = imported
    assert readable == dict.fromkeys(LAYOUTS, True)


def test_every_expected_power_is_imported_and_previewed(imported):
    root, site, books, _ = imported
    for layout, (module, _, _) in books.items():
        codes = _codes(root, layout)
        assert list(codes) == [p["name"] for p in module.EXPECTED["powers"]], layout
        for name, code in codes.items():
            assert (site / "powers" / f"{code}.html").exists(), (layout, name)


def test_absent_facts_are_not_stated_and_stated_ones_are_as_written(imported):
    root, site, books, _ = imported
    checked = 0
    for layout, (module, _, _) in books.items():
        codes = _codes(root, layout)
        for want in module.EXPECTED["powers"]:
            code = codes[want["name"]]
            if code == "12001":
                continue  # hebei's and subitems' lists both use 12001 (an error the findings list): one page
            page = (site / "powers" / f"{code}.html").read_text(encoding="utf-8")
            assert _fact(page, "职权类型") == (want["category"] or "未列明"), want["name"]
            fee = _fact(page, "收费标准")
            if "fee" in want:
                assert fee is not None and re.sub(r"\s+", "", fee) == re.sub(r"\s+", "", want["fee"]), want["name"]
            else:
                assert fee in (None, "未列明"), (want["name"], fee)  # never 不收费 by default
            if "legal_limit" not in want:
                assert _fact(page, "法定时限") in (None, "未列明"), want["name"]
            checked += 1
    assert checked >= 18


def test_nothing_the_sheet_did_not_say_is_published(imported):
    _, site, books, _ = imported
    internal = [note for module, _, _ in books.values() for p in module.EXPECTED["powers"]
                for note in p.get("internal_notes", ())]
    assert internal
    for path in sorted(site.rglob("*.html")):
        if path.name == "findings.html":  # the draft's check findings quote the sheets' words on purpose
            continue
        text = re.sub(r"<[^>]+>", "", path.read_text(encoding="utf-8"))
        for word in NEVER_PUBLISHED:
            assert word not in text, (path.name, word)
        for note in internal:  # 行使情况: 常用 - an unknown column's header, and its value when it says much
            label, _, value = note.rpartition(": ")  # (a cited title may be published anyway, as a basis)
            assert label not in text and (len(value) < 6 or "《" in value or value not in text), (path.name, note)


def test_the_draft_lists_what_the_office_must_still_write(imported):
    _, site, _, _ = imported
    findings = (site / "findings.html").read_text(encoding="utf-8")
    for code in ("PL616", "PL506", "PL408", "PL613"):  # category, flow, limits, complaint phone
        assert code in findings, code
    assert (site / "DRAFT.txt").exists()


def test_the_annotated_report_marks_every_typed_cell(imported):
    _, _, books, _ = imported
    for layout, (_, book, report) in books.items():
        typed = {(s.name, r, c) for s in read_workbook(book) for r, c in s.typed_cells()}
        wb = openpyxl.load_workbook(report)
        assert wb.sheetnames[:2] == ["导入报告", "逐格台账"], layout
        ledger = list(wb["逐格台账"].iter_rows(min_row=2, values_only=True))
        assert len(ledger) == len(typed), layout
        for sheet, r, c in typed:
            cell = wb[sheet].cell(row=r + 1, column=c + 1)
            assert cell.comment is not None, (layout, sheet, r, c)
            assert cell.comment.text.split(":")[0] in WORDS, (layout, sheet, r, c)
        front = "\n".join(str(v) for (v,) in wb["导入报告"].iter_rows(max_col=1, values_only=True) if v)
        assert re.search(r"生成 \d+ 项职权", front) and "检查结果" in front, layout
