"""Small real images of any size (PNG by hand; GIF and WebP written by Pillow), the hand-made
WebP headers for reading dimensions without pixels, and lying images for the decoder."""

from __future__ import annotations

import io
import struct
import zlib
from functools import lru_cache
from typing import Any

from PIL import Image, ImageSequence


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_ihdr(width: int, height: int, depth: int = 8, colour: int = 0) -> bytes:
    """The signature and IHDR of a PNG (non-interlaced): add IDAT and IEND chunks."""
    header = struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header)


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return _chunk(kind, data)


def png(width: int = 32, height: int | None = None, *, pixels: bool = True) -> bytes:
    """An 8-bit greyscale PNG; ``pixels=False``: its IDAT inflates to nothing (refused)."""
    height = width if height is None else height
    rows = b"".join(b"\x00" + b"\x7f" * width for _ in range(height)) if pixels else b""
    return png_ihdr(width, height) + _chunk(b"IDAT", zlib.compress(rows)) + _chunk(b"IEND", b"")


def _saved(image: Image.Image, kind: str, **options: Any) -> bytes:
    out = io.BytesIO()
    image.save(out, kind, **options)
    return out.getvalue()


def _two_colours(width: int, height: int) -> Image.Image:
    image = Image.new("P", (width, height), 1)
    image.putpalette([0, 0, 0, 255, 255, 255])
    image.paste(0, (0, 0, max(1, width // 2), max(1, height // 2)))
    return image


@lru_cache(maxsize=64)
def gif(width: int = 32, height: int | None = None) -> bytes:
    height = width if height is None else height
    return _saved(_two_colours(width, height), "GIF")


@lru_cache(maxsize=64)
def webp_lossless(width: int = 32, height: int | None = None) -> bytes:
    height = width if height is None else height
    return _saved(_two_colours(width, height).convert("RGB"), "WEBP", lossless=True)


@lru_cache(maxsize=64)
def webp_lossy(width: int = 32, height: int | None = None) -> bytes:
    height = width if height is None else height
    return _saved(_two_colours(width, height).convert("RGB"), "WEBP", quality=80)


@lru_cache(maxsize=64)
def webp_extended(width: int = 32, height: int | None = None) -> bytes:
    """A WebP with a VP8X header (an alpha channel makes Pillow write one)."""
    height = width if height is None else height
    image = _two_colours(width, height).convert("RGBA")
    image.putpixel((0, 0), (0, 0, 0, 0))
    return _saved(image, "WEBP", quality=80)


def animated(kind: str, frames: int = 4, side: int = 48, **options: Any) -> bytes:
    """An animated GIF, WebP or PNG (APNG) with transparency: a square moving across."""
    images = []
    for index in range(frames):
        image = Image.new("RGBA", (side, side), (0, 0, 0, 0))
        corner = (index * 7) % max(1, side - 8)
        image.paste((255, 40 * index % 256, 0, 255), (corner, corner, corner + 8, corner + 8))
        images.append(image)
    options = {"duration": [100 + 10 * i for i in range(frames)], "loop": 0, **options}
    if kind == "GIF":
        options.setdefault("disposal", 2)
    if kind == "WEBP":
        options.setdefault("lossless", True)
    return _saved(images[0], kind, save_all=True, append_images=images[1:], **options)


def gif_frames(data: bytes) -> list[int]:
    """Where each image descriptor (``0x2c``, x, y, width, height...) of a GIF starts."""
    flags = data[10]
    offset = 13 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0)
    found = []
    while data[offset] != 0x3B:
        if data[offset] == 0x21:  # extension: label, sub-blocks
            offset += 2
        else:
            found.append(offset)
            local = data[offset + 9]
            offset += 10 + (3 << ((local & 7) + 1) if local & 0x80 else 0) + 1
        while data[offset]:
            offset += 1 + data[offset]
        offset += 1
    return found


def pixels(data: bytes) -> list[tuple[bytes, Any]]:
    """Every frame as RGBA bytes with its duration: what a viewer sees, whatever the encoding
    (the colour of fully transparent pixels, which nobody sees, counts as black)."""
    with Image.open(io.BytesIO(data)) as image:
        frames = []
        for frame in ImageSequence.Iterator(image):
            rgba = frame.convert("RGBA")
            seen = Image.new("RGBA", rgba.size, (0, 0, 0, 0))
            seen.paste(rgba, mask=rgba.getchannel("A").point(lambda a: 255 if a else 0))
            frames.append((seen.tobytes(), frame.info.get("duration")))
        return frames


def _riff(*chunks: tuple[bytes, bytes]) -> bytes:
    body = b"WEBP"
    for kind, data in chunks:
        body += kind + struct.pack("<I", len(data)) + data + (b"\x00" if len(data) % 2 else b"")
    return b"RIFF" + struct.pack("<I", len(body)) + body


def _vp8l(width: int, height: int) -> bytes:
    bits = (width - 1) | ((height - 1) << 14)
    return b"\x2f" + struct.pack("<I", bits) + b"\x00\x00\x00"


def webp_header_only(width: int = 32, height: int | None = None) -> bytes:
    """A VP8X WebP whose headers say ``width`` x ``height`` but which has no real pixels:
    enough for reading dimensions, refused by any decoder."""
    height = width if height is None else height
    header = b"\x10\x00\x00\x00" + (width - 1).to_bytes(3, "little")
    header += (height - 1).to_bytes(3, "little")
    return _riff((b"VP8X", header), (b"VP8L", _vp8l(width, height)))


JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32"/>'
