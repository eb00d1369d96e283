"""The common cut of Noto Sans CJK SC that every PDF is set in."""

import uharfbuzz as hb

from generator.render.fonts import common_codepoints, common_font, font_file


def _glyphs(font, codepoints):
    """(advance, outline extents) of each character, shaped alone as Simplified Chinese."""
    out = []
    for cp in codepoints:
        buf = hb.Buffer()
        buf.add_str(chr(cp))
        buf.guess_segment_properties()
        buf.language = "zh-cn"
        hb.shape(font, buf)
        extents = font.get_glyph_extents(buf.glyph_infos[0].codepoint)
        out.append((buf.glyph_positions[0].x_advance,
                    extents and (extents.x_bearing, extents.y_bearing, extents.width, extents.height)))
    return out


def test_the_cut_draws_every_character_as_the_full_font_does():
    points = common_codepoints()
    for bold in (False, True):
        path, index = font_file(bold)
        full = hb.Font(hb.Face(hb.Blob.from_file_path(path), index))
        cut_face = hb.Face(hb.Blob(common_font(bold)))
        # one glyph per character, give or take: no Japanese, Korean or Traditional forms came along
        assert cut_face.glyph_count < len(points)
        assert _glyphs(hb.Font(cut_face), points) == _glyphs(full, points)
