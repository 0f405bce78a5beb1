"""The durable event log of chatrooms: one number per event, messages included."""

import uuid
from datetime import datetime
from typing import Any, Protocol

from streamz.core.chat.entities import RoomEvent


class RoomEventLog(Protocol):
    async def append(
        self, chatroom_id: uuid.UUID, topic: str, payload: dict[str, Any], at: datetime
    ) -> int:
        """Take the room's next seq (shared with messages: gap-free, held until the
        transaction ends) and record the event under it; returns the seq."""
        ...

    async def since(self, chatroom_id: uuid.UUID, after_seq: int, limit: int) -> list[RoomEvent]:
        """Every durable event of the room after ``after_seq``, messages included, by seq."""
        ...

    async def last_seq(self, chatroom_id: uuid.UUID) -> int:
        """The room's latest seq (0 when nothing happened yet)."""
        ...
