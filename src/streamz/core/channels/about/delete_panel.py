from __future__ import annotations

import uuid
from dataclasses import dataclass

from streamz.core.channels.about.entities import Panel
from streamz.core.channels.about.items import PANELS, Items
from streamz.core.channels.changes import ChannelChanges
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
    - The audit entry keeps the panel's title.
    """

    changes: ChannelChanges
    panels: PanelRepository

    async def __call__(self, request: DeletePanelRequest) -> Panel:
        items = Items(PANELS, self.changes, self.panels)
        return await items.delete(
            request.actor, request.channel, request.panel_id, lambda p: {"title": p.title}
        )
