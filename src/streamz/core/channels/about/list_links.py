from __future__ import annotations

from dataclasses import dataclass

from streamz.core.channels.about.entities import SocialLink
from streamz.core.channels.about.writes import ContentWrites
from streamz.core.identity.entities import Principal
from streamz.ports.about import SocialLinkRepository


@dataclass(frozen=True, slots=True)
class ListLinksRequest:
    actor: Principal
    channel: str  # channel id or slug


@dataclass(frozen=True, slots=True)
class ListLinks:
    """A channel's social links in display order (at most 10, so one page).

    - Public: anyone may read them. Unknown channel: ``ChannelNotFound``.
    """

    writes: ContentWrites
    links: SocialLinkRepository

    async def __call__(self, request: ListLinksRequest) -> list[SocialLink]:
        channel = await self.writes.channel(request.channel)
        return await self.links.list_for(channel.id)
