"""The chatroom event log on PostgreSQL: ``chat_room_events`` for everything but messages, which
keep their seq in ``chat_messages``; both draw from ``chatroom_sequences``."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from streamz.adapters.postgres.messages import COLUMNS, message_from_row
from streamz.adapters.postgres.rows import columns, mapper
from streamz.adapters.postgres.unit import PostgresUnit
from streamz.core.chat.entities import RoomEvent
from streamz.core.chat.messages.events import SENT, message_payload

# the payload as stored, with the event's seq in it (as it was sent live)
_EVENT_COLUMNS = columns(
    RoomEvent, rename={"payload": "payload || jsonb_build_object('seq', seq)", "at": "created_at"}
)
_event = mapper(RoomEvent)
_APPEND = """
WITH next AS (
    INSERT INTO chatroom_sequences AS s (chatroom_id, last_seq) VALUES ($1, 1)
    ON CONFLICT (chatroom_id) DO UPDATE SET last_seq = s.last_seq + 1
    RETURNING last_seq
)
INSERT INTO chat_room_events (chatroom_id, seq, topic, payload, created_at)
SELECT $1, next.last_seq, $2, $3, $4 FROM next
RETURNING seq
"""


class PostgresRoomEvents:
    def __init__(self, unit: PostgresUnit) -> None:
        self._unit = unit

    async def append(
        self, chatroom_id: uuid.UUID, topic: str, payload: dict[str, Any], at: datetime
    ) -> int:
        rows = await self._unit.fetch_for_write(_APPEND, chatroom_id, topic, payload, at)
        seq: int = rows[0]["seq"]
        return seq

    async def since(self, chatroom_id: uuid.UUID, after_seq: int, limit: int) -> list[RoomEvent]:
        messages = await self._unit.fetch(
            f"SELECT {COLUMNS} FROM chat_messages WHERE chatroom_id = $1 AND seq > $2"  # noqa: S608
            " ORDER BY seq LIMIT $3",
            chatroom_id,
            after_seq,
            limit,
        )
        others = await self._unit.fetch(
            f"SELECT {_EVENT_COLUMNS} FROM chat_room_events"  # noqa: S608 - fixed names
            " WHERE chatroom_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",
            chatroom_id,
            after_seq,
            limit,
        )
        events = [
            RoomEvent(m.seq, SENT, message_payload(m), m.created_at)
            for m in map(message_from_row, messages)
        ]
        events += map(_event, others)
        return sorted(events, key=lambda e: e.seq)[:limit]

    async def last_seq(self, chatroom_id: uuid.UUID) -> int:
        value = await self._unit.fetchval(
            "SELECT last_seq FROM chatroom_sequences WHERE chatroom_id = $1", chatroom_id
        )
        return int(value or 0)

    async def deleted_before_visible(
        self, chatroom_id: uuid.UUID, message_ids: Sequence[uuid.UUID]
    ) -> set[uuid.UUID]:
        if not message_ids:
            return set()
        rows = await self._unit.fetch(
            "SELECT id FROM chat_messages WHERE id = ANY($2::uuid[]) AND chatroom_id = $1"
            " AND deleted_at IS NOT NULL AND deleted_at < visible_at",
            chatroom_id,
            list(message_ids),
        )
        return {r["id"] for r in rows}
