from __future__ import annotations

from dataclasses import dataclass

from streamz.core.chat.messages.events import UNPINNED, pin_payload
from streamz.core.chat.messages.services import MessageServices
from streamz.core.identity.entities import Principal

MAX_BATCH = 500


@dataclass(frozen=True, slots=True)
class ExpirePinsRequest:
    actor: Principal
    batch: int = 100


@dataclass(frozen=True, slots=True)
class ExpirePins:
    """Ends pins whose time ran out and announces them; returns how many.

    - Internal only (the worker runs it every second).
    - A pin is gone for every read from its ``expires_at`` on (``Pin.active_at``), whether
      this has run or not; this removes the row and writes ``chat.message_unpinned`` with
      ``expired: true`` (``pinned_by`` as pinned), taking the room's next seq, so websocket
      clients take the pin down. Not audited: nobody acted.
    - Once per pin: rows are taken with ``SKIP LOCKED`` and deleted in the same transaction as
      their events, so concurrent workers never announce one twice; an unpin, deletion or
      purge racing with it finds the row gone and announces nothing. A pin replaced by another
      before this ran is not announced (the ``chat.message_pinned`` of the new one replaces it).
    """

    services: MessageServices

    async def __call__(self, request: ExpirePinsRequest) -> int:
        request.actor.require_system()
        s = self.services
        now = s.changes.clock.now()
        expired = await s.pins.take_expired(now, min(max(request.batch, 1), MAX_BATCH))
        for pin in expired:
            chatroom = await s.chatrooms.get(pin.chatroom_id)
            if chatroom is None:  # pragma: no cover - foreign keys
                continue
            payload = {"channel_id": str(chatroom.channel_id), **pin_payload(pin), "expired": True}
            await s.events(chatroom.id, UNPINNED, payload, now)
        await s.changes.uow.commit()
        return len(expired)
