"""render/raster.py: the PNG encoded from the bitmap Graphviz draws, for every layout a BMP may have
and refusing what it cannot read."""

from __future__ import annotations

import pytest

from tests.sitetools import load_png


@pytest.mark.parametrize("bits, top_down", [(24, False), (24, True), (32, False)])
@pytest.mark.parametrize("band", [256, 2], ids=["one-band", "bands-of-2"])
def test_png_from_bmp_reads_padded_rows_in_either_order(bits, top_down, band, monkeypatch):
    import io
    import struct

    from PIL import Image

    from generator.render import raster
    from generator.render.raster import png_from_bmp

    monkeypatch.setattr(raster, "BAND", band)  # 5 rows in bands of 2: the last band is short

    image = Image.new("RGB", (7, 5))  # 7 × 3 bytes: each BMP row is padded to 24 bytes
    image.putdata([(x * 30, y * 50, (x * y * 7) % 256) for y in range(5) for x in range(7)])
    buffer = io.BytesIO()
    (image.convert("RGBA") if bits == 32 else image).save(buffer, format="BMP")
    bmp = bytearray(buffer.getvalue())
    if top_down:  # the same picture with its rows stored top first, as a negative height says
        offset, = struct.unpack_from("<I", bmp, 10)
        stride = (7 * 3 + 3) & ~3
        rows = [bytes(bmp[offset + y * stride:offset + (y + 1) * stride]) for y in range(5)]
        bmp[offset:] = b"".join(reversed(rows))
        struct.pack_into("<i", bmp, 22, -5)
    png = png_from_bmp(bytes(bmp))
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert load_png(png).mode == "RGB" and load_png(png).tobytes() == image.tobytes()


CORE_HEADER_BMP = b"BM" + bytes(8) + (26).to_bytes(4, "little") + (12).to_bytes(4, "little") + bytes(40)


@pytest.mark.parametrize("data", [b"", b"GIF89a" + bytes(60), b"BM" + bytes(60), CORE_HEADER_BMP],
                         ids=["empty", "not-bmp", "no-pixels", "os2-core-header"])
def test_png_from_bmp_refuses_what_it_cannot_read(data):
    from generator.render.raster import RasterError, png_from_bmp

    with pytest.raises(RasterError):
        png_from_bmp(data)
