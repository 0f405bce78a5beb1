from __future__ import annotations

import asyncio
from datetime import datetime

import structlog

from streamz.adapters.otel import propagation
from streamz.adapters.postgres.unit import PostgresUnit
from streamz.core.realtime.events import RealtimeEvent
from streamz.core.realtime.routing import route
from streamz.core.shared.events import Event
from streamz.ports.realtime import RealtimePublisher

log = structlog.get_logger("streamz.outbox")
_in_flight: set[asyncio.Task[None]] = set()  # strong references until each publish ends


async def wait_fast_path(*, within: float = 2.0) -> None:
    """Wait (up to ``within`` seconds) for this loop's fast-path publishes still in flight:
    before the Redis client closes, so a short-lived process (the CLI, a script) does not cut
    them off."""
    loop = asyncio.get_running_loop()
    mine = [task for task in _in_flight if task.get_loop() is loop]
    if mine:
        await asyncio.wait(mine, timeout=within)


class PostgresOutbox:
    """Writes events in the caller's transaction; ``RelayOutbox`` publishes them after commit.
    Each row keeps the writer's trace context (the event's own, else the current span's)."""

    def __init__(self, unit: PostgresUnit) -> None:
        self._unit = unit

    async def add(self, event: Event) -> None:
        await self._unit.execute(
            "INSERT INTO outbox (id, topic, key, payload, occurred_at, trace_context)"
            " VALUES ($1, $2, $3, $4, $5, $6)",
            event.id,
            event.topic,
            event.key,
            event.payload,
            event.occurred_at,
            event.trace_context or propagation.current(),
        )


class PublishingOutbox(PostgresOutbox):
    """The outbox with a fast path: once the transaction commits, its events go straight to
    websocket clients as well (the relay publishes them again later; clients' instances
    deliver each room seq once), so chat does not wait for the relay's next pass.

    The publish runs as a task of its own: the caller's answer (a send's 201 or ack) does not
    wait for the Redis round trip, nor for this instance's fan-out of the event to its own
    sockets, which the round trip would otherwise put ahead of it on the event loop. Order is
    not needed here: instances order a room's events by seq.
    """

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
        realtime = route(events)
        if realtime:
            task = asyncio.create_task(self._send(realtime))
            _in_flight.add(task)
            task.add_done_callback(_in_flight.discard)

    async def _send(self, events: list[RealtimeEvent]) -> None:
        try:
            await self._realtime.publish(events)
        except Exception as error:  # the relay publishes them again
            log.warning("realtime fast path failed", error=repr(error))


class PostgresPendingEvents:
    def __init__(self, unit: PostgresUnit) -> None:
        self._unit = unit

    async def claim(self, limit: int) -> list[Event]:
        rows = await self._unit.fetch_for_write(
            "SELECT id, topic, key, payload, occurred_at, trace_context FROM outbox"
            " WHERE published_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED",
            limit,
        )
        return [
            Event(r["topic"], r["key"], r["payload"], r["occurred_at"], r["id"], r["trace_context"])
            for r in rows
        ]

    async def mark_published(self, events: list[Event], at: datetime) -> None:
        await self._unit.execute(
            "UPDATE outbox SET published_at = $2, attempts = attempts + 1"
            " WHERE id = ANY($1::uuid[])",
            [e.id for e in events],
            at,
        )
