from __future__ import annotations

import uuid

from streamz.adapters.postgres.rows import columns, mapper, placeholders, row_values
from streamz.adapters.postgres.unit import PostgresUnit
from streamz.core.identity.entities import ApiToken, Scope

_COLUMNS = columns(ApiToken)
_entity = mapper(ApiToken, convert={"scopes": lambda scopes: frozenset(map(Scope, scopes))})
_STORED = {"scopes": sorted}


class PostgresApiTokens:
    def __init__(self, unit: PostgresUnit) -> None:
        self._unit = unit

    async def add(self, token: ApiToken) -> None:
        row = row_values(token, convert=_STORED)
        await self._unit.execute(
            f"INSERT INTO api_tokens ({_COLUMNS}) VALUES ({placeholders(len(row))})",  # noqa: S608
            *row,
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
        return await self._one("id", token_id)

    async def by_hash(self, token_hash: str) -> ApiToken | None:
        return await self._one("token_hash", token_hash)

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

    async def _one(self, column: str, value: object) -> ApiToken | None:
        row = await self._unit.fetchrow(
            f"SELECT {_COLUMNS} FROM api_tokens WHERE {column} = $1",  # noqa: S608 - fixed names
            value,
        )
        return _entity(row) if row else None
