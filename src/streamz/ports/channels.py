import uuid
from typing import Protocol

from streamz.core.channels.entities import Channel
from streamz.core.identity.entities import Account


class ChannelRepository(Protocol):
    async def add(self, channel: Channel) -> None: ...

    async def get(self, channel_id: uuid.UUID) -> Channel | None: ...

    async def by_slug(self, slug: str) -> Channel | None: ...

    async def by_account(self, account_id: uuid.UUID) -> Channel | None: ...

    async def profile(
        self, *, channel_id: uuid.UUID | None, slug: str | None
    ) -> tuple[Channel, Account] | None:
        """The channel (by id, else by lower-case slug) with its owner."""
        ...
