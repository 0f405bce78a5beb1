from __future__ import annotations

from dataclasses import dataclass

from streamz.core.channels.about.entities import Panel
from streamz.core.channels.about.fields import Checked
from streamz.core.channels.about.items import PANELS, Items, next_position
from streamz.core.channels.changes import ChannelChanges
from streamz.core.identity.entities import Principal
from streamz.core.shared.ids import new_id
from streamz.ports.about import PanelRepository


@dataclass(frozen=True, slots=True)
class CreatePanelRequest:
    actor: Principal
    channel: str  # channel id or slug
    title: str
    body: str = ""
    image_url: str | None = None
    link_url: str | None = None


@dataclass(frozen=True, slots=True)
class CreatePanel:
    """Adds a panel at the end of a channel's panels.

    - Writers: see ``Items`` (owner, moderator with manage_settings, staff, system).
    - Title 1-100 characters (trimmed); body markdown up to 5,000 characters, may be empty;
      image and link URLs optional, absolute http(s) with a host, up to 2,048 characters.
    - At most 20 panels per channel: the 21st raises ``PanelLimitReached``, nothing written.
      The channel's content is locked while counting, so concurrent creates cannot pass it.
    """

    changes: ChannelChanges
    panels: PanelRepository

    async def __call__(self, request: CreatePanelRequest) -> Panel:
        items = Items(PANELS, self.changes, self.panels)
        access = await items.authorize(request.actor, request.channel)
        check = Checked("panel")
        title, body = check.title(request.title), check.body(request.body)
        image_url = check.url("image_url", request.image_url)
        link_url = check.url("link_url", request.link_url)
        check.raise_if_any()
        panels = await items.with_room(access)
        now = self.changes.clock.now()
        panel = Panel(
            id=new_id(),
            channel_id=access.channel.id,
            title=title,
            body=body,
            image_url=image_url,
            link_url=link_url,
            position=next_position(panels),
            created_at=now,
            updated_at=now,
        )
        return await items.add(access, request.actor, panel)
