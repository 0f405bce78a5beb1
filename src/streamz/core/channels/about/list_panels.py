from __future__ import annotations

from dataclasses import dataclass

from streamz.core.channels.about.entities import Panel
from streamz.core.channels.about.writes import ContentWrites
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

    writes: ContentWrites
    panels: PanelRepository

    async def __call__(self, request: ListPanelsRequest) -> list[Panel]:
        channel = await self.writes.channel(request.channel)
        return await self.panels.list_for(channel.id)
