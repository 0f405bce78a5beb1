"""The signed-in account's in-app notifications, newest first, with the unread count."""

from __future__ import annotations

from dataclasses import dataclass

from streamz.core.errors import Invalid
from streamz.core.identity.entities import Principal
from streamz.core.notifications.cursors import parse_cursor
from streamz.core.notifications.entities import InboxPage
from streamz.ports.notifications import Inbox

MAX_LIMIT = 100


@dataclass(frozen=True, slots=True)
class ListInboxRequest:
    actor: Principal
    limit: int = 20
    after: str | None = None  # the previous page's ``next``


@dataclass(frozen=True, slots=True)
class ListInbox:
    """Newest first, ``limit`` 1..100 per page, cursor ``after`` = the previous page's last
    id; with the unread count. A signed-in user only, their own inbox."""

    inbox: Inbox

    async def __call__(self, request: ListInboxRequest) -> InboxPage:
        account_id = request.actor.require_account()
        if not 1 <= request.limit <= MAX_LIMIT:
            raise Invalid.field("query.limit", f"between 1 and {MAX_LIMIT}")
        after = parse_cursor(request.after)
        rows = await self.inbox.list(account_id, after, request.limit + 1)
        more = len(rows) > request.limit
        items = rows[: request.limit]
        unread = await self.inbox.unread_count(account_id)
        return InboxPage(items, items[-1].id if more else None, unread)
