"""The unit-test world of the channel team and subscriptions: memory adapters, fixed clock."""

from __future__ import annotations

from typing import Any

from streamz.adapters.memory.subscriptions import MemorySubscriptions
from streamz.adapters.memory.team import MemoryAuditLog, MemoryChannelRoles
from streamz.core.channels.audit import AuditEntry
from streamz.core.channels.changes import ChannelChanges
from streamz.core.channels.roles import ChannelRole, RoleGrant
from streamz.core.channels.subscriptions.end_subscription import EndSubscription
from streamz.core.channels.subscriptions.entities import Subscription
from streamz.core.channels.subscriptions.grant_subscription import GrantSubscription
from streamz.core.channels.subscriptions.list_subscriptions import ListSubscriptions
from streamz.core.channels.team.grant_role import GrantRole, GrantRoleRequest
from streamz.core.channels.team.list_roles import ListRoles
from streamz.core.channels.team.members import RoleMember
from streamz.core.channels.team.moderation_log import ReadModerationLog
from streamz.core.channels.team.revoke_role import RevokeRole
from streamz.core.channels.team.set_permissions import SetModeratorPermissions
from streamz.core.identity.entities import Account, Principal, PrincipalKind, Role, Scope
from tests.unit.support import SYSTEM, World


class TeamWorld(World):
    def _ports(self) -> tuple[Any, MemoryChannelRoles, MemoryAuditLog]:
        r = self.open()
        return r, MemoryChannelRoles(r.unit), MemoryAuditLog(r.unit)

    def _changes(self) -> tuple[Any, ChannelChanges, MemoryChannelRoles]:
        """One transaction: its repositories, the channel changes and the roles on it."""
        r, roles, log = self._ports()
        return r, ChannelChanges(r.channels, roles, log, r.uow, self.clock), roles

    def grant_role(self) -> GrantRole:
        r, changes, roles = self._changes()
        return GrantRole(changes, roles, r.accounts)

    def revoke_role(self) -> RevokeRole:
        r, changes, roles = self._changes()
        return RevokeRole(changes, roles, r.accounts)

    def set_permissions(self) -> SetModeratorPermissions:
        r, changes, roles = self._changes()
        return SetModeratorPermissions(changes, roles, r.accounts)

    def list_roles(self) -> ListRoles:
        r, roles, _ = self._ports()
        return ListRoles(r.channels, roles, r.accounts)

    def moderation_log(self) -> ReadModerationLog:
        r, roles, log = self._ports()
        return ReadModerationLog(r.channels, roles, log)

    def subscriptions(self) -> MemorySubscriptions:
        return MemorySubscriptions(self.open().unit, self.clock)

    def grant_subscription(self) -> GrantSubscription:
        r, _, log = self._ports()
        subs = MemorySubscriptions(r.unit, self.clock)
        return GrantSubscription(r.channels, r.accounts, subs, log, r.uow, self.clock)

    def end_subscription(self) -> EndSubscription:
        r, _, log = self._ports()
        subs = MemorySubscriptions(r.unit, self.clock)
        return EndSubscription(r.channels, r.accounts, subs, log, r.uow, self.clock)

    def list_subscriptions(self) -> ListSubscriptions:
        r, roles, _ = self._ports()
        subs = MemorySubscriptions(r.unit, self.clock)
        return ListSubscriptions(r.channels, roles, r.accounts, subs, self.clock)

    # arrangements and reads

    async def give(
        self, channel: str, role: ChannelRole, account: str, permissions: list[str] | None = None
    ) -> RoleMember:
        request = GrantRoleRequest(SYSTEM, channel, role, account, permissions)
        return await self.grant_role()(request)

    def grants(self) -> list[RoleGrant]:
        return list(self.tables.named.get("channel_roles", {}).values())

    def audit(self) -> list[AuditEntry]:
        return sorted(self.tables.named.get("channel_audit_log", {}).values(), key=lambda e: e.id)

    def subscription_rows(self) -> list[Subscription]:
        rows = self.tables.named.get("channel_subscriptions", {}).values()
        return sorted(rows, key=lambda s: s.id)


def staff(account: Account) -> Principal:
    """A staff session acting on the Admin API."""
    return Principal(PrincipalKind.STAFF, account.id, Role.STAFF)


def token(account: Account, *scopes: Scope) -> Principal:
    """An API token of ``account`` with ``scopes``."""
    return Principal(PrincipalKind.TOKEN, account.id, account.role, frozenset(scopes))
