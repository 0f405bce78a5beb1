"""Rebuild collections from the database into new versions, then swap the aliases."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass

from streamz.core.errors import Invalid
from streamz.core.identity.entities import Principal
from streamz.core.search.entities import Kind
from streamz.ports.search import SearchIndex, SearchSource

Progress = Callable[[Kind, int, int], None]  # kind, documents done, documents in all


def kinds_of(names: tuple[str, ...]) -> tuple[Kind, ...]:
    try:
        return tuple(Kind(n) for n in names) if names else tuple(Kind)
    except ValueError:
        raise Invalid.field("collection", "channels, categories or livestreams") from None


@dataclass(frozen=True, slots=True)
class ReindexSearchRequest:
    actor: Principal
    collections: tuple[str, ...] = ()  # none: all three
    batch: int = 2000
    progress: Progress | None = None


@dataclass(frozen=True, slots=True)
class Reindexed:
    kind: Kind
    collection: str  # the new collection, now behind the alias
    documents: int
    dropped: str | None  # the collection it replaced


@dataclass(frozen=True, slots=True)
class ReindexSearch:
    """Rebuild whole collections with no downtime (internal: CLI, jobs).

    - Each collection is rebuilt into a new version while searches keep using the old one;
      the alias then moves to the new one in one step and the old one is dropped.
    - Changes indexed during the rebuild reach the old version only; the next reconcile (or
      event) brings the new one level, as documents are re-read, never patched.
    - A failure leaves the alias where it was.
    """

    index: SearchIndex
    source: SearchSource

    async def __call__(self, request: ReindexSearchRequest) -> list[Reindexed]:
        request.actor.require_system()
        if not 1 <= request.batch <= 10_000:
            raise Invalid.field("batch", "between 1 and 10000")
        done: list[Reindexed] = []
        for kind in kinds_of(request.collections):
            total = await self.source.count(kind)
            collection = await self.index.create_version(kind)
            count, after = 0, None
            if request.progress:
                request.progress(kind, 0, total)
            # one import in flight while the next batch is read from the database
            pending: asyncio.Task[None] | None = None
            while True:
                documents = await self.source.scan(kind, after, request.batch)
                if pending is not None:
                    await pending
                    if request.progress:
                        request.progress(kind, count, max(total, count))
                if not documents:
                    break
                pending = asyncio.create_task(self.index.import_into(collection, documents))
                count += len(documents)
                after = documents[-1].id
            dropped = await self.index.swap(kind, collection)
            done.append(Reindexed(kind, collection, count, dropped))
        return done
