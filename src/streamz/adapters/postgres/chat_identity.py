"""Chosen chat colours on PostgreSQL: one ``chat_identity_colours`` row per channel and account."""

from __future__ import annotations

import uuid
from datetime import datetime

from streamz.adapters.postgres.unit import PostgresUnit
from streamz.core.shared.ids import new_id


class PostgresChatColours:
    def __init__(self, unit: PostgresUnit) -> None:
        self._unit = unit

    async def get(self, channel_id: uuid.UUID, account_id: uuid.UUID) -> str | None:
        value = await self._unit.fetchval(
            "SELECT colour FROM chat_identity_colours WHERE channel_id = $1 AND account_id = $2",
            channel_id,
            account_id,
        )
        return str(value) if value is not None else None

    async def set(
        self, channel_id: uuid.UUID, account_id: uuid.UUID, colour: str, at: datetime
    ) -> None:
        await self._unit.execute(
            "INSERT INTO chat_identity_colours AS c"
            " (id, channel_id, account_id, colour, updated_at) VALUES ($1, $2, $3, $4, $5)"
            " ON CONFLICT (channel_id, account_id)"
            " DO UPDATE SET colour = excluded.colour, updated_at = excluded.updated_at",
            new_id(),
            channel_id,
            account_id,
            colour,
            at,
        )

    async def clear(self, channel_id: uuid.UUID, account_id: uuid.UUID) -> None:
        await self._unit.execute(
            "DELETE FROM chat_identity_colours WHERE channel_id = $1 AND account_id = $2",
            channel_id,
            account_id,
        )
