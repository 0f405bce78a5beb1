"""Presence of websocket viewers across instances, the instances' own stats, and viewer
samples for analytics."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from streamz.core.realtime.gateway_stats import InstanceStats
    from streamz.core.realtime.viewers import RoomPresence, Tally, ViewerSample


class Presence(Protocol):
    async def report(self, instance: str, rooms: Mapping[str, RoomPresence], ttl: float) -> None:
        """Record this instance's viewers per room topic; they count for ``ttl`` seconds unless
        reported again (a dead instance drops out). A room with no users and no anonymous
        viewers here removes this instance from it. Failures raise ``Unavailable``."""
        ...

    async def tally(
        self, instance: str, rooms: Sequence[str], every: float, sample_every: float
    ) -> dict[str, Tally]:
        """Count the rooms this instance is the first to ask about in this ``every``-second
        interval (one instance per room per interval publishes the count); ``Tally.sample`` is
        set once per room per ``sample_every`` seconds. Failures raise ``Unavailable``."""
        ...

    async def leave(self, instance: str, rooms: Mapping[str, Sequence[str]]) -> None:
        """Remove this instance's viewers (users by room) at once (shutdown)."""
        ...


class GatewayStatsStore(Protocol):
    async def put(self, stats: InstanceStats, ttl: float) -> None: ...

    async def remove(self, instance: str) -> None: ...

    async def all(self) -> list[InstanceStats]:
        """Every instance that reported within its ``ttl``."""
        ...


class ViewerSampleRepository(Protocol):
    async def add(self, samples: Sequence[ViewerSample]) -> None:
        """Append samples (one per channel and instant) and raise each channel's peak."""
        ...


class RoomViewers(Protocol):
    async def present(
        self, chatroom_id: uuid.UUID, account_ids: Sequence[uuid.UUID]
    ) -> set[uuid.UUID]:
        """Which of ``account_ids`` are connected to the chatroom now, on any instance (as
        the gateways last reported them). Failures raise ``Unavailable``."""
        ...
