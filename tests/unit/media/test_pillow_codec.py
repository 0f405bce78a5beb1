"""The ``ImageCodec`` contract against its Pillow adapter: the same picture out (type, size,
mode, frames, durations, loop, transparency), nothing else kept, every frame decoded under
the rules' bounds, and data that does not decode refused."""

from __future__ import annotations

import io
import struct
from typing import Any

import pytest
from PIL import Image

from streamz.adapters.pillow.images import PillowImageCodec
from streamz.core.media.entities import ImageInfo, ImageRules
from streamz.core.media.errors import InvalidImage
from streamz.core.media.images import inspect_image

from .images import animated, gif, gif_frames, pixels, png, png_chunk, webp_extended, webp_lossless

RULES = ImageRules(max_bytes=512 * 1024, min_side=1, max_side=512, square=False)
SCRIPT = b"<script>alert(1)</script>"
codec = PillowImageCodec()


def saved(image: Image.Image, kind: str, **options: Any) -> bytes:
    out = io.BytesIO()
    image.save(out, kind, **options)
    return out.getvalue()


async def reencoded(data: bytes, rules: ImageRules = RULES) -> bytes:
    return await codec.reencode(data, inspect_image(data), rules)


async def refused(data: bytes, info: ImageInfo | None = None, rules: ImageRules = RULES) -> str:
    with pytest.raises(InvalidImage) as error:
        await codec.reencode(data, info or inspect_image(data), rules)
    assert error.value.code == "invalid-image"
    assert [e.field for e in error.value.errors] == ["body.image"]
    return error.value.detail


def opened(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data))


def transparent_square(mode: str) -> Image.Image:
    image = Image.new("RGBA", (40, 40), (0, 0, 0, 0))
    image.paste((200, 30, 30, 255), (10, 10, 30, 30))
    return image if mode == "RGBA" else image.convert(mode)


@pytest.mark.parametrize(
    "data",
    [
        png(40),
        saved(transparent_square("RGBA"), "PNG"),
        saved(transparent_square("RGBA").convert("P"), "PNG", transparency=0),
        saved(Image.new("I;16", (40, 40), 5000), "PNG"),
        gif(40),
        saved(transparent_square("RGBA").convert("P"), "GIF", transparency=0),
        webp_lossless(40),
        saved(transparent_square("RGBA"), "WEBP", lossless=True),
    ],
    ids=["png-L", "png-RGBA", "png-P-tRNS", "png-16", "gif", "gif-tRNS", "webp", "webp-A"],
)
async def test_still_images_come_out_as_the_same_picture(data: bytes) -> None:
    out = await reencoded(data)
    assert inspect_image(out).content_type == inspect_image(data).content_type
    assert opened(out).mode == opened(data).mode
    assert pixels(out) == pixels(data)


@pytest.mark.parametrize("kind", ["GIF", "WEBP", "PNG"])
async def test_animations_keep_frames_durations_loop_and_transparency(kind: str) -> None:
    data = animated(kind, frames=5, side=48, loop=3)
    out = await reencoded(data)
    assert inspect_image(out).frames == 5
    assert pixels(out) == pixels(data)  # every composed frame, and its duration
    assert opened(out).info["loop"] == 3


async def test_lossy_webp_stays_lossy_and_lossless_stays_lossless() -> None:
    lossy = webp_extended(64)
    out = await reencoded(lossy)
    assert b"VP8 " in out
    assert (opened(out).size, opened(out).mode) == ((64, 64), "RGBA")
    assert b"VP8 " not in await reencoded(webp_lossless(64))


async def test_nothing_but_the_picture_is_kept() -> None:
    text = png_chunk(b"tEXt", b"Comment\x00" + SCRIPT)
    base = png(36)
    with_text = base[:33] + text + base[33:]  # after IHDR
    commented = saved(transparent_square("P"), "GIF", comment=SCRIPT)
    tagged = saved(
        transparent_square("RGBA"), "WEBP", lossless=True, xmp=SCRIPT, exif=b"Exif\x00\x00" + SCRIPT
    )
    icc = saved(transparent_square("RGBA"), "PNG", icc_profile=b"\x00" * 128 + SCRIPT)
    for data in (base + SCRIPT, with_text, gif(36) + SCRIPT, commented, tagged):
        assert SCRIPT in data
        out = await reencoded(data)
        assert SCRIPT not in out
        assert b"<script" not in out
        assert pixels(out) == pixels(data)
    assert b"iCCP" in icc  # a (compressed) colour profile
    assert b"iCCP" not in await reencoded(icc)
    assert pixels(await reencoded(icc)) == pixels(icc)
    assert (await reencoded(base + SCRIPT)).endswith(png_chunk(b"IEND", b""))
    assert (await reencoded(gif(36) + SCRIPT)).endswith(b"\x3b")


async def test_truncated_and_corrupt_data_is_refused() -> None:
    data = gif(40)
    info = inspect_image(data)
    assert "cannot be decoded" in await refused(data[: len(data) // 2] + b"\x00\x3b", info)
    noise = bytearray(webp_lossless(40))
    noise[30:] = b"\xff" * (len(noise) - 30)
    assert "cannot be decoded" in await refused(bytes(noise), inspect_image(webp_lossless(40)))


async def test_headers_that_disagree_with_what_decodes_are_refused() -> None:
    data = png(40)
    claimed = ImageInfo("image/png", "png", 40, 41, len(data))
    assert "disagree about its size" in await refused(data, claimed)


async def test_a_frame_growing_the_canvas_is_refused_before_it_decodes() -> None:
    """The core refuses a GIF frame outside the screen; the codec checks again itself."""
    data = bytearray(animated("GIF", frames=2, side=48))
    second = gif_frames(bytes(data))[1]
    data[second + 5 : second + 9] = struct.pack("<HH", 4000, 4000)
    info = ImageInfo("image/gif", "gif", 48, 48, len(data), 2)
    assert "disagree about its size" in await refused(bytes(data), info)


@pytest.mark.parametrize("kind", ["GIF", "WEBP", "PNG"])
async def test_frames_are_bounded_while_decoding(kind: str) -> None:
    data = animated(kind, frames=5, side=48)
    told = ImageInfo(inspect_image(data).content_type, kind.lower(), 48, 48, len(data), 1)
    few = ImageRules(512 * 1024, 1, 512, False, max_frames=4)
    assert "more than 4 frames" in await refused(data, told, few)
    small = ImageRules(512 * 1024, 1, 512, False, max_animation_pixels=3 * 48 * 48)
    assert "the animation is too large" in await refused(data, told, small)
    assert await codec.reencode(data, told, RULES)


async def test_the_side_limit_holds_even_if_the_caller_did_not_check() -> None:
    data = png(64)
    assert "at most 32x32" in await refused(data, rules=ImageRules(10**6, 1, 32, False))
