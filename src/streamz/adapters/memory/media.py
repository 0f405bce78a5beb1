"""The object store in memory (unit tests, the in-memory library)."""

from __future__ import annotations

from streamz.core.media.entities import StoredObject


class MemoryObjectStore:
    """Objects in a dict (not transactional, like a real store)."""

    def __init__(self, base_url: str = "memory://media") -> None:
        self.objects: dict[str, StoredObject] = {}
        self._base_url = base_url.rstrip("/")

    async def put(self, key: str, data: bytes, content_type: str) -> None:
        self.objects[key] = StoredObject(data, content_type)

    async def delete(self, key: str) -> None:
        self.objects.pop(key, None)

    def url(self, key: str) -> str:
        return f"{self._base_url}/{key}"

    async def get(self, key: str) -> StoredObject | None:
        return self.objects.get(key)
