from __future__ import annotations

import uuid

import asyncpg

from streamz.adapters.postgres.unit import PostgresUnit, register_constraint
from streamz.core.live.entities import Category
from streamz.core.live.errors import CategoryIgdbIdTaken, CategorySlugTaken

register_constraint("uq_categories_slug", CategorySlugTaken)
register_constraint("uq_categories_igdb_id", CategoryIgdbIdTaken)

COLUMNS = (
    "id, igdb_id, name, slug, cover_url, genres, followers_count, live_viewers,"
    " created_at, updated_at, deleted_at, aliases, igdb_updated_at"
)


def category(row: asyncpg.Record, prefix: str = "") -> Category:
    return Category(
        row[prefix + "id"],
        row[prefix + "igdb_id"],
        row[prefix + "name"],
        row[prefix + "slug"],
        row[prefix + "cover_url"],
        tuple(row[prefix + "genres"]),
        row[prefix + "followers_count"],
        row[prefix + "live_viewers"],
        row[prefix + "created_at"],
        row[prefix + "updated_at"],
        row[prefix + "deleted_at"],
        tuple(row[prefix + "aliases"]),
        row[prefix + "igdb_updated_at"],
    )


class PostgresCategories:
    def __init__(self, unit: PostgresUnit) -> None:
        self._unit = unit

    async def add(self, c: Category) -> None:
        await self._unit.execute(
            f"INSERT INTO categories ({COLUMNS})"  # noqa: S608
            " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
            c.id,
            c.igdb_id,
            c.name,
            c.slug,
            c.cover_url,
            list(c.genres),
            c.followers_count,
            c.live_viewers,
            c.created_at,
            c.updated_at,
            c.deleted_at,
            list(c.aliases),
            c.igdb_updated_at,
        )

    async def get(self, category_id: uuid.UUID) -> Category | None:
        row = await self._unit.fetchrow(
            f"SELECT {COLUMNS} FROM categories WHERE id = $1",  # noqa: S608
            category_id,
        )
        return category(row) if row else None

    async def by_slug(self, slug: str) -> Category | None:
        row = await self._unit.fetchrow(
            f"SELECT {COLUMNS} FROM categories WHERE slug = $1",  # noqa: S608
            slug,
        )
        return category(row) if row else None

    async def list(self, *, limit: int, after: tuple[str, uuid.UUID] | None) -> list[Category]:
        name, after_id = after if after is not None else (None, None)
        rows = await self._unit.fetch(
            f"SELECT {COLUMNS} FROM categories WHERE deleted_at IS NULL"  # noqa: S608
            " AND ($1::text IS NULL OR (name, id) > ($1::text, $2::uuid))"
            " ORDER BY name, id LIMIT $3",
            name,
            after_id,
            limit,
        )
        return [category(row) for row in rows]
