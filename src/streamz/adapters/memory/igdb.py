"""Categories the IGDB sync writes, in memory (the ``categories`` table of the ``MemoryUnit``)."""

from __future__ import annotations

import uuid

from streamz.adapters.memory.database import MemoryUnit
from streamz.core.errors import Conflict
from streamz.core.live.entities import Category
from streamz.core.live.errors import CategoryIgdbIdTaken, CategorySlugTaken


class MemoryIgdbCategories:
    def __init__(self, unit: MemoryUnit) -> None:
        self._rows: dict[uuid.UUID, Category] = unit.tables.table("categories")

    async def lock(self, igdb_id: int) -> None:
        return None  # one unit is one transaction; commit applies its rows whole

    async def by_igdb_id(self, igdb_id: int) -> Category | None:
        return next((c for c in self._rows.values() if c.igdb_id == igdb_id), None)

    async def by_slug(self, slug: str) -> Category | None:
        return next((c for c in self._rows.values() if c.slug == slug), None)

    async def add(self, category: Category) -> None:
        self._check(category)
        self._rows[category.id] = category

    async def update(self, category: Category) -> None:
        self._check(category)
        current = self._rows[category.id]
        # counters belong to others: keep the stored ones
        self._rows[category.id] = Category(
            category.id,
            category.igdb_id,
            category.name,
            category.slug,
            category.cover_url,
            category.genres,
            current.followers_count,
            current.live_viewers,
            current.created_at,
            category.updated_at,
            category.deleted_at,
            category.aliases,
            category.igdb_updated_at,
        )

    def _check(self, category: Category) -> None:
        if category.slug != category.slug.lower():  # ck_categories_slug_lower
            raise Conflict(f"slug {category.slug!r} is not lower-case")
        for other in self._rows.values():
            if other.id == category.id:
                continue
            if other.slug == category.slug:
                raise CategorySlugTaken(f"slug {category.slug!r} is taken")
            if category.igdb_id is not None and other.igdb_id == category.igdb_id:
                raise CategoryIgdbIdTaken(f"IGDB id {category.igdb_id} is taken")
