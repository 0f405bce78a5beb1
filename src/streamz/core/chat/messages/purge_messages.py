from __future__ import annotations

from dataclasses import dataclass

from streamz.core.channels.roles import Permission
from streamz.core.chat.messages.events import PURGED
from streamz.core.chat.messages.moderation import commit, moderate, unpin_if_pinned
from streamz.core.chat.messages.services import MessageServices
from streamz.core.identity.entities import Principal
from streamz.core.identity.errors import AccountNotFound
from streamz.core.shared.ids import parse_id


@dataclass(frozen=True, slots=True)
class PurgeMessagesRequest:
    actor: Principal
    channel: str  # channel id or slug
    user: str  # username or account id
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class Purged:
    account_id: str
    deleted: int  # messages deleted now


@dataclass(frozen=True, slots=True)
class PurgeMessages:
    """Deletes every message of one user in a chatroom (soft, like ``DeleteMessage``).

    - Who: the owner, a moderator with ``delete_messages``, a staff account, the system (API
      tokens need ``moderation:write``). Unknown user: ``account-not-found``.
    - Emits ``chat.messages_purged`` with the deleted seqs (clients clear them) and records it in
      the moderation log, even when there was nothing to delete. A pinned message of the user
      is unpinned (``chat.message_unpinned``).
    """

    services: MessageServices

    async def __call__(self, request: PurgeMessagesRequest) -> Purged:
        s = self.services
        room, access = await moderate(s, request.actor, request.channel, Permission.DELETE_MESSAGES)
        account_id = parse_id(request.user)
        account = (
            await s.accounts.get(account_id)
            if account_id is not None
            else await s.accounts.by_username(request.user.strip().lower())
        )
        if account is None:
            raise AccountNotFound(f"no account {request.user!r}")
        now = s.changes.clock.now()
        # the pin row first: rows are locked pin, messages, then the room's seq everywhere
        pin = await s.pins.get(room.chatroom.id)
        pinned = await s.messages.get(pin.message_id) if pin is not None else None
        unpinned = None
        if pinned is not None and pinned.author_id == account.id and not pinned.deleted:
            unpinned = await unpin_if_pinned(s, room, pinned.id, now)
        seqs = await s.messages.purge(room.chatroom.id, account.id, request.actor.account_id, now)
        payload = {"author_id": str(account.id), "seqs": seqs, "reason": request.reason}
        await commit(
            s,
            access,
            request.actor,
            room,
            PURGED,
            "chat.messages_purged",
            payload,
            now,
            unpinned=unpinned,
        )
        return Purged(str(account.id), len(seqs))
