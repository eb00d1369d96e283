"""The PDF booklets (render/booklet.py): the whole county's and each unit's, read back with pdftotext
and pypdf: contents, page numbers, bookmarks, rows never split, and the cache's reuse of their parts."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pypdf
import pytest

from generator.build import Options, build
from generator.derived import summary as figures
from generator.index import Index
from generator.render.documents import risk_register, tables
from tests.sitetools import copy_sample


def page_texts(pdf: Path) -> list[str]:
    n = len(pypdf.PdfReader(pdf).pages)
    return [subprocess.run(["pdftotext", "-layout", "-f", str(i), "-l", str(i), str(pdf), "-"], capture_output=True,
                           text=True, check=True).stdout for i in range(1, n + 1)]


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


def _documents_only(root: Path, out: Path) -> bytes:
    """The whole booklet, made by the build's own document step (one process, nothing reused)."""
    report = build(root, Options(out=out, charts=False, posters=False, site=False, jobs=1, cache=False))
    assert not [f for f in report.findings if f.severity == "error"]
    return (out / "data" / "catalogue.pdf").read_bytes()


@pytest.mark.build
def test_a_wrong_guess_of_the_contents_length_is_corrected(sample, monkeypatch, tmp_path):
    """The front matter is laid out with a guessed number of contents pages, then again if the guess
    was wrong: the page numbers come out the same either way."""
    from generator.render import booklet

    data, _, _ = sample
    root = data.parent.parent  # the copied sample project the fixture built
    right = _documents_only(root, tmp_path / "right")
    monkeypatch.setattr(booklet, "TOC_FIRST_PAGE", 1)  # guesses one contents page per entry
    monkeypatch.setattr(booklet, "TOC_PAGE", 1)
    assert _documents_only(root, tmp_path / "guessed") == right


def test_booklet_pages_have_running_header_footer_and_repeated_table_heads(sample):
    data, project, _ = sample
    pages = page_texts(data / "catalogue.pdf")
    total = len(pages)
    for number, text in enumerate(pages[1:], start=2):  # the cover has no header or footer
        assert f"第 {number} 页 / 共 {total} 页" in text, number
    catalogue_pages = [t for t in pages
                       if "一、职权目录 ·" in t.splitlines()[0] or t.lstrip().startswith("一、职权目录 ·")]
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
    document_tables = tables(Index(project))
    pages = []
    for part in plan(project, document_tables, figures(project), dt.date(2026, 11, 22)).parts:
        pages += [(id(part), page) for page in render_document(part.html).pages]
    seen: dict[int, int] = {}
    rows = 0
    for number, (_, page) in enumerate(pages):
        for box in page._page_box.descendants():
            if getattr(box, "element_tag", None) == "tr" and not str(box.element[0].tag).endswith("th"):
                key = id(box.element)  # (header rows repeat on every page by design; body rows must not)
                assert seen.setdefault(key, number) == number, "a row continues on the next page"
                rows += 1
    assert rows >= len(document_tables["catalogue"].rows) + len(document_tables["risks"].rows)
    assert len(pages) > 10  # long enough that rows meet page ends


def test_booklet_is_a4_with_the_summary_on_the_cover(sample):
    data, project, _ = sample
    box = pypdf.PdfReader(data / "catalogue.pdf").pages[0].mediabox
    assert abs(float(box.width) - 841.89) < 0.5 and abs(float(box.height) - 595.28) < 0.5  # A4 landscape
    cover = "".join(page_texts(data / "catalogue.pdf")[0].split())
    summary = figures(project)
    assert f"职权事项数{summary['powers']}" in cover and f"风险点数（★）{summary['risk_points']}" in cover


def test_unit_booklets_hold_only_their_unit(sample):
    data, project, _ = sample
    unit, other = project.units[0], project.units[1]
    text = "".join("".join(page_texts(data / "units" / f"{unit.id}.pdf")).split())
    assert f"一、职权目录·{unit.name}" in text and f"一、职权目录·{other.name}" not in text


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
    rows = [r for r in risk_register(Index(project)).rows if r["unit_id"] == unit.id]
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


@pytest.mark.build
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


@pytest.mark.build
def test_a_unit_without_powers_gets_a_booklet_that_says_so(tmp_path):
    """A unit just added (no power yet): its booklet's catalogue and responsibility list say there is
    nothing yet, instead of printing empty tables."""
    import shutil

    from tests.helpers import MINIMAL

    root = tmp_path / "proj"
    shutil.copytree(MINIMAL, root)
    unit = (root / "catalog" / "bureau.yaml").read_text(encoding="utf-8")
    (root / "catalog" / "empty.yaml").write_text(unit[:unit.index("roster:")].replace("测试县测试局", "测试县空单位"),
                                                  encoding="utf-8")
    build(root, Options(out=tmp_path / "site", charts=False, posters=False, site=False))
    text = "".join(page_texts(tmp_path / "site" / "data" / "units" / "empty.pdf"))
    assert text.count("本单位暂未公布职权事项。") == 2  # the catalogue and the responsibility list
    assert "事项编码" not in text and "共 0 个风险点" in text


@pytest.mark.build
def test_a_rename_lays_out_no_front_matter_or_stamps_again(tmp_path, monkeypatch):
    """After an edit that moves no page number, the booklets' front matter and running headers come
    from the cache like the parts; only the parts holding the edit are laid out again, and the
    booklets are the same as a build from scratch."""
    import shutil

    from generator.render import booklet
    from tests.helpers import MINIMAL

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
        assert ((tmp_path / "site" / "data" / pdf.relative_to(tmp_path / "fresh" / "data")).read_bytes()
                == pdf.read_bytes())
