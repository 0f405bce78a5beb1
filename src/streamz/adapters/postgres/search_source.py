"""What the search index should hold, read from PostgreSQL (channels, categories, live streams).

Documents are always computed from the current rows, so the indexer can re-read whatever a
batch of events touched and the reconcile job can compare everything.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection

from streamz.adapters.postgres.rows import mapper
from streamz.adapters.postgres.unit import PostgresUnit
from streamz.core.search.entities import (
    CategoryDocument,
    ChannelDocument,
    Document,
    Kind,
    LivestreamDocument,
)

_CHANNELS = """
SELECT c.id, c.slug AS username, c.display_name, c.bio, c.followers_count AS followers, c.is_live,
       COALESCE(l.viewers, 0) AS viewers,
       k.id AS category_id, k.slug AS category_slug, k.name AS category,
       COALESCE(l.language, si.language) AS language
FROM channels c
LEFT JOIN livestreams l ON l.channel_id = c.id AND l.ended_at IS NULL
LEFT JOIN stream_info si ON si.channel_id = c.id
LEFT JOIN categories k ON k.id = COALESCE(l.category_id, si.category_id) AND k.deleted_at IS NULL
"""
_CATEGORIES = """
SELECT k.id, k.name, k.slug, COALESCE(k.aliases, '{}') AS aliases,
       k.followers_count AS followers, k.cover_url,
       (SELECT COALESCE(sum(l.viewers), 0) FROM livestreams l
        WHERE l.category_id = k.id AND l.ended_at IS NULL) AS live_viewers
FROM categories k
WHERE k.deleted_at IS NULL
"""
_LIVESTREAMS = """
SELECT l.channel_id AS id, l.id AS livestream_id, c.slug AS channel_username,
       c.display_name AS channel_display_name, l.title, COALESCE(l.tags, '{}') AS tags,
       l.language, l.mature, l.viewers, c.followers_count AS followers, l.started_at,
       k.id AS category_id, k.slug AS category_slug, k.name AS category
FROM livestreams l
JOIN channels c ON c.id = l.channel_id
LEFT JOIN categories k ON k.id = l.category_id AND k.deleted_at IS NULL
WHERE l.ended_at IS NULL
"""

# ids as text, counts as int (sums and bigints), arrays as tuples, the start in Unix seconds
_IDS = {"id": str, "category_id": str, "livestream_id": str}
_channel = mapper(ChannelDocument, convert={**_IDS, "followers": int, "viewers": int})
_category = mapper(
    CategoryDocument,
    convert={**_IDS, "aliases": tuple, "followers": int, "live_viewers": int},
)
_livestream = mapper(
    LivestreamDocument,
    convert={
        **_IDS,
        "tags": tuple,
        "followers": int,
        "viewers": int,
        "started_at": lambda at: int(at.timestamp()),
    },
)


def _uuids(ids: Collection[str]) -> list[uuid.UUID]:
    out = []
    for raw in ids:
        try:
            out.append(uuid.UUID(raw))
        except ValueError:
            continue
    return out


class PostgresSearchSource:
    def __init__(self, unit: PostgresUnit) -> None:
        self._unit = unit

    async def channels(self, ids: Collection[str]) -> list[Document]:
        rows = await self._unit.fetch(_CHANNELS + " WHERE c.id = ANY($1::uuid[])", _uuids(ids))
        return [_channel(r) for r in rows]

    async def categories(self, ids: Collection[str]) -> list[Document]:
        rows = await self._unit.fetch(_CATEGORIES + " AND k.id = ANY($1::uuid[])", _uuids(ids))
        return [_category(r) for r in rows]

    async def livestreams(self, channel_ids: Collection[str]) -> list[Document]:
        sql = _LIVESTREAMS + " AND l.channel_id = ANY($1::uuid[])"
        rows = await self._unit.fetch(sql, _uuids(channel_ids))
        return [_livestream(r) for r in rows]

    async def channels_in(self, category_ids: Collection[str]) -> set[str]:
        rows = await self._unit.fetch(
            "SELECT channel_id FROM stream_info WHERE category_id = ANY($1::uuid[])"
            " UNION SELECT channel_id FROM livestreams"
            " WHERE ended_at IS NULL AND category_id = ANY($1::uuid[])",
            _uuids(category_ids),
        )
        return {str(channel_id) for (channel_id,) in rows}

    async def scan(self, kind: Kind, after: str | None, limit: int) -> list[Document]:
        start = uuid.UUID(after) if after else uuid.UUID(int=0)
        if kind is Kind.CHANNELS:
            sql = _CHANNELS + " WHERE c.id > $1 ORDER BY c.id LIMIT $2"
            return [_channel(r) for r in await self._unit.fetch(sql, start, limit)]
        if kind is Kind.CATEGORIES:
            sql = _CATEGORIES + " AND k.id > $1 ORDER BY k.id LIMIT $2"
            return [_category(r) for r in await self._unit.fetch(sql, start, limit)]
        sql = _LIVESTREAMS + " AND l.channel_id > $1 ORDER BY l.channel_id LIMIT $2"
        return [_livestream(r) for r in await self._unit.fetch(sql, start, limit)]

    async def count(self, kind: Kind) -> int:
        sql = {
            Kind.CHANNELS: "SELECT count(*) FROM channels",
            Kind.CATEGORIES: "SELECT count(*) FROM categories WHERE deleted_at IS NULL",
            Kind.LIVESTREAMS: "SELECT count(*) FROM livestreams WHERE ended_at IS NULL",
        }[kind]
        return int(await self._unit.fetchval(sql))
