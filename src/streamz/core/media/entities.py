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
    frames: int = 1  # frames its headers announce (animated GIF, WebP or PNG)


@dataclass(frozen=True, slots=True)
class ImageRules:
    """Limits for one kind of image (badges, emotes, avatars...).

    ``max_frames`` and ``max_animation_pixels`` (width × height × frames, what decoding every
    frame costs) bound animations; ``max_side`` bounds each frame.
    """

    max_bytes: int
    min_side: int
    max_side: int
    square: bool
    max_frames: int = 120
    max_animation_pixels: int = 32 * 512 * 512  # 8 Mpx: 32 MB of RGBA once decoded


@dataclass(frozen=True, slots=True)
class AcceptedImage:
    """An upload once decoded and encoded again: ``data`` is what gets stored, ``info`` its
    type, dimensions and size (those of the re-encoded bytes)."""

    data: bytes
    info: ImageInfo


CONTENT_TYPES = {"png": "image/png", "gif": "image/gif", "webp": "image/webp"}
