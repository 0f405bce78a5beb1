"""Ports of the search context: the index (Typesense), the database reads that feed it, and the
trending-queries counter (Redis)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Protocol

from streamz.core.search.entities import (
    Document,
    Kind,
    SearchPage,
    SearchQuery,
    Suggestion,
    TrendingQuery,
)


class SearchIndex(Protocol):
    """The search engine. Collections are versioned behind an alias named after the kind.

    Every method raises ``Unavailable`` quickly when the engine cannot be reached.
    """

    async def ensure(self) -> None:
        """Create each kind's first collection and alias when missing (idempotent)."""

    async def search(self, queries: Sequence[SearchQuery]) -> list[SearchPage]:
        """Run the queries in one round trip; one page per query, in order."""

    async def suggest(self, prefix: str, limit: int) -> list[Suggestion]:
        """Channel and category names that complete ``prefix`` (live channels first)."""

    async def upsert(self, kind: Kind, documents: Sequence[Document]) -> None:
        """Create or replace documents (one import)."""

    async def delete(self, kind: Kind, ids: Collection[str]) -> None:
        """Remove documents by id; unknown ids are fine."""

    async def fingerprints(self, kind: Kind) -> dict[str, str]:
        """Every indexed document's id and content fingerprint (for the reconcile job)."""

    async def create_version(self, kind: Kind) -> str:
        """A new empty collection for ``kind`` (not yet behind the alias); its name."""

    async def import_into(self, collection: str, documents: Sequence[Document]) -> None:
        """Upsert documents into a named collection (used while rebuilding)."""

    async def swap(self, kind: Kind, collection: str) -> str | None:
        """Point ``kind``'s alias at ``collection`` and drop the collection it pointed at before
        (its name, or None)."""

    async def current(self, kind: Kind) -> str | None:
        """The collection behind ``kind``'s alias, if any."""


class SearchSource(Protocol):
    """The database's view of what should be indexed."""

    async def channels(self, ids: Collection[str]) -> list[Document]:
        """Channel documents of these channel ids (missing ones are omitted)."""

    async def categories(self, ids: Collection[str]) -> list[Document]:
        """Category documents of these ids (deleted or missing ones are omitted)."""

    async def livestreams(self, channel_ids: Collection[str]) -> list[Document]:
        """Livestream documents of these channels that are live now."""

    async def channels_in(self, category_ids: Collection[str]) -> set[str]:
        """Channels whose documents name one of these categories."""

    async def scan(self, kind: Kind, after: str | None, limit: int) -> list[Document]:
        """Every document of ``kind``, by id, ``limit`` at a time after id ``after``."""

    async def count(self, kind: Kind) -> int:
        """How many documents ``kind`` should hold."""


class TrendingQueries(Protocol):
    async def record(self, query: str, at: datetime) -> None:
        """Count one search for a normalised query. Called on the search's path: it must not
        wait for a remote store (count in the process, write in the background)."""

    async def top(self, hours: int, limit: int, now: datetime) -> list[TrendingQuery]:
        """The most searched queries of the last ``hours`` hours."""
