"""Storage of chat emotes (filled by the emotes owner; ``for_channel`` is what messages use)."""

import uuid
from typing import Protocol

from streamz.core.chat.emotes.entities import Emote


class EmoteRepository(Protocol):
    async def for_channel(self, channel_id: uuid.UUID) -> list[Emote]:
        """Every emote of the channel, ordered by code, in one query (chat sends read it)."""
        ...
