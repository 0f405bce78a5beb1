"""Chat bans and timeouts on PostgreSQL: ``chat_bans``, one open row per channel and account
(a partial unique index), ended rows kept as history."""

from __future__ import annotations

import uuid
from datetime import datetime

from streamz.adapters.postgres.rows import columns, field_names, mapper, placeholders, values
from streamz.adapters.postgres.unit import PostgresUnit, register_constraint
from streamz.core.chat.bans.entities import Ban, BanKind
from streamz.core.chat.bans.errors import BanConflict

register_constraint("uq_chat_bans_open", BanConflict)

_COLUMNS = columns(Ban)
_VALUES = placeholders(len(field_names(Ban)))
_ban = mapper(Ban, convert={"kind": BanKind})
# Writers of one channel's bans queue on its row. NO KEY UPDATE: inserts elsewhere that
# reference the channel (FOR KEY SHARE, e.g. chat messages) are not blocked.
_LOCK = "SELECT id FROM channels WHERE id = $1 FOR NO KEY UPDATE"
_OPEN = (
    f"SELECT {_COLUMNS} FROM chat_bans"  # noqa: S608 - fixed names
    " WHERE channel_id = $1 AND account_id = $2 AND ended_at IS NULL"
)
# served by the partial unique index uq_chat_bans_open (at most one row)
_ACTIVE = f"{_OPEN} AND (expires_at IS NULL OR expires_at > $3)"


class PostgresBans:
    def __init__(self, unit: PostgresUnit) -> None:
        self._unit = unit

    async def active(
        self, channel_id: uuid.UUID, account_id: uuid.UUID, now: datetime
    ) -> Ban | None:
        row = await self._unit.fetchrow(_ACTIVE, channel_id, account_id, now)
        return _ban(row) if row else None

    async def current(
        self, channel_id: uuid.UUID, account_id: uuid.UUID, *, lock: bool = False
    ) -> Ban | None:
        if lock:
            await self._unit.fetch_for_write(_LOCK, channel_id)
            rows = await self._unit.fetch_for_write(f"{_OPEN} FOR UPDATE", channel_id, account_id)
            return _ban(rows[0]) if rows else None
        row = await self._unit.fetchrow(_OPEN, channel_id, account_id)
        return _ban(row) if row else None

    async def add(self, ban: Ban) -> None:
        await self._unit.execute(
            f"INSERT INTO chat_bans ({_COLUMNS}) VALUES ({_VALUES})",  # noqa: S608 - fixed names
            *values(ban),
        )

    async def end(self, ban_id: uuid.UUID, at: datetime, by: uuid.UUID | None) -> None:
        await self._unit.execute(
            "UPDATE chat_bans SET ended_at = $2, ended_by = $3 WHERE id = $1 AND ended_at IS NULL",
            ban_id,
            at,
            by,
        )

    async def claim_expired(self, now: datetime, limit: int) -> list[Ban]:
        # open rows are few (those in force and the runs-out not yet announced): the partial
        # index on open rows serves this
        rows = await self._unit.fetch_for_write(
            f"SELECT {_COLUMNS} FROM chat_bans"  # noqa: S608 - fixed names
            " WHERE ended_at IS NULL AND kind = 'timeout' AND expires_at <= $1"
            " ORDER BY expires_at, id LIMIT $2 FOR UPDATE SKIP LOCKED",
            now,
            limit,
        )
        return [_ban(r) for r in rows]

    async def list_active(
        self, channel_id: uuid.UUID, *, now: datetime, limit: int, before: uuid.UUID | None
    ) -> list[Ban]:
        rows = await self._unit.fetch(
            f"SELECT {_COLUMNS} FROM chat_bans"  # noqa: S608 - fixed names
            " WHERE channel_id = $1 AND ended_at IS NULL"
            " AND (expires_at IS NULL OR expires_at > $2) AND ($3::uuid IS NULL OR id < $3)"
            " ORDER BY id DESC LIMIT $4",
            channel_id,
            now,
            before,
            limit,
        )
        return [_ban(r) for r in rows]
