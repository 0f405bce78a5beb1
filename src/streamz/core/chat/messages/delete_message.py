from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import timedelta

from streamz.core.channels.access import ChannelAccess
from streamz.core.channels.roles import Permission
from streamz.core.chat.messages.entities import Message
from streamz.core.chat.messages.errors import MessageNotDeletable, MessageNotFound
from streamz.core.chat.messages.events import DELETED
from streamz.core.chat.messages.moderation import commit, moderate, unpin_if_pinned
from streamz.core.chat.messages.services import MessageServices
from streamz.core.errors import Forbidden
from streamz.core.identity.entities import Principal, PrincipalKind, Scope

AUTHOR_WINDOW = timedelta(minutes=10)


@dataclass(frozen=True, slots=True)
class DeleteMessageRequest:
    actor: Principal
    channel: str  # channel id or slug
    message_id: uuid.UUID


@dataclass(frozen=True, slots=True)
class DeleteMessage:
    """Deletes a chat message (soft: kept with who deleted it and when; lists show a
    tombstone, so ``seq`` stays gap-free).

    - Who: its author within 10 minutes of sending (API tokens need ``chat:write``); the owner;
      a moderator with ``delete_messages``; a staff account; the system (API tokens of
      moderators need ``moderation:write``). An author past 10 minutes who is not a moderator:
      ``message-not-deletable``.
    - A message of another chatroom, or none: ``message-not-found``. Deleting a deleted message
      changes nothing.
    - Emits ``chat.message_deleted`` (with its ``seq``); a moderator's, staff's or the
      system's deletion goes to the moderation log. A pinned message is unpinned too
      (``chat.message_unpinned``, after the deletion's event); a pin that already expired is
      left to ``ExpirePins``, which announces it.
    """

    services: MessageServices

    async def __call__(self, request: DeleteMessageRequest) -> Message:
        s = self.services
        actor = request.actor
        room = await s.room(request.channel)
        message = await s.messages.get(request.message_id)
        if message is None or message.chatroom_id != room.chatroom.id:
            raise MessageNotFound(f"no message {request.message_id} in this chatroom")
        now = s.changes.clock.now()
        access: ChannelAccess | None = None
        own = actor.account_id == message.author_id and not actor.is_system
        if own and actor.kind is PrincipalKind.TOKEN:
            actor.require_scope(Scope.CHAT_WRITE)
        if not own or now - message.created_at > AUTHOR_WINDOW:
            try:
                room, access = await moderate(s, actor, request.channel, Permission.DELETE_MESSAGES)
            except Forbidden:
                if own:
                    raise MessageNotDeletable(
                        "authors may delete their messages for 10 minutes after sending"
                    ) from None
                raise
        if message.deleted:
            return message
        # the pin row first: rows are locked pin, message, then the room's seq everywhere
        unpinned = await unpin_if_pinned(s, room, message.id, now)
        await s.messages.delete(message.id, actor.account_id, now)
        payload = {
            "message_id": str(message.id),
            "seq": message.seq,
            "author_id": str(message.author_id),
            "deleted_by": str(actor.account_id) if actor.account_id else None,
        }
        await commit(
            s, access, actor, room, DELETED, "chat.message_deleted", payload, now, unpinned=unpinned
        )
        return replace(message, deleted_at=now, deleted_by=actor.account_id)
