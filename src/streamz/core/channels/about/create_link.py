from __future__ import annotations

from dataclasses import dataclass

from streamz.core.channels.about.entities import SocialLink
from streamz.core.channels.about.errors import DuplicateLink
from streamz.core.channels.about.fields import Checked
from streamz.core.channels.about.items import LINKS, Items, next_position
from streamz.core.channels.about.rules import url_key
from streamz.core.channels.changes import ChannelChanges
from streamz.core.identity.entities import Principal
from streamz.core.shared.ids import new_id
from streamz.ports.about import SocialLinkRepository


@dataclass(frozen=True, slots=True)
class CreateLinkRequest:
    actor: Principal
    channel: str  # channel id or slug
    url: str
    label: str | None = None


@dataclass(frozen=True, slots=True)
class CreateLink:
    """Adds a social link at the end of a channel's links.

    - Writers: see ``Items`` (owner, moderator with manage_settings, staff, system).
    - URL: absolute http or https with a host, no credentials, up to 2,048 characters
      (``javascript:``, ``data:``, ``ftp:`` and relative URLs are refused). Label: optional,
      up to 50 characters (blank means none). The platform is derived from the host.
    - The same URL twice in a channel (scheme and host ignore case, trailing slash ignored):
      ``DuplicateLink``.
    - At most 10 links per channel: the 11th raises ``LinkLimitReached``, nothing written;
      counted under a lock of the channel's content.
    """

    changes: ChannelChanges
    links: SocialLinkRepository

    async def __call__(self, request: CreateLinkRequest) -> SocialLink:
        items = Items(LINKS, self.changes, self.links)
        access = await items.authorize(request.actor, request.channel)
        check = Checked("social link")
        url = check.url("url", request.url) or ""
        label = check.label(request.label)
        check.raise_if_any()
        links = await items.with_room(access)
        if any(url_key(link.url) == url_key(url) for link in links):
            raise DuplicateLink(f"this channel already links to {url}")
        now = self.changes.clock.now()
        link = SocialLink(
            id=new_id(),
            channel_id=access.channel.id,
            url=url,
            label=label,
            position=next_position(links),
            created_at=now,
            updated_at=now,
        )
        return await items.add(access, request.actor, link)
