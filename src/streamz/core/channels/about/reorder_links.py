from __future__ import annotations

import uuid
from dataclasses import dataclass, replace

from streamz.core.channels.about.entities import SocialLink
from streamz.core.channels.about.rules import check_order
from streamz.core.channels.about.writes import LINKS_UPDATED, ContentWrites
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

    writes: ContentWrites
    links: SocialLinkRepository

    async def __call__(self, request: ReorderLinksRequest) -> list[SocialLink]:
        access = await self.writes.authorize(request.actor, request.channel)
        links = await self.links.list_for(access.channel.id, lock=True)
        check_order([x.id for x in links], request.ids)
        await self.links.reorder(access.channel.id, request.ids)
        await self.writes.done(
            access,
            request.actor,
            "link.reordered",
            LINKS_UPDATED,
            {"ids": [str(i) for i in request.ids]},
        )
        by_id = {x.id: x for x in links}
        return [replace(by_id[i], position=n) for n, i in enumerate(request.ids)]
