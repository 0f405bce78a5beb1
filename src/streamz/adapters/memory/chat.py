"""Chatroom settings and rules in memory (a table of the ``MemoryUnit``)."""

from __future__ import annotations

import uuid

from streamz.adapters.memory.database import MemoryUnit
from streamz.core.chat.entities import ChatroomConfig


class MemoryChatroomSettings:
    def __init__(self, unit: MemoryUnit) -> None:
        self._rows: dict[uuid.UUID, ChatroomConfig] = unit.tables.table("chatroom_settings")

    async def get(self, chatroom_id: uuid.UUID, *, lock: bool = False) -> ChatroomConfig | None:
        return self._rows.get(chatroom_id)

    async def save(self, config: ChatroomConfig) -> None:
        self._rows[config.chatroom_id] = config
