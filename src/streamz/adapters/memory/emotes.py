"""Chat emotes in memory (a table of the ``MemoryUnit``)."""

from __future__ import annotations

import uuid

from streamz.adapters.memory.database import MemoryUnit
from streamz.core.chat.emotes.entities import Emote
from streamz.core.chat.emotes.errors import EmoteCodeTaken
from streamz.core.errors import Conflict


class MemoryEmotes:
    def __init__(self, unit: MemoryUnit) -> None:
        self._unit = unit
        self._rows: dict[uuid.UUID, Emote] = unit.tables.table("chat_emotes")

    async def for_channel(self, channel_id: uuid.UUID) -> list[Emote]:
        rows = [e for e in self._rows.values() if e.channel_id == channel_id]
        return sorted(rows, key=lambda e: e.code.lower())

    async def locked(self, channel_id: uuid.UUID) -> list[Emote]:
        return await self.for_channel(channel_id)

    async def get(self, channel_id: uuid.UUID, emote_id: uuid.UUID) -> Emote | None:
        emote = self._rows.get(emote_id)
        return emote if emote is not None and emote.channel_id == channel_id else None

    async def add(self, emote: Emote) -> None:
        tables = self._unit.tables
        if emote.channel_id not in tables.channels or (
            emote.created_by is not None and emote.created_by not in tables.accounts
        ):
            raise Conflict("no such channel or account")  # the foreign keys
        if any(
            e.channel_id == emote.channel_id and e.code.lower() == emote.code.lower()
            for e in self._rows.values()
        ):
            raise EmoteCodeTaken(f"this chatroom has an emote {emote.code!r} already")
        self._rows[emote.id] = emote

    async def remove(self, emote_id: uuid.UUID) -> bool:
        return self._rows.pop(emote_id, None) is not None
