"""In-memory follows, notification preferences and categories, with the Postgres rules.

Rows are replaced, never changed in place: a unit's commit applies the rows it replaced.
"""

from __future__ import annotations

import uuid
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


class MemoryNotificationPreferences:
    def __init__(self, unit: MemoryUnit) -> None:
        self._tables = unit.tables
        self._accounts: dict[uuid.UUID, dict[str, bool]] = unit.tables.table(
            "notification_preferences"
        )
        self._channels: dict[Key, dict[str, bool]] = unit.tables.table(
            "channel_notification_preferences"
        )

    async def account(self, account_id: uuid.UUID) -> dict[str, bool]:
        return dict(self._accounts.get(account_id, {}))

    async def merge_account(
        self, account_id: uuid.UUID, values: dict[str, bool], at: datetime
    ) -> dict[str, bool]:
        if account_id not in self._tables.accounts:
            raise Conflict("no such account")  # the foreign key
        merged = {**self._accounts.get(account_id, {}), **values}
        self._accounts[account_id] = merged
        return dict(merged)

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
        current = self._channels.get((account_id, channel_id), {})
        merged = {k: v for k, v in current.items() if k not in cleared} | values
        self._channels[(account_id, channel_id)] = merged
        return dict(merged)

    async def clear_channel(self, account_id: uuid.UUID, channel_id: uuid.UUID) -> None:
        self._channels.pop((account_id, channel_id), None)
