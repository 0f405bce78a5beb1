"""Durable chatroom events (deletes, purges, pins, bans, settings...) take the room's next
``seq``, like messages, so websocket clients can resume exactly where they left off."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from streamz.core.shared.events import Event
from streamz.ports.outbox import Outbox
from streamz.ports.room_events import RoomEventLog


class RoomEventWriter:
    """Appends a durable room event (taking its seq) and its outbox event, in the caller's
    transaction. The payload gets ``chatroom_id`` and ``seq``."""

    def __init__(self, log: RoomEventLog, outbox: Outbox) -> None:
        self._log = log
        self._outbox = outbox

    async def __call__(
        self, chatroom_id: uuid.UUID, topic: str, payload: dict[str, Any], at: datetime
    ) -> int:
        body = {**payload, "chatroom_id": str(chatroom_id)}
        seq = await self._log.append(chatroom_id, topic, body, at)
        await self._outbox.add(Event(topic, str(chatroom_id), {**body, "seq": seq}, at))
        return seq
