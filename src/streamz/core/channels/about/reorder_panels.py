from __future__ import annotations

import uuid
from dataclasses import dataclass

from streamz.core.channels.about.entities import Panel
from streamz.core.channels.about.items import PANELS, Items
from streamz.core.channels.changes import ChannelChanges
from streamz.core.identity.entities import Principal
from streamz.ports.about import PanelRepository


@dataclass(frozen=True, slots=True)
class ReorderPanelsRequest:
    actor: Principal
    channel: str  # channel id or slug
    ids: list[uuid.UUID]  # every panel of the channel, in the new order


@dataclass(frozen=True, slots=True)
class ReorderPanels:
    """Puts a channel's panels in the given order and returns them in it.

    - Writers as for ``CreatePanel``.
    - ``ids`` must be exactly the channel's panel ids, each once (no missing, extra, repeated
      or foreign id): otherwise ``InvalidOrder``, nothing written.
    """

    changes: ChannelChanges
    panels: PanelRepository

    async def __call__(self, request: ReorderPanelsRequest) -> list[Panel]:
        items = Items(PANELS, self.changes, self.panels)
        return await items.reorder(request.actor, request.channel, request.ids)
