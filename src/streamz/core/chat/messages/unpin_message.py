from __future__ import annotations

from dataclasses import dataclass

from streamz.core.channels.roles import Permission
from streamz.core.chat.messages.entities import Pin
from streamz.core.chat.messages.errors import PinNotFound
from streamz.core.chat.messages.events import UNPINNED, pin_payload
from streamz.core.chat.messages.moderation import commit, moderate
from streamz.core.chat.messages.services import MessageServices
from streamz.core.identity.entities import Principal


@dataclass(frozen=True, slots=True)
class UnpinMessageRequest:
    actor: Principal
    channel: str


@dataclass(frozen=True, slots=True)
class UnpinMessage:
    """Unpins the chatroom's pinned message (who: as for ``PinMessage``). None pinned (or its
    pin expired): ``pin-not-found``. Emits ``chat.message_unpinned``; audited."""

    services: MessageServices

    async def __call__(self, request: UnpinMessageRequest) -> Pin:
        s = self.services
        room, access = await moderate(s, request.actor, request.channel, Permission.DELETE_MESSAGES)
        now = s.changes.clock.now()
        pin = await s.pins.remove(room.chatroom.id)
        # an expired pin is ExpirePins's to announce: the error rolls this removal back
        if pin is None or not pin.active_at(now):
            raise PinNotFound("no message is pinned in this chatroom")
        payload = pin_payload(pin)
        await commit(
            s, access, request.actor, room, UNPINNED, "chat.message_unpinned", payload, now
        )
        return pin
