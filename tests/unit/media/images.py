"""Tiny images built by hand (no Pillow): valid PNG, GIF and WebP of any size."""

from __future__ import annotations

import struct
import zlib


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(width: int = 32, height: int | None = None, *, pixels: bool = True) -> bytes:
    height = width if height is None else height
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    rows = b"".join(b"\x00" + b"\x7f" * width for _ in range(height)) if pixels else b""
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(rows))
        + _chunk(b"IEND", b"")
    )


def gif(width: int = 32, height: int | None = None) -> bytes:
    height = width if height is None else height
    screen = struct.pack("<HHBBB", width, height, 0x80, 0, 0)  # 2-colour global table
    palette = b"\x00\x00\x00\xff\xff\xff"
    control = b"\x21\xf9\x04\x00\x00\x00\x00\x00"  # graphic control extension
    image = b"\x2c" + struct.pack("<HHHHB", 0, 0, width, height, 0)
    lzw = b"\x02" + b"\x02\x4c\x01" + b"\x00"  # min code size, one sub-block, terminator
    return b"GIF89a" + screen + palette + control + image + lzw + b"\x3b"


def _riff(*chunks: tuple[bytes, bytes]) -> bytes:
    body = b"WEBP"
    for kind, data in chunks:
        body += kind + struct.pack("<I", len(data)) + data + (b"\x00" if len(data) % 2 else b"")
    return b"RIFF" + struct.pack("<I", len(body)) + body


def _vp8l(width: int, height: int) -> bytes:
    bits = (width - 1) | ((height - 1) << 14)
    return b"\x2f" + struct.pack("<I", bits) + b"\x00\x00\x00"


def webp_lossless(width: int = 32, height: int | None = None) -> bytes:
    height = width if height is None else height
    return _riff((b"VP8L", _vp8l(width, height)))


def webp_lossy(width: int = 32, height: int | None = None) -> bytes:
    height = width if height is None else height
    frame = b"\x10\x02\x00" + b"\x9d\x01\x2a" + struct.pack("<HH", width, height) + b"\x00" * 8
    return _riff((b"VP8 ", frame))


def webp_extended(width: int = 32, height: int | None = None) -> bytes:
    height = width if height is None else height
    header = b"\x10\x00\x00\x00" + (width - 1).to_bytes(3, "little")
    header += (height - 1).to_bytes(3, "little")
    return _riff((b"VP8X", header), (b"VP8L", _vp8l(width, height)))


JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32"/>'
