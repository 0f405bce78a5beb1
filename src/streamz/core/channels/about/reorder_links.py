from __future__ import annotations

import uuid
from dataclasses import dataclass

from streamz.core.channels.about.entities import SocialLink
from streamz.core.channels.about.items import LINKS, Items
from streamz.core.channels.changes import ChannelChanges
from streamz.core.identity.entities import Principal
from streamz.ports.about import SocialLinkRepository


@dataclass(frozen=True, slots=True)
class ReorderLinksRequest:
    actor: Principal
    channel: str  # channel id or slug
    ids: list[uuid.UUID]  # every link of the channel, in the new order


@dataclass(frozen=True, slots=True)
class ReorderLinks:
    """Puts a channel's social links in the given order and returns them in it.

    - Writers as for ``CreateLink``.
    - ``ids`` must be exactly the channel's link ids, each once: otherwise ``InvalidOrder``,
      nothing written.
    """

    changes: ChannelChanges
    links: SocialLinkRepository

    async def __call__(self, request: ReorderLinksRequest) -> list[SocialLink]:
        items = Items(LINKS, self.changes, self.links)
        return await items.reorder(request.actor, request.channel, request.ids)
