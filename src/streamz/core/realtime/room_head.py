"""Where a chatroom's event sequence stands."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from streamz.ports.room_events import RoomEventLog


@dataclass(frozen=True, slots=True)
class RoomHead:
    """``await head(chatroom_id)``: the room's latest committed ``seq`` (0 before any event).

    - The websocket gateway starts delivering a room from here: anything at or below it is
      history (``ReplayRoom``), anything above arrives live.
    """

    log: RoomEventLog

    async def __call__(self, chatroom_id: uuid.UUID) -> int:
        return await self.log.last_seq(chatroom_id)
