"""Image validation from the bytes alone: PNG, GIF and WebP, nothing else.

- The type comes from the magic bytes; a declared content type (the upload's) must agree with
  it, unless it is absent or ``application/octet-stream``.
- Every chunk/block is walked to its end, so truncated files are refused, and width, height
  and frame count come from the headers (PNG IHDR and fcTL, GIF logical screen and image
  descriptors, WebP VP8/VP8L/VP8X and ANMF).
- A PNG must have image data (IDAT), and each of its compressed images (IDAT, and each APNG
  frame's fdAT) must inflate to exactly what its dimensions need: more is a decompression
  bomb, less is truncated. A GIF frame must lie inside the logical screen.
- JPEG, SVG and anything else are refused with ``InvalidImage`` (422, ``invalid-image``).
- ``accept_image``: the checks, then an ``ImageCodec`` decodes the image fully and encodes it
  again; only those re-encoded bytes (which pass the same checks) are ever stored, so bytes
  hidden after the image's end, in metadata or in chunks no decoder reads never are.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from streamz.core.errors import FieldError
from streamz.core.media.entities import CONTENT_TYPES, AcceptedImage, ImageInfo, ImageRules
from streamz.core.media.errors import InvalidImage
from streamz.ports.media import ImageCodec

FIELD = "body.image"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_UNDECLARED = {"", "application/octet-stream"}


def _bad(message: str) -> InvalidImage:
    return InvalidImage(message, errors=[FieldError(FIELD, message)])


def inspect_image(data: bytes, declared: str | None = None) -> ImageInfo:
    """The image's type, dimensions and frames, or ``InvalidImage`` saying what is wrong."""
    if data.startswith(PNG_SIGNATURE):
        extension, (width, height, frames) = "png", _png(data).shape()
    elif data[:6] in (b"GIF87a", b"GIF89a"):
        extension, (width, height, frames) = "gif", _gif(data)
    elif data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        extension, (width, height, frames) = "webp", _webp(data)
    else:
        raise _bad(_unknown(data))
    content_type = CONTENT_TYPES[extension]
    claimed = (declared or "").split(";")[0].strip().lower()
    if claimed not in _UNDECLARED and claimed != content_type:
        raise _bad(f"the upload is declared as {claimed} but its bytes are {content_type}")
    return ImageInfo(content_type, extension, width, height, len(data), frames)


def check_image(data: bytes, declared: str | None, rules: ImageRules) -> ImageInfo:
    """``inspect_image`` plus the size, dimension and animation ``rules``; then, for a PNG, its
    compressed image data must inflate to exactly what its dimensions need."""
    if not data:
        raise _bad("the image is empty")
    if len(data) > rules.max_bytes:
        raise _bad(f"the image is {len(data)} bytes; the limit is {rules.max_bytes} bytes")
    info = inspect_image(data, declared)
    check_dimensions(info, rules)
    if info.extension == "png":
        _png(data).check_data()
    return info


def check_dimensions(info: ImageInfo, rules: ImageRules) -> None:
    """The dimension and animation ``rules`` (from headers, before anything is decoded)."""
    size = f"{info.width}x{info.height}"
    if rules.square and info.width != info.height:
        raise _bad(f"the image must be square; it is {size} px")
    low, high = rules.min_side, rules.max_side
    if not (low <= info.width <= high and low <= info.height <= high):
        raise _bad(f"the image must be between {low}x{low} and {high}x{high} px; it is {size} px")
    if info.frames > rules.max_frames:
        raise _bad(f"the image has {info.frames} frames; the limit is {rules.max_frames}")
    if info.frames * info.width * info.height > rules.max_animation_pixels:
        raise _bad(
            f"the animation is too large: {info.frames} frames of {size} px; at most "
            f"{rules.max_animation_pixels} pixels in all frames together"
        )


async def accept_image(
    data: bytes, declared: str | None, rules: ImageRules, codec: ImageCodec
) -> AcceptedImage:
    """What to store for an upload: ``check_image``, then ``codec`` decodes the image fully
    (under the same bounds) and encodes it again, in its type, with its dimensions and
    animation, without metadata. The re-encoded bytes must pass the same checks, within the
    same byte limit; the upload's own bytes are never stored."""
    info = check_image(data, declared, rules)
    encoded = await codec.reencode(data, info, rules)
    if len(encoded) > rules.max_bytes:
        raise _bad(
            f"the image is {len(encoded)} bytes once re-encoded; the limit is "
            f"{rules.max_bytes} bytes (use fewer colours, frames or pixels)"
        )
    again = inspect_image(encoded, info.content_type)
    if (again.width, again.height) != (info.width, info.height):  # pragma: no cover - codec bug
        raise _bad("the image changed its dimensions when re-encoded")
    check_dimensions(again, rules)
    if again.extension == "png":
        _png(encoded).check_data()
    return AcceptedImage(encoded, again)


def _unknown(data: bytes) -> str:
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG images are not accepted; use PNG, GIF or WebP"
    head = data[:256].lstrip().lower()
    if head.startswith((b"<svg", b"<?xml", b"<!doctype svg")) or b"<svg" in head:
        return "SVG images are not accepted; use PNG, GIF or WebP"
    return "not a PNG, GIF or WebP image"


# PNG colour type -> channels; and the bit depths each allows
_PNG_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
_PNG_DEPTHS = {0: {1, 2, 4, 8, 16}, 2: {8, 16}, 3: {1, 2, 4, 8}, 4: {8, 16}, 6: {8, 16}}
# Adam7 passes: first column, first row, column step, row step
_ADAM7: tuple[tuple[int, int, int, int], ...] = (
    (0, 0, 8, 8),
    (4, 0, 8, 8),
    (0, 4, 4, 8),
    (2, 0, 4, 4),
    (0, 2, 2, 4),
    (1, 0, 2, 2),
    (0, 1, 1, 2),
)


@dataclass(slots=True)
class _PngImage:
    """One compressed image of a PNG: the default image (IDAT) or an APNG frame (fdAT)."""

    width: int
    height: int
    data: list[bytes] = field(default_factory=list)


@dataclass(slots=True)
class _Png:
    width: int
    height: int
    depth: int
    colour: int
    interlaced: bool
    frames: int = 0  # fcTL chunks (APNG); 0: a still image
    images: list[_PngImage] = field(default_factory=list)
    default: _PngImage | None = None  # the IDAT image
    current: _PngImage | None = None  # the APNG frame that fdAT chunks go to

    def shape(self) -> tuple[int, int, int]:
        return self.width, self.height, max(self.frames, 1)

    def add(self, kind: bytes, body: bytes, previous: bytes) -> None:
        if kind == b"IDAT":
            if self.default is None:
                self.default = _PngImage(self.width, self.height)
                self.images.append(self.default)
            elif self.default.data and previous != b"IDAT":
                raise _bad("the PNG image data (IDAT) is split by other chunks")
            self.default.data.append(body)
        elif kind == b"fcTL":
            self._frame(body)
        elif kind == b"fdAT":
            if self.current is None or len(body) < 4:
                raise _bad("the PNG animation has frame data (fdAT) without a frame header")
            if not self.current.data:
                self.images.append(self.current)
            self.current.data.append(body[4:])  # after the sequence number
        elif kind == b"IEND" and (self.default is None or not self.default.data):
            raise _bad("the PNG image has no image data (IDAT)")

    def _frame(self, body: bytes) -> None:
        if len(body) != 26:
            raise _bad("the PNG animation has an invalid frame header (fcTL)")
        self.frames += 1
        width, height, x, y = struct.unpack(">IIII", body[4:20])
        inside = x + width <= self.width and y + height <= self.height
        if not (width and height and inside):
            raise _bad("an animation frame of the PNG image lies outside it")
        self.current = _PngImage(width, height)
        if self.default is None:  # an fcTL before IDAT: the default image is the first frame
            self.default, self.current = self.current, None
            self.images.append(self.default)

    def check_data(self) -> None:
        """Each compressed image inflates to exactly the bytes its scanlines need (one filter
        byte per row, per interlace pass): a stream that inflates further is a decompression
        bomb, and inflating stops one byte past the need, so it never costs more than that."""
        for image in self.images:
            need = self._scanline_bytes(image.width, image.height)
            inflater = zlib.decompressobj()
            try:
                out = inflater.decompress(b"".join(image.data), need + 1)
                if len(out) == need and inflater.unconsumed_tail:
                    out += inflater.decompress(inflater.unconsumed_tail, 1)
            except zlib.error:
                raise _bad("the PNG image data is corrupt") from None
            if len(out) > need:
                raise _bad(
                    f"the PNG image data inflates to more than its {image.width}x{image.height} "
                    f"px need ({need} bytes): a decompression bomb"
                )
            if len(out) < need:
                raise _bad("the PNG image data is truncated")

    def _scanline_bytes(self, width: int, height: int) -> int:
        bits = _PNG_CHANNELS[self.colour] * self.depth

        def rows(columns: int, count: int) -> int:
            return 0 if columns == 0 or count == 0 else count * (1 + (columns * bits + 7) // 8)

        if not self.interlaced:
            return rows(width, height)
        return sum(
            rows(max(0, (width - x + dx - 1) // dx), max(0, (height - y + dy - 1) // dy))
            for x, y, dx, dy in _ADAM7
        )


def _png(data: bytes) -> _Png:
    """Walks every chunk up to IEND: IHDR first, image data (IDAT, consecutive) before IEND,
    APNG frames (fcTL, then fdAT) counted and placed inside the image."""
    chunks = _png_chunks(data)
    kind, body = next(chunks)
    if kind != b"IHDR" or len(body) != 13:
        raise _bad("the PNG image has no IHDR header")
    png, previous = _ihdr(body), kind
    for kind, body in chunks:
        png.add(kind, body, previous)
        previous = kind
    return png


def _png_chunks(data: bytes) -> Iterator[tuple[bytes, bytes]]:
    """(type, data) of each chunk up to IEND included; truncation and bad CRCs refused."""
    offset = len(PNG_SIGNATURE)
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
        yield kind, body
        if kind == b"IEND":
            return
        offset = end


def _ihdr(body: bytes) -> _Png:
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
    if width == 0 or height == 0:
        raise _bad("the PNG image has no pixels (a side of 0)")
    if depth not in _PNG_DEPTHS.get(colour, set()) or interlace not in (0, 1):
        raise _bad("the PNG image has an invalid IHDR header")
    return _Png(width, height, depth, colour, interlace == 1)


def _gif(data: bytes) -> tuple[int, int, int]:
    """Walks the blocks (extensions, images with their LZW sub-blocks) up to the trailer;
    every image (frame) must lie inside the logical screen."""
    if len(data) < 13:
        raise _bad("the GIF image is truncated")
    width, height, flags = struct.unpack("<HHB", data[6:11])
    offset = 13 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0)
    frames = 0
    while offset < len(data):
        block = data[offset]
        if block == 0x3B:  # trailer
            if frames == 0:
                raise _bad("the GIF image has no image data")
            return width, height, frames
        if block == 0x21:  # extension: label, then sub-blocks
            offset = _sub_blocks(data, offset + 2)
        elif block == 0x2C:  # image descriptor, optional local colour table, LZW data
            if offset + 10 > len(data):
                break
            x, y, w, h = struct.unpack("<HHHH", data[offset + 1 : offset + 9])
            if x + w > width or y + h > height:
                raise _bad(f"a frame of the GIF image lies outside its {width}x{height} px")
            frames += 1
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


def _webp(data: bytes) -> tuple[int, int, int]:
    """The RIFF size must cover the file; chunks are walked; the first gives the size;
    animation frames (ANMF) are counted."""
    (riff_size,) = struct.unpack("<I", data[4:8])
    if riff_size + 8 > len(data):
        raise _bad("the WebP image is truncated")
    end, offset, size, frames = riff_size + 8, 12, None, 0
    while offset + 8 <= end:
        kind = data[offset : offset + 4]
        (length,) = struct.unpack("<I", data[offset + 4 : offset + 8])
        body = data[offset + 8 : offset + 8 + length]
        if len(body) < length or offset + 8 + length > end:
            raise _bad("the WebP image is truncated")
        if size is None:
            size = _webp_size(kind, body)
        frames += kind == b"ANMF"
        offset += 8 + length + (length & 1)
    if size is None:
        raise _bad("the WebP image has no VP8, VP8L or VP8X chunk")
    return size[0], size[1], max(frames, 1)


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
