from __future__ import annotations

import uuid

from streamz.adapters.postgres.rows import (
    columns,
    labelled,
    mapper,
    placeholders,
    row_mapper,
    values,
)
from streamz.adapters.postgres.unit import PostgresUnit
from streamz.core.channels.entities import Channel
from streamz.core.identity.entities import Account, Role

_COLUMNS = columns(Channel)
_PROFILE = (
    f"SELECT {columns(Channel, prefix='c.')}, {labelled(Account, prefix='a.', label='a_')}"  # noqa: S608
    " FROM channels c JOIN accounts a ON a.id = c.account_id "
)
_entity = mapper(Channel)
_owner = row_mapper(Account, label="a_", convert={"role": Role})


class PostgresChannels:
    def __init__(self, unit: PostgresUnit) -> None:
        self._unit = unit

    async def add(self, channel: Channel) -> None:
        row = values(channel)
        await self._unit.execute(
            f"INSERT INTO channels ({_COLUMNS}) VALUES ({placeholders(len(row))})",  # noqa: S608
            *row,
        )

    async def get(self, channel_id: uuid.UUID) -> Channel | None:
        return await self._one("id", channel_id)

    async def by_slug(self, slug: str) -> Channel | None:
        return await self._one("slug", slug)

    async def by_account(self, account_id: uuid.UUID) -> Channel | None:
        return await self._one("account_id", account_id)

    async def profile(
        self, *, channel_id: uuid.UUID | None, slug: str | None
    ) -> tuple[Channel, Account] | None:
        """The channel with its owner, in one query."""
        if channel_id is not None:
            row = await self._unit.fetchrow(_PROFILE + "WHERE c.id = $1", channel_id)
        else:
            row = await self._unit.fetchrow(_PROFILE + "WHERE c.slug = $1", slug)
        return (_entity(row), _owner(row)) if row else None

    async def _one(self, column: str, value: object) -> Channel | None:
        row = await self._unit.fetchrow(
            f"SELECT {_COLUMNS} FROM channels WHERE {column} = $1",  # noqa: S608 - fixed names
            value,
        )
        return _entity(row) if row else None
