"""The booklets' running headers and page numbers ("stamps", render/stamps.py), written as PDF text in
the font WeasyPrint subset: they must look as if WeasyPrint had laid them out."""

from __future__ import annotations

import subprocess
from pathlib import Path

STAMPED = [{"number": 1, "header": "目录", "total": 3, "title": "示例县权力清单", "version_date": "2026-11-22"},
           {"number": 2, "header": "一、职权目录 · 示例县财政局", "total": 3, "title": "示例县权力清单",
            "version_date": "2026-11-22"},
           {"number": 3, "header": "三、责任清单 · " + "示例县自然资源局" * 12, "total": 3,  # wider than its 170 mm
            "title": "示例县权力清单（2026 年版）", "version_date": "2026-11-22"}]


def _ink_boxes(pdf: bytes, tmp_path: Path, name: str) -> list[list]:
    """Per page, the bounding box (pixels at 100 dpi) of the ink in the header's, the title's and the
    page number's region."""
    from PIL import Image, ImageOps

    (tmp_path / f"{name}.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "100", "-gray", "-png", str(tmp_path / f"{name}.pdf"), str(tmp_path / name)],
                   check=True)
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
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=written, capture_output=True,
                          check=True).stdout.decode()
    assert "一、职权目录 · 示例县财政局" in text  # (pdftotext drops the spaces around the numbers, as it did before)
    assert "第2页/共3页" in "".join(text.split()) and "第3页/共3页" in "".join(text.split())
    assert "示例县权力清单（2026 年版） · 版本 2026年11月22日" in text


def test_stamps_with_a_character_outside_the_common_cut_are_laid_out_by_weasyprint(tmp_path):
    from generator.render import booklet, stamps

    pages = [dict(STAMPED[1], header="一、职权目录 · 曌县财政局")]  # 曌 is not in GB 2312
    glyphs, _ = booklet.render_part(stamps.glyph_html(stamps.characters(pages)))
    assert stamps.stamp_pdfs(pages, glyphs, booklet.STAMP_PAGES) is None  # its glyph page has two fonts
    ((pdf,),) = booklet._stamps([pages], map)  # one booklet, one stamp document
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "曌县财政局" in text and "第2页/共3页" in "".join(text.split())


def test_stamps_collapse_white_space_and_leave_a_too_wide_title_to_weasyprint(tmp_path):
    from generator.render import booklet, stamps

    spaced = [STAMPED[0], dict(STAMPED[1], header="  一、职权目录 ·  示例县财政局 ", title="示例县权力清单  ")]
    assert stamps.texts(spaced[1])[:2] == ("一、职权目录 · 示例县财政局", "示例县权力清单 · 版本 2026年11月22日")
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
