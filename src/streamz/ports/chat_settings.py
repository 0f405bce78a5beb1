"""Storage of chatroom settings and rules (one row per chatroom once written)."""

import uuid
from typing import Protocol

from streamz.core.chat.entities import ChatroomConfig


class ChatroomSettingsRepository(Protocol):
    async def get(self, chatroom_id: uuid.UUID, *, lock: bool = False) -> ChatroomConfig | None:
        """The stored config, or None when never written (defaults apply). ``lock``: also lock
        the chatroom until the transaction ends, so concurrent writers queue up."""
        ...

    async def save(self, config: ChatroomConfig) -> None:
        """Insert or replace the chatroom's whole config."""
        ...
