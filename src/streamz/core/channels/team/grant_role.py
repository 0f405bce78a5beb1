from __future__ import annotations

from dataclasses import dataclass

from streamz.core.channels.changes import ChannelChanges
from streamz.core.channels.errors import OwnerCannotHoldRole, RoleAlreadyGranted
from streamz.core.channels.roles import (
    DEFAULT_MODERATOR_PERMISSIONS,
    ChannelRole,
    Permission,
    RoleGrant,
    permission_to_change,
)
from streamz.core.channels.team.members import (
    RoleMember,
    clean_reason,
    parse_permissions,
    role_details,
    role_event,
)
from streamz.core.errors import Invalid
from streamz.core.identity.entities import Principal, Scope
from streamz.core.identity.lookup import find_account
from streamz.core.shared.ids import new_id
from streamz.ports.identity import AccountRepository
from streamz.ports.team import ChannelRoleRepository


@dataclass(frozen=True, slots=True)
class GrantRoleRequest:
    actor: Principal
    channel: str  # channel id or slug
    role: ChannelRole
    account: str  # account id or username
    permissions: list[str] | None = None  # moderators only; None: the default set
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class GrantRole:
    """Gives an account a role (moderator, VIP, OG) in a channel.

    - The owner grants any role; a moderator with ``manage_roles`` grants VIP and OG, never
      moderator (``forbidden``); staff on the Admin API and the system grant any role.
      API tokens need the ``moderation:write`` scope.
    - Unknown channel: ``channel-not-found``; unknown account (username or id):
      ``account-not-found``.
    - The owner holds every power already and cannot be given a role (``owner-cannot-hold-role``).
    - The same role twice: ``role-already-granted``.
    - Moderators get ``permissions`` (known names, duplicates folded; default ban, timeout,
      delete_messages); VIPs and OGs take none (``invalid``).
    - The grant, the audit entry ``role.granted`` and the event ``channel.role_granted`` are
      written in one transaction; after the commit the account's cached chat identity in the
      channel is dropped.
    """

    changes: ChannelChanges
    roles: ChannelRoleRepository
    accounts: AccountRepository

    async def __call__(self, request: GrantRoleRequest) -> RoleMember:
        needs = permission_to_change(request.role)
        access = await self.changes.authorize(
            request.actor, request.channel, permission=needs, scope=Scope.MODERATION_WRITE
        )
        permissions = _permissions(request)
        reason = clean_reason(request.reason)
        account = await find_account(self.accounts, request.account)
        channel = access.channel
        if account.id == channel.account_id:
            raise OwnerCannotHoldRole(
                f"{account.username} owns this channel and cannot be made {request.role}"
            )
        if await self.roles.get(channel.id, account.id, request.role) is not None:
            raise RoleAlreadyGranted(f"{account.username} is already {request.role} here")
        now = self.changes.clock.now()
        grant = RoleGrant(
            id=new_id(),
            channel_id=channel.id,
            account_id=account.id,
            role=request.role,
            permissions=permissions,
            granted_by=request.actor.account_id,
            created_at=now,
        )
        await self.roles.grant(grant)
        await self.changes.commit(
            access,
            request.actor,
            "role.granted",
            events=[role_event("channel.role_granted", grant, access, request.actor, now)],
            target_account_id=account.id,
            details=role_details(grant),
            reason=reason,
            at=now,
        )
        return RoleMember(grant, account)


def _permissions(request: GrantRoleRequest) -> frozenset[Permission]:
    if request.role is not ChannelRole.MODERATOR:
        if request.permissions:
            raise Invalid.field("body.permissions", "only moderators have permissions")
        return frozenset()
    if request.permissions is None:
        return DEFAULT_MODERATOR_PERMISSIONS
    return parse_permissions(request.permissions)
