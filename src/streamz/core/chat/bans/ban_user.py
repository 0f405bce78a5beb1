from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from streamz.core.channels.audit import ActingAs
from streamz.core.channels.roles import Permission
from streamz.core.channels.team.members import clean_reason
from streamz.core.chat.bans.entities import (
    MAX_TIMEOUT_SECONDS,
    MIN_TIMEOUT_SECONDS,
    Ban,
    BanKind,
    BannedAccount,
)
from streamz.core.chat.bans.errors import CannotBanModerator, CannotBanOwner, CannotBanSelf
from streamz.core.chat.bans.writes import USER_BANNED, BanWrites, ban_details
from streamz.core.errors import Forbidden, Invalid
from streamz.core.identity.entities import Principal
from streamz.core.shared.ids import new_id


@dataclass(frozen=True, slots=True)
class BanUserRequest:
    actor: Principal
    channel: str  # channel id or slug
    user: str  # account id or username
    duration_seconds: int | None = None  # None: a permanent ban; else a timeout
    reason: str | None = None


def check_duration(value: int | None) -> int | None:
    """None (a ban) or a timeout's length: a whole number of seconds, 1 s to 14 days."""
    if value is None:
        return None
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or not MIN_TIMEOUT_SECONDS <= value <= MAX_TIMEOUT_SECONDS
    ):
        raise Invalid.field(
            "body.duration_seconds",
            f"duration_seconds must be null (a ban) or {MIN_TIMEOUT_SECONDS}-"
            f"{MAX_TIMEOUT_SECONDS} seconds (14 days)",
        )
    return value


@dataclass(frozen=True, slots=True)
class BanUser:
    """Bans an account from a channel's chat (``duration_seconds`` None) or times it out.

    - Who may: the owner; a moderator with ``ban`` (a ban) or ``timeout`` (a timeout); API
      tokens of those with ``moderation:write``; staff on the Admin API; the system.
      Otherwise ``forbidden`` (anonymous: ``unauthenticated``); unknown channel first:
      ``channel-not-found``.
    - A timeout lasts 1 s to 14 days (``invalid``, field ``body.duration_seconds``); the
      reason is optional, at most 500 characters (``invalid``).
    - Unknown user (id or username): ``account-not-found``. Yourself: ``cannot-ban-self``
      (422). The channel's owner: ``cannot-ban-owner``. A moderator, when a moderator asks:
      ``cannot-ban-moderator`` (the owner, staff and the system may).
    - A new ban or timeout replaces the one in force (one open row per channel and account;
      the old row is ended and kept as history). Turning a ban in force into a timeout lifts
      the ban, so a moderator needs ``ban`` for it too (``forbidden``).
    - Writers of one channel queue on a lock: concurrent bans leave exactly one open row.
    - The row, the audit entry (``chat.ban`` / ``chat.timeout``) and the event
      ``chat.user_banned`` are written in one transaction.
    """

    writes: BanWrites

    async def __call__(self, request: BanUserRequest) -> BannedAccount:
        kind = BanKind.BAN if request.duration_seconds is None else BanKind.TIMEOUT
        needs = Permission.BAN if kind is BanKind.BAN else Permission.TIMEOUT
        writes = self.writes
        access = await writes.authorize(request.actor, request.channel, needs)
        duration = check_duration(request.duration_seconds)
        reason = clean_reason(request.reason)
        target = await writes.account(request.user, "body.user")
        channel = access.channel
        if target.id == request.actor.account_id:
            raise CannotBanSelf("you cannot ban or time out yourself")
        if target.id == channel.account_id:
            raise CannotBanOwner(f"{target.username} owns this channel and cannot be banned")
        moderator = access.acting_as is ActingAs.MODERATOR
        if moderator and (await writes.changes.roles.membership(channel, target.id)).is_moderator:
            raise CannotBanModerator(
                f"{target.username} is a moderator here: only the owner or staff may ban them"
            )
        current = await writes.bans.current(channel.id, target.id, lock=True)
        now = writes.changes.clock.now()
        replaced = None
        if current is not None:
            in_force = current.active_at(now)
            if (
                in_force
                and moderator
                and current.kind is BanKind.BAN
                and kind is BanKind.TIMEOUT
                and not access.membership.may(Permission.BAN)
            ):
                raise Forbidden("turning a ban into a timeout needs the ban permission")
            if in_force:
                await writes.bans.end(current.id, now, request.actor.account_id)
                replaced = str(current.id)
            else:  # a timeout that ran out: it ended when it expired, by itself
                await writes.bans.end(current.id, current.expires_at or now, None)
        ban = Ban(
            id=new_id(),
            channel_id=channel.id,
            account_id=target.id,
            kind=kind,
            reason=reason,
            expires_at=now + timedelta(seconds=duration) if duration is not None else None,
            created_by=request.actor.account_id,
            created_at=now,
        )
        await writes.bans.add(ban)
        await writes.done(
            access,
            request.actor,
            action=f"chat.{kind.value}",
            topic=USER_BANNED,
            target=target,
            reason=reason,
            details={**ban_details(ban), "replaced_ban_id": replaced},
            at=now,
        )
        return BannedAccount(ban, target)
