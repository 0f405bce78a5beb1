from __future__ import annotations

import uuid
from dataclasses import dataclass

from streamz.core.chat.messages.entities import MessagePage
from streamz.core.chat.messages.errors import MessageNotFound
from streamz.core.chat.messages.reading import as_seen_by, by_seq, is_team, page, seq_bounds
from streamz.core.chat.messages.services import MessageServices
from streamz.core.identity.entities import Principal


@dataclass(frozen=True, slots=True)
class ListThreadRequest:
    actor: Principal
    channel: str  # channel id or slug
    message_id: uuid.UUID  # any message of the thread
    limit: int = 50
    before: str | None = None
    after: str | None = None


@dataclass(frozen=True, slots=True)
class ListThread:
    """The messages of a thread: its first message and every reply, oldest first in a page.

    - ``message_id`` may be any message of the thread; one of another chatroom, or none:
      ``message-not-found``. Paged, filtered and shown like ``ListMessages``.
    """

    services: MessageServices

    async def __call__(self, request: ListThreadRequest) -> MessagePage:
        s = self.services
        before, after = seq_bounds(request.before, request.after, request.limit)
        room = await s.room(request.channel)
        message = await s.messages.get(request.message_id)
        if message is None or message.chatroom_id != room.chatroom.id:
            raise MessageNotFound(f"no message {request.message_id} in this chatroom")
        team = await is_team(s, request.actor, room.channel)
        rows = await s.messages.in_room(
            room.chatroom.id,
            author_id=None,
            thread_id=message.thread_id or message.id,
            before=before,
            after=after,
            limit=request.limit + 1,
            visible_at=None if team else s.changes.clock.now(),
        )
        rows = await as_seen_by(s, request.actor, rows, team=team)
        anchored = request.before is not None or request.after is not None
        return page(rows, request.limit, forward=after is not None, anchored=anchored, key=by_seq)
