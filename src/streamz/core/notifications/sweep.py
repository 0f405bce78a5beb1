from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from streamz.core.identity.entities import Principal
from streamz.core.notifications.entities import NotificationPolicy
from streamz.ports.clock import Clock
from streamz.ports.notifications import NotificationJobs, NotificationStore
from streamz.ports.transaction import TransactionManager


@dataclass(frozen=True, slots=True)
class SweepNotificationsRequest:
    actor: Principal
    limit: int = 20_000


@dataclass(frozen=True, slots=True)
class Swept:
    deliveries: int
    expansions: int


class SweepNotifications:
    """Queues again the work a lost or killed job left undone (a periodic job).

    - System only.
    - Deliveries whose lease ended go back to pending and are queued; pending deliveries due
      for longer than ``stale_after_seconds`` (their job was lost) are queued again. Sending
      claims by status, so a delivery queued twice is still sent once.
    - Notifications whose expansion has not moved for ``stale_after_seconds`` get their next
      page queued again (the cursor check makes a duplicate page a no-op).
    """

    def __init__(
        self,
        store: NotificationStore,
        jobs: NotificationJobs,
        tx: TransactionManager,
        clock: Clock,
        policy: NotificationPolicy,
    ) -> None:
        self._store = store
        self._jobs = jobs
        self._tx = tx
        self._clock = clock
        self._policy = policy

    async def __call__(self, request: SweepNotificationsRequest) -> Swept:
        request.actor.require_system()
        now = self._clock.now()
        before = now - timedelta(seconds=self._policy.stale_after_seconds)
        ids = await self._store.stale(now, before, request.limit)
        unfinished = await self._store.unfinished(before, 1000)
        await self._tx.commit()
        size = self._policy.push_batch
        for start in range(0, len(ids), size):
            await self._jobs.send(ids[start : start + size])
        for notification in unfinished:
            await self._jobs.expand(notification.id, notification.cursor)
        return Swept(len(ids), len(unfinished))
