from __future__ import annotations

from dataclasses import dataclass

from streamz.core.channels.about.entities import SocialLink
from streamz.core.channels.about.items import LINKS, Items
from streamz.core.channels.changes import ChannelChanges
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

    changes: ChannelChanges
    links: SocialLinkRepository

    async def __call__(self, request: ListLinksRequest) -> list[SocialLink]:
        return await Items(LINKS, self.changes, self.links).read(request.channel)
