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


class ListPanels:
    """A channel's panels in display order (at most 20, so one page).

    - Public: anyone may read them. Unknown channel: ``ChannelNotFound``.
    """

    def __init__(self, writes: ContentWrites, panels: PanelRepository) -> None:
        self._writes = writes
        self._panels = panels

    async def __call__(self, request: ListPanelsRequest) -> list[Panel]:
        channel = await self._writes.channel(request.channel)
        return await self._panels.list_for(channel.id)
