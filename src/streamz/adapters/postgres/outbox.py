from __future__ import annotations

from datetime import datetime

from streamz.adapters.postgres.unit import PostgresUnit
from streamz.core.shared.events import Event


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
