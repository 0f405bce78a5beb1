"""Categories the IGDB sync writes, on PostgreSQL (the ``categories`` table).

Constraint names map to ``CategorySlugTaken`` / ``CategoryIgdbIdTaken`` (registered by
``adapters.postgres.categories``, which also inserts).
"""

from __future__ import annotations

from streamz.adapters.postgres.categories import COLUMNS, PostgresCategories, category
from streamz.adapters.postgres.unit import PostgresUnit
from streamz.core.live.entities import Category

# A transaction-scoped advisory lock (released at commit or rollback, so pooled connections
# keep no state), in a key space of its own: the first key names it, the second is the id.
_LOCK = "SELECT pg_advisory_xact_lock(hashtext('streamz:igdb'), hashint8($1))"
_BY_IGDB_ID = f"SELECT {COLUMNS} FROM categories WHERE igdb_id = $1"  # noqa: S608 - fixed names
_BY_SLUG = f"SELECT {COLUMNS} FROM categories WHERE slug = $1"  # noqa: S608 - fixed names
_UPDATE = (
    "UPDATE categories SET igdb_id = $2, name = $3, slug = $4, cover_url = $5, genres = $6,"
    " aliases = $7, updated_at = $8, deleted_at = $9, igdb_updated_at = $10 WHERE id = $1"
)


class PostgresIgdbCategories:
    def __init__(self, unit: PostgresUnit) -> None:
        self._unit = unit

    async def lock(self, igdb_id: int) -> None:
        await self._unit.fetch_for_write(_LOCK, igdb_id)

    async def by_igdb_id(self, igdb_id: int) -> Category | None:
        rows = await self._unit.fetch_for_write(f"{_BY_IGDB_ID} FOR UPDATE", igdb_id)
        return category(rows[0]) if rows else None

    async def by_slug(self, slug: str) -> Category | None:
        rows = await self._unit.fetch_for_write(f"{_BY_SLUG} FOR UPDATE", slug)
        return category(rows[0]) if rows else None

    async def add(self, c: Category) -> None:
        await PostgresCategories(self._unit).add(c)

    async def update(self, c: Category) -> None:
        await self._unit.execute(
            _UPDATE,
            c.id,
            c.igdb_id,
            c.name,
            c.slug,
            c.cover_url,
            list(c.genres),
            list(c.aliases),
            c.updated_at,
            c.deleted_at,
            c.igdb_updated_at,
        )
