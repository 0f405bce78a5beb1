from __future__ import annotations

from dataclasses import dataclass

from streamz.core.identity.entities import Principal
from streamz.core.live.streams.entities import EventOutcome, LivepeerDelivery, LivepeerEvents
from streamz.core.live.streams.lifecycle import APPLIED, Lifecycle
from streamz.ports.channels import ChannelRepository
from streamz.ports.clock import Clock
from streamz.ports.streams import (
    ChannelStreamRepository,
    LivepeerEventLog,
    LivestreamWrites,
    VodWrites,
)
from streamz.ports.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class ProcessLivepeerEventRequest:
    actor: Principal  # the system (the worker)
    event_id: str


@dataclass(frozen=True, slots=True)
class ProcessLivepeerEvent:
    """Applies one stored Livepeer delivery (the job queued by ``ReceiveLivepeerWebhook``).

    - The system only (``Forbidden`` otherwise).
    - Idempotent: the delivery is locked while processed and marked processed in the same
      transaction as its effects, so a job run twice (retries, the sweep) applies it once.
    - Unknown delivery id: nothing (``unknown-delivery``). Events Streamz does not handle
      (``unhandled-event``) and streams it does not know (``unknown-stream``) are marked
      processed with nothing else changed.
    - The channel's stream work is locked while applying (one lifecycle change at a time per
      channel); the rules and their outcomes are in ``lifecycle``. Outcomes that change
      nothing are kept on the delivery as its ``error``.
    """

    events: LivepeerEventLog
    streams: ChannelStreamRepository
    channels: ChannelRepository
    livestreams: LivestreamWrites
    vods: VodWrites
    uow: UnitOfWork
    clock: Clock

    @property
    def _lifecycle(self) -> Lifecycle:
        return Lifecycle(self.livestreams, self.vods, self.events, self.uow, self.clock)

    async def __call__(self, request: ProcessLivepeerEventRequest) -> EventOutcome:
        request.actor.require_system()
        delivery = await self.events.get(request.event_id, lock=True)
        if delivery is None:
            return EventOutcome(request.event_id, "", "unknown-delivery", applied=False)
        if delivery.processed_at is not None:
            outcome = delivery.error or "applied"
            return EventOutcome(
                delivery.id, delivery.event, outcome, applied=False, already_processed=True
            )
        outcome = await self._apply(delivery)
        applied = outcome in APPLIED
        await self.events.done(delivery.id, self.clock.now(), None if applied else outcome)
        await self.uow.commit()
        return EventOutcome(delivery.id, delivery.event, outcome, applied=applied)

    async def _apply(self, delivery: LivepeerDelivery) -> str:
        if delivery.event not in LivepeerEvents.HANDLED:
            return "unhandled-event"
        stream_id = delivery.stream_id
        channel_id = await self.streams.channel_of(stream_id) if stream_id else None
        channel = await self.channels.get(channel_id) if channel_id else None
        if channel is None:
            return "unknown-stream"
        await self.streams.lock(channel.id)
        return await self._lifecycle.apply(channel, delivery)
