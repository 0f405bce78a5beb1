"""Storage of chatroom settings and rules (one row per chatroom once written)."""

import uuid
from typing import Protocol

from streamz.core.chat.entities import Chatroom, ChatroomConfig


class ChatroomSettingsRepository(Protocol):
    async def get(self, chatroom_id: uuid.UUID, *, lock: bool = False) -> ChatroomConfig | None:
        """The stored config, or None when never written (defaults apply). ``lock``: also lock
        the chatroom until the transaction ends, so concurrent writers queue up."""
        ...

    async def with_chatroom(self, channel_id: uuid.UUID) -> tuple[Chatroom, ChatroomConfig] | None:
        """The channel's chatroom and its config (``ChatroomConfig(chatroom.id)``, the defaults,
        when never written) in one read; None when the channel has no chatroom."""
        ...

    async def save(self, config: ChatroomConfig) -> None:
        """Insert or replace the chatroom's whole config."""
        ...
