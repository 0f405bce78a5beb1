"""The chatroom event log in memory (messages come from the messages table)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from streamz.adapters.memory.database import MemoryUnit
from streamz.core.chat.entities import RoomEvent
from streamz.core.chat.messages.entities import Message
from streamz.core.chat.messages.events import SENT, message_payload


class MemoryRoomEvents:
    def __init__(self, unit: MemoryUnit) -> None:
        self._events: dict[tuple[uuid.UUID, int], RoomEvent] = unit.tables.table("chat_room_events")
        self._messages: dict[uuid.UUID, Message] = unit.tables.table("chat_messages")
        self._seqs: dict[uuid.UUID, int] = unit.tables.table("chatroom_sequences")

    async def append(
        self, chatroom_id: uuid.UUID, topic: str, payload: dict[str, Any], at: datetime
    ) -> int:
        # stored as JSON, as Postgres' jsonb: what JSON cannot hold fails here too (TypeError),
        # and a reader gets JSON's types back (lists, not tuples)
        stored = json.loads(json.dumps(payload))
        seq = self._seqs.get(chatroom_id, 0) + 1
        self._seqs[chatroom_id] = seq
        self._events[(chatroom_id, seq)] = RoomEvent(seq, topic, {**stored, "seq": seq}, at)
        return seq

    async def since(self, chatroom_id: uuid.UUID, after_seq: int, limit: int) -> list[RoomEvent]:
        events = [
            e for (room, seq), e in self._events.items() if room == chatroom_id and seq > after_seq
        ]
        events += [
            RoomEvent(m.seq, SENT, message_payload(m), m.created_at)
            for m in self._messages.values()
            if m.chatroom_id == chatroom_id and m.seq > after_seq
        ]
        return sorted(events, key=lambda e: e.seq)[:limit]

    async def last_seq(self, chatroom_id: uuid.UUID) -> int:
        return self._seqs.get(chatroom_id, 0)

    async def deleted_before_visible(
        self, chatroom_id: uuid.UUID, message_ids: Sequence[uuid.UUID]
    ) -> set[uuid.UUID]:
        found = set()
        for message_id in message_ids:
            m = self._messages.get(message_id)
            if (
                m is not None
                and m.chatroom_id == chatroom_id
                and m.deleted_at is not None
                and m.deleted_at < m.visible_at
            ):
                found.add(m.id)
        return found
