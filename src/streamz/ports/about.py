"""Storage of channel panels and social links."""

import uuid
from typing import Protocol

from streamz.core.channels.about.entities import Panel, SocialLink


class PanelRepository(Protocol):
    async def list_for(self, channel_id: uuid.UUID, *, lock: bool = False) -> list[Panel]:
        """The channel's panels by position. ``lock``: also lock the channel's content until
        the transaction ends, so concurrent writers (limits, order) queue up."""
        ...

    async def add(self, panel: Panel) -> None: ...

    async def update(self, panel: Panel) -> None: ...

    async def remove(self, panel_id: uuid.UUID) -> None: ...

    async def reorder(self, channel_id: uuid.UUID, ids: list[uuid.UUID]) -> None:
        """Positions 0..n-1 in the order of ``ids`` (all of the channel's panels)."""
        ...


class SocialLinkRepository(Protocol):
    async def list_for(self, channel_id: uuid.UUID, *, lock: bool = False) -> list[SocialLink]:
        """The channel's links by position; ``lock`` as for panels."""
        ...

    async def add(self, link: SocialLink) -> None:
        """A second link with the same URL in a channel raises ``DuplicateLink``."""
        ...

    async def update(self, link: SocialLink) -> None: ...

    async def remove(self, link_id: uuid.UUID) -> None: ...

    async def reorder(self, channel_id: uuid.UUID, ids: list[uuid.UUID]) -> None: ...
