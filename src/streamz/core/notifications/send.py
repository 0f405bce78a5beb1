from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from streamz.core.identity.entities import Principal
from streamz.core.notifications.entities import (
    DECIDED,
    FCM,
    PREFERENCE,
    SES,
    Delivery,
    DeliveryUpdate,
    Kind,
    Medium,
    NotificationPolicy,
    Status,
    backoff,
)
from streamz.ports.clock import Clock
from streamz.ports.notification_delivery import (
    MAX_PUSH_BATCH,
    CircuitBreaker,
    EmailMessage,
    EmailSender,
    ProviderRateLimit,
    PushMessage,
    PushSender,
    SendOutcome,
    SendResult,
)
from streamz.ports.notifications import (
    NotificationJobs,
    NotificationRenderer,
    NotificationStore,
    Rendered,
    UnrecordedOutcomes,
    UnsubscribeLinks,
)
from streamz.ports.unit_of_work import UnitOfWork

PUSH_TTL = 6 * 3600
log = logging.getLogger("streamz.notifications")


@dataclass(frozen=True, slots=True)
class SendDeliveriesRequest:
    actor: Principal
    delivery_ids: Sequence[uuid.UUID]


@dataclass(frozen=True, slots=True)
class SendReport:
    claimed: int
    by_status: dict[str, int]


def collapse_key(delivery: Delivery) -> str:
    """A later push with the same key replaces the earlier on the device: a channel's "live"
    replaces its previous one; a push sent twice (crash before it was recorded) shows once."""
    if delivery.digest:
        return "digest"
    if delivery.kind is Kind.CHANNEL_LIVE:
        return f"live:{delivery.payload.get('channel_id')}"
    return str(delivery.notification_id)


@dataclass(frozen=True, slots=True)
class SendDeliveries:
    """Sends a batch of deliveries through the providers and records every outcome.

    - System only. Claims the pending, due deliveries among the ids (a lease: others skip them;
      if this worker dies, the sweep frees them when the lease ends). The claim commits before
      anything is sent.
    - Takes tokens from the provider's global rate limit before each call, waiting when told.
    - While a provider's circuit breaker is open nothing is attempted: the batch goes back to
      pending for ``breaker_pause_seconds`` (not counted as an attempt). So does what is left
      of the batch when a guard (Redis) or the renderer fails before a call; what was already
      sent is recorded.
    - Outcomes: sent (with the provider id); invalid token → the device is deleted and the
      delivery ``pruned``; retry (429, 5xx, timeout) → pending again with exponential backoff
      and jitter, or ``dead`` after ``max_attempts``; permanent failure → ``failed``.
    - Retries are queued again for their time; the sweep is the safety net.
    - A provider's answer is never lost to the bookkeeping, so an accepted send is never
      repeated for it: telling the breaker is best effort (never fails the job); the outcomes
      are written in a transaction of their own, tried again after each of
      ``record_retry_delays`` (the write, never the send); from the first failed try the final
      answers (sent, pruned, failed) are also kept in ``UnrecordedOutcomes``, where the sweep
      finds them and records them instead of freeing the lease, should every try fail.
    - Duplicates: only a worker that dies after the provider answered and before that answer
      was written (normally milliseconds; while the database is failing, until the first
      failed try has kept it), or a database and Redis both failing for every try, leaves a
      batch to be sent again after the lease: at most the batches in flight (the worker's
      concurrency × batch size); the collapse key makes the device show it once.
    """

    store: NotificationStore
    push: PushSender
    email: EmailSender
    rate_limit: ProviderRateLimit
    breaker: CircuitBreaker
    renderer: NotificationRenderer
    links: UnsubscribeLinks
    jobs: NotificationJobs
    uow: UnitOfWork
    clock: Clock
    policy: NotificationPolicy
    outcomes: UnrecordedOutcomes

    async def __call__(self, request: SendDeliveriesRequest) -> SendReport:
        request.actor.require_system()
        now = self.clock.now()
        lease = now + timedelta(seconds=self.policy.lease_seconds)
        claimed = await self.store.claim(request.delivery_ids, now, lease)
        await self.uow.commit()
        if not claimed:
            return SendReport(0, {})
        updates = await self._send(claimed)
        tokens = {d.id: d.target for d in claimed if d.medium is Medium.PUSH}
        prune = [tokens[u.id] for u in updates if u.status is Status.PRUNED and u.id in tokens]
        await self._save(updates, prune)
        end = self.clock.now()
        retry = sorted(
            (u for u in updates if u.status is Status.PENDING and u.next_attempt_at),
            key=lambda u: u.next_attempt_at or end,
        )
        size = self.policy.push_batch
        for start in range(0, len(retry), size):
            chunk = retry[start : start + size]
            await self.jobs.send([u.id for u in chunk], chunk[-1].next_attempt_at)
        counts: dict[str, int] = {}
        for u in updates:
            counts[u.status.value] = counts.get(u.status.value, 0) + 1
        return SendReport(len(claimed), counts)

    async def _send(self, claimed: Sequence[Delivery]) -> list[DeliveryUpdate]:
        updates: list[DeliveryUpdate] = []
        pushes = [d for d in claimed if d.medium is Medium.PUSH]
        try:
            for start in range(0, len(pushes), MAX_PUSH_BATCH):
                updates += await self._send_pushes(pushes[start : start + MAX_PUSH_BATCH])
            for delivery in (d for d in claimed if d.medium is Medium.EMAIL):
                updates.append(await self._send_email(delivery))
        except Exception as error:  # a guard or the renderer, before a call: hold the rest
            done = {u.id for u in updates}
            log.warning(
                "notification sends interrupted, the rest held: %r (%d answered)",
                error,
                len(done),
            )
            rest = [d for d in claimed if d.id not in done]
            updates += self._held(rest, f"not attempted: {type(error).__name__}")
        return updates

    async def _save(self, updates: Sequence[DeliveryUpdate], prune: Sequence[str]) -> None:
        """Make the providers' answers durable: the write is tried again, never the send; from
        its first failure the final answers are kept for the sweep as well."""
        delays = self.policy.record_retry_delays
        kept = False
        for attempt in range(len(delays) + 1):
            try:
                await self.store.record(updates, self.clock.now())
                if prune:
                    await self.store.prune_devices(prune)
                await self.uow.commit()
            except Exception as error:
                await self._rollback()
                kept = kept or await self._keep(updates)
                if attempt == len(delays):
                    log.error(
                        "delivery outcomes not recorded after %d tries (%s): %r",
                        attempt + 1,
                        "kept for the sweep" if kept else "not kept: they will be sent again",
                        error,
                    )
                    raise
                log.warning("delivery outcomes not recorded, trying again: %r", error)
                await asyncio.sleep(delays[attempt])
            else:
                if kept:
                    await self._forget([u.id for u in updates if u.status in DECIDED])
                return

    async def _rollback(self) -> None:
        try:
            await self.uow.rollback()
        except Exception as error:  # the connection is gone: the next try takes another
            log.warning("rollback failed: %r", error)

    async def _keep(self, updates: Sequence[DeliveryUpdate]) -> bool:
        try:
            await self.outcomes.keep(updates)
        except Exception as error:
            log.error("delivery outcomes not kept either: %r", error)
            return False
        return True

    async def _forget(self, ids: Sequence[uuid.UUID]) -> None:
        try:
            await self.outcomes.forget(ids)
        except Exception as error:  # harmless: the rows are final, the keys expire
            log.warning("kept delivery outcomes not forgotten: %r", error)

    async def _report(self, provider: str, *, ok: bool) -> None:
        """Tell the breaker how a call went: best effort, the answer is already in hand."""
        try:
            await self.breaker.record(provider, ok=ok)
        except Exception as error:
            log.warning("circuit breaker %s not told: %r", provider, error)

    async def _wait_for_tokens(self, provider: str, count: int) -> None:
        while True:
            wait = await self.rate_limit.acquire(provider, count)
            if wait <= 0:
                return
            await asyncio.sleep(wait)

    def _held(
        self, batch: Sequence[Delivery], reason: str = "circuit open"
    ) -> list[DeliveryUpdate]:
        at = self.clock.now() + timedelta(seconds=self.policy.breaker_pause_seconds)
        return [
            DeliveryUpdate(d.id, Status.PENDING, None, reason, at, attempted=False) for d in batch
        ]

    def _outcome(self, delivery: Delivery, result: SendResult, now: datetime) -> DeliveryUpdate:
        attempt = delivery.attempts + 1
        if result.outcome is SendOutcome.SENT:
            return DeliveryUpdate(delivery.id, Status.SENT, result.provider_id)
        if result.outcome is SendOutcome.INVALID_TOKEN:
            return DeliveryUpdate(delivery.id, Status.PRUNED, None, result.error)
        if result.outcome is SendOutcome.FAILED:
            return DeliveryUpdate(delivery.id, Status.FAILED, None, result.error)
        if attempt >= self.policy.max_attempts:
            return DeliveryUpdate(delivery.id, Status.DEAD, None, result.error)
        when = backoff(attempt, now, result.retry_after)
        return DeliveryUpdate(delivery.id, Status.PENDING, None, result.error, when)

    def _render(
        self, delivery: Delivery, medium: str, cache: dict[tuple[object, ...], Rendered]
    ) -> Rendered:
        kind = Kind.DIGEST if delivery.digest else delivery.kind
        shared = kind in (Kind.CHANNEL_LIVE, Kind.DIGEST)  # same text for every recipient
        key: tuple[object, ...] = (
            (delivery.notification_id, kind, medium, delivery.locale) if shared else (delivery.id,)
        )
        if key not in cache:
            cache[key] = self.renderer.render(kind, medium, delivery.locale, delivery.payload)
        return cache[key]

    async def _send_pushes(self, batch: Sequence[Delivery]) -> list[DeliveryUpdate]:
        if not await self.breaker.allow(FCM):
            return self._held(batch)
        cache: dict[tuple[object, ...], Rendered] = {}
        messages = []
        for d in batch:
            text = self._render(d, Medium.PUSH.value, cache)
            data = {"notification_id": str(d.notification_id), "kind": d.kind.value}
            if channel := d.payload.get("channel_id"):
                data["channel_id"] = str(channel)
            messages.append(
                PushMessage(d.target, text.title, text.body, data, collapse_key(d), PUSH_TTL)
            )
        await self._wait_for_tokens(FCM, len(messages))
        try:
            results = await self.push.send(messages)
        except Exception as error:  # an adapter bug or an unclassified failure: retry later
            results = [SendResult(SendOutcome.RETRY, error=type(error).__name__)] * len(batch)
        now = self.clock.now()
        retries = sum(1 for r in results if r.outcome is SendOutcome.RETRY)
        await self._report(FCM, ok=retries * 2 < len(results))
        return [self._outcome(d, r, now) for d, r in zip(batch, results, strict=True)]

    async def _send_email(self, delivery: Delivery) -> DeliveryUpdate:
        if not await self.breaker.allow(SES):
            return self._held([delivery])[0]
        text = self._render(delivery, Medium.EMAIL.value, {})
        headers: dict[str, str] = {}
        preference = PREFERENCE[delivery.kind]
        if preference is not None:
            link = self.links.link(delivery.account_id, f"email.{preference}")
            headers = {
                "List-Unsubscribe": f"<{link}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            }
        message = EmailMessage(
            delivery.target,
            text.title,
            text.body,
            text.html,
            headers,
            {"kind": delivery.kind.value, "notification": str(delivery.notification_id)},
        )
        await self._wait_for_tokens(SES, 1)
        try:
            result = await self.email.send(message)
        except Exception as error:
            result = SendResult(SendOutcome.RETRY, error=type(error).__name__)
        await self._report(SES, ok=result.outcome is not SendOutcome.RETRY)
        return self._outcome(delivery, result, self.clock.now())
