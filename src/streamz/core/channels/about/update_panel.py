from __future__ import annotations

import uuid
from dataclasses import dataclass, replace

from streamz.core.channels.about.entities import Panel
from streamz.core.channels.about.fields import KEEP, Checked, Keep
from streamz.core.channels.about.items import PANELS, Items
from streamz.core.channels.changes import ChannelChanges
from streamz.core.identity.entities import Principal
from streamz.ports.about import PanelRepository


@dataclass(frozen=True, slots=True)
class UpdatePanelRequest:
    actor: Principal
    channel: str  # channel id or slug
    panel_id: uuid.UUID
    title: str | Keep = KEEP
    body: str | Keep = KEEP
    image_url: str | Keep | None = KEEP  # None removes it
    link_url: str | Keep | None = KEEP


@dataclass(frozen=True, slots=True)
class UpdatePanel:
    """Changes the given fields of a panel; the others (and its position) stay.

    - Writers and field rules as for ``CreatePanel``.
    - A panel of another channel, or none: ``PanelNotFound``.
    """

    changes: ChannelChanges
    panels: PanelRepository

    async def __call__(self, request: UpdatePanelRequest) -> Panel:
        items = Items(PANELS, self.changes, self.panels)
        access, _, panel = await items.find(request.actor, request.channel, request.panel_id)
        check = Checked("panel")
        changed = replace(
            panel,
            title=panel.title if request.title is KEEP else check.title(request.title),
            body=panel.body if request.body is KEEP else check.body(request.body),
            image_url=panel.image_url
            if request.image_url is KEEP
            else check.url("image_url", request.image_url),
            link_url=panel.link_url
            if request.link_url is KEEP
            else check.url("link_url", request.link_url),
            updated_at=self.changes.clock.now(),
        )
        check.raise_if_any()
        return await items.update(access, request.actor, changed)
