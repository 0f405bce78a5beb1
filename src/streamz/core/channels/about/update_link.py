from __future__ import annotations

import uuid
from dataclasses import dataclass, replace

from streamz.core.channels.about.entities import SocialLink
from streamz.core.channels.about.errors import DuplicateLink
from streamz.core.channels.about.fields import KEEP, Checked, Keep
from streamz.core.channels.about.items import LINKS, Items
from streamz.core.channels.about.rules import url_key
from streamz.core.channels.changes import ChannelChanges
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

    changes: ChannelChanges
    links: SocialLinkRepository

    async def __call__(self, request: UpdateLinkRequest) -> SocialLink:
        items = Items(LINKS, self.changes, self.links)
        access, links, link = await items.find(request.actor, request.channel, request.link_id)
        check = Checked("social link")
        changed = replace(
            link,
            url=link.url if request.url is KEEP else check.url("url", request.url) or "",
            label=link.label if request.label is KEEP else check.label(request.label),
            updated_at=self.changes.clock.now(),
        )
        check.raise_if_any()
        others = (x for x in links if x.id != link.id)
        if any(url_key(x.url) == url_key(changed.url) for x in others):
            raise DuplicateLink(f"this channel already links to {changed.url}")
        return await items.update(access, request.actor, changed)
