"""Compare the database with the index and repair the difference."""

from __future__ import annotations

from dataclasses import dataclass

from streamz.core.identity.entities import Principal
from streamz.core.search.entities import Kind, fields_of
from streamz.core.search.reindex import kinds_of
from streamz.ports.search import SearchIndex, SearchSource


@dataclass(frozen=True, slots=True)
class ReconcileSearchRequest:
    actor: Principal
    collections: tuple[str, ...] = ()  # none: all three
    batch: int = 2000


@dataclass(frozen=True, slots=True)
class Reconciled:
    kind: Kind
    checked: int
    upserted: int
    deleted: int


@dataclass(frozen=True, slots=True)
class ReconcileSearch:
    """Make the index match the database (internal: the periodic job and the CLI).

    - Every document is computed from the database and compared with the index by content
      fingerprint: missing or different ones are upserted, extra ones deleted.
    - This repairs whatever the event path missed (Typesense down past the retries, counts
      that change without events such as live viewers).
    - Creates missing collections and aliases first.
    """

    index: SearchIndex
    source: SearchSource

    async def __call__(self, request: ReconcileSearchRequest) -> list[Reconciled]:
        request.actor.require_system()
        await self.index.ensure()
        results = []
        for kind in kinds_of(request.collections):
            indexed = await self.index.fingerprints(kind)
            checked = upserted = 0
            seen: set[str] = set()
            after: str | None = None
            while documents := await self.source.scan(kind, after, request.batch):
                after = documents[-1].id
                checked += len(documents)
                stale = []
                for document in documents:
                    seen.add(document.id)
                    if indexed.get(document.id) != fields_of(document)["fp"]:
                        stale.append(document)
                if stale:
                    await self.index.upsert(kind, stale)
                    upserted += len(stale)
            extra = indexed.keys() - seen
            if extra:
                await self.index.delete(kind, extra)
            results.append(Reconciled(kind, checked, upserted, len(extra)))
        return results
