"""Image validation from the bytes alone: PNG, GIF and WebP, nothing else.

- The type comes from the magic bytes; a declared content type (the upload's) must agree with
  it, unless it is absent or ``application/octet-stream``.
- Every chunk/block is walked to its end, so truncated files are refused, and width and height
  come from the headers (PNG IHDR, GIF logical screen, WebP VP8/VP8L/VP8X).
- JPEG, SVG and anything else are refused with ``InvalidImage`` (422, ``invalid-image``).
"""

from __future__ import annotations

import struct
import zlib

from streamz.core.errors import FieldError
from streamz.core.media.entities import CONTENT_TYPES, ImageInfo, ImageRules
from streamz.core.media.errors import InvalidImage

FIELD = "body.image"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_UNDECLARED = {"", "application/octet-stream"}


def _bad(message: str) -> InvalidImage:
    return InvalidImage(message, errors=[FieldError(FIELD, message)])


def inspect_image(data: bytes, declared: str | None = None) -> ImageInfo:
    """The image's type and dimensions, or ``InvalidImage`` saying what is wrong."""
    if data.startswith(PNG_SIGNATURE):
        extension, (width, height) = "png", _png(data)
    elif data[:6] in (b"GIF87a", b"GIF89a"):
        extension, (width, height) = "gif", _gif(data)
    elif data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        extension, (width, height) = "webp", _webp(data)
    else:
        raise _bad(_unknown(data))
    content_type = CONTENT_TYPES[extension]
    claimed = (declared or "").split(";")[0].strip().lower()
    if claimed not in _UNDECLARED and claimed != content_type:
        raise _bad(f"the upload is declared as {claimed} but its bytes are {content_type}")
    return ImageInfo(content_type, extension, width, height, len(data))


def check_image(data: bytes, declared: str | None, rules: ImageRules) -> ImageInfo:
    """``inspect_image`` plus the size and dimension ``rules``."""
    if not data:
        raise _bad("the image is empty")
    if len(data) > rules.max_bytes:
        raise _bad(f"the image is {len(data)} bytes; the limit is {rules.max_bytes} bytes")
    info = inspect_image(data, declared)
    size = f"{info.width}x{info.height}"
    if rules.square and info.width != info.height:
        raise _bad(f"the image must be square; it is {size} px")
    low, high = rules.min_side, rules.max_side
    if not (low <= info.width <= high and low <= info.height <= high):
        raise _bad(f"the image must be between {low}x{low} and {high}x{high} px; it is {size} px")
    return info


def _unknown(data: bytes) -> str:
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG images are not accepted; use PNG, GIF or WebP"
    head = data[:256].lstrip().lower()
    if head.startswith((b"<svg", b"<?xml", b"<!doctype svg")) or b"<svg" in head:
        return "SVG images are not accepted; use PNG, GIF or WebP"
    return "not a PNG, GIF or WebP image"


def _png(data: bytes) -> tuple[int, int]:
    """Walks every chunk (length, type, data, CRC) up to IEND; IHDR must come first."""
    offset, first, size = len(PNG_SIGNATURE), True, (0, 0)
    while True:
        if offset + 12 > len(data):
            raise _bad("the PNG image is truncated")
        length, kind = struct.unpack(">I4s", data[offset : offset + 8])
        end = offset + 12 + length
        if end > len(data):
            raise _bad("the PNG image is truncated")
        body = data[offset + 8 : end - 4]
        (crc,) = struct.unpack(">I", data[end - 4 : end])
        if zlib.crc32(kind + body) != crc:
            raise _bad(f"the PNG chunk {kind!r} is corrupt (bad CRC)")
        if first:
            if kind != b"IHDR" or length != 13:
                raise _bad("the PNG image has no IHDR header")
            size = struct.unpack(">II", body[:8])
            first = False
        if kind == b"IEND":
            return size
        offset = end


def _gif(data: bytes) -> tuple[int, int]:
    """Walks the blocks (extensions, images with their LZW sub-blocks) up to the trailer."""
    if len(data) < 13:
        raise _bad("the GIF image is truncated")
    width, height, flags = struct.unpack("<HHB", data[6:11])
    offset = 13 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0)
    while offset < len(data):
        block = data[offset]
        if block == 0x3B:  # trailer
            return width, height
        if block == 0x21:  # extension: label, then sub-blocks
            offset = _sub_blocks(data, offset + 2)
        elif block == 0x2C:  # image descriptor, optional local colour table, LZW data
            if offset + 10 > len(data):
                break
            local = data[offset + 9]
            offset += 10 + (3 << ((local & 7) + 1) if local & 0x80 else 0)
            offset = _sub_blocks(data, offset + 1)  # after the LZW minimum code size
        else:
            raise _bad(f"the GIF image has an unknown block 0x{block:02x}")
    raise _bad("the GIF image is truncated")


def _sub_blocks(data: bytes, offset: int) -> int:
    while offset < len(data):
        length = data[offset]
        offset += 1 + length
        if length == 0:
            return offset
    raise _bad("the GIF image is truncated")


def _webp(data: bytes) -> tuple[int, int]:
    """The RIFF size must cover the file; chunks are walked; the first gives the size."""
    (riff_size,) = struct.unpack("<I", data[4:8])
    if riff_size + 8 > len(data):
        raise _bad("the WebP image is truncated")
    end, offset, size = riff_size + 8, 12, None
    while offset + 8 <= end:
        kind = data[offset : offset + 4]
        (length,) = struct.unpack("<I", data[offset + 4 : offset + 8])
        body = data[offset + 8 : offset + 8 + length]
        if len(body) < length or offset + 8 + length > end:
            raise _bad("the WebP image is truncated")
        if size is None:
            size = _webp_size(kind, body)
        offset += 8 + length + (length & 1)
    if size is None:
        raise _bad("the WebP image has no VP8, VP8L or VP8X chunk")
    return size


def _webp_size(kind: bytes, body: bytes) -> tuple[int, int]:
    if kind == b"VP8 " and len(body) >= 10 and body[3:6] == b"\x9d\x01\x2a":
        width, height = struct.unpack("<HH", body[6:10])
        return width & 0x3FFF, height & 0x3FFF
    if kind == b"VP8L" and len(body) >= 5 and body[0] == 0x2F:
        (bits,) = struct.unpack("<I", body[1:5])
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if kind == b"VP8X" and len(body) >= 10:
        width = int.from_bytes(body[4:7], "little") + 1
        height = int.from_bytes(body[7:10], "little") + 1
        return width, height
    raise _bad(f"the WebP image starts with an invalid {kind.decode('latin-1').strip()!r} chunk")
