from __future__ import annotations

from dataclasses import dataclass

from streamz.core.identity.entities import Principal
from streamz.core.live.streams import signature
from streamz.core.live.streams.entities import LivepeerConfig, WebhookReceipt
from streamz.core.live.streams.errors import LivepeerNotConfigured
from streamz.core.live.streams.payloads import parse_delivery
from streamz.ports.clock import Clock
from streamz.ports.streams import LivepeerEventLog, StreamJobs
from streamz.ports.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class ReceiveLivepeerWebhookRequest:
    actor: Principal  # the system: the signature is what authenticates Livepeer
    body: bytes  # the raw body, exactly as received (the signature covers these bytes)
    signature: str | None  # the Livepeer-Signature header


@dataclass(frozen=True, slots=True)
class ReceiveLivepeerWebhook:
    """Takes in one Livepeer webhook delivery: checks it, stores it once, queues its
    processing (``ProcessLivepeerEvent`` in a job), and answers at once.

    - No webhook secret configured: ``LivepeerNotConfigured`` (503).
    - ``Livepeer-Signature: t=<ms>,v1=<hex HMAC-SHA256(secret, raw body)>``: missing,
      malformed or not matching: ``WebhookSignatureInvalid``; ``t`` more than 5 minutes from
      now either way: ``WebhookTimestampStale`` (both 401). Checked before the body is read.
    - The body: see ``payloads.parse_delivery`` (``LivepeerPayloadInvalid``, 422).
    - Nothing is written for any of those.
    - Deduplicated by Livepeer's event ``id``: a delivery seen before writes nothing and is
      acknowledged as a duplicate (Livepeer retries with the same id when it got no 2xx); if
      it was not processed yet it is queued again.
    - Events Streamz does not handle, and events of streams it does not know, are stored and
      acknowledged (2xx): refusing them would only make Livepeer retry them for hours.
    - The queue unreachable after storing: ``Unavailable`` (503), so Livepeer retries; the
      stored delivery is also picked up by the sweep.
    """

    events: LivepeerEventLog
    jobs: StreamJobs
    config: LivepeerConfig
    uow: UnitOfWork
    clock: Clock

    async def __call__(self, request: ReceiveLivepeerWebhookRequest) -> WebhookReceipt:
        request.actor.require_system()
        secret = self.config.webhook_secret
        if not secret:
            raise LivepeerNotConfigured("Livepeer webhooks are not configured here")
        now = self.clock.now()
        signature.verify(
            request.body, request.signature, secret, now, self.config.tolerance_seconds
        )
        delivery = parse_delivery(request.body, now)
        stored = await self.events.add(delivery)
        await self.uow.commit()
        if not stored:
            existing = await self.events.get(delivery.id)
            if existing is not None and existing.processed_at is not None:
                return WebhookReceipt(delivery.id, delivery.event, duplicate=True)
        await self.jobs.process_event(delivery.id)
        return WebhookReceipt(delivery.id, delivery.event, duplicate=not stored)
