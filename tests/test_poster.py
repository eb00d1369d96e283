"""The posters (render/poster.py): one A3 sheet per flow with its chart, powers, risks, phones and QR
code, built for real and read back with pypdf, pdftotext, pdffonts, pdftoppm and zbarimg."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pypdf
import pytest

from generator.build import Options, build
from tests.helpers import REPO
from tests.sitetools import BASE_URL, make_project, pdf_text

A3 = (841.89, 1190.55)
A2 = (1190.55, 1683.78)


def test_poster_is_a3_embeds_a_cjk_font_and_says_what_it_must(built):
    root, _ = built
    poster = root / "site" / "posters" / "licence.pdf"
    reader = pypdf.PdfReader(poster)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert abs(float(box.width) - A3[0]) < 0.5 and abs(float(box.height) - A3[1]) < 0.5
    fonts = subprocess.run(["pdffonts", str(poster)], capture_output=True, text=True, check=True).stdout
    cjk = [line for line in fonts.splitlines() if "Noto-Sans-CJK-SC" in line]
    assert cjk and all(" yes yes yes " in line for line in cjk), fonts  # embedded, subset, with ToUnicode
    text = pdf_text(poster)
    assert "测试许可" in text  # the power's name
    assert "《中华人民共和国行政许可法》第十二条" in text  # its legal basis, as published
    assert "0999-6123400" in text  # the complaint phone
    assert "2026-11-20" in text  # the version date
    assert "★1" in text and "量化审查标准" in text  # the risk list with measures


def words(pdf: Path) -> list[tuple[str, float, float]]:
    """(word, x, y) of every word on the first page, from pdftotext's bounding boxes (y downwards)."""
    import re

    out = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    return [(w, float(x), float(y)) for x, y, w in
            re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>', out)]


def test_poster_chart_is_drawn_in_its_place(built):
    """The chart (drawn by Graphviz, placed after layout) lies under its heading, left of the risk
    column and above the phones, and its text is real text."""
    root, _ = built
    found = words(root / "site" / "posters" / "licence.pdf")
    at = {w: (x, y) for w, x, y in found}
    heading, risks, phones = (at["运行流程图"], at["风险点及防控措施"],
                              next(xy for w, *xy in found if w.startswith("监督投诉")))
    start, end = at["开始"], at["结束"]  # the chart's first and last nodes
    assert heading[1] < start[1] < end[1] < phones[1]
    assert start[1] - heading[1] < 150  # right under its heading (lane titles, then the start node)
    assert heading[0] < start[0] < risks[0] and end[0] < risks[0]


@pytest.mark.build
def test_a_character_outside_the_common_font_is_still_printed(tmp_path):
    """PDFs use a cut of the CJK font (GB 2312 and common symbols); a rarer character falls back
    to the full font instead of disappearing."""
    root = make_project(tmp_path)
    catalog = root / "catalog" / "bureau.yaml"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace("name: 测试许可", "name: 测试许可曌"),
                       encoding="utf-8")
    build(root, Options(out=tmp_path / "print", charts=False, site=False))
    poster = tmp_path / "print" / "posters" / "licence.pdf"
    assert "测试许可曌" in pdf_text(poster)
    assert "测试许可曌" in pdf_text(tmp_path / "print" / "data" / "catalogue.pdf")
    fonts = subprocess.run(["pdffonts", str(poster)], capture_output=True, text=True, check=True).stdout
    assert "Noto-Sans-CJK-SC-Common " in fonts  # the common cut for the rest
    assert any(line.split()[0].endswith("+Noto-Sans-CJK-SC") for line in fonts.splitlines()[2:])  # full font for 曌


def test_a_compact_poster_names_each_law_once_with_every_article_cited():
    """More than three powers on one flow: the poster lists them in two columns and names each law
    once, but keeps the articles (the legal basis is law and article)."""
    import datetime as dt

    from generator.project import load_project
    from generator.render.poster import MAX_POWER_ROWS, Page, poster_html

    project = load_project(REPO).project
    flow = next(f for f in project.flows if f.id == "talent-archive")
    powers = sorted((p for _, p in project.powers() if p.flow == flow.id), key=lambda p: p.code)
    assert len(powers) > MAX_POWER_ROWS
    unit = next(u for u in project.units if u.id == flow.unit)
    sources = {s.id: s for s in project.sources}
    html = poster_html(flow, unit, powers, sources, project.settings, (600.0, 800.0), Page(),
                       dt.date(2026, 11, 20)).html
    laws = html[html.index('<p class="laws">'):]
    laws = laws[:laws.index("</p>")]
    assert (laws.count("《人力资源市场暂行条例》") == 1
            and "《人力资源市场暂行条例》第十四条第二款、第十五条第（七）项、第十五条第（六）项" in laws)
    assert laws.count("《流动人员人事档案管理服务规定》第四条第（三）项") == 1


def test_the_chart_of_a_flow_no_power_uses_takes_the_space_of_the_missing_powers_section():
    """A poster without powers has no powers section: its chart (here tall, so its height decides its
    size) grows into that space instead of leaving it empty at the foot of the sheet."""
    import datetime as dt

    from generator.project import load_project
    from generator.render.pdf import render_document
    from generator.render.poster import Page, poster_html

    project = load_project(REPO).project
    flow = project.flows[0]
    unit = next(u for u in project.units if u.id == flow.unit)
    sources = {s.id: s for s in project.sources}
    result = poster_html(flow, unit, [], sources, project.settings, (400.0, 1600.0), Page(), dt.date(2026, 11, 20))
    document = render_document(result.html)
    assert len(document.pages) == 1
    page = document.pages[0]._page_box
    footer = next(b for b in page.descendants() if getattr(b, "element_tag", "") == "footer")
    free_mm = (page.content_box_y() + page.height - footer.position_y - footer.margin_height()) * 25.4 / 96
    assert 0 <= free_mm < 20, free_mm  # it was 35 mm


def test_poster_qr_code_decodes_to_the_power_page(built, tmp_path):
    root, _ = built
    poster = root / "site" / "posters" / "licence.pdf"
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(poster), str(tmp_path / "p")], check=True)
    r = subprocess.run(["zbarimg", "--raw", "-q", str(tmp_path / "p.png")], capture_output=True, text=True)
    assert r.stdout.split() == [BASE_URL + "powers/XK00001000.html"]


@pytest.mark.build
def test_paper_size_and_orientation_on_request(tmp_path):
    root = make_project(tmp_path)
    build(root, Options(out=tmp_path / "print", charts=False, paper="A2", landscape=True))
    box = pypdf.PdfReader(tmp_path / "print" / "posters" / "penalty.pdf").pages[0].mediabox
    assert abs(float(box.width) - A2[1]) < 0.5 and abs(float(box.height) - A2[0]) < 0.5  # landscape
    assert not (tmp_path / "print" / "charts").exists()


@pytest.mark.build
def test_the_poster_of_a_flow_no_power_uses_has_no_empty_powers_table(tmp_path):
    root = make_project(tmp_path)
    flow = (root / "flows" / "licence.yaml").read_text(encoding="utf-8")
    (root / "flows" / "orphan.yaml").write_text(flow.replace("name: 测试许可流程", "name: 无人使用的流程"),
                                                encoding="utf-8")
    build(root, Options(out=tmp_path / "print", site=False, documents=False, charts=False))
    text = pdf_text(tmp_path / "print" / "posters" / "orphan.pdf")
    assert "无人使用的流程" in text and "运行流程图" in text
    assert "职权事项" not in text and "事项编码" not in text
    assert "职权事项" in pdf_text(tmp_path / "print" / "posters" / "licence.pdf")
