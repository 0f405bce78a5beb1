from __future__ import annotations

from collections.abc import Callable

import pytest

from streamz.core.channels.badges.entities import BADGE_IMAGES
from streamz.core.media.errors import InvalidImage
from streamz.core.media.images import check_image, inspect_image

from .images import (
    JPEG,
    SVG,
    gif,
    png,
    webp_extended,
    webp_header_only,
    webp_lossless,
    webp_lossy,
)

BUILDERS: list[tuple[Callable[..., bytes], str]] = [
    (png, "image/png"),
    (gif, "image/gif"),
    (webp_lossy, "image/webp"),
    (webp_lossless, "image/webp"),
    (webp_extended, "image/webp"),
]


def refused(data: bytes, declared: str | None = None) -> str:
    with pytest.raises(InvalidImage) as info:
        check_image(data, declared, BADGE_IMAGES)
    assert info.value.code == "invalid-image"
    assert [e.field for e in info.value.errors] == ["body.image"]
    return info.value.detail


@pytest.mark.parametrize(("build", "content_type"), BUILDERS)
def test_each_format_gives_its_type_and_size(
    build: Callable[..., bytes], content_type: str
) -> None:
    data = build(40, 24)
    info = inspect_image(data)
    assert (info.content_type, info.width, info.height) == (content_type, 40, 24)
    assert info.extension == content_type.removeprefix("image/")
    assert info.size == len(data)
    assert inspect_image(data, content_type).content_type == content_type


@pytest.mark.parametrize(("build", "content_type"), BUILDERS)
def test_each_format_is_refused_when_truncated(
    build: Callable[..., bytes], content_type: str
) -> None:
    data = build(32)
    for cut in (len(data) - 1, len(data) // 2, 16):
        assert "truncated" in refused(data[:cut])


def test_big_dimensions_are_read_from_headers() -> None:
    assert (inspect_image(webp_header_only(5000, 3000)).width, 3000) == (5000, 3000)
    assert inspect_image(png(1, 1)).height == 1


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (JPEG, "JPEG images are not accepted"),
        (SVG, "SVG images are not accepted"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "SVG"),
        (b"hello world, not an image at all", "not a PNG, GIF or WebP"),
        (b"", "empty"),
    ],
)
def test_other_types_are_refused(data: bytes, words: str) -> None:
    assert words in refused(data)


def test_a_declared_type_must_match_the_bytes() -> None:
    assert "declared as image/gif but its bytes are image/png" in refused(png(), "image/gif")
    assert "declared as image/jpeg" in refused(png(), "image/jpeg")
    assert "text/html" in refused(gif(), "text/html; charset=utf-8")
    for declared in (None, "", "application/octet-stream", "IMAGE/PNG"):
        assert check_image(png(), declared, BADGE_IMAGES).content_type == "image/png"


def test_a_png_with_a_bad_crc_or_no_ihdr_is_refused() -> None:
    data = bytearray(png())
    data[20] ^= 0xFF  # inside IHDR: its CRC no longer matches
    assert "bad CRC" in refused(bytes(data))
    idat_first = b"\x89PNG\r\n\x1a\n" + png()[33:]  # IHDR removed
    assert "no IHDR" in refused(idat_first)


def test_malformed_gif_and_webp_are_refused() -> None:
    assert "unknown block" in refused(gif()[:-1] + b"\x99")
    assert "no VP8" in refused(b"RIFF\x04\x00\x00\x00WEBP")
    broken = bytearray(webp_lossy())
    broken[23:26] = b"\x00\x00\x00"  # the VP8 start code
    assert "invalid 'VP8'" in refused(bytes(broken))


def test_size_limit_is_256_kib() -> None:
    big = png(64) + b"\x00" * (256 * 1024)
    assert "limit is 262144 bytes" in refused(big)


@pytest.mark.parametrize(
    ("width", "height", "words"),
    [
        (32, 64, "must be square; it is 32x64"),
        (17, 17, "between 18x18 and 512x512"),
        (513, 513, "between 18x18 and 512x512"),
    ],
)
def test_badge_dimensions(width: int, height: int, words: str) -> None:
    assert words in refused(webp_lossless(width, height))


@pytest.mark.parametrize("side", [18, 512])
def test_badge_dimension_bounds_are_inclusive(side: int) -> None:
    assert check_image(webp_lossless(side), "image/webp", BADGE_IMAGES).width == side
