from __future__ import annotations

from dataclasses import dataclass

from streamz.core.chat.messages.entities import PinnedMessage
from streamz.core.chat.messages.errors import PinNotFound
from streamz.core.chat.messages.services import MessageServices
from streamz.core.identity.entities import Principal


@dataclass(frozen=True, slots=True)
class GetPinRequest:
    actor: Principal
    channel: str


@dataclass(frozen=True, slots=True)
class GetPin:
    """The chatroom's pinned message while its pin lasts; else ``pin-not-found``. Anyone.

    - A pin is gone from its ``expires_at`` on (``Pin.active_at``), before ``ExpirePins``
      removes its row and announces it.
    - ``pinned_by`` is public (as on Twitch). The message is never a deleted one (deleting it
      unpins it), so nothing in it is the team's only.
    """

    services: MessageServices

    async def __call__(self, request: GetPinRequest) -> PinnedMessage:
        s = self.services
        room = await s.room(request.channel)
        pin = await s.pins.get(room.chatroom.id)
        if pin is None or not pin.active_at(s.changes.clock.now()):
            raise PinNotFound("no message is pinned in this chatroom")
        message = await s.messages.get(pin.message_id)
        if message is None or message.deleted:
            raise PinNotFound("no message is pinned in this chatroom")
        return PinnedMessage(pin, message)
