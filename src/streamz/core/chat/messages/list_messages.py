from __future__ import annotations

from dataclasses import dataclass

from streamz.core.chat.messages.entities import MessagePage
from streamz.core.chat.messages.reading import as_seen_by, by_seq, is_team, page, seq_bounds
from streamz.core.chat.messages.services import MessageServices
from streamz.core.identity.entities import Principal
from streamz.core.identity.errors import AccountNotFound
from streamz.core.shared.ids import parse_id


@dataclass(frozen=True, slots=True)
class ListMessagesRequest:
    actor: Principal
    channel: str  # channel id or slug
    user: str | None = None  # only this user's messages (username or account id)
    limit: int = 50
    before: str | None = None
    after: str | None = None


@dataclass(frozen=True, slots=True)
class ListMessages:
    """A chatroom's messages (or one user's in it), oldest first in each page.

    - Anyone may read (chat is public). Unknown channel or user: 404.
    - Without a cursor: the latest ``limit`` (1-100, default 50). ``before``: the page older
      than a page's first message; ``after``: the page newer than its last (for catching up).
      A page gives the cursors in both directions when there is more that way.
    - Deleted messages stay as tombstones (their seq keeps its place). Messages held by the
      non-moderator chat delay appear only to the room's team (owner, moderators, staff, the
      system) until visible.
    - Who deleted a message (``deleted_by``) is shown to the team only, unless its author
      deleted it (``reading.as_seen_by``); ``deleted`` and ``deleted_at`` are shown to all.
    """

    services: MessageServices

    async def __call__(self, request: ListMessagesRequest) -> MessagePage:
        s = self.services
        before, after = seq_bounds(request.before, request.after, request.limit)
        room = await s.room(request.channel)
        author_id = None
        if request.user is not None:
            account_id = parse_id(request.user)
            account = (
                await s.accounts.get(account_id)
                if account_id is not None
                else await s.accounts.by_username(request.user.strip().lower())
            )
            if account is None:
                raise AccountNotFound(f"no account {request.user!r}")
            author_id = account.id
        team = await is_team(s, request.actor, room.channel)
        rows = await s.messages.in_room(
            room.chatroom.id,
            author_id=author_id,
            thread_id=None,
            before=before,
            after=after,
            limit=request.limit + 1,
            visible_at=None if team else s.changes.clock.now(),
        )
        rows = await as_seen_by(s, request.actor, rows, team=team)
        anchored = request.before is not None or request.after is not None
        return page(rows, request.limit, forward=after is not None, anchored=anchored, key=by_seq)
