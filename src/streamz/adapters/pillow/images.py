"""``ImageCodec`` with Pillow: decode every frame under bounds, encode again, keep nothing else.

- Only the type the core recognised is opened (``formats=``): Pillow never guesses.
- Before any pixel is decoded, the dimensions Pillow reads must be those the core read from the
  headers, within ``rules.max_side``; every frame is checked again before it is decoded (a GIF
  frame can grow the canvas while seeking), at most ``rules.max_frames`` frames and
  ``rules.max_animation_pixels`` pixels in all are decoded, and ``Image.MAX_IMAGE_PIXELS`` is
  lowered for the whole process as a last guard.
- Truncated or corrupt data fails (``LOAD_TRUNCATED_IMAGES`` stays off) as ``InvalidImage``.
- The result is written by Pillow from the decoded pixels: same format, size, mode (palette
  and transparency included), frames with their durations, and loop count; no text, EXIF,
  XMP, ICC profile, comment or trailing bytes. WebP stays lossless when it was (no ``VP8 ``
  chunk), else lossy at quality 90.
- Decoding runs in a worker thread, so the event loop never waits on it.
"""

from __future__ import annotations

import asyncio
import io
import struct
import zlib
from dataclasses import dataclass
from typing import Any

from PIL import Image, ImageFile

from streamz.core.errors import FieldError
from streamz.core.media.entities import ImageInfo, ImageRules
from streamz.core.media.errors import InvalidImage

# A process-wide backstop for any image Pillow opens (warning above it, error above twice it);
# the per-call bounds below (from the rules, 512 px a side here) are far smaller.
MAX_IMAGE_PIXELS = 4096 * 4096
Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS

FORMATS = {"png": "PNG", "gif": "GIF", "webp": "WEBP"}
WEBP_QUALITY = 90
_DECODING_ERRORS = (
    OSError,
    SyntaxError,
    ValueError,
    EOFError,
    IndexError,
    KeyError,
    TypeError,
    struct.error,
    zlib.error,
    Image.DecompressionBombError,
)


def _bad(message: str) -> InvalidImage:
    return InvalidImage(message, errors=[FieldError("body.image", message)])


@dataclass(frozen=True, slots=True)
class _Frame:
    image: Image.Image
    duration: int | float | None


class PillowImageCodec:
    """Stateless and thread-safe; one per process (APP scope)."""

    async def reencode(self, data: bytes, image: ImageInfo, rules: ImageRules) -> bytes:
        return await asyncio.to_thread(reencode, data, image, rules)


def reencode(data: bytes, image: ImageInfo, rules: ImageRules) -> bytes:
    """The synchronous work of ``PillowImageCodec.reencode``."""
    if ImageFile.LOAD_TRUNCATED_IMAGES:  # pragma: no cover - never set by Streamz
        raise RuntimeError("PIL.ImageFile.LOAD_TRUNCATED_IMAGES must stay off")
    name = FORMATS.get(image.extension)
    if name is None:
        raise _bad(f"{image.content_type} images are not accepted")
    try:
        with Image.open(io.BytesIO(data), formats=[name]) as opened:
            _check_size(opened, image, rules)
            frames, loop = _decode(opened, image, rules)
        return _encode(frames, loop, image, lossless=b"VP8 " not in data)
    except InvalidImage:
        raise
    except _DECODING_ERRORS as error:
        raise _bad(f"the {name} image cannot be decoded: {_reason(error)}") from None


def _reason(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    return text[:200]


def _check_size(opened: Image.Image, image: ImageInfo, rules: ImageRules) -> None:
    width, height = opened.size
    if (width, height) != (image.width, image.height):
        raise _bad(
            f"the image's headers disagree about its size ({image.width}x{image.height} and "
            f"{width}x{height} px)"
        )
    if width > rules.max_side or height > rules.max_side:
        raise _bad(f"the image must be at most {rules.max_side}x{rules.max_side} px")


def _decode(
    opened: Image.Image, image: ImageInfo, rules: ImageRules
) -> tuple[list[_Frame], int | None]:
    """Every frame fully decoded, in order, within the bounds; and the loop count if any."""
    frames: list[_Frame] = []
    pixels = 0
    while True:
        index = len(frames)
        if index:
            try:
                opened.seek(index)
            except EOFError:
                break
        if index >= rules.max_frames:
            raise _bad(f"the image has more than {rules.max_frames} frames")
        _check_size(opened, image, rules)  # seeking may have grown the canvas
        pixels += opened.width * opened.height
        if pixels > rules.max_animation_pixels:
            raise _bad(
                f"the animation is too large: more than {rules.max_animation_pixels} pixels in "
                "all frames together"
            )
        opened.load()
        duration = opened.info.get("duration")
        frames.append(_Frame(_clean(opened), duration))
    loop = opened.info.get("loop")
    return frames, loop if isinstance(loop, int) else None


def _clean(opened: Image.Image) -> Image.Image:
    """A copy of the decoded pixels (and palette) with no metadata but transparency."""
    frame = opened.copy()
    transparency = opened.info.get("transparency")
    frame.info = {} if transparency is None else {"transparency": transparency}
    return frame


def _encode(frames: list[_Frame], loop: int | None, image: ImageInfo, *, lossless: bool) -> bytes:
    first, rest = frames[0], frames[1:]
    options: dict[str, Any] = {}
    if image.extension == "webp":
        options = {"lossless": lossless, "quality": 100 if lossless else WEBP_QUALITY}
        options["method"] = 4
    if rest:
        options["save_all"] = True
        options["append_images"] = [f.image for f in rest]
        options["duration"] = [int(f.duration or 0) for f in frames]
        if loop is not None:
            options["loop"] = loop
        if image.extension == "gif":
            options["disposal"] = 2  # each frame is whole (Pillow composites while decoding)
    output = io.BytesIO()
    first.image.save(output, FORMATS[image.extension], **options)
    return output.getvalue()
