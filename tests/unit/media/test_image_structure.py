"""What the core reads from an image's structure before anything decodes it: image data that
must exist and inflate to exactly what the pixels need, frames inside the image, frame counts
and the animation bounds."""

from __future__ import annotations

import struct
import time
import zlib

import pytest

from streamz.core.channels.badges.entities import BADGE_IMAGES
from streamz.core.media.entities import ImageRules
from streamz.core.media.errors import InvalidImage
from streamz.core.media.images import check_image, inspect_image

from .images import animated, gif, gif_frames, png, png_chunk, png_ihdr

IEND = png_chunk(b"IEND", b"")
RULES = ImageRules(max_bytes=512 * 1024, min_side=1, max_side=512, square=False)


def refused(data: bytes, rules: ImageRules = RULES) -> str:
    with pytest.raises(InvalidImage) as info:
        check_image(data, None, rules)
    assert info.value.code == "invalid-image"
    assert [e.field for e in info.value.errors] == ["body.image"]
    return info.value.detail


def grey(side: int, rows: bytes) -> bytes:
    return png_ihdr(side, side) + png_chunk(b"IDAT", zlib.compress(rows)) + IEND


def test_a_png_without_image_data_is_refused() -> None:
    assert "no image data (IDAT)" in refused(png_ihdr(36, 36) + IEND)
    text = png_chunk(b"tEXt", b"Comment\x00<script>alert(1)</script>")
    assert "no image data (IDAT)" in refused(png_ihdr(36, 36) + text + IEND)


def test_png_data_must_inflate_to_exactly_what_the_pixels_need() -> None:
    need = 36 * (1 + 36)
    assert check_image(grey(36, bytes(need)), None, RULES).width == 36
    assert "decompression bomb" in refused(grey(36, bytes(need + 1)))
    assert "truncated" in refused(grey(36, bytes(need - 1)))
    corrupt = png_ihdr(36, 36) + png_chunk(b"IDAT", b"not zlib at all") + IEND
    assert "corrupt" in refused(corrupt)


def test_a_200_mb_bomb_is_refused_quickly_without_inflating_it() -> None:
    packer = zlib.compressobj(9)
    chunk = bytes(1_000_000)
    body = b"".join(packer.compress(chunk) for _ in range(200)) + packer.flush()
    bomb = png_ihdr(36, 36) + png_chunk(b"IDAT", body) + IEND
    assert len(bomb) < BADGE_IMAGES.max_bytes
    started = time.monotonic()
    assert "decompression bomb" in refused(bomb, BADGE_IMAGES)
    assert time.monotonic() - started < 0.5


def test_png_scanlines_count_bit_depth_colour_and_interlacing() -> None:
    def rgba16(side: int, interlaced: bool, rows: bytes) -> bytes:
        header = struct.pack(">IIBBBBB", side, side, 16, 6, 0, 0, int(interlaced))
        body = png_chunk(b"IHDR", header) + png_chunk(b"IDAT", zlib.compress(rows))
        return b"\x89PNG\r\n\x1a\n" + body + IEND

    assert check_image(rgba16(5, False, bytes(5 * (1 + 40))), None, RULES).height == 5
    # Adam7 of 5x5: passes of 1x1, 1x1, 2x1, 1x2, 3x1, 2x3, 5x2 pixels (8 bytes each)
    need = sum(h * (1 + 8 * w) for w, h in ((1, 1), (1, 1), (2, 1), (1, 2), (3, 1), (2, 3), (5, 2)))
    assert check_image(rgba16(5, True, bytes(need)), None, RULES).width == 5
    assert "decompression bomb" in refused(rgba16(5, True, bytes(need + 1)))


def test_png_headers_and_data_order() -> None:
    bad_depth = struct.pack(">IIBBBBB", 4, 4, 3, 2, 0, 0, 0)
    assert "invalid IHDR" in refused(b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", bad_depth) + IEND)
    half = zlib.compress(bytes(4 * 5))
    split = (
        png_ihdr(4, 4)
        + png_chunk(b"IDAT", half[:5])
        + png_chunk(b"tEXt", b"a\x00b")
        + png_chunk(b"IDAT", half[5:])
        + IEND
    )
    assert "split by other chunks" in refused(split)
    together = png_ihdr(4, 4) + png_chunk(b"IDAT", half[:5]) + png_chunk(b"IDAT", half[5:]) + IEND
    assert check_image(together, None, RULES).width == 4


@pytest.mark.parametrize("kind", ["GIF", "WEBP", "PNG"])
def test_frames_are_counted_from_headers(kind: str) -> None:
    data = animated(kind, frames=5, side=48)
    info = inspect_image(data)
    assert (info.width, info.height, info.frames) == (48, 48, 5)
    assert inspect_image(gif(48)).frames == inspect_image(png(48)).frames == 1


@pytest.mark.parametrize("kind", ["GIF", "WEBP", "PNG"])
def test_animations_are_bounded_before_decoding(kind: str) -> None:
    data = animated(kind, frames=5, side=48)
    few = ImageRules(512 * 1024, 1, 512, False, max_frames=4)
    assert "5 frames; the limit is 4" in refused(data, few)
    small = ImageRules(512 * 1024, 1, 512, False, max_animation_pixels=4 * 48 * 48)
    assert "the animation is too large" in refused(data, small)


def test_a_gif_frame_must_lie_inside_the_screen() -> None:
    data = bytearray(gif(32))
    descriptor = gif_frames(bytes(data))[0]
    data[descriptor + 5 : descriptor + 9] = struct.pack("<HH", 4000, 4000)  # frame size
    assert "lies outside its 32x32 px" in refused(bytes(data))


def test_an_apng_frame_must_lie_inside_the_image() -> None:
    data = bytearray(animated("PNG", frames=2, side=48))
    fctl = data.index(b"fcTL") + 4
    data[fctl + 4 : fctl + 8] = struct.pack(">I", 4000)  # the first frame's width
    crc = zlib.crc32(bytes(data[fctl - 4 : fctl + 26]))
    data[fctl + 26 : fctl + 30] = struct.pack(">I", crc)
    assert "lies outside it" in refused(bytes(data))
