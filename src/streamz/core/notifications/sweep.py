from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from streamz.core.identity.entities import Principal
from streamz.core.notifications.entities import NotificationPolicy
from streamz.ports.clock import Clock
from streamz.ports.notifications import NotificationJobs, NotificationStore, UnrecordedOutcomes
from streamz.ports.unit_of_work import UnitOfWork

log = logging.getLogger("streamz.notifications")


@dataclass(frozen=True, slots=True)
class SweepNotificationsRequest:
    actor: Principal
    limit: int = 20_000


@dataclass(frozen=True, slots=True)
class Swept:
    deliveries: int
    expansions: int
    settled: int = 0  # outcomes a failed job kept (``UnrecordedOutcomes``), now recorded


@dataclass(frozen=True, slots=True)
class SweepNotifications:
    """Queues again the work a lost or killed job left undone (a periodic job).

    - System only.
    - Deliveries whose lease ended get the outcome their job kept when it could not record
      it (``UnrecordedOutcomes``: the provider already answered, so they are never sent
      again); if those cannot be read, nothing is freed this time. The others go back to
      pending and are queued; pending deliveries due
      for longer than ``stale_after_seconds`` (their job was lost) are queued again. Sending
      claims by status, so a delivery queued twice is still sent once.
    - Notifications whose expansion has not moved for ``stale_after_seconds`` get their next
      page queued again (the cursor check makes a duplicate page a no-op).
    """

    store: NotificationStore
    jobs: NotificationJobs
    uow: UnitOfWork
    clock: Clock
    policy: NotificationPolicy
    outcomes: UnrecordedOutcomes

    async def __call__(self, request: SweepNotificationsRequest) -> Swept:
        request.actor.require_system()
        now = self.clock.now()
        before = now - timedelta(seconds=self.policy.stale_after_seconds)
        ended = await self.store.leases_ended(now, request.limit)
        kept = await self.outcomes.recall(ended) if ended else []
        settled = await self.store.settle(kept, now) if kept else 0
        ids = await self.store.stale(now, before, request.limit)
        unfinished = await self.store.unfinished(before, 1000)
        await self.uow.commit()
        if kept:
            try:
                await self.outcomes.forget([u.id for u in kept])
            except Exception as error:  # harmless: those rows are final now
                log.warning("kept delivery outcomes not forgotten: %r", error)
        size = self.policy.push_batch
        for start in range(0, len(ids), size):
            await self.jobs.send(ids[start : start + size])
        for notification in unfinished:
            await self.jobs.expand(notification.id, notification.cursor)
        return Swept(len(ids), len(unfinished), settled)
