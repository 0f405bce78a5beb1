from __future__ import annotations

import uuid

import asyncpg

from streamz.adapters.postgres.unit import PostgresUnit, register_constraint
from streamz.core.channels.audit import ActingAs, AuditEntry
from streamz.core.channels.entities import Channel
from streamz.core.channels.errors import RoleAlreadyGranted
from streamz.core.channels.roles import ChannelRole, Membership, Permission, RoleGrant

register_constraint("uq_channel_roles", RoleAlreadyGranted)

_COLUMNS = "id, channel_id, account_id, role, permissions, granted_by, created_at"


def _grant(row: asyncpg.Record) -> RoleGrant:
    return RoleGrant(
        row["id"],
        row["channel_id"],
        row["account_id"],
        ChannelRole(row["role"]),
        frozenset(Permission(p) for p in row["permissions"]),
        row["granted_by"],
        row["created_at"],
    )


class PostgresChannelRoles:
    def __init__(self, unit: PostgresUnit) -> None:
        self._unit = unit

    async def membership(self, channel: Channel, account_id: uuid.UUID) -> Membership:
        rows = await self._unit.fetch(
            f"SELECT {_COLUMNS} FROM channel_roles WHERE channel_id = $1 AND account_id = $2",  # noqa: S608
            channel.id,
            account_id,
        )
        return Membership.of(
            is_owner=channel.account_id == account_id, grants=[_grant(r) for r in rows]
        )

    async def grant(self, grant: RoleGrant) -> None:
        await self._unit.execute(
            f"INSERT INTO channel_roles ({_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)",  # noqa: S608
            grant.id,
            grant.channel_id,
            grant.account_id,
            grant.role.value,
            sorted(p.value for p in grant.permissions),
            grant.granted_by,
            grant.created_at,
        )

    async def update(self, grant: RoleGrant) -> None:
        await self._unit.execute(
            "UPDATE channel_roles SET permissions = $2 WHERE id = $1",
            grant.id,
            sorted(p.value for p in grant.permissions),
        )

    async def get(
        self, channel_id: uuid.UUID, account_id: uuid.UUID, role: ChannelRole
    ) -> RoleGrant | None:
        row = await self._unit.fetchrow(
            f"SELECT {_COLUMNS} FROM channel_roles"  # noqa: S608
            " WHERE channel_id = $1 AND account_id = $2 AND role = $3",
            channel_id,
            account_id,
            role.value,
        )
        return _grant(row) if row else None

    async def revoke(self, grant_id: uuid.UUID) -> None:
        await self._unit.execute("DELETE FROM channel_roles WHERE id = $1", grant_id)

    async def list_for(
        self, channel_id: uuid.UUID, role: ChannelRole, *, limit: int, before: uuid.UUID | None
    ) -> list[RoleGrant]:
        rows = await self._unit.fetch(
            f"SELECT {_COLUMNS} FROM channel_roles WHERE channel_id = $1 AND role = $2"  # noqa: S608
            " AND ($3::uuid IS NULL OR id < $3) ORDER BY id DESC LIMIT $4",
            channel_id,
            role.value,
            before,
            limit,
        )
        return [_grant(r) for r in rows]

    async def count(self, channel_id: uuid.UUID, role: ChannelRole) -> int:
        value = await self._unit.fetchval(
            "SELECT count(*) FROM channel_roles WHERE channel_id = $1 AND role = $2",
            channel_id,
            role.value,
        )
        return int(value)


_AUDIT = (
    "id, channel_id, actor_id, acting_as, action, target_account_id, details, reason, created_at"
)


class PostgresAuditLog:
    def __init__(self, unit: PostgresUnit) -> None:
        self._unit = unit

    async def record(self, entry: AuditEntry) -> None:
        await self._unit.execute(
            f"INSERT INTO channel_audit_log ({_AUDIT})"  # noqa: S608
            " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            entry.id,
            entry.channel_id,
            entry.actor_id,
            entry.acting_as.value,
            entry.action,
            entry.target_account_id,
            entry.details,
            entry.reason,
            entry.at,
        )

    async def list_for(
        self,
        channel_id: uuid.UUID,
        *,
        actions: tuple[str, ...] | None,
        limit: int,
        before: uuid.UUID | None,
    ) -> list[AuditEntry]:
        patterns = [a + "%" for a in actions] if actions else None
        rows = await self._unit.fetch(
            f"SELECT {_AUDIT} FROM channel_audit_log WHERE channel_id = $1"  # noqa: S608
            " AND ($2::text[] IS NULL OR action LIKE ANY($2))"
            " AND ($3::uuid IS NULL OR id < $3) ORDER BY id DESC LIMIT $4",
            channel_id,
            patterns,
            before,
            limit,
        )
        return [
            AuditEntry(
                channel_id=r["channel_id"],
                actor_id=r["actor_id"],
                acting_as=ActingAs(r["acting_as"]),
                action=r["action"],
                at=r["created_at"],
                target_account_id=r["target_account_id"],
                details=r["details"],
                reason=r["reason"],
                id=r["id"],
            )
            for r in rows
        ]
