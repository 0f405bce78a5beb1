from __future__ import annotations

from dataclasses import dataclass, replace

from streamz.core.channels.audit import ActingAs
from streamz.core.channels.roles import Permission
from streamz.core.channels.team.members import clean_reason
from streamz.core.chat.bans.entities import BanKind, BannedAccount
from streamz.core.chat.bans.errors import BanNotFound
from streamz.core.chat.bans.writes import USER_UNBANNED, BanWrites, ban_details
from streamz.core.errors import Forbidden
from streamz.core.identity.entities import Principal


@dataclass(frozen=True, slots=True)
class UnbanUserRequest:
    actor: Principal
    channel: str  # channel id or slug
    user: str  # account id or username
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class UnbanUser:
    """Lifts the ban or timeout in force on an account in a channel's chat.

    - Who may: the owner; a moderator with ``ban`` (any) or ``timeout`` (a timeout only; a
      ban needs ``ban``: ``forbidden``); API tokens of those with ``moderation:write``; staff
      on the Admin API; the system. Unknown channel: ``channel-not-found``.
    - Unknown user: ``account-not-found``; nothing in force (never banned, lifted, or a
      timeout that ran out): ``ban-not-found``. The reason is optional (at most 500).
    - The row is ended (kept as history); the audit entry ``chat.unban`` and the event
      ``chat.user_unbanned`` are written in the same transaction. Returns the lifted row.
    """

    writes: BanWrites

    async def __call__(self, request: UnbanUserRequest) -> BannedAccount:
        writes = self.writes
        access = await writes.authorize(
            request.actor, request.channel, Permission.TIMEOUT, Permission.BAN
        )
        reason = clean_reason(request.reason, "query.reason")
        target = await writes.account(request.user, "path.user")
        channel = access.channel
        current = await writes.bans.current(channel.id, target.id, lock=True)
        now = writes.changes.clock.now()
        if current is None or not current.active_at(now):
            raise BanNotFound(f"{target.username} is neither banned nor timed out here")
        if (
            current.kind is BanKind.BAN
            and access.acting_as is ActingAs.MODERATOR
            and not access.membership.may(Permission.BAN)
        ):
            raise Forbidden("lifting a ban needs the ban permission")
        await writes.bans.end(current.id, now, request.actor.account_id)
        await writes.done(
            access,
            request.actor,
            action="chat.unban",
            topic=USER_UNBANNED,
            target=target,
            reason=reason,
            details=ban_details(current),
            at=now,
        )
        lifted = replace(current, ended_at=now, ended_by=request.actor.account_id)
        return BannedAccount(lifted, target)
