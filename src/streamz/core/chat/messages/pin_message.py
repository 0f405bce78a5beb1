from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

from streamz.core.channels.roles import Permission
from streamz.core.chat.messages.entities import Pin, PinnedMessage
from streamz.core.chat.messages.errors import MessageNotFound
from streamz.core.chat.messages.events import PINNED, pin_payload
from streamz.core.chat.messages.moderation import commit, moderate
from streamz.core.chat.messages.services import MessageServices
from streamz.core.errors import Invalid
from streamz.core.identity.entities import Principal

MAX_PIN_SECONDS = 24 * 3600


@dataclass(frozen=True, slots=True)
class PinMessageRequest:
    actor: Principal
    channel: str  # channel id or slug
    message_id: uuid.UUID
    duration_seconds: int | None = None  # None: until unpinned; else 1-86400


@dataclass(frozen=True, slots=True)
class PinMessage:
    """Pins a message of the chatroom; a room has one pinned message (this replaces it).

    - Who: as for deleting others' messages (owner, moderator with ``delete_messages``, staff
      account, system; tokens need ``moderation:write``). Audited.
    - The message must be in this chatroom and not deleted (``message-not-found``);
      ``duration_seconds`` 1-86400 or none (``invalid``). Emits ``chat.message_pinned``.
    """

    services: MessageServices

    async def __call__(self, request: PinMessageRequest) -> PinnedMessage:
        s = self.services
        duration = request.duration_seconds
        if duration is not None and not 1 <= duration <= MAX_PIN_SECONDS:
            raise Invalid.field(
                "body.duration_seconds",
                f"a pin lasts 1-{MAX_PIN_SECONDS} seconds or until unpinned",
            )
        room, access = await moderate(s, request.actor, request.channel, Permission.DELETE_MESSAGES)
        message = await s.messages.get(request.message_id)
        if message is None or message.chatroom_id != room.chatroom.id or message.deleted:
            raise MessageNotFound(f"no message {request.message_id} in this chatroom")
        now = s.changes.clock.now()
        expires = now + timedelta(seconds=duration) if duration is not None else None
        pin = Pin(room.chatroom.id, message.id, request.actor.account_id, now, expires)
        await s.pins.put(pin)
        payload = {**pin_payload(pin), "author_id": str(message.author_id), "seq": message.seq}
        await commit(s, access, request.actor, room, PINNED, "chat.message_pinned", payload, now)
        return PinnedMessage(pin, message)
