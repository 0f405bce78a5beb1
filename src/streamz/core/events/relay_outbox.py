from __future__ import annotations

from dataclasses import dataclass

from streamz.core.identity.entities import Principal
from streamz.core.realtime.routing import route
from streamz.ports.clock import Clock
from streamz.ports.outbox import EventConsumers, EventPublisher, PendingEvents
from streamz.ports.realtime import RealtimePublisher
from streamz.ports.unit_of_work import UnitOfWork

MAX_BATCH = 1000


@dataclass(frozen=True, slots=True)
class RelayOutboxRequest:
    actor: Principal
    batch: int = 200


@dataclass(frozen=True, slots=True)
class RelayOutbox:
    """Publishes one batch of committed outbox events, oldest first; returns how many.

    - Internal only (the worker).
    - At least once: events are marked published only after the publisher accepted them; a
      crash in between publishes them again, so consumers dedupe by event id.
    - Concurrent relays never take the same events (rows are claimed with SKIP LOCKED).
    - Events for websocket clients also go to the realtime publisher (``route``); instances
      deliver each chatroom seq once, so a repeat (or the write's fast path) is harmless.
    - Background consumers (search indexing, notifications) get their events as jobs
      (``EventConsumers``), before the batch is marked published.
    """

    pending: PendingEvents
    publisher: EventPublisher
    uow: UnitOfWork
    clock: Clock
    realtime: RealtimePublisher
    consumers: EventConsumers

    async def __call__(self, request: RelayOutboxRequest) -> int:
        request.actor.require_system()
        events = await self.pending.claim(min(max(request.batch, 1), MAX_BATCH))
        if not events:
            return 0
        await self.publisher.publish(events)
        await self.realtime.publish(route(events))
        await self.consumers.dispatch(events)
        await self.pending.mark_published(events, self.clock.now())
        await self.uow.commit()
        return len(events)
