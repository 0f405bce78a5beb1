from __future__ import annotations

from datetime import datetime

from streamz.adapters.postgres.unit import PostgresUnit
from streamz.core.realtime.routing import route
from streamz.core.shared.events import Event
from streamz.ports.realtime import RealtimePublisher


class PostgresOutbox:
    """Writes events in the caller's transaction; ``RelayOutbox`` publishes them after commit."""

    def __init__(self, unit: PostgresUnit) -> None:
        self._unit = unit

    async def add(self, event: Event) -> None:
        await self._unit.execute(
            "INSERT INTO outbox (id, topic, key, payload, occurred_at) VALUES ($1, $2, $3, $4, $5)",
            event.id,
            event.topic,
            event.key,
            event.payload,
            event.occurred_at,
        )


class PublishingOutbox(PostgresOutbox):
    """The outbox with a fast path: once the transaction commits, its events go straight to
    websocket clients as well (the relay publishes them again later; clients' instances
    deliver each room seq once), so chat does not wait for the relay's next pass."""

    def __init__(self, unit: PostgresUnit, realtime: RealtimePublisher) -> None:
        super().__init__(unit)
        self._realtime = realtime
        self._committed: list[Event] = []

    async def add(self, event: Event) -> None:
        await super().add(event)
        if not self._committed:
            self._unit.after_commit(self._publish)
        self._committed.append(event)

    async def _publish(self) -> None:
        events, self._committed = self._committed, []
        await self._realtime.publish(route(events))


class PostgresPendingEvents:
    def __init__(self, unit: PostgresUnit) -> None:
        self._unit = unit

    async def claim(self, limit: int) -> list[Event]:
        rows = await self._unit.fetch_for_write(
            "SELECT id, topic, key, payload, occurred_at FROM outbox WHERE published_at IS NULL"
            " ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED",
            limit,
        )
        return [Event(r["topic"], r["key"], r["payload"], r["occurred_at"], r["id"]) for r in rows]

    async def mark_published(self, events: list[Event], at: datetime) -> None:
        await self._unit.execute(
            "UPDATE outbox SET published_at = $2, attempts = attempts + 1"
            " WHERE id = ANY($1::uuid[])",
            [e.id for e in events],
            at,
        )
