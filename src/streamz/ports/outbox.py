from datetime import datetime
from typing import Protocol

from streamz.core.shared.events import Event


class Outbox(Protocol):
    """Events written in the transaction of the change they describe; a relay publishes them."""

    async def add(self, event: Event) -> None: ...


class PendingEvents(Protocol):
    """The unpublished part of the outbox, read by the relay."""

    async def claim(self, limit: int) -> list[Event]:
        """Oldest unpublished events, locked for this transaction (others skip them)."""
        ...

    async def mark_published(self, events: list[Event], at: datetime) -> None: ...


class EventPublisher(Protocol):
    """Where events go after commit (a Redis stream); consumers dedupe by ``Event.id``."""

    async def publish(self, events: list[Event]) -> None: ...


class EventConsumers(Protocol):
    """Background consumers (search indexing, notifications) that take committed events as
    jobs. At least once: the relay hands a batch over before it marks it published."""

    async def dispatch(self, events: list[Event]) -> None: ...
