"""Chatroom settings and rules on PostgreSQL (``chatroom_settings``, one row per chatroom)."""

from __future__ import annotations

import uuid

from streamz.adapters.postgres.rows import (
    field_names,
    mapper,
    nested,
    placeholders,
    prefixed,
    values,
)
from streamz.adapters.postgres.unit import PostgresUnit
from streamz.core.chat.entities import Chatroom, ChatroomConfig, ChatSettings

# a column per ChatSettings field, beside the config's own
_SETTINGS = field_names(ChatSettings)
_COLUMNS = ", ".join(("chatroom_id", *_SETTINGS, "rules", "updated_at"))
_VALUES = placeholders(len(_SETTINGS) + 3)
_UPDATE = ", ".join(f"{c} = EXCLUDED.{c}" for c in (*_SETTINGS, "rules", "updated_at"))
# Writers of one chatroom queue on its row. NO KEY UPDATE: inserts that reference the chatroom
# (FOR KEY SHARE) are not blocked.
_LOCK = "SELECT id FROM chatrooms WHERE id = $1 FOR NO KEY UPDATE"
_config = nested(ChatroomConfig, parts={"settings": mapper(ChatSettings)}, convert={"rules": tuple})
# the chatroom of a channel with its settings row (``s_`` columns, all NULL when never written)
_WITH_CHATROOM = (
    "SELECT "  # noqa: S608 - fixed names
    + ", ".join(f"c.{c}" for c in field_names(Chatroom))
    + ", "
    + ", ".join(f"s.{c} AS s_{c}" for c in _COLUMNS.split(", "))
    + " FROM chatrooms c LEFT JOIN chatroom_settings s ON s.chatroom_id = c.id"
    " WHERE c.channel_id = $1"
)
_chatroom = mapper(Chatroom)
_joined_config = prefixed(_config, "s_")


class PostgresChatroomSettings:
    def __init__(self, unit: PostgresUnit) -> None:
        self._unit = unit

    async def get(self, chatroom_id: uuid.UUID, *, lock: bool = False) -> ChatroomConfig | None:
        sql = f"SELECT {_COLUMNS} FROM chatroom_settings WHERE chatroom_id = $1"  # noqa: S608
        if lock:
            await self._unit.fetch_for_write(_LOCK, chatroom_id)
            rows = await self._unit.fetch_for_write(sql, chatroom_id)
            return _config(rows[0]) if rows else None
        row = await self._unit.fetchrow(sql, chatroom_id)
        return _config(row) if row else None

    async def with_chatroom(self, channel_id: uuid.UUID) -> tuple[Chatroom, ChatroomConfig] | None:
        row = await self._unit.fetchrow(_WITH_CHATROOM, channel_id)
        if row is None:
            return None
        chatroom = _chatroom(row)
        if row["s_chatroom_id"] is None:
            return chatroom, ChatroomConfig(chatroom.id)
        return chatroom, _joined_config(row)

    async def save(self, config: ChatroomConfig) -> None:
        await self._unit.execute(
            f"INSERT INTO chatroom_settings ({_COLUMNS}) VALUES ({_VALUES})"  # noqa: S608
            f" ON CONFLICT (chatroom_id) DO UPDATE SET {_UPDATE}",
            config.chatroom_id,
            *values(config.settings),
            list(config.rules),
            config.updated_at,
        )
