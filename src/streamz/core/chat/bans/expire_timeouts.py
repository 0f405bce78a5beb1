from __future__ import annotations

from dataclasses import dataclass

from streamz.core.chat.bans.writes import USER_UNBANNED, ban_details
from streamz.core.chat.room_events import RoomEventWriter
from streamz.core.identity.entities import Principal
from streamz.ports.bans import BanRepository
from streamz.ports.chat import ChatroomRepository
from streamz.ports.clock import Clock
from streamz.ports.identity import AccountRepository
from streamz.ports.unit_of_work import UnitOfWork

MAX_BATCH = 500


@dataclass(frozen=True, slots=True)
class ExpireTimeoutsRequest:
    actor: Principal
    batch: int = 100


@dataclass(frozen=True, slots=True)
class ExpireTimeouts:
    """Announces timeouts that ran out; returns how many.

    - Internal only (the worker runs it every second).
    - A timeout is never in force past ``expires_at`` (sends check the time), so this only
      tells the room: each open timeout that ran out is ended at its ``expires_at`` (by the
      system) and ``chat.user_unbanned`` is written with ``expired: true``, taking the room's
      next seq, so websocket clients (the room and the account's own topic) re-enable chat.
    - Once per timeout: rows are claimed with ``SKIP LOCKED`` and ended in the same
      transaction as their events, so concurrent workers never announce one twice.
    """

    bans: BanRepository
    chatrooms: ChatroomRepository
    accounts: AccountRepository
    events: RoomEventWriter
    uow: UnitOfWork
    clock: Clock

    async def __call__(self, request: ExpireTimeoutsRequest) -> int:
        request.actor.require_system()
        now = self.clock.now()
        expired = await self.bans.claim_expired(now, min(max(request.batch, 1), MAX_BATCH))
        for ban in expired:
            at = ban.expires_at or now
            await self.bans.end(ban.id, at, None)
            chatroom = await self.chatrooms.by_channel(ban.channel_id)
            account = await self.accounts.get(ban.account_id)
            if chatroom is None or account is None:  # pragma: no cover - foreign keys
                continue
            payload = {
                "channel_id": str(ban.channel_id),
                "account_id": str(account.id),
                "username": account.username,
                **ban_details(ban),
                "reason": None,
                "by": None,
                "acting_as": "system",
                "expired": True,
            }
            await self.events(chatroom.id, USER_UNBANNED, payload, now)
        await self.uow.commit()
        return len(expired)
