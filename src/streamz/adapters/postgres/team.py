from __future__ import annotations

import uuid

from streamz.adapters.postgres.rows import (
    column_names,
    columns,
    mapper,
    placeholders,
    row_values,
    values,
)
from streamz.adapters.postgres.unit import PostgresUnit, register_constraint
from streamz.core.channels.audit import ActingAs, AuditEntry
from streamz.core.channels.entities import Channel
from streamz.core.channels.errors import RoleAlreadyGranted
from streamz.core.channels.roles import ChannelRole, Membership, Permission, RoleGrant

register_constraint("uq_channel_roles", RoleAlreadyGranted)

_COLUMNS = columns(RoleGrant)
_STORED = {"permissions": sorted}
_grant = mapper(
    RoleGrant,
    convert={"role": ChannelRole, "permissions": lambda ps: frozenset(map(Permission, ps))},
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
        row = row_values(grant, convert=_STORED)
        await self._unit.execute(
            f"INSERT INTO channel_roles ({_COLUMNS}) VALUES ({placeholders(len(row))})",  # noqa: S608
            *row,
        )

    async def update(self, grant: RoleGrant) -> None:
        await self._unit.execute(
            "UPDATE channel_roles SET permissions = $2 WHERE id = $1",
            grant.id,
            sorted(grant.permissions),
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


_AUDIT_RENAME = {"at": "created_at"}
_AUDIT = columns(AuditEntry, rename=_AUDIT_RENAME)
_AUDIT_STORED = column_names(AuditEntry, rename=_AUDIT_RENAME)
_entry = mapper(AuditEntry, convert={"acting_as": ActingAs})


class PostgresAuditLog:
    def __init__(self, unit: PostgresUnit) -> None:
        self._unit = unit

    async def record(self, entry: AuditEntry) -> None:
        row = values(entry)
        await self._unit.execute(
            f"INSERT INTO channel_audit_log ({_AUDIT_STORED}) VALUES ({placeholders(len(row))})",  # noqa: S608
            *row,
        )

    async def list_for(
        self,
        channel_id: uuid.UUID,
        *,
        actions: tuple[str, ...] | None,
        limit: int,
        before: uuid.UUID | None,
    ) -> list[AuditEntry]:
        patterns = [_escaped(a) + "%" for a in actions] if actions else None
        rows = await self._unit.fetch(
            f"SELECT {_AUDIT} FROM channel_audit_log WHERE channel_id = $1"  # noqa: S608
            " AND ($2::text[] IS NULL OR action LIKE ANY($2))"
            " AND ($3::uuid IS NULL OR id < $3) ORDER BY id DESC LIMIT $4",
            channel_id,
            patterns,
            before,
            limit,
        )
        return [_entry(r) for r in rows]


def _escaped(prefix: str) -> str:
    """``prefix`` matched literally by LIKE (``_`` and ``%`` are not wildcards in it)."""
    return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
