from __future__ import annotations

import uuid

from streamz.adapters.postgres.unit import PostgresUnit
from streamz.core.chat.entities import Chatroom


class PostgresChatrooms:
    def __init__(self, unit: PostgresUnit) -> None:
        self._unit = unit

    async def add(self, chatroom: Chatroom) -> None:
        await self._unit.execute(
            "INSERT INTO chatrooms (id, channel_id, created_at) VALUES ($1, $2, $3)",
            chatroom.id,
            chatroom.channel_id,
            chatroom.created_at,
        )

    async def get(self, chatroom_id: uuid.UUID) -> Chatroom | None:
        return await self._one("id", chatroom_id)

    async def by_channel(self, channel_id: uuid.UUID) -> Chatroom | None:
        return await self._one("channel_id", channel_id)

    async def _one(self, column: str, value: object) -> Chatroom | None:
        row = await self._unit.fetchrow(
            f"SELECT id, channel_id, created_at FROM chatrooms WHERE {column} = $1",  # noqa: S608
            value,
        )
        return Chatroom(row["id"], row["channel_id"], row["created_at"]) if row else None
