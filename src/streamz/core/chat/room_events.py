"""Durable chatroom events (deletes, purges, pins, bans, settings...) take the room's next
``seq``, like messages, so websocket clients can resume exactly where they left off."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from streamz.core.shared.events import Event
from streamz.ports.room_events import RoomEventLog
from streamz.ports.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class RoomEventWriter:
    """Appends a durable room event (taking its seq) and its outbox event, in the caller's
    transaction. The payload gets ``chatroom_id`` and ``seq``."""

    log: RoomEventLog
    uow: UnitOfWork

    async def __call__(
        self, chatroom_id: uuid.UUID, topic: str, payload: dict[str, Any], at: datetime
    ) -> int:
        body = {**payload, "chatroom_id": str(chatroom_id)}
        seq = await self.log.append(chatroom_id, topic, body, at)
        self.uow.record(Event(topic, str(chatroom_id), {**body, "seq": seq}, at))
        return seq
