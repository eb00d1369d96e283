"""The screen chart's PNG, encoded from the uncompressed bitmap Graphviz draws with cairo.

Graphviz's own PNG goes through cairo's writer, which leaves libpng at its defaults: every row tried
with all five PNG filters, then zlib at level 6. For a chart (large areas of one colour) that is three
quarters of the drawing time: 51 ms of a 1284 × 1233 chart, against 10 ms for the same pixels as a
BMP (``-Tbmp:cairo:gdk``, Graphviz's gdk-pixbuf device). Written here unfiltered at zlib level 3 they
take another 13 ms, and the file comes out a fifth smaller: long runs of one colour compress better
unfiltered. The pixels are cairo's either way.
"""

from __future__ import annotations

import struct
import zlib

from PIL import Image

PNG_LEVEL = 3  # zlib's fast levels (1-3) cost the same here; 3 packs a little tighter
BAND = 256  # rows converted at a time: a large chart's bitmap is never copied whole
_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class RasterError(ValueError):
    pass


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_from_bmp(bmp: bytes, white_edges: bool = False) -> bytes:
    """An opaque RGB PNG (8 bits a channel, no filter, no metadata) of an uncompressed 24- or 32-bit
    BMP, such as gdk-pixbuf writes: BGR(X) rows, bottom-up unless the height is negative, each padded
    to 4 bytes. ``white_edges``: paint the right column and the bottom row white. A drawing a fraction of
    a pixel larger than whole pixels leaves its last column or row partly transparent, and the bitmap
    has no alpha: cairo's premultiplied white comes out grey there. On a white background, as the
    charts are, the right colour is white."""
    if len(bmp) < 54 or bmp[:2] != b"BM":
        raise RasterError("not a BMP file")
    offset, header = struct.unpack_from("<II", bmp, 10)
    width, height, _, bits, compression = struct.unpack_from("<iiHHI", bmp, 18)
    if header < 40 or bits not in (24, 32) or compression != 0 or width <= 0 or height == 0:
        raise RasterError(f"unsupported BMP: header {header}, {bits} bits, compression {compression}")
    step = bits // 8
    stride = (width * step + 3) & ~3
    rows = abs(height)
    if len(bmp) < offset + stride * rows:
        raise RasterError("BMP pixel data is cut short")
    deflate = zlib.compressobj(PNG_LEVEL)
    parts, line = [], width * 3
    for top in range(0, rows, BAND):  # output rows top..top+n; Pillow's raw decoder swaps BGR(X) to RGB
        n = min(BAND, rows - top)
        first = rows - top - n if height > 0 else top  # the band's first row in the file
        band = Image.frombuffer("RGB", (width, n), bmp[offset + first * stride:offset + (first + n) * stride], "raw",
                                "BGR" if bits == 24 else "BGRX", stride, -1 if height > 0 else 1).tobytes()
        scanlines = bytearray(b"".join(b"\0" + band[i:i + line] for i in range(0, len(band), line)))
        if white_edges:
            for end in range(line + 1, len(scanlines) + 1, line + 1):
                scanlines[end - 3:end] = b"\xff\xff\xff"
            if top + n == rows:
                scanlines[-line:] = b"\xff" * line
        parts.append(deflate.compress(scanlines))
    parts.append(deflate.flush())
    header_chunk = struct.pack(">IIBBBBB", width, rows, 8, 2, 0, 0, 0)  # 8-bit RGB, deflate, no interlace
    return _SIGNATURE + _chunk(b"IHDR", header_chunk) + _chunk(b"IDAT", b"".join(parts)) + _chunk(b"IEND", b"")
