"""What every ban use case shares: who may act or read, the target, and the trail a change
leaves (audit entry and event in the transaction of the change)."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from streamz.core.channels.access import ChannelAccess
from streamz.core.channels.changes import ChannelChanges
from streamz.core.channels.roles import Permission
from streamz.core.chat.bans.entities import Ban
from streamz.core.chat.errors import ChatroomNotFound
from streamz.core.chat.room_events import RoomEventWriter
from streamz.core.errors import Forbidden, Invalid
from streamz.core.identity.entities import Account, Principal, Scope
from streamz.core.identity.lookup import find_account
from streamz.ports.bans import BanRepository
from streamz.ports.chat import ChatroomRepository
from streamz.ports.identity import AccountRepository

USER_BANNED = "chat.user_banned"
USER_UNBANNED = "chat.user_unbanned"
MAX_USER = 64  # an account id or a username


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def ban_details(ban: Ban) -> dict[str, Any]:
    return {
        "ban_id": str(ban.id),
        "kind": ban.kind.value,
        "expires_at": _iso(ban.expires_at),
        "duration_seconds": ban.duration_seconds,
    }


@dataclass(frozen=True, slots=True)
class BanWrites:
    """Access checks and the trail of a ban, timeout or unban.

    - Writers: the owner; a moderator holding the permission the action needs (``ban`` or
      ``timeout``); API tokens of those with ``moderation:write``; staff on the Admin API
      (audited as staff); the system.
    - Readers of who is banned: the channel's team (owner, any moderator, staff, system).
    - Every change records an audit entry and an event, then commits.
    """

    changes: ChannelChanges
    accounts: AccountRepository
    chatrooms: ChatroomRepository
    bans: BanRepository
    events: RoomEventWriter

    async def authorize(
        self, actor: Principal, identifier: str, *permissions: Permission
    ) -> ChannelAccess:
        """The channel, if ``actor`` may act on it with any of ``permissions`` (tried in
        order; the last one's refusal is the answer)."""
        *others, last = permissions
        for permission in others:
            with suppress(Forbidden):
                return await self._authorize(actor, identifier, permission)
        return await self._authorize(actor, identifier, last)

    async def _authorize(
        self, actor: Principal, identifier: str, permission: Permission
    ) -> ChannelAccess:
        return await self.changes.authorize(
            actor, identifier, permission=permission, scope=Scope.MODERATION_WRITE
        )

    async def team(self, actor: Principal, identifier: str) -> ChannelAccess:
        """For reads: the channel, if ``actor`` is on its team."""
        return await self.changes.authorize_team(actor, identifier)

    async def account(self, identifier: str, field: str) -> Account:
        """The account named by id or username; ``account-not-found`` otherwise."""
        if not identifier.strip() or len(identifier) > MAX_USER:
            raise Invalid.field(field, f"user must be an account id or a username (1-{MAX_USER})")
        return await find_account(self.accounts, identifier)

    async def done(
        self,
        access: ChannelAccess,
        actor: Principal,
        *,
        action: str,
        topic: str,
        target: Account,
        reason: str | None,
        details: dict[str, Any],
        at: datetime,
    ) -> None:
        """Audit, announce, commit."""
        channel_id = access.channel.id
        chatroom = await self.chatrooms.by_channel(channel_id)
        payload = {
            "channel_id": str(channel_id),
            "account_id": str(target.id),
            "username": target.username,
            **details,
            "reason": reason,
            "by": str(actor.account_id) if actor.account_id else None,
            "acting_as": access.acting_as.value,
        }
        if chatroom is None:  # pragma: no cover - every channel has its chatroom
            raise ChatroomNotFound(f"channel {channel_id} has no chatroom")
        await self.events(chatroom.id, topic, payload, at)
        await self.changes.commit(
            access,
            actor,
            action,
            target_account_id=target.id,
            details=details,
            reason=reason,
            at=at,
        )
