"""Staff: dead deliveries back to pending, and queued."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from streamz.core.identity.entities import Principal
from streamz.core.notifications.entities import NotificationPolicy
from streamz.ports.clock import Clock
from streamz.ports.notifications import NotificationJobs, NotificationStore
from streamz.ports.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class RetryDeadRequest:
    actor: Principal
    notification_id: uuid.UUID | None = None


@dataclass(frozen=True, slots=True)
class RetryDead:
    """Dead deliveries (of one notification, or all) back to pending with their attempts
    reset, and queued (staff)."""

    store: NotificationStore
    jobs: NotificationJobs
    uow: UnitOfWork
    clock: Clock
    policy: NotificationPolicy

    async def __call__(self, request: RetryDeadRequest) -> int:
        request.actor.require_staff()
        ids = await self.store.revive_dead(request.notification_id, self.clock.now())
        await self.uow.commit()
        for start in range(0, len(ids), self.policy.push_batch):
            await self.jobs.send(ids[start : start + self.policy.push_batch])
        return len(ids)
