"""The signed-in account's in-app notifications: list, mark read/unread, unread count."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from streamz.core.errors import Invalid, NotFound
from streamz.core.identity.entities import Principal
from streamz.core.notifications.entities import InboxItem
from streamz.ports.clock import Clock
from streamz.ports.notifications import Inbox
from streamz.ports.transaction import TransactionManager

MAX_LIMIT = 100


class InboxItemNotFound(NotFound):
    code = "notification-not-found"


@dataclass(frozen=True, slots=True)
class InboxPage:
    items: list[InboxItem]
    next: uuid.UUID | None
    unread: int


@dataclass(frozen=True, slots=True)
class ListInboxRequest:
    actor: Principal
    limit: int = 20
    after: str | None = None  # the previous page's ``next``


def parse_cursor(after: str | None, field: str = "query.after") -> uuid.UUID | None:
    if after is None:
        return None
    try:
        return uuid.UUID(after)
    except ValueError:
        raise Invalid.field(field, "not a cursor from `next`") from None


class ListInbox:
    """Newest first, ``limit`` 1..100 per page, cursor ``after`` = the previous page's last
    id; with the unread count. A signed-in user only, their own inbox."""

    def __init__(self, inbox: Inbox) -> None:
        self._inbox = inbox

    async def __call__(self, request: ListInboxRequest) -> InboxPage:
        account_id = request.actor.require_account()
        if not 1 <= request.limit <= MAX_LIMIT:
            raise Invalid.field("query.limit", f"between 1 and {MAX_LIMIT}")
        after = parse_cursor(request.after)
        rows = await self._inbox.list(account_id, after, request.limit + 1)
        more = len(rows) > request.limit
        items = rows[: request.limit]
        unread = await self._inbox.unread_count(account_id)
        return InboxPage(items, items[-1].id if more else None, unread)


@dataclass(frozen=True, slots=True)
class MarkReadRequest:
    actor: Principal
    item_id: uuid.UUID
    read: bool = True


class MarkRead:
    """Marks one of your notifications read (or unread again); someone else's is
    ``notification-not-found``."""

    def __init__(self, inbox: Inbox, tx: TransactionManager, clock: Clock) -> None:
        self._inbox = inbox
        self._tx = tx
        self._clock = clock

    async def __call__(self, request: MarkReadRequest) -> InboxItem:
        account_id = request.actor.require_account()
        at = self._clock.now() if request.read else None
        item = await self._inbox.set_read(account_id, request.item_id, at)
        if item is None:
            raise InboxItemNotFound(f"no notification {request.item_id}")
        await self._tx.commit()
        return item


@dataclass(frozen=True, slots=True)
class MarkAllReadRequest:
    actor: Principal


class MarkAllRead:
    """Marks every unread notification of yours read; how many changed."""

    def __init__(self, inbox: Inbox, tx: TransactionManager, clock: Clock) -> None:
        self._inbox = inbox
        self._tx = tx
        self._clock = clock

    async def __call__(self, request: MarkAllReadRequest) -> int:
        account_id = request.actor.require_account()
        changed = await self._inbox.mark_all_read(account_id, self._clock.now())
        await self._tx.commit()
        return changed
