from __future__ import annotations

import uuid
from dataclasses import dataclass, replace

from streamz.core.channels.about.entities import Panel
from streamz.core.channels.about.rules import check_order
from streamz.core.channels.about.writes import PANELS_UPDATED, ContentWrites
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

    writes: ContentWrites
    panels: PanelRepository

    async def __call__(self, request: ReorderPanelsRequest) -> list[Panel]:
        access = await self.writes.authorize(request.actor, request.channel)
        panels = await self.panels.list_for(access.channel.id, lock=True)
        check_order([p.id for p in panels], request.ids)
        await self.panels.reorder(access.channel.id, request.ids)
        await self.writes.done(
            access,
            request.actor,
            "panel.reordered",
            PANELS_UPDATED,
            {"ids": [str(i) for i in request.ids]},
        )
        by_id = {p.id: p for p in panels}
        return [replace(by_id[i], position=n) for n, i in enumerate(request.ids)]
