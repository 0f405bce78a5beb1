"""In-memory follows, notification preferences and categories, with the Postgres rules.

Rows are replaced, never changed in place: a unit's commit applies the rows it replaced.
"""

from __future__ import annotations

import uuid
import weakref
from dataclasses import replace
from datetime import datetime
from typing import Any

from streamz.adapters.memory.database import MemoryUnit, Tables
from streamz.core.errors import Conflict
from streamz.core.live.entities import Category
from streamz.core.live.errors import CategoryIgdbIdTaken, CategorySlugTaken
from streamz.core.social.entities import Follow, FollowedCategory, FollowedChannel

Key = tuple[uuid.UUID, uuid.UUID]


class MemoryCategories:
    def __init__(self, unit: MemoryUnit) -> None:
        self._rows: dict[uuid.UUID, Category] = unit.tables.table("categories")

    async def add(self, category: Category) -> None:
        if category.slug != category.slug.lower():  # ck_categories_slug_lower
            raise Conflict(f"slug {category.slug!r} is not lower-case")
        for other in self._rows.values():
            if other.slug == category.slug:
                raise CategorySlugTaken(f"slug {category.slug!r} is taken")
            if category.igdb_id is not None and other.igdb_id == category.igdb_id:
                raise CategoryIgdbIdTaken(f"IGDB id {category.igdb_id} is taken")
        self._rows[category.id] = category

    async def get(self, category_id: uuid.UUID) -> Category | None:
        return self._rows.get(category_id)

    async def by_slug(self, slug: str) -> Category | None:
        return next((c for c in self._rows.values() if c.slug == slug), None)

    async def list(self, *, limit: int, after: tuple[str, uuid.UUID] | None) -> list[Category]:
        rows = sorted(
            (c for c in self._rows.values() if c.deleted_at is None), key=lambda c: (c.name, c.id)
        )
        return [c for c in rows if after is None or (c.name, c.id) > after][:limit]


class _MemoryFollows:
    name = ""

    def __init__(self, unit: MemoryUnit) -> None:
        self._unit = unit
        self._rows: dict[Key, Follow] = unit.tables.table(self.name)

    async def follow(self, follow: Follow) -> bool:
        key = (follow.account_id, follow.target_id)
        if key in self._rows:
            return False
        if follow.target_id not in self._targets() or follow.account_id not in self._accounts():
            raise Conflict("no such account or target")  # the foreign keys
        self._rows[key] = follow
        self._count(follow.target_id, +1)
        return True

    async def unfollow(self, account_id: uuid.UUID, target_id: uuid.UUID) -> Follow | None:
        removed = self._rows.pop((account_id, target_id), None)
        if removed is not None:
            self._count(target_id, -1)
        return removed

    async def get(self, account_id: uuid.UUID, target_id: uuid.UUID) -> Follow | None:
        return self._rows.get((account_id, target_id))

    def _count(self, target_id: uuid.UUID, delta: int) -> None:
        targets = self._targets()
        target = targets[target_id]
        targets[target_id] = replace(target, followers_count=target.followers_count + delta)
        self._unit.before_commit(lambda: self._recount(target_id))

    async def _recount(self, target_id: uuid.UUID) -> None:
        """At commit, move the committed count by what this commit changes in the follows, so
        units following at once all count (``followers_count + 1`` on Postgres). Idempotent."""
        unit = self._unit
        snapshot = unit._snapshot  # the adapters' package's own unit
        committed_tables = unit.database.tables
        committed = self._targets(committed_tables).get(target_id)
        mine = self._targets().get(target_id)
        if committed is None or mine is None:
            return
        before, now = snapshot.table(self.name), unit.tables.table(self.name)
        stored = committed_tables.table(self.name)

        def of(rows: dict[Key, Follow]) -> set[Key]:
            return {key for key in rows if key[1] == target_id}

        removed = of(before) - of(now)
        added = {key for key in of(now) if before.get(key) is not now[key]}
        after = (of(stored) - removed) | added
        was = self._targets(snapshot).get(target_id)
        counted_only = was is not None and replace(mine, followers_count=was.followers_count) == was
        base = committed if counted_only else mine  # keep others' changes to the target's row
        count = committed.followers_count + len(after) - len(of(stored))
        self._targets()[target_id] = replace(base, followers_count=count)

    def _targets(self, tables: Tables | None = None) -> dict[uuid.UUID, Any]:
        raise NotImplementedError

    def _accounts(self) -> dict[uuid.UUID, Any]:
        return self._unit.tables.accounts

    def _newest(self, account_id: uuid.UUID, before: uuid.UUID | None) -> list[Follow]:
        rows = [
            f
            for f in self._rows.values()
            if f.account_id == account_id and (before is None or f.id < before)
        ]
        return sorted(rows, key=lambda f: f.id, reverse=True)


class MemoryChannelFollows(_MemoryFollows):
    name = "channel_follows"

    def _targets(self, tables: Tables | None = None) -> dict[uuid.UUID, Any]:
        return (tables or self._unit.tables).channels

    async def list_for(
        self, account_id: uuid.UUID, *, limit: int, before: uuid.UUID | None
    ) -> list[FollowedChannel]:
        channels = self._unit.tables.channels
        return [
            FollowedChannel(f, channels[f.target_id]) for f in self._newest(account_id, before)
        ][:limit]


class MemoryCategoryFollows(_MemoryFollows):
    name = "category_follows"

    def _targets(self, tables: Tables | None = None) -> dict[uuid.UUID, Any]:
        return (tables or self._unit.tables).table("categories")

    async def list_for(
        self, account_id: uuid.UUID, *, limit: int, before: uuid.UUID | None
    ) -> list[FollowedCategory]:
        categories: dict[uuid.UUID, Category] = self._targets()
        rows = [
            FollowedCategory(f, categories[f.target_id])
            for f in self._newest(account_id, before)
            if categories[f.target_id].deleted_at is None
        ]
        return rows[:limit]


# what a unit did to each preferences row, replayed over the committed row at its commit
Op = tuple[dict[str, bool], tuple[str, ...]] | None  # (values, cleared keys); None: deleted
_pending: weakref.WeakKeyDictionary[MemoryUnit, tuple[Tables, dict[tuple[str, Any], list[Op]]]]
_pending = weakref.WeakKeyDictionary()


def _applied(current: dict[str, bool] | None, op: Op) -> dict[str, bool] | None:
    if op is None:
        return None
    values, cleared = op
    return {k: v for k, v in (current or {}).items() if k not in cleared} | values


class MemoryNotificationPreferences:
    """Merges are atomic as on Postgres (``settings || excluded.settings`` under the row's
    lock): at commit, the unit's merges are replayed in order over the committed row, so
    merges of units committed meanwhile are kept."""

    _ACCOUNTS = "notification_preferences"
    _CHANNELS = "channel_notification_preferences"

    def __init__(self, unit: MemoryUnit) -> None:
        self._unit = unit
        self._tables = unit.tables
        self._accounts: dict[uuid.UUID, dict[str, bool]] = unit.tables.table(self._ACCOUNTS)
        self._channels: dict[Key, dict[str, bool]] = unit.tables.table(self._CHANNELS)

    async def account(self, account_id: uuid.UUID) -> dict[str, bool]:
        return dict(self._accounts.get(account_id, {}))

    async def merge_account(
        self, account_id: uuid.UUID, values: dict[str, bool], at: datetime
    ) -> dict[str, bool]:
        if account_id not in self._tables.accounts:
            raise Conflict("no such account")  # the foreign key
        return self._do(self._ACCOUNTS, account_id, (dict(values), ())) or {}

    async def channel(self, account_id: uuid.UUID, channel_id: uuid.UUID) -> dict[str, bool]:
        return dict(self._channels.get((account_id, channel_id), {}))

    async def merge_channel(
        self,
        account_id: uuid.UUID,
        channel_id: uuid.UUID,
        values: dict[str, bool],
        cleared: list[str],
        at: datetime,
    ) -> dict[str, bool]:
        if account_id not in self._tables.accounts or channel_id not in self._tables.channels:
            raise Conflict("no such account or channel")  # the foreign keys
        op = (dict(values), tuple(cleared))
        return self._do(self._CHANNELS, (account_id, channel_id), op) or {}

    async def clear_channel(self, account_id: uuid.UUID, channel_id: uuid.UUID) -> None:
        self._do(self._CHANNELS, (account_id, channel_id), None)

    def _do(self, table: str, key: Any, op: Op) -> dict[str, bool] | None:
        rows: dict[Any, dict[str, bool]] = self._tables.table(table)
        value = _applied(rows.get(key), op)
        if value is None:
            rows.pop(key, None)
        else:
            rows[key] = value
        unit = self._unit
        tables, ops = _pending.get(unit, (None, {}))
        if tables is not unit.tables:  # committed or rolled back since: a new log
            ops = {}
            _pending[unit] = (unit.tables, ops)
        if (table, key) not in ops:
            unit.before_commit(lambda: self._replay(table, key))
        ops.setdefault((table, key), []).append(op)
        return dict(value) if value is not None else None

    async def _replay(self, table: str, key: Any) -> None:
        unit = self._unit
        tables, ops = _pending.get(unit, (None, {}))
        if tables is not unit.tables:
            return
        value = unit.database.tables.table(table).get(key)
        for op in ops.pop((table, key), []):
            value = _applied(value, op)
        rows = unit.tables.table(table)
        if value is None:
            rows.pop(key, None)
        else:
            rows[key] = value
