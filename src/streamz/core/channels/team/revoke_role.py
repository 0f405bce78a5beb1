from __future__ import annotations

from dataclasses import dataclass

from streamz.core.channels.changes import ChannelChanges
from streamz.core.channels.errors import RoleNotFound
from streamz.core.channels.roles import ChannelRole, permission_to_change
from streamz.core.channels.team.members import RoleMember, clean_reason, role_details, role_event
from streamz.core.identity.entities import Principal, Scope
from streamz.core.identity.lookup import find_account
from streamz.ports.identity import AccountRepository
from streamz.ports.team import ChannelRoleRepository


@dataclass(frozen=True, slots=True)
class RevokeRoleRequest:
    actor: Principal
    channel: str  # channel id or slug
    role: ChannelRole
    account: str  # account id or username
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class RevokeRole:
    """Removes an account's role (moderator, VIP, OG) in a channel.

    - Who may: as for granting (the owner any role; a moderator with ``manage_roles`` VIP and
      OG only; staff on the Admin API; the system). API tokens need ``moderation:write``.
    - Unknown channel or account: ``channel-not-found`` / ``account-not-found``; an account
      without that role: ``role-not-found``.
    - The removal, the audit entry ``role.revoked`` and the event ``channel.role_revoked`` are
      written in one transaction; after the commit the account's cached chat identity in the
      channel is dropped. Returns what was removed.
    """

    changes: ChannelChanges
    roles: ChannelRoleRepository
    accounts: AccountRepository

    async def __call__(self, request: RevokeRoleRequest) -> RoleMember:
        needs = permission_to_change(request.role)
        access = await self.changes.authorize(
            request.actor, request.channel, permission=needs, scope=Scope.MODERATION_WRITE
        )
        reason = clean_reason(request.reason, "query.reason")
        account = await find_account(self.accounts, request.account)
        grant = await self.roles.get(access.channel.id, account.id, request.role)
        if grant is None:
            raise RoleNotFound(f"{account.username} is not {request.role} here")
        now = self.changes.clock.now()
        await self.roles.revoke(grant.id)
        await self.changes.commit(
            access,
            request.actor,
            "role.revoked",
            events=[role_event("channel.role_revoked", grant, access, request.actor, now)],
            target_account_id=account.id,
            details=role_details(grant),
            reason=reason,
            at=now,
        )
        return RoleMember(grant, account)
