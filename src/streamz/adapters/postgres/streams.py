"""The streams context on PostgreSQL: ``channel_streams``, livestream and VOD writes, and the
Livepeer deliveries (``livepeer_events``)."""

from __future__ import annotations

import uuid
from datetime import datetime

from streamz.adapters.postgres.rows import Mapper, columns, mapper, placeholders, values
from streamz.adapters.postgres.unit import PostgresUnit
from streamz.core.live.entities import ChannelStream, Livestream, StreamInfo, Vod
from streamz.core.live.streams.entities import LivepeerDelivery

# Stream work of one channel queues on a transaction-scoped advisory lock (released at commit
# or rollback), so the channel's row stays free for follows and profile edits meanwhile.
_LOCK = "SELECT pg_advisory_xact_lock(hashtextextended('channel-stream:' || $1, 0))"
_STREAM_COLUMNS = columns(ChannelStream)
_STREAM = f"SELECT {_STREAM_COLUMNS} FROM channel_streams WHERE channel_id = $1"  # noqa: S608 - fixed names
_LIVESTREAM = columns(Livestream)
_VOD = columns(Vod)
_END = (
    "UPDATE livestreams SET ended_at = $2, peak_viewers = GREATEST(peak_viewers, viewers)"  # noqa: S608 - fixed names
    f" WHERE id = $1 RETURNING {_LIVESTREAM}"
)
_EVENT = columns(LivepeerDelivery)
_INFO = columns(StreamInfo)

_stream = mapper(ChannelStream)
livestream_from_row: Mapper[Livestream] = mapper(Livestream, convert={"tags": tuple})
"""A ``livestreams`` row (the directory reads them too)."""
_vod = mapper(Vod)
_delivery = mapper(LivepeerDelivery)
_info = mapper(StreamInfo, convert={"tags": tuple})


def _args(entity: object) -> tuple[object, ...]:
    """``values(entity)`` with tuples as lists (arrays)."""
    return tuple(list(v) if isinstance(v, tuple) else v for v in values(entity))


def _insert(table: str, names: str) -> str:
    return f"INSERT INTO {table} ({names}) VALUES ({placeholders(names.count(',') + 1)})"  # noqa: S608 - fixed names


class PostgresChannelStreams:
    def __init__(self, unit: PostgresUnit) -> None:
        self._unit = unit

    async def lock(self, channel_id: uuid.UUID) -> None:
        await self._unit.fetch_for_write(_LOCK, str(channel_id))

    async def get(self, channel_id: uuid.UUID) -> ChannelStream | None:
        row = await self._unit.fetchrow(_STREAM, channel_id)
        return _stream(row) if row else None

    async def save(self, stream: ChannelStream) -> None:
        await self._unit.execute(
            _insert("channel_streams", _STREAM_COLUMNS) + " ON CONFLICT (channel_id) DO UPDATE SET"
            " livepeer_stream_id = EXCLUDED.livepeer_stream_id,"
            " stream_key = EXCLUDED.stream_key, playback_id = EXCLUDED.playback_id,"
            " created_at = EXCLUDED.created_at, key_rotated_at = EXCLUDED.key_rotated_at",
            *values(stream),
        )

    async def channel_of(self, livepeer_stream_id: str) -> uuid.UUID | None:
        current = await self._unit.fetchval(
            "SELECT channel_id FROM channel_streams WHERE livepeer_stream_id = $1",
            livepeer_stream_id,
        )
        if current is None:  # rotated since: the channel its broadcasts belonged to
            current = await self._unit.fetchval(
                "SELECT channel_id FROM livestreams WHERE livepeer_stream_id = $1"
                " ORDER BY started_at DESC LIMIT 1",
                livepeer_stream_id,
            )
        return current if isinstance(current, uuid.UUID) else None


class PostgresLivestreamWrites:
    def __init__(self, unit: PostgresUnit) -> None:
        self._unit = unit

    async def _one(self, sql: str, *args: object) -> Livestream | None:
        rows = await self._unit.fetch_for_write(sql, *args)
        return livestream_from_row(rows[0]) if rows else None

    async def live(self, channel_id: uuid.UUID) -> Livestream | None:
        return await self._one(
            f"SELECT {_LIVESTREAM} FROM livestreams"  # noqa: S608 - fixed names
            " WHERE channel_id = $1 AND ended_at IS NULL",
            channel_id,
        )

    async def covers(self, channel_id: uuid.UUID, at: datetime) -> bool:
        rows = await self._unit.fetch_for_write(
            "SELECT 1 FROM livestreams WHERE channel_id = $1 AND (started_at = $2"
            " OR (started_at < $2 AND (ended_at IS NULL OR ended_at > $2))) LIMIT 1",
            channel_id,
            at,
        )
        return bool(rows)

    async def next_start(self, channel_id: uuid.UUID, at: datetime) -> datetime | None:
        rows = await self._unit.fetch_for_write(
            "SELECT min(started_at) AS at FROM livestreams WHERE channel_id = $1"
            " AND started_at > $2",
            channel_id,
            at,
        )
        value = next((at for (at,) in rows), None)
        return value if isinstance(value, datetime) else None

    async def spanning(self, channel_id: uuid.UUID, at: datetime) -> Livestream | None:
        return await self._one(
            f"SELECT {_LIVESTREAM} FROM livestreams"  # noqa: S608 - fixed names
            " WHERE channel_id = $1 AND started_at <= $2 AND ended_at > $2"
            " ORDER BY started_at DESC LIMIT 1",
            channel_id,
            at,
        )

    async def add(self, livestream: Livestream) -> None:
        await self._unit.execute(_insert("livestreams", _LIVESTREAM), *_args(livestream))

    async def end(self, livestream_id: uuid.UUID, ended_at: datetime) -> Livestream:
        ended = await self._one(
            _END,
            livestream_id,
            ended_at,
        )
        if ended is None:
            raise LookupError(f"no livestream {livestream_id}")
        return ended

    async def for_recording(
        self, channel_id: uuid.UUID, started: datetime, last_seen: datetime
    ) -> Livestream | None:
        return await self._one(
            f"SELECT {_LIVESTREAM} FROM livestreams"  # noqa: S608 - fixed names
            " WHERE channel_id = $1 AND started_at <= $3"
            " AND (ended_at IS NULL OR ended_at >= $2)"
            " ORDER BY started_at DESC LIMIT 1",
            channel_id,
            started,
            last_seen,
        )

    async def set_session(self, livestream_id: uuid.UUID, session_id: str) -> None:
        await self._unit.execute(
            "UPDATE livestreams SET livepeer_session_id = $2"
            " WHERE id = $1 AND livepeer_session_id IS NULL",
            livestream_id,
            session_id[:64],
        )

    async def stream_info(self, channel_id: uuid.UUID) -> StreamInfo:
        row = await self._unit.fetchrow(
            f"SELECT {_INFO} FROM stream_info WHERE channel_id = $1",  # noqa: S608 - fixed names
            channel_id,
        )
        return _info(row) if row else StreamInfo(channel_id)

    async def set_channel_live(self, channel_id: uuid.UUID, live: bool) -> None:
        await self._unit.execute(
            "UPDATE channels SET is_live = $2 WHERE id = $1 AND is_live IS DISTINCT FROM $2",
            channel_id,
            live,
        )


class PostgresVodWrites:
    def __init__(self, unit: PostgresUnit) -> None:
        self._unit = unit

    async def add(self, vod: Vod) -> bool:
        rows = await self._unit.fetch_for_write(
            _insert("vods", _VOD) + " ON CONFLICT (livepeer_asset_id) DO NOTHING RETURNING id",
            *values(vod),
        )
        return bool(rows)

    async def get(self, vod_id: uuid.UUID) -> Vod | None:
        row = await self._unit.fetchrow(
            f"SELECT {_VOD} FROM vods WHERE id = $1",  # noqa: S608 - fixed names
            vod_id,
        )
        return _vod(row) if row else None

    async def soft_delete(self, vod_id: uuid.UUID, at: datetime) -> None:
        await self._unit.execute(
            "UPDATE vods SET deleted_at = $2, updated_at = $2 WHERE id = $1 AND deleted_at IS NULL",
            vod_id,
            at,
        )

    async def asset_deleted(self, vod_id: uuid.UUID, at: datetime) -> None:
        await self._unit.execute(
            "UPDATE vods SET asset_deleted_at = $2 WHERE id = $1 AND asset_deleted_at IS NULL",
            vod_id,
            at,
        )

    async def pending_asset_deletions(self, before: datetime, limit: int) -> list[uuid.UUID]:
        rows = await self._unit.fetch(
            "SELECT id FROM vods WHERE deleted_at IS NOT NULL AND asset_deleted_at IS NULL"
            " AND deleted_at < $1 ORDER BY deleted_at LIMIT $2",
            before,
            limit,
        )
        return [row_id for (row_id,) in rows]


class PostgresLivepeerEvents:
    def __init__(self, unit: PostgresUnit) -> None:
        self._unit = unit

    async def add(self, delivery: LivepeerDelivery) -> bool:
        rows = await self._unit.fetch_for_write(
            _insert("livepeer_events", _EVENT) + " ON CONFLICT (id) DO NOTHING RETURNING id",
            *values(delivery),
        )
        return bool(rows)

    async def get(self, event_id: str, *, lock: bool = False) -> LivepeerDelivery | None:
        sql = f"SELECT {_EVENT} FROM livepeer_events WHERE id = $1"  # noqa: S608 - fixed names
        if lock:
            rows = await self._unit.fetch_for_write(sql + " FOR UPDATE", event_id)
            return _delivery(rows[0]) if rows else None
        row = await self._unit.fetchrow(sql, event_id)
        return _delivery(row) if row else None

    async def done(self, event_id: str, at: datetime, error: str | None) -> None:
        await self._unit.execute(
            "UPDATE livepeer_events SET processed_at = $2, error = $3 WHERE id = $1",
            event_id,
            at,
            error,
        )

    async def first_after(
        self, livepeer_stream_id: str, event: str, at: datetime
    ) -> datetime | None:
        rows = await self._unit.fetch_for_write(
            "SELECT min(occurred_at) AS at FROM livepeer_events WHERE stream_id = $1"
            " AND event = $2 AND occurred_at > $3 AND processed_at IS NOT NULL",
            livepeer_stream_id,
            event,
            at,
        )
        value = next((at for (at,) in rows), None)
        return value if isinstance(value, datetime) else None

    async def pending(self, before: datetime, limit: int) -> list[str]:
        rows = await self._unit.fetch(
            "SELECT id FROM livepeer_events WHERE processed_at IS NULL AND received_at < $1"
            " ORDER BY received_at LIMIT $2",
            before,
            limit,
        )
        return [row_id for (row_id,) in rows]
