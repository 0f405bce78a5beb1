"""Chat bans and timeouts in memory (tables of the ``MemoryUnit``)."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import datetime

from streamz.adapters.memory.database import MemoryUnit
from streamz.core.chat.bans.entities import Ban, BanKind
from streamz.core.chat.bans.errors import BanConflict
from streamz.core.errors import Conflict


class MemoryBans:
    def __init__(self, unit: MemoryUnit) -> None:
        self._unit = unit
        self._rows: dict[uuid.UUID, Ban] = unit.tables.table("chat_bans")

    async def active(
        self, channel_id: uuid.UUID, account_id: uuid.UUID, now: datetime
    ) -> Ban | None:
        ban = await self.current(channel_id, account_id)
        return ban if ban is not None and ban.active_at(now) else None

    async def current(
        self, channel_id: uuid.UUID, account_id: uuid.UUID, *, lock: bool = False
    ) -> Ban | None:
        return next(
            (
                b
                for b in self._rows.values()
                if b.channel_id == channel_id and b.account_id == account_id and b.ended_at is None
            ),
            None,
        )

    async def add(self, ban: Ban) -> None:
        tables = self._unit.tables
        accounts = (ban.account_id, ban.created_by, ban.ended_by)
        if ban.channel_id not in tables.channels or any(
            a is not None and a not in tables.accounts for a in accounts
        ):
            raise Conflict("no such channel or account")  # the foreign keys
        if await self.current(ban.channel_id, ban.account_id) is not None:
            raise BanConflict("an open ban already exists for this account")
        self._rows[ban.id] = ban

    async def end(self, ban_id: uuid.UUID, at: datetime, by: uuid.UUID | None) -> None:
        ban = self._rows.get(ban_id)
        if ban is not None and ban.ended_at is None:
            self._rows[ban_id] = replace(ban, ended_at=at, ended_by=by)

    async def claim_expired(self, now: datetime, limit: int) -> list[Ban]:
        expired = [
            b
            for b in self._rows.values()
            if b.ended_at is None
            and b.kind is BanKind.TIMEOUT
            and b.expires_at is not None
            and b.expires_at <= now
        ]
        return sorted(expired, key=lambda b: (b.expires_at or now, b.id))[:limit]

    async def list_active(
        self, channel_id: uuid.UUID, *, now: datetime, limit: int, before: uuid.UUID | None
    ) -> list[Ban]:
        rows = [
            b
            for b in self._rows.values()
            if b.channel_id == channel_id
            and b.ended_at is None  # as Postgres: an ended row is out, whenever it ended
            and b.active_at(now)
            and (before is None or b.id < before)
        ]
        return sorted(rows, key=lambda b: b.id, reverse=True)[:limit]
