from __future__ import annotations

from dataclasses import dataclass

from streamz.core.chat.messages.entities import MessagePage
from streamz.core.chat.messages.reading import as_seen_by, by_id, id_bounds, page, visible_at
from streamz.core.chat.messages.services import MessageServices
from streamz.core.identity.entities import Principal
from streamz.core.identity.errors import AccountNotFound
from streamz.core.shared.ids import parse_id


@dataclass(frozen=True, slots=True)
class ListUserMessagesRequest:
    actor: Principal
    user: str  # username or account id
    limit: int = 50
    before: str | None = None
    after: str | None = None


@dataclass(frozen=True, slots=True)
class ListUserMessages:
    """One user's messages in every chatroom, in time order (oldest first in a page).

    - Anyone may read; unknown user: ``account-not-found``. Paged like ``ListMessages``.
    - Messages still held by a chat delay are left out for everyone but staff.
    - ``deleted_by`` as in ``ListMessages``: shown where the reader is on the team of the
      message's chatroom, or where the author deleted it; else None.
    """

    services: MessageServices

    async def __call__(self, request: ListUserMessagesRequest) -> MessagePage:
        s = self.services
        before, after = id_bounds(request.before, request.after, request.limit)
        account_id = parse_id(request.user)
        account = (
            await s.accounts.get(account_id)
            if account_id is not None
            else await s.accounts.by_username(request.user.strip().lower())
        )
        if account is None:
            raise AccountNotFound(f"no account {request.user!r}")
        rows = await s.messages.by_author(
            account.id,
            before=before,
            after=after,
            limit=request.limit + 1,
            visible_at=await visible_at(s, request.actor, None),
        )
        rows = await as_seen_by(s, request.actor, rows, team=None)
        anchored = request.before is not None or request.after is not None
        return page(rows, request.limit, forward=after is not None, anchored=anchored, key=by_id)
