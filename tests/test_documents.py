"""The duty catalogue, risk register and responsibility list in every format, read back with real
readers: pdftotext and pypdf for the PDF booklet, openpyxl for XLSX, csv and json (with the JSON Schema)."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import zipfile
from pathlib import Path

import jsonschema
import openpyxl
import pypdf
import pytest

from helpers import REPO
from sitetools import copy_sample

from generator.build import Options, build, document_tables
from generator.project import load_project
from generator.render import documents as D

SCHEMA = json.loads((REPO / "docs" / "open-data.schema.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """The sample county, built into a temporary folder (the repository's own site/ is left alone)."""
    root = copy_sample(tmp_path_factory.mktemp("docs") / "proj")
    report = build(root, Options(out=root / "site", charts=False, posters=False))
    project = load_project(root).project
    return root / "site" / "data", project, report


def page_texts(pdf: Path) -> list[str]:
    n = len(pypdf.PdfReader(pdf).pages)
    return [subprocess.run(["pdftotext", "-layout", "-f", str(i), "-l", str(i), str(pdf), "-"], capture_output=True,
                           text=True, check=True).stdout for i in range(1, n + 1)]


def test_data_files_are_written(sample):
    data, project, report = sample
    names = sorted(p.relative_to(data).as_posix() for p in data.rglob("*") if p.is_file())
    assert names == sorted(["catalogue.csv", "catalogue.pdf", "powerlist.json", "powerlist.xlsx", "responsibilities.csv",
                            "risks.csv"] + [f"units/{u.id}.pdf" for u in project.units])
    assert report.documents_rendered == len(names)


def test_booklet_toc_page_numbers_match_the_pages(sample):
    data, project, _ = sample
    pages = page_texts(data / "catalogue.pdf")
    toc_index = next(i for i, t in enumerate(pages) if t.lstrip().startswith("目录"))
    entries = re.findall(r"^\s*(\S.*?)\s{2,}(\d+)\s*$", pages[toc_index], re.M)
    assert len(entries) >= 2 + 2 * len(project.units)
    headings = {u.name: f"一、职权目录 · {u.name}" for u in project.units}
    checked = 0
    for title, number in entries:
        page = pages[int(number) - 1]
        if title == "二、风险点及防控措施登记表":
            assert "二、风险点及防控措施登记表" in page
            checked += 1
        elif title in headings and headings[title] in page:
            checked += 1  # the unit's catalogue section starts on the page the TOC names
    assert checked >= 1 + len(project.units)


def test_booklet_contents_entries_link_to_the_pages_they_name(sample):
    """Each entry of the table of contents is a link, in the whole booklet and in a unit's: clicking
    it opens the page the entry prints."""
    data, project, _ = sample
    for pdf in (data / "catalogue.pdf", data / "units" / f"{project.units[-1].id}.pdf"):
        reader = pypdf.PdfReader(pdf)
        texts = page_texts(pdf)
        printed, linked = [], []
        for i, page in enumerate(reader.pages):
            links = [a.get_object() for a in page.get("/Annots", []) if a.get_object()["/Subtype"] == "/Link"]
            if not links:
                continue
            printed += [int(n) for _, n in re.findall(r"^\s*(\S.*?)\s{2,}(\d+)\s*$", texts[i], re.M)]
            names = dict.fromkeys(str(a["/Dest"]) for a in links)  # WeasyPrint links each box of an entry
            linked += [reader.get_destination_page_number(reader.named_destinations[name]) + 1 for name in names]
        assert len(printed) >= 2 + len(project.units if pdf.name == "catalogue.pdf" else [1])
        assert linked == printed, pdf.name


def test_a_wrong_guess_of_the_contents_length_is_corrected(sample, monkeypatch):
    """The front matter is laid out with a guessed number of contents pages, then again if the guess
    was wrong: the page numbers come out the same either way."""
    import datetime as dt

    from generator.render import booklet

    _, project, _ = sample
    tables, summary, day = document_tables(project), D.summary(project), dt.date(2026, 11, 22)
    right = booklet.booklet_pdf(project, tables, summary, day)
    monkeypatch.setattr(booklet, "TOC_FIRST_PAGE", 1)  # guesses one contents page per entry
    monkeypatch.setattr(booklet, "TOC_PAGE", 1)
    assert booklet.booklet_pdf(project, tables, summary, day) == right


def test_booklet_pages_have_running_header_footer_and_repeated_table_heads(sample):
    data, project, _ = sample
    pages = page_texts(data / "catalogue.pdf")
    total = len(pages)
    for number, text in enumerate(pages[1:], start=2):  # the cover has no header or footer
        assert f"第 {number} 页 / 共 {total} 页" in text, number
    catalogue_pages = [t for t in pages if "一、职权目录 ·" in t.splitlines()[0] or t.lstrip().startswith("一、职权目录 ·")]
    assert catalogue_pages
    for text in catalogue_pages:  # every page of the catalogue repeats the table head and names its unit
        assert "事项编码" in text and "实施依据" in text
        assert any(u.name in text.splitlines()[0] for u in project.units)


def test_booklet_never_splits_a_row(sample):
    """Lay the booklet out and check that no table row (tr element) has boxes on two pages."""
    import datetime as dt

    from generator.render.booklet import plan
    from generator.render.pdf import render_document

    data, project, _ = sample
    tables = document_tables(project)
    pages = []
    for part in plan(project, tables, D.summary(project), dt.date(2026, 11, 22)).parts:
        pages += [(id(part), page) for page in render_document(part.html).pages]
    seen: dict[int, int] = {}
    rows = 0
    for number, (_, page) in enumerate(pages):
        for box in page._page_box.descendants():
            if getattr(box, "element_tag", None) == "tr" and not str(box.element[0].tag).endswith("th"):
                key = id(box.element)  # (header rows repeat on every page by design; body rows must not)
                assert seen.setdefault(key, number) == number, "a row continues on the next page"
                rows += 1
    assert rows >= len(tables["catalogue"].rows) + len(tables["risks"].rows)
    assert len(pages) > 10  # long enough that rows meet page ends


def test_booklet_is_a4_with_the_summary_on_the_cover(sample):
    data, project, _ = sample
    box = pypdf.PdfReader(data / "catalogue.pdf").pages[0].mediabox
    assert abs(float(box.width) - 841.89) < 0.5 and abs(float(box.height) - 595.28) < 0.5  # A4 landscape
    cover = "".join(page_texts(data / "catalogue.pdf")[0].split())
    summary = D.summary(project)
    assert f"职权事项数{summary['powers']}" in cover and f"风险点数(★){summary['risk_points']}" in cover


def test_unit_booklets_hold_only_their_unit(sample):
    data, project, _ = sample
    unit, other = project.units[0], project.units[1]
    text = "".join("".join(page_texts(data / "units" / f"{unit.id}.pdf")).split())
    assert f"一、职权目录·{unit.name}" in text and f"一、职权目录·{other.name}" not in text


def test_xlsx_sheets_headers_rows_and_usability(sample):
    data, project, _ = sample
    book = openpyxl.load_workbook(data / "powerlist.xlsx")
    assert book.sheetnames == ["汇总", "职权目录", "风险点及防控措施登记表", "责任清单"]
    tables = document_tables(project)
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
        assert row["法定时限(工作日)"] == ("" if power.legal_limit is None else "即办" if power.legal_limit == 0
                                          else str(power.legal_limit))
    risks = list(csv.DictReader(io.StringIO((data / "risks.csv").read_bytes().decode("utf-8-sig"))))
    levels = [r["等级"][0] for r in risks]
    assert levels == sorted(levels, key="高中低".index)  # sorted by level


def test_csv_cells_cannot_become_spreadsheet_formulas(tmp_path):
    """Text that Excel or WPS would run as a formula (CSV injection) gets a leading apostrophe in the
    CSV files; the XLSX cells are plain strings and the JSON keeps the text as it is."""
    import shutil

    import openpyxl

    from helpers import MINIMAL

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
    assert doc["schema_version"] == "1.0" and doc["version_date"] == "2026-11-22"
    model = {p.code: (u, p) for u, p in project.powers()}
    assert {p["code"] for p in doc["powers"]} == set(model)
    for item in doc["powers"]:
        unit, power = model[item["code"]]
        assert (item["name"], item["category"], item["unit"]) == (power.name, power.category, unit.id)
        assert [(b["source"], b["article"]) for b in item["basis"]] == [(c.source, c.article) for c in power.basis]
        assert (item["legal_limit"], item["promised_limit"], item["fee"]) == (power.legal_limit, power.promised_limit, power.fee)
    flows = {f.id: f for f in project.flows}
    for item in doc["flows"]:
        flow = flows[item["id"]]
        assert [s["name"] for s in item["steps"]] == [s.name for s in flow.steps]
        assert sum(len(s["risks"]) for s in item["steps"]) == sum(len(s.risks) for s in flow.steps)
    assert doc["summary"] == D.summary(project, 0, 0)


def test_roster_names_appear_in_no_document(sample):
    data, project, _ = sample
    persons = {e.person for u in project.units for e in u.roster}
    assert persons
    texts = []
    for path in data.rglob("*"):
        if path.suffix == ".pdf":
            texts.append(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout)
        elif path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as z:
                texts += [z.read(n).decode("utf-8") for n in z.namelist()]
        elif path.is_file():
            texts.append(path.read_bytes().decode("utf-8-sig"))
    joined = "".join(texts)
    assert [p for p in persons if p in joined] == []


def test_standard_responsibilities_are_marked(sample):
    data, project, _ = sample
    rows = D.responsibilities(project).rows
    own = {p.code for _, p in project.powers() if p.responsibilities}
    for row in rows:
        if row["stage"] == "追责情形":
            continue
        assert row["source"] == ("本事项" if row["code"] in own else D.STANDARD_MARK)


def test_documents_are_byte_identical_across_builds(tmp_path, sample):
    data, project, _ = sample
    root = data.parent.parent
    build(root, Options(out=tmp_path / "again", charts=False, posters=False, cache=False))
    for path in data.rglob("*"):
        if path.is_file():
            assert (tmp_path / "again" / "data" / path.relative_to(data)).read_bytes() == path.read_bytes(), path


def test_booklet_has_bookmarks_for_the_table_of_contents(sample):
    data, project, _ = sample
    reader = pypdf.PdfReader(data / "catalogue.pdf")
    pages = page_texts(data / "catalogue.pdf")
    top = reader.outline
    titles = [item.title for item in top if not isinstance(item, list)]
    assert titles == ["目录", "一、职权目录", "二、风险点及防控措施登记表", "三、责任清单"]
    children = next(item for item in top if isinstance(item, list))  # the units under 一、职权目录
    assert [c.title for c in children] == [u.name for u in project.units]
    for item in children:
        text = pages[reader.get_destination_page_number(item)]
        assert f"一、职权目录 · {item.title}" in text  # the bookmark opens the unit's first catalogue page
    assert reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"


def test_unit_booklet_has_its_own_risk_register_numbered_from_one(sample):
    """A unit's booklet takes its register from the shared part holding every unit's own register:
    only its rows, 序号 from 1, on pages its table of contents names."""
    data, project, _ = sample
    unit = project.units[0]
    rows = [r for r in D.risk_register(project).rows if r["unit_id"] == unit.id]
    pages = page_texts(data / "units" / f"{unit.id}.pdf")
    toc = pages[1]
    start = int(re.search(r"二、风险点及防控措施登记表\s+(\d+)", toc).group(1))
    end = int(re.search(r"三、责任清单\s+(\d+)", toc).group(1))
    register = "".join("".join(pages[start - 1:end - 1]).split())
    assert f"共{len(rows)}个风险点" in register
    numbers = [int(n) for n in re.findall(r"^\s*(\d+)\s+\S", "\n".join(pages[start - 1:end - 1]), re.M)]
    assert numbers[:len(rows)] == list(range(1, len(rows) + 1))  # 序号 restarts in the unit's register
    other = project.units[1].name
    assert other not in register  # no other unit's row
    for page_number in range(start, end):  # the unit booklet's own page numbers, stamped
        assert f"第{page_number}页/共{len(pages)}页" in "".join(pages[page_number - 1].split())


def test_booklets_do_not_depend_on_the_cache_or_the_number_of_jobs(tmp_path, monkeypatch):
    """Booklets share their front matter and stamp documents (and so their fonts), so a change in one
    unit re-assembles them all: a rebuild from the cache gives the same bytes as a cold build, on one
    core or two."""
    from generator.render import booklet

    monkeypatch.setattr(booklet, "PART_ROWS", 1)  # each unit in parts of its own: unchanged units keep theirs
    root = copy_sample(tmp_path / "proj")
    only = dict(charts=False, posters=False, site=False)
    build(root, Options(out=tmp_path / "warm", **only))
    catalog = root / "catalog" / "finance.yaml"  # the unit's name is on every booklet's contents page
    text = catalog.read_text(encoding="utf-8")
    assert "\nname: 示例县财政局\n" in text
    catalog.write_text(text.replace("\nname: 示例县财政局\n", "\nname: 示例县财政局鑫\n", 1), encoding="utf-8")
    warm = build(root, Options(out=tmp_path / "warm", **only))
    assert warm.documents_rendered and not warm.unchanged
    build(root, Options(out=tmp_path / "cold", cache=False, jobs=1, **only))
    files = sorted(p.relative_to(tmp_path / "cold") for p in (tmp_path / "cold" / "data").rglob("*") if p.is_file())
    assert len(files) > 6
    for rel in files:
        assert (tmp_path / "warm" / rel).read_bytes() == (tmp_path / "cold" / rel).read_bytes(), rel


def test_a_unit_without_powers_gets_a_booklet_that_says_so(tmp_path):
    """A unit just added (no power yet): its booklet's catalogue and responsibility list say there is
    nothing yet, instead of printing empty tables."""
    import shutil

    from helpers import MINIMAL

    root = tmp_path / "proj"
    shutil.copytree(MINIMAL, root)
    unit = (root / "catalog" / "bureau.yaml").read_text(encoding="utf-8")
    (root / "catalog" / "empty.yaml").write_text(unit[:unit.index("roster:")].replace("测试县测试局", "测试县空单位"),
                                                  encoding="utf-8")
    build(root, Options(out=tmp_path / "site", charts=False, posters=False, site=False))
    text = "".join(page_texts(tmp_path / "site" / "data" / "units" / "empty.pdf"))
    assert text.count("本单位暂未公布职权事项。") == 2  # the catalogue and the responsibility list
    assert "事项编码" not in text and "共 0 个风险点" in text


def test_a_rename_lays_out_no_front_matter_or_stamps_again(tmp_path, monkeypatch):
    """After an edit that moves no page number, the booklets' front matter and running headers come
    from the cache like the parts; only the parts holding the edit are laid out again, and the
    booklets are the same as a build from scratch."""
    import shutil

    from generator.render import booklet
    from helpers import MINIMAL

    root = tmp_path / "proj"
    shutil.copytree(MINIMAL, root)
    only_documents = dict(charts=False, posters=False, site=False, jobs=1)
    build(root, Options(out=tmp_path / "site", **only_documents))
    unit = root / "catalog" / "bureau.yaml"
    unit.write_text(unit.read_text(encoding="utf-8").replace("name: 测试许可", "name: 测试许可改"), encoding="utf-8")
    laid_out = []
    render_part = booklet.render_part

    def counting(html):
        laid_out.append("stamps" if 'class="page"' in html else "front" if 'class="cover"' in html else "part")
        return render_part(html)

    monkeypatch.setattr(booklet, "render_part", counting)
    build(root, Options(out=tmp_path / "site", **only_documents))
    assert "part" in laid_out and "front" not in laid_out and "stamps" not in laid_out, laid_out
    assert "测试许可改" in "".join(page_texts(tmp_path / "site" / "data" / "catalogue.pdf"))
    monkeypatch.undo()
    build(root, Options(out=tmp_path / "fresh", cache=False, **only_documents))
    for pdf in (tmp_path / "fresh" / "data").rglob("*.pdf"):
        assert (tmp_path / "site" / "data" / pdf.relative_to(tmp_path / "fresh" / "data")).read_bytes() == pdf.read_bytes()


# The running headers and page numbers ("stamps"), written as PDF text in the font WeasyPrint subset

STAMPED = [{"number": 1, "header": "目录", "total": 3, "title": "示例县权力清单", "version_date": "2026-11-22"},
           {"number": 2, "header": "一、职权目录 · 示例县财政局", "total": 3, "title": "示例县权力清单",
            "version_date": "2026-11-22"},
           {"number": 3, "header": "三、责任清单 · " + "示例县自然资源局" * 12, "total": 3,  # wider than its 170 mm
            "title": "示例县权力清单 (2026 年版)", "version_date": "2026-11-22"}]


def _ink_boxes(pdf: bytes, tmp_path: Path, name: str) -> list[list]:
    """Per page, the bounding box (pixels at 100 dpi) of the ink in the header's, the title's and the
    page number's region."""
    from PIL import Image, ImageOps

    (tmp_path / f"{name}.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "100", "-gray", "-png", str(tmp_path / f"{name}.pdf"), str(tmp_path / name)], check=True)
    boxes = []
    for png in sorted(tmp_path.glob(f"{name}-*.png")):
        image = ImageOps.invert(Image.open(png).convert("L"))
        w, h = image.size
        regions = [(0, 0, w * 2 // 3, h // 8), (w * 2 // 3, 0, w, h // 8), (0, h * 7 // 8, w, h)]
        boxes.append([image.crop(r).point(lambda v: 255 if v > 40 else 0).getbbox() for r in regions])
    return boxes


def _assert_same_place(ours: list[list], theirs: list[list]) -> None:
    """Each page's header, title and number ink within a pixel (at 100 dpi) of where WeasyPrint put it."""
    for mine, reference in zip(ours, theirs, strict=True):
        for box, expected in zip(mine, reference):
            assert expected is not None and box is not None
            assert all(abs(a - b) <= 1 for a, b in zip(box, expected)), (box, expected)


def test_stamps_written_directly_look_like_weasyprint_laid_them_out(tmp_path):
    from generator.render import booklet, stamps

    laid_out, _ = booklet.render_part(booklet.stamp_html(STAMPED))
    glyphs, _ = booklet.render_part(stamps.glyph_html(stamps.characters(STAMPED)))
    (written,) = stamps.stamp_pdfs(STAMPED, glyphs, booklet.STAMP_PAGES)
    theirs, ours = _ink_boxes(laid_out, tmp_path, "weasyprint"), _ink_boxes(written, tmp_path, "direct")
    assert len(ours) == len(theirs) == 3
    assert ours[0] == theirs[0] == [None, None, None]  # the cover has none
    _assert_same_place(ours[1:], theirs[1:])
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=written, capture_output=True, check=True).stdout.decode()
    assert "一、职权目录 · 示例县财政局" in text  # (pdftotext drops the spaces around the numbers, as it did before)
    assert "第2页/共3页" in "".join(text.split()) and "第3页/共3页" in "".join(text.split())
    assert "示例县权力清单 (2026 年版) · 版本 2026-11-22" in text


def test_stamps_with_a_character_outside_the_common_cut_are_laid_out_by_weasyprint(tmp_path):
    from generator.render import booklet, stamps

    pages = [dict(STAMPED[1], header="一、职权目录 · 曌县财政局")]  # 曌 is not in GB 2312
    glyphs, _ = booklet.render_part(stamps.glyph_html(stamps.characters(pages)))
    assert stamps.stamp_pdfs(pages, glyphs, booklet.STAMP_PAGES) is None  # its glyph page has two fonts
    (pdf,) = booklet._stamps(pages, map)
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "曌县财政局" in text and "第2页/共3页" in "".join(text.split())


def test_stamps_collapse_white_space_and_leave_a_too_wide_title_to_weasyprint(tmp_path):
    from generator.render import booklet, stamps

    spaced = [STAMPED[0], dict(STAMPED[1], header="  一、职权目录 ·  示例县财政局 ", title="示例县权力清单  ")]
    assert stamps.texts(spaced[1])[:2] == ("一、职权目录 · 示例县财政局", "示例县权力清单 · 版本 2026-11-22")
    laid_out, _ = booklet.render_part(booklet.stamp_html(spaced))
    glyphs, _ = booklet.render_part(stamps.glyph_html(stamps.characters(spaced)))
    (written,) = stamps.stamp_pdfs(spaced, glyphs, booklet.STAMP_PAGES)
    _assert_same_place(_ink_boxes(written, tmp_path, "direct")[1:], _ink_boxes(laid_out, tmp_path, "weasyprint")[1:])

    wide = [dict(STAMPED[1], title="示例县权力清单" * 14)]  # about 330 mm: WeasyPrint wraps it
    glyphs, _ = booklet.render_part(stamps.glyph_html(stamps.characters(wide)))
    assert stamps.stamp_pdfs(wide, glyphs, booklet.STAMP_PAGES) is None


def test_stamp_codes_come_from_the_fonts_tounicode_map():
    import pikepdf

    from generator.render.stamps import _codes

    pdf = pikepdf.new()
    cmap = (b"2 beginbfchar\n<0001> <0020>\n<0461> <00b7>\nendbfchar\n"
            b"1 beginbfrange\n<0011> <0013> <0030>\nendbfrange\n")
    font = pikepdf.Dictionary(ToUnicode=pdf.make_stream(cmap))
    assert _codes(font) == {" ": 1, "·": 0x461, "0": 0x11, "1": 0x12, "2": 0x13}
    assert _codes(pikepdf.Dictionary()) == {}


def test_stamp_widths_read_both_forms_of_a_cid_fonts_width_array():
    import pikepdf

    from generator.render.stamps import _widths

    font = pikepdf.Dictionary(W=pikepdf.Array([3, pikepdf.Array([500, 1000]), 10, 12, 250]))
    assert _widths(font) == {3: 500, 4: 1000, 10: 250, 11: 250, 12: 250}
    assert _widths(pikepdf.Dictionary()) == {}
