from __future__ import annotations

import uuid
from dataclasses import dataclass, replace

from streamz.core.channels.about.entities import SocialLink
from streamz.core.channels.about.errors import DuplicateLink, LinkNotFound
from streamz.core.channels.about.fields import KEEP, Checked, Keep
from streamz.core.channels.about.rules import url_key
from streamz.core.channels.about.writes import LINKS_UPDATED, ContentWrites
from streamz.core.identity.entities import Principal
from streamz.ports.about import SocialLinkRepository


@dataclass(frozen=True, slots=True)
class UpdateLinkRequest:
    actor: Principal
    channel: str  # channel id or slug
    link_id: uuid.UUID
    url: str | Keep = KEEP
    label: str | Keep | None = KEEP  # None removes it


@dataclass(frozen=True, slots=True)
class UpdateLink:
    """Changes a social link's URL and/or label; its position stays.

    - Writers, URL and label rules, and duplicates as for ``CreateLink``.
    - A link of another channel, or none: ``LinkNotFound``.
    """

    writes: ContentWrites
    links: SocialLinkRepository

    async def __call__(self, request: UpdateLinkRequest) -> SocialLink:
        access = await self.writes.authorize(request.actor, request.channel)
        links = await self.links.list_for(access.channel.id, lock=True)
        link = next((x for x in links if x.id == request.link_id), None)
        if link is None:
            raise LinkNotFound(f"no social link {request.link_id} in this channel")
        check = Checked("social link")
        changed = replace(
            link,
            url=link.url if request.url is KEEP else check.url("url", request.url) or "",
            label=link.label if request.label is KEEP else check.label(request.label),
            updated_at=self.writes.clock.now(),
        )
        check.raise_if_any()
        others = (x for x in links if x.id != link.id)
        if any(url_key(x.url) == url_key(changed.url) for x in others):
            raise DuplicateLink(f"this channel already links to {changed.url}")
        await self.links.update(changed)
        await self.writes.done(
            access, request.actor, "link.updated", LINKS_UPDATED, {"link_id": str(link.id)}
        )
        return changed
