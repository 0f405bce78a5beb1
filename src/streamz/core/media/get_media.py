from __future__ import annotations

from dataclasses import dataclass

from streamz.core.media.entities import StoredObject
from streamz.core.media.errors import MediaNotFound
from streamz.core.media.keys import checked_key
from streamz.ports.media import ObjectStore


@dataclass(frozen=True, slots=True)
class GetMediaRequest:
    key: str


@dataclass(frozen=True, slots=True)
class GetMedia:
    """Reads a stored object for the local media route (``GET /media/{key}``).

    - Anyone may read: media are public, addressed by unguessable content keys.
    - Keys that are not plain relative paths (``..``, absolute, odd characters) and unknown
      keys are both ``MediaNotFound`` (404): nothing outside the store is ever read.
    """

    store: ObjectStore

    async def __call__(self, request: GetMediaRequest) -> StoredObject:
        found = await self.store.get(checked_key(request.key))
        if found is None:
            raise MediaNotFound("no such media")
        return found
