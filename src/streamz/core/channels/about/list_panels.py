from __future__ import annotations

from dataclasses import dataclass

from streamz.core.channels.about.entities import Panel
from streamz.core.channels.about.items import PANELS, Items
from streamz.core.channels.changes import ChannelChanges
from streamz.core.identity.entities import Principal
from streamz.ports.about import PanelRepository


@dataclass(frozen=True, slots=True)
class ListPanelsRequest:
    actor: Principal
    channel: str  # channel id or slug


@dataclass(frozen=True, slots=True)
class ListPanels:
    """A channel's panels in display order (at most 20, so one page).

    - Public: anyone may read them. Unknown channel: ``ChannelNotFound``.
    """

    changes: ChannelChanges
    panels: PanelRepository

    async def __call__(self, request: ListPanelsRequest) -> list[Panel]:
        return await Items(PANELS, self.changes, self.panels).read(request.channel)
