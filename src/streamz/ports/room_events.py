"""The durable event log of chatrooms: one number per event, messages included."""

import uuid
from collections.abc import Sequence
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

    async def deleted_before_visible(
        self, chatroom_id: uuid.UUID, message_ids: Sequence[uuid.UUID]
    ) -> set[uuid.UUID]:
        """The ids among ``message_ids`` of messages of the room that were deleted during
        their non-moderator chat delay (``deleted_at`` earlier than ``visible_at``): viewers
        must never see their content. Ids of other rooms, unknown ids and messages deleted
        after they became visible (or not deleted) are left out."""
        ...
