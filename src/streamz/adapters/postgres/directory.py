"""The live directory on PostgreSQL: ``stream_info``, listings over the partial indexes of
``livestreams`` (migration 0015), recommendation candidates, and ``vods``.

Listings are keyset queries ``WHERE ended_at IS NULL AND (key, id) < ($k, $id) ORDER BY key
DESC, id DESC LIMIT n``: the row comparison and the order match ``ix_livestreams_live_viewers``
/ ``ix_livestreams_live_started_at`` (``ix_livestreams_live_category_viewers`` when a category is
named), so a page reads about ``n`` index entries wherever it starts. Filters are extra
conditions on the scanned rows; the channel and category of each row are primary-key lookups.
"""

from __future__ import annotations

import uuid
from typing import Any

from streamz.adapters.postgres.rows import columns, mapper, nested, placeholders, values
from streamz.adapters.postgres.streams import livestream_from_row
from streamz.adapters.postgres.unit import PostgresUnit
from streamz.core.live.directory.entities import (
    Candidate,
    CandidatePool,
    Keyset,
    ListingFilters,
    ListingSort,
    SortKey,
    StreamCard,
)
from streamz.core.live.entities import Livestream, StreamInfo, Vod

_STREAM = columns(Livestream, prefix="l.")
_CARD = (
    f"SELECT {_STREAM}, c.slug AS channel_slug, c.display_name AS channel_name,"  # noqa: S608
    " k.slug AS category_slug, k.name AS category_name{extra}"
    " FROM {source} JOIN channels c ON c.id = l.channel_id"
    " LEFT JOIN categories k ON k.id = l.category_id"
)
_COLUMNS = {SortKey.VIEWERS: "l.viewers", SortKey.STARTED_AT: "l.started_at"}


_card = nested(StreamCard, parts={"livestream": livestream_from_row})
_candidate = nested(Candidate, parts={"card": _card})
_info = mapper(StreamInfo, convert={"tags": tuple})
_INFO = columns(StreamInfo)


class Sql:
    """A statement's arguments, numbered as they are added."""

    def __init__(self, *args: Any) -> None:
        self.args: list[Any] = list(args)

    def arg(self, value: Any) -> str:
        self.args.append(value)
        return f"${len(self.args)}"

    def filters(self, filters: ListingFilters) -> str:
        """`` AND ...`` for each filter on ``l`` (empty when none)."""
        conditions = []
        if filters.category_id is not None:
            conditions.append(f"l.category_id = {self.arg(filters.category_id)}")
        if filters.language is not None:
            if "-" in filters.language:
                conditions.append(f"l.language = {self.arg(filters.language)}")
            else:
                exact = self.arg(filters.language)
                conditions.append(
                    f"(l.language = {exact} OR l.language LIKE {self.arg(filters.language + '-%')})"
                )
        if filters.tags:
            conditions.append(f"l.tags @> {self.arg(list(filters.tags))}::varchar(32)[]")
        if filters.mature is not None:
            conditions.append(f"l.mature = {self.arg(filters.mature)}")
        return "".join(f" AND {c}" for c in conditions)

    def keyset(self, sort: ListingSort, after: Keyset | None) -> str:
        if after is None:
            return ""
        column, op = _COLUMNS[sort.key], "<" if sort.descending else ">"
        return f" AND ({column}, l.id) {op} ({self.arg(after.value)}, {self.arg(after.id)})"


def order_by(sort: ListingSort) -> str:
    direction = "DESC" if sort.descending else "ASC"
    return f" ORDER BY {_COLUMNS[sort.key]} {direction}, l.id {direction}"


class PostgresStreamInfo:
    def __init__(self, unit: PostgresUnit) -> None:
        self._unit = unit

    async def get(self, channel_id: uuid.UUID, *, lock: bool = False) -> StreamInfo | None:
        sql = f"SELECT {_INFO} FROM stream_info WHERE channel_id = $1"  # noqa: S608 - fixed names
        if lock:
            # writers of one channel's info queue on its channel row (NO KEY: inserts that
            # reference the channel are not blocked)
            await self._unit.fetch_for_write(
                "SELECT id FROM channels WHERE id = $1 FOR NO KEY UPDATE", channel_id
            )
            rows = await self._unit.fetch_for_write(sql, channel_id)
            row = rows[0] if rows else None
        else:
            row = await self._unit.fetchrow(sql, channel_id)
        return _info(row) if row else None

    async def save(self, info: StreamInfo) -> None:
        assert info.updated_at is not None, "stream info is saved with its update time"
        await self._unit.execute(
            f"INSERT INTO stream_info AS s ({_INFO}) VALUES ({placeholders(7)})"  # noqa: S608 - fixed names
            " ON CONFLICT (channel_id) DO UPDATE SET"
            " title = EXCLUDED.title, category_id = EXCLUDED.category_id, tags = EXCLUDED.tags,"
            " language = EXCLUDED.language, mature = EXCLUDED.mature,"
            " updated_at = EXCLUDED.updated_at",
            *(list(v) if isinstance(v, tuple) else v for v in values(info)),
        )

    async def live(self, channel_id: uuid.UUID) -> Livestream | None:
        row = await self._unit.fetchrow(
            f"SELECT {_STREAM} FROM livestreams l"  # noqa: S608 - fixed names
            " WHERE l.channel_id = $1 AND l.ended_at IS NULL",
            channel_id,
        )
        return livestream_from_row(row) if row else None

    async def apply_to_live(self, info: StreamInfo) -> Livestream | None:
        rows = await self._unit.fetch_for_write(
            "UPDATE livestreams l SET title = $2, category_id = $3, tags = $4, language = $5,"  # noqa: S608 - fixed names
            " mature = $6 WHERE l.channel_id = $1 AND l.ended_at IS NULL"
            f" RETURNING {_STREAM}",
            info.channel_id,
            info.title,
            info.category_id,
            list(info.tags),
            info.language,
            info.mature,
        )
        return livestream_from_row(rows[0]) if rows else None


def live_sql(
    filters: ListingFilters,
    sort: ListingSort,
    *,
    after: Keyset | None,
    limit: int,
    follower: uuid.UUID | None = None,
) -> tuple[str, list[Any]]:
    """The SQL of a live listing and its arguments (also what the benchmark explains)."""
    sql = Sql()
    where = "l.ended_at IS NULL" + sql.filters(filters) + sql.keyset(sort, after)
    if follower is not None:
        where += (
            " AND l.channel_id IN (SELECT f.channel_id FROM channel_follows f"  # noqa: S608 - fixed names
            f" WHERE f.account_id = {sql.arg(follower)})"
        )
    text = (
        _CARD.format(extra="", source="livestreams l")
        + f" WHERE {where}"
        + order_by(sort)
        + f" LIMIT {sql.arg(limit)}"
    )
    return text, sql.args


def candidates_sql(
    viewer: uuid.UUID | None, filters: ListingFilters, pool: CandidatePool
) -> tuple[str, list[Any]]:
    """The SQL gathering the recommender's candidates (see ``CandidatePool``)."""
    sql = Sql()
    me = sql.arg(viewer) if viewer is not None else None
    f = sql.filters(filters)
    picks = [
        f"(SELECT l.id FROM livestreams l WHERE l.ended_at IS NULL{f}"  # noqa: S608 - fixed names
        f" ORDER BY l.viewers DESC, l.id DESC LIMIT {sql.arg(pool.top_viewers)})",
        f"(SELECT l.id FROM livestreams l WHERE l.ended_at IS NULL{f}"  # noqa: S608 - fixed names
        f" ORDER BY l.started_at DESC, l.id DESC LIMIT {sql.arg(pool.recent)})",
        # channel ids are UUIDv7: the newest channels are a backward scan of the primary key
        "(SELECT l.id FROM channels c JOIN livestreams l"  # noqa: S608 - fixed names
        " ON l.channel_id = c.id AND l.ended_at IS NULL"
        f" WHERE c.created_at >= {sql.arg(pool.new_since)}"
        f" AND c.followers_count < {sql.arg(pool.small_followers)}{f}"
        f" ORDER BY c.id DESC LIMIT {sql.arg(pool.new_channels)})",
    ]
    ctes = ""
    extra = ", c.followers_count AS channel_followers, c.created_at AS channel_created_at"
    joins, where = "", ""
    if me is None:
        extra += ", 0 AS peers, false AS followed_category"
    else:
        ctes = (
            f"mine AS (SELECT channel_id FROM channel_follows WHERE account_id = {me}"  # noqa: S608 - fixed names
            f" ORDER BY id DESC LIMIT {sql.arg(pool.followed_sample)}),"
            " peers AS (SELECT DISTINCT p.account_id FROM mine m CROSS JOIN LATERAL"
            " (SELECT f.account_id FROM channel_follows f WHERE f.channel_id = m.channel_id"
            f" AND f.account_id <> {me} LIMIT {sql.arg(pool.peers_per_channel)}) p),"
            " graph AS (SELECT f.channel_id, count(*)::int AS peers FROM peers p"
            " JOIN channel_follows f ON f.account_id = p.account_id GROUP BY f.channel_id),"
            f" excluded AS (SELECT channel_id FROM channel_follows WHERE account_id = {me}"
            f" UNION ALL SELECT id FROM channels WHERE account_id = {me}),"
            " followed_categories AS"
            f" (SELECT category_id FROM category_follows WHERE account_id = {me}),"
        )
        picks += [
            "(SELECT l.id FROM graph g JOIN livestreams l"  # noqa: S608 - fixed names
            " ON l.channel_id = g.channel_id AND l.ended_at IS NULL"
            f" WHERE g.channel_id NOT IN (SELECT channel_id FROM excluded){f}"
            f" ORDER BY g.peers DESC, l.id DESC LIMIT {sql.arg(pool.graph)})",
            "(SELECT x.id FROM followed_categories fc CROSS JOIN LATERAL"  # noqa: S608 - fixed names
            " (SELECT l.id FROM livestreams l WHERE l.ended_at IS NULL"
            f" AND l.category_id = fc.category_id{f}"
            f" ORDER BY l.viewers DESC, l.id DESC LIMIT {sql.arg(pool.per_category)}) x)",
        ]
        extra += (
            ", coalesce(g.peers, 0) AS peers, coalesce(l.category_id IN"
            " (SELECT category_id FROM followed_categories), false) AS followed_category"
        )
        joins = " LEFT JOIN graph g ON g.channel_id = l.channel_id"
        where = " WHERE l.channel_id NOT IN (SELECT channel_id FROM excluded)"
    text = (
        f"WITH {ctes} picked AS ({' UNION '.join(picks)}) "
        + _CARD.format(
            extra=extra, source="picked p JOIN livestreams l ON l.id = p.id AND l.ended_at IS NULL"
        )
        + joins
        + where
    )
    return text, sql.args


class PostgresLivestreamListings:
    def __init__(self, unit: PostgresUnit) -> None:
        self._unit = unit

    async def live(
        self,
        filters: ListingFilters,
        sort: ListingSort,
        *,
        after: Keyset | None,
        limit: int,
        follower: uuid.UUID | None = None,
    ) -> list[StreamCard]:
        sql, args = live_sql(filters, sort, after=after, limit=limit, follower=follower)
        return [_card(r) for r in await self._unit.fetch(sql, *args)]

    async def of_channel(
        self, channel_id: uuid.UUID, *, after: Keyset | None, limit: int
    ) -> list[StreamCard]:
        sql = Sql(channel_id)
        sort = ListingSort(SortKey.STARTED_AT, descending=True)
        text = (
            _CARD.format(extra="", source="livestreams l")
            + " WHERE l.channel_id = $1"
            + sql.keyset(sort, after)
            + order_by(sort)
            + f" LIMIT {sql.arg(limit)}"
        )
        return [_card(r) for r in await self._unit.fetch(text, *sql.args)]

    async def candidates(
        self, viewer: uuid.UUID | None, filters: ListingFilters, pool: CandidatePool
    ) -> list[Candidate]:
        sql, args = candidates_sql(viewer, filters, pool)
        return [_candidate(r) for r in await self._unit.fetch(sql, *args)]


_VOD = columns(Vod)
_vod = mapper(Vod)


class PostgresVodCatalog:
    def __init__(self, unit: PostgresUnit) -> None:
        self._unit = unit

    async def get(self, vod_id: uuid.UUID) -> Vod | None:
        row = await self._unit.fetchrow(
            f"SELECT {_VOD} FROM vods WHERE id = $1 AND deleted_at IS NULL",  # noqa: S608
            vod_id,
        )
        return _vod(row) if row else None

    async def list_for(
        self,
        channel_id: uuid.UUID,
        *,
        visibilities: tuple[str, ...],
        limit: int,
        before: uuid.UUID | None,
    ) -> list[Vod]:
        sql = Sql(channel_id, list(visibilities))
        older = f" AND id < {sql.arg(before)}" if before is not None else ""
        rows = await self._unit.fetch(
            f"SELECT {_VOD} FROM vods"  # noqa: S608 - fixed names
            " WHERE channel_id = $1 AND deleted_at IS NULL AND visibility = ANY($2::text[])"
            f"{older} ORDER BY id DESC LIMIT {sql.arg(limit)}",
            *sql.args,
        )
        return [_vod(r) for r in rows]

    async def update(self, vod: Vod) -> bool:
        status = await self._unit.execute(
            "UPDATE vods SET title = $2, visibility = $3, updated_at = $4"
            " WHERE id = $1 AND deleted_at IS NULL",
            vod.id,
            vod.title,
            vod.visibility,
            vod.updated_at,
        )
        return status == "UPDATE 1"
