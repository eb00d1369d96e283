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
    assert "2026年11月20日" in text  # the version date, as a Chinese document writes it
    assert "★1" in text and "量化审查" in text  # the risk list with measures (wrapped in its column)


def words(pdf: Path) -> list[tuple[str, float, float]]:
    """(word, x, y) of every word on the first page, from pdftotext's bounding boxes (y downwards)."""
    import re

    out = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    return [(w, float(x), float(y)) for x, y, w in
            re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>', out)]


def test_poster_chart_is_drawn_in_its_place(built):
    """The wall chart (drawn by Graphviz, placed after layout) lies below the phones and the powers, its
    columns read across (运行流程 | 风险点 | 防控措施), its risk beside its step, and its text is real text."""
    root, _ = built
    found = words(root / "site" / "posters" / "licence.pdf")
    at = {w: (x, y) for w, x, y in found}
    phones = next(xy for w, *xy in found if w.startswith("监督投诉"))
    flow, risks, measures = at["运行流程"], at["风险点"], at["防控措施"]
    assert phones[1] < at["事项编码"][1] < flow[1]
    assert flow[0] < risks[0] < measures[0] and abs(flow[1] - risks[1]) < 3 and abs(risks[1] - measures[1]) < 3
    star = next(xy for w, *xy in found if w.startswith("★1") and xy[0] > risks[0] - 60)  # the risk, in its column
    step = next(xy for w, *xy in found if w.startswith("★1") and xy[0] < risks[0] - 60)  # the ★ on its step
    assert abs(star[1] - step[1]) < 100  # level with it (the ★ is the step box's third line)


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
    """More than MAX_POWER_ROWS powers on one flow: the poster lists them in two columns and names each law
    once, but keeps the articles (the legal basis is law and article)."""

    from generator.project import load_project
    from generator.render.poster import MAX_POWER_ROWS, Page, poster_html

    project = load_project(REPO).project
    flow = next(f for f in project.flows if f.id == "talent-archive")
    powers = sorted((p for _, p in project.powers() if p.flow == flow.id), key=lambda p: p.code)
    assert len(powers) > MAX_POWER_ROWS
    unit = next(u for u in project.units if u.id == flow.unit)
    sources = {s.id: s for s in project.sources}
    html = poster_html(flow, unit, powers, sources, project.settings, Page()).html
    laws = html[html.index('<p class="laws">'):]
    laws = laws[:laws.index("</p>")]
    assert (laws.count("《人力资源市场暂行条例》") == 1
            and "《人力资源市场暂行条例》第十四条第二款、第十五条第（七）项、第十五条第（六）项" in laws)
    assert laws.count("《流动人员人事档案管理服务规定》第四条第（三）项") == 1


def test_the_chart_of_a_flow_no_power_uses_takes_the_space_of_the_missing_powers_section():
    """A poster without powers has no powers section: the chart gets that room, measured on the laid-out
    page, and its text is as large as it was with the powers or larger."""

    from generator.project import load_project
    from generator.render.poster import Page, _room_mm, poster_html

    project = load_project(REPO).project
    flow = next(f for f in project.flows if f.id == "nr-land-pre-review")
    powers = sorted((p for _, p in project.powers() if p.flow == flow.id), key=lambda p: p.code)
    unit = next(u for u in project.units if u.id == flow.unit)
    sources = {s.id: s for s in project.sources}
    rooms = [_room_mm(poster_html(flow, unit, listed, sources, project.settings, Page()), Page())[0]
             for listed in (powers, [])]
    assert rooms[1] > rooms[0] + 15  # the powers table's height
    sizes = [poster_html(flow, unit, listed, sources, project.settings, Page(), room).chart_pt
             for listed, room in zip((powers, []), rooms)]
    assert sizes[1] >= sizes[0] >= 12


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
    assert "无人使用的流程" in text and "运行流程" in text
    assert "职权事项" not in text and "事项编码" not in text
    assert "职权事项" in pdf_text(tmp_path / "print" / "posters" / "licence.pdf")
