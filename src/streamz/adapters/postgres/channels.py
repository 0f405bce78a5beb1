from __future__ import annotations

import uuid

import asyncpg

from streamz.adapters.postgres.unit import PostgresUnit
from streamz.core.channels.entities import Channel
from streamz.core.identity.entities import Account, Role

_COLUMNS = (
    "id, account_id, slug, display_name, bio, is_live, followers_count, created_at, updated_at"
)
_PROFILE = """
SELECT c.id, c.account_id, c.slug, c.display_name, c.bio, c.is_live, c.followers_count,
       c.created_at, c.updated_at,
       a.id AS a_id, a.identity_id, a.username, a.email, a.role,
       a.created_at AS a_created_at, a.updated_at AS a_updated_at
FROM channels c JOIN accounts a ON a.id = c.account_id
"""


def _entity(row: asyncpg.Record) -> Channel:
    return Channel(
        row["id"],
        row["account_id"],
        row["slug"],
        row["display_name"],
        row["bio"],
        row["is_live"],
        row["followers_count"],
        row["created_at"],
        row["updated_at"],
    )


def _owner(row: asyncpg.Record) -> Account:
    return Account(
        row["a_id"],
        row["identity_id"],
        row["username"],
        row["email"],
        Role(row["role"]),
        row["a_created_at"],
        row["a_updated_at"],
    )


class PostgresChannels:
    def __init__(self, unit: PostgresUnit) -> None:
        self._unit = unit

    async def add(self, channel: Channel) -> None:
        await self._unit.execute(
            f"INSERT INTO channels ({_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",  # noqa: S608
            channel.id,
            channel.account_id,
            channel.slug,
            channel.display_name,
            channel.bio,
            channel.is_live,
            channel.followers_count,
            channel.created_at,
            channel.updated_at,
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
