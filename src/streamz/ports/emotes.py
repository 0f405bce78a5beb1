"""Storage of chat emotes (filled by the emotes owner; ``for_channel`` is what messages use)."""

import uuid
from typing import Protocol

from streamz.core.chat.emotes.entities import Emote


class EmoteRepository(Protocol):
    async def for_channel(self, channel_id: uuid.UUID) -> list[Emote]:
        """Every emote of the channel, ordered by code, in one query (chat sends read it)."""
        ...

    async def locked(self, channel_id: uuid.UUID) -> list[Emote]:
        """As ``for_channel``, after locking the channel's emote set until the transaction
        ends, so concurrent writers (limit, codes) queue up and see each other's rows."""
        ...

    async def get(self, channel_id: uuid.UUID, emote_id: uuid.UUID) -> Emote | None:
        """The channel's emote ``emote_id``; None when absent or another channel's."""
        ...

    async def add(self, emote: Emote) -> None:
        """A code taken in the channel, whatever its case, raises ``EmoteCodeTaken``."""
        ...

    async def remove(self, emote_id: uuid.UUID) -> bool:
        """Deletes the row; False when it was already gone (a concurrent delete won)."""
        ...
