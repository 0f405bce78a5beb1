from typing import Protocol

from streamz.core.media.entities import ImageInfo, ImageRules, StoredObject


class ObjectStore(Protocol):
    """Public files (images) by key. Keys are content-addressed: an object never changes.

    Failures of the store become ``Unavailable``.
    """

    async def put(self, key: str, data: bytes, content_type: str) -> None: ...

    async def delete(self, key: str) -> None:
        """Removes the object; an absent key is not an error."""
        ...

    def url(self, key: str) -> str:
        """The object's public URL."""
        ...

    async def get(self, key: str) -> StoredObject | None: ...


class ImageCodec(Protocol):
    """Decodes an image completely and encodes it again (``core.media.images.accept_image``).

    ``reencode`` gets bytes that passed ``check_image`` (``image`` is what their headers say)
    and returns new bytes of the same type, dimensions and animation (frames, durations,
    loops) and transparency, without metadata (text, EXIF, XMP, colour profiles, comments)
    or anything after the image's end. It never decodes more than ``rules`` allow
    (``max_side`` per side, ``max_frames``, ``max_animation_pixels``), whatever the data
    claims while decoding. Data that cannot be decoded completely (truncated, corrupt,
    disagreeing with its headers) raises ``InvalidImage``.
    """

    async def reencode(self, data: bytes, image: ImageInfo, rules: ImageRules) -> bytes: ...
