from __future__ import annotations

import uuid

import asyncpg

from streamz.adapters.postgres.rows import (
    columns,
    field_names,
    mapper,
    placeholders,
    prefixed,
    values,
)
from streamz.adapters.postgres.unit import PostgresUnit, register_constraint
from streamz.core.live.entities import Category
from streamz.core.live.errors import CategoryIgdbIdTaken, CategorySlugTaken

register_constraint("uq_categories_slug", CategorySlugTaken)
register_constraint("uq_categories_igdb_id", CategoryIgdbIdTaken)

COLUMNS = columns(Category)
_ARRAYS = {"genres": tuple, "aliases": tuple}
_category = mapper(Category, convert=_ARRAYS)
_INSERT = f"INSERT INTO categories ({COLUMNS}) VALUES ({placeholders(len(field_names(Category)))})"  # noqa: S608 - fixed names


def category(row: asyncpg.Record, prefix: str = "") -> Category:
    """A ``categories`` row (columns named ``prefix + field`` when joined)."""
    return prefixed(_category, prefix)(row) if prefix else _category(row)


def insert_args(c: Category) -> tuple[object, ...]:
    """The arguments of ``_INSERT``: the fields in order, arrays as lists."""
    return tuple(list(v) if isinstance(v, tuple) else v for v in values(c))


class PostgresCategories:
    def __init__(self, unit: PostgresUnit) -> None:
        self._unit = unit

    async def add(self, c: Category) -> None:
        await self._unit.execute(_INSERT, *insert_args(c))

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
