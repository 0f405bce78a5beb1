"""Chatroom settings and rules in memory (a table of the ``MemoryUnit``)."""

from __future__ import annotations

import uuid

from streamz.adapters.memory.database import MemoryUnit
from streamz.core.chat.entities import Chatroom, ChatroomConfig
from streamz.core.errors import Conflict


class MemoryChatroomSettings:
    def __init__(self, unit: MemoryUnit) -> None:
        self._unit = unit
        self._rows: dict[uuid.UUID, ChatroomConfig] = unit.tables.table("chatroom_settings")

    async def get(self, chatroom_id: uuid.UUID, *, lock: bool = False) -> ChatroomConfig | None:
        return self._rows.get(chatroom_id)

    async def with_chatroom(self, channel_id: uuid.UUID) -> tuple[Chatroom, ChatroomConfig] | None:
        for chatroom in self._unit.tables.chatrooms.values():
            if chatroom.channel_id == channel_id:
                return chatroom, self._rows.get(chatroom.id) or ChatroomConfig(chatroom.id)
        return None

    async def save(self, config: ChatroomConfig) -> None:
        if config.chatroom_id not in self._unit.tables.chatrooms:
            raise Conflict("no such chatroom")  # the foreign key
        self._rows[config.chatroom_id] = config
