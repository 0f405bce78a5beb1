"""Staff: dead deliveries back to pending, and queued."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from streamz.core.identity.entities import Principal
from streamz.core.notifications.entities import NotificationPolicy
from streamz.ports.clock import Clock
from streamz.ports.notifications import NotificationJobs, NotificationStore
from streamz.ports.transaction import TransactionManager


@dataclass(frozen=True, slots=True)
class RetryDeadRequest:
    actor: Principal
    notification_id: uuid.UUID | None = None


class RetryDead:
    """Dead deliveries (of one notification, or all) back to pending with their attempts
    reset, and queued (staff)."""

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

    async def __call__(self, request: RetryDeadRequest) -> int:
        request.actor.require_staff()
        ids = await self._store.revive_dead(request.notification_id, self._clock.now())
        await self._tx.commit()
        for start in range(0, len(ids), self._policy.push_batch):
            await self._jobs.send(ids[start : start + self._policy.push_batch])
        return len(ids)
