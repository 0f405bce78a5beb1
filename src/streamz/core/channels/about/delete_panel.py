from __future__ import annotations

import uuid
from dataclasses import dataclass

from streamz.core.channels.about.entities import Panel
from streamz.core.channels.about.errors import PanelNotFound
from streamz.core.channels.about.writes import PANELS_UPDATED, ContentWrites
from streamz.core.identity.entities import Principal
from streamz.ports.about import PanelRepository


@dataclass(frozen=True, slots=True)
class DeletePanelRequest:
    actor: Principal
    channel: str  # channel id or slug
    panel_id: uuid.UUID


@dataclass(frozen=True, slots=True)
class DeletePanel:
    """Removes a panel; the others keep their order.

    - Writers as for ``CreatePanel``. A panel of another channel, or none: ``PanelNotFound``.
    """

    writes: ContentWrites
    panels: PanelRepository

    async def __call__(self, request: DeletePanelRequest) -> Panel:
        access = await self.writes.authorize(request.actor, request.channel)
        panels = await self.panels.list_for(access.channel.id, lock=True)
        panel = next((p for p in panels if p.id == request.panel_id), None)
        if panel is None:
            raise PanelNotFound(f"no panel {request.panel_id} in this channel")
        await self.panels.remove(panel.id)
        await self.writes.done(
            access,
            request.actor,
            "panel.deleted",
            PANELS_UPDATED,
            {"panel_id": str(panel.id), "title": panel.title},
        )
        return panel
