"""How events reach websocket clients on every instance, and what a resuming client missed."""

from collections.abc import Sequence
from typing import Protocol

from streamz.core.realtime.events import RealtimeEvent


class RealtimePublisher(Protocol):
    async def publish(self, events: Sequence[RealtimeEvent]) -> None:
        """Publish to every instance; durable chatroom events (with a ``seq``) are also kept in
        the room's bounded recent history. Failures raise ``Unavailable``."""
        ...


class RecentHistory(Protocol):
    async def since(self, topic: str, after_seq: int, limit: int) -> list[RealtimeEvent] | None:
        """The room's durable events after ``after_seq`` in seq order (one per seq, at most
        ``limit``), or None when the recent history no longer reaches back to it."""
        ...
