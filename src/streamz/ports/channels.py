import uuid
from typing import Protocol

from streamz.core.channels.entities import Channel


class ChannelRepository(Protocol):
    async def add(self, channel: Channel) -> None: ...

    async def get(self, channel_id: uuid.UUID) -> Channel | None: ...

    async def by_slug(self, slug: str) -> Channel | None: ...

    async def by_account(self, account_id: uuid.UUID) -> Channel | None: ...
