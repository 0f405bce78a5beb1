"""Who may change a channel: the owner, a moderator with the permission, staff on the Admin
API, and the system. Every use case that writes to a channel asks here first."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from streamz.core.channels.audit import ActingAs, AuditEntry
from streamz.core.channels.entities import Channel
from streamz.core.channels.errors import ChannelNotFound
from streamz.core.channels.roles import Membership, Permission
from streamz.core.errors import Forbidden
from streamz.core.identity.entities import Principal, PrincipalKind, Scope
from streamz.core.shared.ids import parse_id
from streamz.ports.channels import ChannelRepository
from streamz.ports.team import ChannelRoleRepository


@dataclass(frozen=True, slots=True)
class ChannelAccess:
    channel: Channel
    membership: Membership
    acting_as: ActingAs


async def find_channel(channels: ChannelRepository, identifier: str) -> Channel:
    channel_id = parse_id(identifier)
    if channel_id is not None:
        channel = await channels.get(channel_id)
    else:
        channel = await channels.by_slug(identifier.strip().lower())
    if channel is None:
        raise ChannelNotFound(f"no channel {identifier!r}")
    return channel


async def _resolve(
    channels: ChannelRepository,
    roles: ChannelRoleRepository,
    actor: Principal,
    identifier: str,
    scope: Scope | None,
) -> tuple[Channel, Membership, ActingAs | None]:
    """The channel (``ChannelNotFound`` first), and either the system's or staff's powers or what
    the actor is in the channel (API tokens must carry ``scope`` when one is named)."""
    channel = await find_channel(channels, identifier)
    if actor.is_system:
        return channel, Membership.none(), ActingAs.SYSTEM
    account_id = actor.require_account()
    if actor.kind is PrincipalKind.STAFF:
        return channel, Membership.none(), ActingAs.STAFF
    if actor.kind is PrincipalKind.TOKEN and scope is not None:
        actor.require_scope(scope)
    return channel, await roles.membership(channel, account_id), None


async def authorize(
    channels: ChannelRepository,
    roles: ChannelRoleRepository,
    actor: Principal,
    identifier: str,
    *,
    permission: Permission | None,
    scope: Scope,
) -> ChannelAccess:
    """The channel, if ``actor`` may act on it with ``permission`` (None: the owner only).

    - Unknown channel: ``ChannelNotFound`` (checked first: channels are public).
    - System (CLI, workers, library): always, acting as system.
    - Staff acting on the Admin API: always, acting as staff (callers write an audit entry).
    - API tokens need ``scope``, then act as their owner.
    - Owner: always. Moderator: when granted ``permission``. Anyone else: ``Forbidden``.
    """
    channel, membership, elevated = await _resolve(channels, roles, actor, identifier, scope)
    if elevated is not None:
        return ChannelAccess(channel, membership, elevated)
    if membership.is_owner:
        return ChannelAccess(channel, membership, ActingAs.OWNER)
    if permission is not None and membership.may(permission):
        return ChannelAccess(channel, membership, ActingAs.MODERATOR)
    if permission is None:
        raise Forbidden("only the channel's owner may do this")
    raise Forbidden(f"this needs the channel's owner or a moderator with {permission}")


async def authorize_team(
    channels: ChannelRepository,
    roles: ChannelRoleRepository,
    actor: Principal,
    identifier: str,
) -> ChannelAccess:
    """The channel, if ``actor`` is on its team: the owner, any moderator (whatever their
    permissions), staff on the Admin API, or the system. For reading what the team sees, such as
    the moderation log. Unknown channel first (``ChannelNotFound``), then ``Forbidden``.
    """
    channel, membership, elevated = await _resolve(channels, roles, actor, identifier, None)
    if elevated is not None:
        return ChannelAccess(channel, membership, elevated)
    if membership.is_owner:
        return ChannelAccess(channel, membership, ActingAs.OWNER)
    if membership.is_moderator:
        return ChannelAccess(channel, membership, ActingAs.MODERATOR)
    raise Forbidden("only the channel's owner, its moderators and staff may do this")


def require_staff_or_system(actor: Principal) -> ActingAs:
    """Staff acting on the Admin API, or the system; anyone else: ``Forbidden``."""
    if actor.is_system:
        return ActingAs.SYSTEM
    actor.require_account()
    if actor.kind is PrincipalKind.STAFF:
        return ActingAs.STAFF
    raise Forbidden("this operation is for staff on the Admin API")


def audit(
    access: ChannelAccess,
    actor: Principal,
    action: str,
    at: datetime,
    *,
    target_account_id: uuid.UUID | None = None,
    details: dict[str, Any] | None = None,
    reason: str | None = None,
) -> AuditEntry:
    """The audit entry for an action taken through ``access`` (who, what, when, why)."""
    return AuditEntry(
        channel_id=access.channel.id,
        actor_id=actor.account_id,
        acting_as=access.acting_as,
        action=action,
        at=at,
        target_account_id=target_account_id,
        details=details or {},
        reason=reason,
    )
