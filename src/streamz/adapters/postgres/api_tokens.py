from __future__ import annotations

import uuid
from typing import Any, cast

from sqlalchemy import Table, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from streamz.adapters.postgres.errors import constraint_errors
from streamz.adapters.postgres.models import ApiTokenRow
from streamz.core.identity.entities import ApiToken, Scope

_T = cast(Table, ApiTokenRow.__table__)
_COLUMNS = (
    _T.c.id,
    _T.c.account_id,
    _T.c.name,
    _T.c.prefix,
    _T.c.token_hash,
    _T.c.scopes,
    _T.c.created_at,
    _T.c.expires_at,
    _T.c.revoked_at,
)


def _entity(row: Any) -> ApiToken:
    return ApiToken(
        row.id,
        row.account_id,
        row.name,
        row.prefix,
        row.token_hash,
        frozenset(Scope(s) for s in row.scopes),
        row.created_at,
        row.expires_at,
        row.revoked_at,
    )


class PostgresApiTokens:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, token: ApiToken) -> None:
        async with constraint_errors():
            await self._session.execute(
                insert(_T).values(
                    id=token.id,
                    account_id=token.account_id,
                    name=token.name,
                    prefix=token.prefix,
                    token_hash=token.token_hash,
                    scopes=sorted(s.value for s in token.scopes),
                    created_at=token.created_at,
                    expires_at=token.expires_at,
                    revoked_at=token.revoked_at,
                )
            )

    async def update(self, token: ApiToken) -> None:
        await self._session.execute(
            update(_T)
            .where(_T.c.id == token.id)
            .values(name=token.name, expires_at=token.expires_at, revoked_at=token.revoked_at)
        )

    async def get(self, token_id: uuid.UUID) -> ApiToken | None:
        row = (await self._session.execute(select(*_COLUMNS).where(_T.c.id == token_id))).first()
        return _entity(row) if row else None

    async def by_hash(self, token_hash: str) -> ApiToken | None:
        query = select(*_COLUMNS).where(_T.c.token_hash == token_hash)
        row = (await self._session.execute(query)).first()
        return _entity(row) if row else None

    async def list_for(
        self, account_id: uuid.UUID, *, limit: int, before: uuid.UUID | None
    ) -> list[ApiToken]:
        query = select(*_COLUMNS).where(_T.c.account_id == account_id)
        if before is not None:
            query = query.where(_T.c.id < before)
        query = query.order_by(_T.c.id.desc()).limit(limit)
        return [_entity(row) for row in await self._session.execute(query)]
