from __future__ import annotations

import uuid
from dataclasses import replace

from streamz.adapters.memory.database import MemoryUnit
from streamz.core.channels.audit import AuditEntry
from streamz.core.channels.entities import Channel
from streamz.core.channels.errors import RoleAlreadyGranted
from streamz.core.channels.roles import ChannelRole, Membership, RoleGrant
from streamz.core.errors import Conflict


class MemoryChannelRoles:
    def __init__(self, unit: MemoryUnit) -> None:
        self._unit = unit
        self._tables = unit.tables
        self._rows: dict[uuid.UUID, RoleGrant] = unit.tables.table("channel_roles")

    async def membership(self, channel: Channel, account_id: uuid.UUID) -> Membership:
        grants = [
            g
            for g in self._rows.values()
            if g.channel_id == channel.id and g.account_id == account_id
        ]
        return Membership.of(is_owner=channel.account_id == account_id, grants=grants)

    async def grant(self, grant: RoleGrant) -> None:
        if await self.get(grant.channel_id, grant.account_id, grant.role):
            raise RoleAlreadyGranted(f"already {grant.role}")
        if grant.channel_id not in self._tables.channels:
            raise Conflict("no such channel")  # the foreign keys
        if grant.account_id not in self._tables.accounts:
            raise Conflict("no such account")
        self._rows[grant.id] = grant
        self._unit.before_commit(lambda: self._still_unique(grant))

    async def _still_unique(self, grant: RoleGrant) -> None:
        """What ``uq_channel_roles`` refuses: the same role granted by a unit committed since."""
        if grant.id not in self._rows:
            return
        key = (grant.channel_id, grant.account_id, grant.role)
        if any((g.channel_id, g.account_id, g.role) == key for g in self._committed_since()):
            raise RoleAlreadyGranted(f"already {grant.role}")

    def _committed_since(self) -> list[RoleGrant]:
        """Grants other units committed (or changed) after this one opened or last committed."""
        seen = self._unit._snapshot.table("channel_roles")  # the adapters' package's own unit
        rows = self._unit.database.tables.table("channel_roles")
        return [g for key, g in rows.items() if seen.get(key) is not g]

    async def update(self, grant: RoleGrant) -> None:
        """As the Postgres UPDATE: the permissions only; a missing grant stays missing."""
        if (current := self._rows.get(grant.id)) is not None:
            self._rows[grant.id] = replace(current, permissions=grant.permissions)

    async def get(
        self, channel_id: uuid.UUID, account_id: uuid.UUID, role: ChannelRole
    ) -> RoleGrant | None:
        return next(
            (
                g
                for g in self._rows.values()
                if (g.channel_id, g.account_id, g.role) == (channel_id, account_id, role)
            ),
            None,
        )

    async def revoke(self, grant_id: uuid.UUID) -> None:
        self._rows.pop(grant_id, None)

    async def list_for(
        self, channel_id: uuid.UUID, role: ChannelRole, *, limit: int, before: uuid.UUID | None
    ) -> list[RoleGrant]:
        rows = [
            g
            for g in self._rows.values()
            if g.channel_id == channel_id and g.role is role and (before is None or g.id < before)
        ]
        return sorted(rows, key=lambda g: g.id, reverse=True)[:limit]

    async def count(self, channel_id: uuid.UUID, role: ChannelRole) -> int:
        return sum(1 for g in self._rows.values() if g.channel_id == channel_id and g.role is role)


class MemoryAuditLog:
    def __init__(self, unit: MemoryUnit) -> None:
        self._tables = unit.tables
        self._rows: dict[uuid.UUID, AuditEntry] = unit.tables.table("channel_audit_log")

    async def record(self, entry: AuditEntry) -> None:
        if entry.channel_id not in self._tables.channels:
            raise Conflict("no such channel")  # the foreign key
        self._rows[entry.id] = entry

    async def list_for(
        self,
        channel_id: uuid.UUID,
        *,
        actions: tuple[str, ...] | None,
        limit: int,
        before: uuid.UUID | None,
    ) -> list[AuditEntry]:
        rows = [
            e
            for e in self._rows.values()
            if e.channel_id == channel_id
            and (not actions or e.action.startswith(actions))
            and (before is None or e.id < before)
        ]
        return sorted(rows, key=lambda e: e.id, reverse=True)[:limit]
