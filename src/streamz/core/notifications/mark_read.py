"""Marks one of the signed-in account's in-app notifications read or unread."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from streamz.core.identity.entities import Principal
from streamz.core.notifications.entities import InboxItem
from streamz.core.notifications.errors import InboxItemNotFound
from streamz.ports.clock import Clock
from streamz.ports.notifications import Inbox
from streamz.ports.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class MarkReadRequest:
    actor: Principal
    item_id: uuid.UUID
    read: bool = True


@dataclass(frozen=True, slots=True)
class MarkRead:
    """Marks one of your notifications read (or unread again); someone else's is
    ``notification-not-found``."""

    inbox: Inbox
    uow: UnitOfWork
    clock: Clock

    async def __call__(self, request: MarkReadRequest) -> InboxItem:
        account_id = request.actor.require_account()
        at = self.clock.now() if request.read else None
        item = await self.inbox.set_read(account_id, request.item_id, at)
        if item is None:
            raise InboxItemNotFound(f"no notification {request.item_id}")
        await self.uow.commit()
        return item
