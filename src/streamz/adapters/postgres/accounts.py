from __future__ import annotations

import uuid

from streamz.adapters.postgres.rows import columns, mapper, placeholders, values
from streamz.adapters.postgres.unit import PostgresUnit
from streamz.core.identity.entities import Account, Role

_COLUMNS = columns(Account)
_entity = mapper(Account, convert={"role": Role})


class PostgresAccounts:
    def __init__(self, unit: PostgresUnit) -> None:
        self._unit = unit

    async def add(self, account: Account) -> None:
        row = values(account)
        await self._unit.execute(
            f"INSERT INTO accounts ({_COLUMNS}) VALUES ({placeholders(len(row))})",  # noqa: S608
            *row,
        )

    async def update(self, account: Account) -> None:
        await self._unit.execute(
            "UPDATE accounts SET email = $2, role = $3, updated_at = $4, email_verified_at = $5"
            " WHERE id = $1",
            account.id,
            account.email,
            account.role.value,
            account.updated_at,
            account.email_verified_at,
        )

    async def get(self, account_id: uuid.UUID) -> Account | None:
        return await self._one("id", account_id)

    async def by_username(self, username: str) -> Account | None:
        return await self._one("username", username)

    async def ids_by_usernames(self, usernames: list[str]) -> dict[str, uuid.UUID]:
        if not usernames:
            return {}
        rows = await self._unit.fetch(
            "SELECT username, id FROM accounts WHERE username = ANY($1::text[])", usernames
        )
        return {r[0]: r[1] for r in rows}

    async def by_identity(self, identity_id: str) -> Account | None:
        return await self._one("identity_id", identity_id)

    async def _one(self, column: str, value: object) -> Account | None:
        row = await self._unit.fetchrow(
            f"SELECT {_COLUMNS} FROM accounts WHERE {column} = $1",  # noqa: S608 - fixed names
            value,
        )
        return _entity(row) if row else None
