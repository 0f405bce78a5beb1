"""Marks every unread in-app notification of the signed-in account read."""

from __future__ import annotations

from dataclasses import dataclass

from streamz.core.identity.entities import Principal
from streamz.ports.clock import Clock
from streamz.ports.notifications import Inbox
from streamz.ports.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class MarkAllReadRequest:
    actor: Principal


@dataclass(frozen=True, slots=True)
class MarkAllRead:
    """Marks every unread notification of yours read; how many changed."""

    inbox: Inbox
    uow: UnitOfWork
    clock: Clock

    async def __call__(self, request: MarkAllReadRequest) -> int:
        account_id = request.actor.require_account()
        changed = await self.inbox.mark_all_read(account_id, self.clock.now())
        await self.uow.commit()
        return changed
