import uuid
from dataclasses import dataclass
from typing import Protocol

from streamz.core.channels.about.entities import Panel, SocialLink
from streamz.core.channels.badges.entities import Badge
from streamz.core.channels.entities import Channel
from streamz.core.identity.entities import Account


@dataclass(frozen=True, slots=True)
class ChannelPageData:
    channel: Channel
    owner: Account
    panels: list[Panel]  # by position
    links: list[SocialLink]  # by position
    badges: list[Badge]  # by months
    moderators: int
    vips: int
    ogs: int


class ChannelPageReader(Protocol):
    """Everything a channel page shows, read together (one query on Postgres)."""

    async def page(
        self, *, channel_id: uuid.UUID | None, slug: str | None
    ) -> ChannelPageData | None: ...
