from __future__ import annotations

from dataclasses import dataclass, replace

from streamz.core.channels.changes import ChannelChanges
from streamz.core.channels.errors import RoleNotFound
from streamz.core.channels.roles import ChannelRole
from streamz.core.channels.team.members import (
    RoleMember,
    clean_reason,
    parse_permissions,
    role_event,
    sorted_names,
)
from streamz.core.identity.entities import Principal, Scope
from streamz.core.identity.lookup import find_account
from streamz.ports.identity import AccountRepository
from streamz.ports.team import ChannelRoleRepository


@dataclass(frozen=True, slots=True)
class SetModeratorPermissionsRequest:
    actor: Principal
    channel: str  # channel id or slug
    account: str  # account id or username
    permissions: list[str]
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class SetModeratorPermissions:
    """Replaces a moderator's permissions.

    - The owner, staff on the Admin API and the system only (moderators never change
      moderators). API tokens need ``moderation:write``.
    - Unknown channel or account: ``channel-not-found`` / ``account-not-found``; not a
      moderator: ``role-not-found``; unknown permission names: ``invalid``.
    - The same permissions again change nothing and write nothing.
    - The change, the audit entry ``role.permissions_changed`` (from, to) and the event
      ``channel.role_permissions_changed`` are written in one transaction.
    """

    changes: ChannelChanges
    roles: ChannelRoleRepository
    accounts: AccountRepository

    async def __call__(self, request: SetModeratorPermissionsRequest) -> RoleMember:
        access = await self.changes.authorize(
            request.actor, request.channel, permission=None, scope=Scope.MODERATION_WRITE
        )
        permissions = parse_permissions(request.permissions)
        reason = clean_reason(request.reason)
        account = await find_account(self.accounts, request.account)
        grant = await self.roles.get(access.channel.id, account.id, ChannelRole.MODERATOR)
        if grant is None:
            raise RoleNotFound(f"{account.username} is not a moderator here")
        if grant.permissions == permissions:
            return RoleMember(grant, account)
        now = self.changes.clock.now()
        changed = replace(grant, permissions=permissions)
        await self.roles.update(changed)
        event = role_event("channel.role_permissions_changed", changed, access, request.actor, now)
        await self.changes.commit(
            access,
            request.actor,
            "role.permissions_changed",
            events=[event],
            target_account_id=account.id,
            details={
                "role": ChannelRole.MODERATOR.value,
                "from": sorted_names(grant.permissions),
                "to": sorted_names(permissions),
            },
            reason=reason,
            at=now,
        )
        return RoleMember(changed, account)
