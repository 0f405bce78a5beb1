from __future__ import annotations

import uuid

from streamz.adapters.postgres.rows import columns, mapper, placeholders, values
from streamz.adapters.postgres.unit import PostgresUnit
from streamz.core.chat.entities import Chatroom

_COLUMNS = columns(Chatroom)
_entity = mapper(Chatroom)


class PostgresChatrooms:
    def __init__(self, unit: PostgresUnit) -> None:
        self._unit = unit

    async def add(self, chatroom: Chatroom) -> None:
        row = values(chatroom)
        await self._unit.execute(
            f"INSERT INTO chatrooms ({_COLUMNS}) VALUES ({placeholders(len(row))})",  # noqa: S608
            *row,
        )

    async def get(self, chatroom_id: uuid.UUID) -> Chatroom | None:
        return await self._one("id", chatroom_id)

    async def by_channel(self, channel_id: uuid.UUID) -> Chatroom | None:
        return await self._one("channel_id", channel_id)

    async def _one(self, column: str, value: object) -> Chatroom | None:
        row = await self._unit.fetchrow(
            f"SELECT {_COLUMNS} FROM chatrooms WHERE {column} = $1",  # noqa: S608 - fixed names
            value,
        )
        return _entity(row) if row else None
