"""What the object store holds and what image validation learns about an upload."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class StoredObject:
    data: bytes
    content_type: str


@dataclass(frozen=True, slots=True)
class ImageInfo:
    """A validated image: its real type (from its bytes, never from the client) and size."""

    content_type: str  # image/png, image/gif or image/webp
    extension: str  # png, gif or webp
    width: int
    height: int
    size: int  # bytes


@dataclass(frozen=True, slots=True)
class ImageRules:
    """Limits for one kind of image (badges, emotes, avatars...)."""

    max_bytes: int
    min_side: int
    max_side: int
    square: bool


CONTENT_TYPES = {"png": "image/png", "gif": "image/gif", "webp": "image/webp"}
