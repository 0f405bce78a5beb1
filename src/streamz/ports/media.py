from typing import Protocol

from streamz.core.media.entities import StoredObject


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
