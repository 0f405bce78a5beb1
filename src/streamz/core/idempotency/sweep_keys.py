from __future__ import annotations

from dataclasses import dataclass

from streamz.core.idempotency.keys import KEEP
from streamz.core.identity.entities import Principal
from streamz.ports.clock import Clock
from streamz.ports.idempotency import IdempotencyStore
from streamz.ports.messages import MessageRepository
from streamz.ports.unit_of_work import UnitOfWork

MAX_BATCH = 5_000


@dataclass(frozen=True, slots=True)
class SweepIdempotencyKeysRequest:
    actor: Principal
    batch: int = 1_000


@dataclass(frozen=True, slots=True)
class SweepIdempotencyKeys:
    """Forgets idempotency keys past their 24 hours; returns how many rows went.

    - Internal only (a worker cron job). Expired keys are already ignored by every read; this
      only keeps the tables small: the stored answers, and the keys chat messages were sent
      with (the messages stay).
    - At most ``batch`` of each per call, in one transaction; rows another sweep is deleting
      are skipped.
    """

    store: IdempotencyStore
    messages: MessageRepository
    uow: UnitOfWork
    clock: Clock

    async def __call__(self, request: SweepIdempotencyKeysRequest) -> int:
        request.actor.require_system()
        now = self.clock.now()
        batch = min(max(request.batch, 1), MAX_BATCH)
        gone = await self.store.sweep(now, batch)
        gone += await self.messages.forget_keys(now - KEEP, batch)
        await self.uow.commit()
        return gone
