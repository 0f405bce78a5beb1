"""Storage of chat bans and timeouts (filled by the bans owner; ``active`` is what sends use)."""

import uuid
from datetime import datetime
from typing import Protocol

from streamz.core.chat.bans.entities import Ban


class BanRepository(Protocol):
    async def active(
        self, channel_id: uuid.UUID, account_id: uuid.UUID, now: datetime
    ) -> Ban | None:
        """The ban or timeout in force at ``now`` (a ban wins over a timeout), in one query."""
        ...
