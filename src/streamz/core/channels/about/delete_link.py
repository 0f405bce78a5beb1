from __future__ import annotations

import uuid
from dataclasses import dataclass

from streamz.core.channels.about.entities import SocialLink
from streamz.core.channels.about.items import LINKS, Items
from streamz.core.channels.changes import ChannelChanges
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
    - The audit entry keeps the link's URL.
    """

    changes: ChannelChanges
    links: SocialLinkRepository

    async def __call__(self, request: DeleteLinkRequest) -> SocialLink:
        items = Items(LINKS, self.changes, self.links)
        return await items.delete(
            request.actor, request.channel, request.link_id, lambda x: {"url": x.url}
        )
