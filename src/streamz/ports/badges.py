import uuid
from typing import Protocol

from streamz.core.channels.badges.entities import Badge


class BadgeRepository(Protocol):
    async def add(self, badge: Badge) -> None:
        """A second badge for the same channel and months raises ``BadgeExists``."""
        ...

    async def for_channel(self, channel_id: uuid.UUID) -> list[Badge]:
        """The channel's badges by months, in one query (chat reads it per channel)."""
        ...

    async def get(self, channel_id: uuid.UUID, months: int) -> Badge | None: ...

    async def remove(self, badge_id: uuid.UUID) -> None: ...
