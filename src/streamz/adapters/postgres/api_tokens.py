from __future__ import annotations

import uuid

import asyncpg

from streamz.adapters.postgres.unit import PostgresUnit
from streamz.core.identity.entities import ApiToken, Scope

_COLUMNS = "id, account_id, name, prefix, token_hash, scopes, created_at, expires_at, revoked_at"


def _entity(row: asyncpg.Record) -> ApiToken:
    return ApiToken(
        row["id"],
        row["account_id"],
        row["name"],
        row["prefix"],
        row["token_hash"],
        frozenset(Scope(s) for s in row["scopes"]),
        row["created_at"],
        row["expires_at"],
        row["revoked_at"],
    )


class PostgresApiTokens:
    def __init__(self, unit: PostgresUnit) -> None:
        self._unit = unit

    async def add(self, token: ApiToken) -> None:
        await self._unit.execute(
            f"INSERT INTO api_tokens ({_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",  # noqa: S608
            token.id,
            token.account_id,
            token.name,
            token.prefix,
            token.token_hash,
            sorted(s.value for s in token.scopes),
            token.created_at,
            token.expires_at,
            token.revoked_at,
        )

    async def update(self, token: ApiToken) -> None:
        await self._unit.execute(
            "UPDATE api_tokens SET name = $2, expires_at = $3, revoked_at = $4 WHERE id = $1",
            token.id,
            token.name,
            token.expires_at,
            token.revoked_at,
        )

    async def get(self, token_id: uuid.UUID) -> ApiToken | None:
        row = await self._unit.fetchrow(
            f"SELECT {_COLUMNS} FROM api_tokens WHERE id = $1",  # noqa: S608
            token_id,
        )
        return _entity(row) if row else None

    async def by_hash(self, token_hash: str) -> ApiToken | None:
        row = await self._unit.fetchrow(
            f"SELECT {_COLUMNS} FROM api_tokens WHERE token_hash = $1",  # noqa: S608
            token_hash,
        )
        return _entity(row) if row else None

    async def list_for(
        self, account_id: uuid.UUID, *, limit: int, before: uuid.UUID | None
    ) -> list[ApiToken]:
        rows = await self._unit.fetch(
            f"SELECT {_COLUMNS} FROM api_tokens WHERE account_id = $1"  # noqa: S608
            " AND ($2::uuid IS NULL OR id < $2) ORDER BY id DESC LIMIT $3",
            account_id,
            before,
            limit,
        )
        return [_entity(row) for row in rows]
