"""Follows (rows and counts in one statement) and notification preferences on PostgreSQL."""

from __future__ import annotations

import uuid
from datetime import datetime

from streamz.adapters.postgres.categories import category
from streamz.adapters.postgres.rows import (
    column_names,
    columns,
    field_names,
    labelled,
    mapper,
    placeholders,
    row_mapper,
    values,
)
from streamz.adapters.postgres.unit import PostgresUnit
from streamz.core.channels.entities import Channel
from streamz.core.live.entities import Category
from streamz.core.shared.ids import new_id
from streamz.core.social.entities import Follow, FollowedCategory, FollowedChannel

_follow = mapper(Follow)
_labelled_follow = row_mapper(Follow, label="f_")
_channel = mapper(Channel)


class _FollowRows:
    """``table`` holds (account_id, ``column``); ``target`` holds ``followers_count``."""

    table = ""
    column = ""
    target = ""

    def __init__(self, unit: PostgresUnit) -> None:
        self._unit = unit
        rename = {"target_id": self.column}
        self._columns = columns(Follow, rename=rename)  # "channel_id AS target_id"
        self._stored = column_names(Follow, rename=rename)

    async def follow(self, follow: Follow) -> bool:
        # the count moves only when a row was inserted: exact under concurrent follows
        rows = await self._unit.fetch_for_write(
            f"WITH added AS (INSERT INTO {self.table} ({self._stored})"  # noqa: S608
            f" VALUES ({placeholders(len(field_names(Follow)))})"
            f" ON CONFLICT (account_id, {self.column}) DO NOTHING"
            f" RETURNING {self.column}),"
            f" counted AS (UPDATE {self.target} SET followers_count = followers_count + 1"
            f" WHERE id IN (SELECT {self.column} FROM added) RETURNING id)"
            " SELECT id FROM counted",
            *values(follow),
        )
        return bool(rows)

    async def unfollow(self, account_id: uuid.UUID, target_id: uuid.UUID) -> Follow | None:
        rows = await self._unit.fetch_for_write(
            f"WITH removed AS (DELETE FROM {self.table}"  # noqa: S608
            f" WHERE account_id = $1 AND {self.column} = $2"
            f" RETURNING {self._columns}),"
            f" counted AS (UPDATE {self.target} SET followers_count = followers_count - 1"
            " WHERE id IN (SELECT target_id FROM removed) RETURNING id)"
            " SELECT removed.* FROM removed, counted",
            account_id,
            target_id,
        )
        return _follow(rows[0]) if rows else None

    async def get(self, account_id: uuid.UUID, target_id: uuid.UUID) -> Follow | None:
        row = await self._unit.fetchrow(
            f"SELECT {self._columns} FROM {self.table}"  # noqa: S608
            f" WHERE account_id = $1 AND {self.column} = $2",
            account_id,
            target_id,
        )
        return _follow(row) if row else None


def _follows(column: str) -> str:
    """The select list of a follow from ``f`` (its target is ``column``), labelled ``f_``."""
    return labelled(Follow, prefix="f.", label="f_", rename={"target_id": column})


class PostgresChannelFollows(_FollowRows):
    table, column, target = "channel_follows", "channel_id", "channels"

    async def list_for(
        self, account_id: uuid.UUID, *, limit: int, before: uuid.UUID | None
    ) -> list[FollowedChannel]:
        rows = await self._unit.fetch(
            f"SELECT {_follows('channel_id')}, {columns(Channel, prefix='c.')}"  # noqa: S608
            " FROM channel_follows f JOIN channels c ON c.id = f.channel_id"
            " WHERE f.account_id = $1 AND ($2::uuid IS NULL OR f.id < $2)"
            " ORDER BY f.id DESC LIMIT $3",
            account_id,
            before,
            limit,
        )
        return [FollowedChannel(_labelled_follow(r), _channel(r)) for r in rows]


_CATEGORY = labelled(Category, prefix="c.", label="c_")


class PostgresCategoryFollows(_FollowRows):
    table, column, target = "category_follows", "category_id", "categories"

    async def list_for(
        self, account_id: uuid.UUID, *, limit: int, before: uuid.UUID | None
    ) -> list[FollowedCategory]:
        rows = await self._unit.fetch(
            f"SELECT {_follows('category_id')}, {_CATEGORY}"  # noqa: S608
            " FROM category_follows f JOIN categories c ON c.id = f.category_id"
            " WHERE f.account_id = $1 AND c.deleted_at IS NULL"
            " AND ($2::uuid IS NULL OR f.id < $2) ORDER BY f.id DESC LIMIT $3",
            account_id,
            before,
            limit,
        )
        return [FollowedCategory(_labelled_follow(r), category(r, "c_")) for r in rows]


class PostgresNotificationPreferences:
    def __init__(self, unit: PostgresUnit) -> None:
        self._unit = unit

    async def account(self, account_id: uuid.UUID) -> dict[str, bool]:
        value = await self._unit.fetchval(
            "SELECT settings FROM notification_preferences WHERE account_id = $1", account_id
        )
        return dict(value or {})

    async def merge_account(
        self, account_id: uuid.UUID, values: dict[str, bool], at: datetime
    ) -> dict[str, bool]:
        rows = await self._unit.fetch_for_write(
            "INSERT INTO notification_preferences (id, account_id, settings, updated_at)"
            " VALUES ($1, $2, $3, $4) ON CONFLICT (account_id) DO UPDATE"
            " SET settings = notification_preferences.settings || excluded.settings,"
            " updated_at = excluded.updated_at RETURNING settings",
            new_id(),
            account_id,
            values,
            at,
        )
        return dict(rows[0]["settings"])

    async def channel(self, account_id: uuid.UUID, channel_id: uuid.UUID) -> dict[str, bool]:
        value = await self._unit.fetchval(
            "SELECT settings FROM channel_notification_preferences"
            " WHERE account_id = $1 AND channel_id = $2",
            account_id,
            channel_id,
        )
        return dict(value or {})

    async def merge_channel(
        self,
        account_id: uuid.UUID,
        channel_id: uuid.UUID,
        values: dict[str, bool],
        cleared: list[str],
        at: datetime,
    ) -> dict[str, bool]:
        rows = await self._unit.fetch_for_write(
            "INSERT INTO channel_notification_preferences"
            " (id, account_id, channel_id, settings, updated_at)"
            " VALUES ($1, $2, $3, $4, $6) ON CONFLICT (account_id, channel_id) DO UPDATE"
            " SET settings = (channel_notification_preferences.settings - $5::text[])"
            " || excluded.settings, updated_at = excluded.updated_at RETURNING settings",
            new_id(),
            account_id,
            channel_id,
            values,
            cleared,
            at,
        )
        return dict(rows[0]["settings"])

    async def clear_channel(self, account_id: uuid.UUID, channel_id: uuid.UUID) -> None:
        await self._unit.execute(
            "DELETE FROM channel_notification_preferences"
            " WHERE account_id = $1 AND channel_id = $2",
            account_id,
            channel_id,
        )
