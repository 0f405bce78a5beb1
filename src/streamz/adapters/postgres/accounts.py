from __future__ import annotations

import uuid
from typing import Any, cast

from sqlalchemy import Table, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from streamz.adapters.postgres.errors import constraint_errors
from streamz.adapters.postgres.models import AccountRow
from streamz.core.identity.entities import Account, Role

_T = cast(Table, AccountRow.__table__)
_COLUMNS = (
    _T.c.id,
    _T.c.identity_id,
    _T.c.username,
    _T.c.email,
    _T.c.role,
    _T.c.created_at,
    _T.c.updated_at,
)


def _entity(row: Any) -> Account:
    return Account(
        row.id,
        row.identity_id,
        row.username,
        row.email,
        Role(row.role),
        row.created_at,
        row.updated_at,
    )


def _values(account: Account) -> dict[str, Any]:
    return {
        "id": account.id,
        "identity_id": account.identity_id,
        "username": account.username,
        "email": account.email,
        "role": account.role.value,
        "created_at": account.created_at,
        "updated_at": account.updated_at,
    }


class PostgresAccounts:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, account: Account) -> None:
        async with constraint_errors():
            await self._session.execute(insert(_T).values(_values(account)))

    async def update(self, account: Account) -> None:
        async with constraint_errors():
            await self._session.execute(
                update(_T).where(_T.c.id == account.id).values(_values(account))
            )

    async def get(self, account_id: uuid.UUID) -> Account | None:
        return await self._one(_T.c.id == account_id)

    async def by_username(self, username: str) -> Account | None:
        return await self._one(_T.c.username == username)

    async def by_identity(self, identity_id: str) -> Account | None:
        return await self._one(_T.c.identity_id == identity_id)

    async def _one(self, condition: Any) -> Account | None:
        result = await self._session.execute(select(*_COLUMNS).where(condition))
        row = result.first()
        return _entity(row) if row else None
