"""Bring the index up to date with a batch of committed changes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from streamz.core.identity.entities import Principal
from streamz.core.search.changes import changes_of
from streamz.core.search.entities import Document, Kind
from streamz.core.shared.events import Event
from streamz.ports.search import SearchIndex, SearchSource


@dataclass(frozen=True, slots=True)
class IndexSearchEventsRequest:
    actor: Principal
    events: Sequence[Event]


@dataclass(frozen=True, slots=True)
class IndexedCounts:
    upserted: int = 0
    deleted: int = 0


@dataclass(frozen=True, slots=True)
class IndexSearchEvents:
    """Apply a batch of outbox events to the index (internal: the worker).

    - The events only say *what* changed: each touched document is re-read from the database
      and upserted (or deleted when gone), so order and duplicates do not matter (idempotent).
    - A category change also refreshes the channels and live streams that show its name.
    - One import per collection; the index unreachable raises (the job is retried).
    """

    index: SearchIndex
    source: SearchSource

    async def __call__(self, request: IndexSearchEventsRequest) -> IndexedCounts:
        request.actor.require_system()
        changes = changes_of(request.events)
        if not changes:
            return IndexedCounts()
        channel_ids = set(changes.channels)
        upserted = deleted = 0
        if changes.categories:
            categories = await self.source.categories(changes.categories)
            gone = changes.categories - {d.id for d in categories}
            upserted += await self._upsert(Kind.CATEGORIES, categories)
            deleted += await self._delete(Kind.CATEGORIES, gone)
            channel_ids |= await self.source.channels_in(changes.categories)
        if channel_ids:
            channels = await self.source.channels(channel_ids)
            upserted += await self._upsert(Kind.CHANNELS, channels)
            deleted += await self._delete(Kind.CHANNELS, channel_ids - {d.id for d in channels})
            live = await self.source.livestreams(channel_ids)
            upserted += await self._upsert(Kind.LIVESTREAMS, live)
            deleted += await self._delete(Kind.LIVESTREAMS, channel_ids - {d.id for d in live})
        return IndexedCounts(upserted, deleted)

    async def _upsert(self, kind: Kind, documents: Sequence[Document]) -> int:
        if documents:
            await self.index.upsert(kind, documents)
        return len(documents)

    async def _delete(self, kind: Kind, ids: set[str] | frozenset[str]) -> int:
        if ids:
            await self.index.delete(kind, ids)
        return len(ids)
