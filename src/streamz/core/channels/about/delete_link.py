from __future__ import annotations

import uuid
from dataclasses import dataclass

from streamz.core.channels.about.entities import SocialLink
from streamz.core.channels.about.errors import LinkNotFound
from streamz.core.channels.about.writes import LINKS_UPDATED, ContentWrites
from streamz.core.identity.entities import Principal
from streamz.ports.about import SocialLinkRepository


@dataclass(frozen=True, slots=True)
class DeleteLinkRequest:
    actor: Principal
    channel: str  # channel id or slug
    link_id: uuid.UUID


@dataclass(frozen=True, slots=True)
class DeleteLink:
    """Removes a social link; the others keep their order.

    - Writers as for ``CreateLink``. A link of another channel, or none: ``LinkNotFound``.
    """

    writes: ContentWrites
    links: SocialLinkRepository

    async def __call__(self, request: DeleteLinkRequest) -> SocialLink:
        access = await self.writes.authorize(request.actor, request.channel)
        links = await self.links.list_for(access.channel.id, lock=True)
        link = next((x for x in links if x.id == request.link_id), None)
        if link is None:
            raise LinkNotFound(f"no social link {request.link_id} in this channel")
        await self.links.remove(link.id)
        await self.writes.done(
            access,
            request.actor,
            "link.deleted",
            LINKS_UPDATED,
            {"link_id": str(link.id), "url": link.url},
        )
        return link
