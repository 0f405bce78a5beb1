"""A fake ``ImageCodec`` for use-case tests: answers a fixed image (or refuses) and records
what it was given, so a test can tell the upload's bytes from what the codec wrote."""

from __future__ import annotations

from dataclasses import dataclass, field

from streamz.core.errors import FieldError
from streamz.core.media.entities import ImageInfo, ImageRules
from streamz.core.media.errors import InvalidImage


@dataclass
class FakeImageCodec:
    answer: bytes | None = None  # None: refuses every image as undecodable
    calls: list[tuple[bytes, ImageInfo, ImageRules]] = field(default_factory=list)

    async def reencode(self, data: bytes, image: ImageInfo, rules: ImageRules) -> bytes:
        self.calls.append((data, image, rules))
        if self.answer is None:
            message = "the image cannot be decoded (fake)"
            raise InvalidImage(message, errors=[FieldError("body.image", message)])
        return self.answer
