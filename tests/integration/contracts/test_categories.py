"""Contract of ``CategoryRepository`` (directory reads and admin writes of ``categories``):
memory and Postgres store the same rows, refuse the same duplicates, list in the same order."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest

from streamz.adapters.memory.social import MemoryCategories
from streamz.adapters.postgres.categories import PostgresCategories
from streamz.core.errors import Conflict
from streamz.core.live.entities import Category
from streamz.core.live.errors import CategoryIgdbIdTaken, CategorySlugTaken
from streamz.core.shared.ids import new_id
from streamz.ports.categories import CategoryRepository

from .conftest import T0, Backend, add_rows

MEMORY: Callable[[Any], CategoryRepository] = MemoryCategories
POSTGRES: Callable[[Any], CategoryRepository] = PostgresCategories


def make(slug: str, name: str | None = None, **changes: object) -> Category:
    category = Category(
        id=new_id(),
        igdb_id=None,
        name=name or slug.title(),
        slug=slug,
        cover_url=None,
        genres=(),
        followers_count=0,
        live_viewers=0,
        created_at=T0,
        updated_at=T0,
    )
    return replace(category, **changes)  # type: ignore[arg-type]


def repo(backend: Backend, unit: Any) -> CategoryRepository:
    return backend.pick(memory=MEMORY, postgres=POSTGRES, unit=unit)


async def test_a_category_reads_back_whole_by_id_and_slug(backend: Backend) -> None:
    full = make(
        "elden-ring",
        "Elden Ring",
        igdb_id=119133,
        cover_url="https://images.igdb.com/cover.jpg",
        genres=("rpg", "adventure"),
        followers_count=3,
        live_viewers=40,
        updated_at=T0 + timedelta(hours=1),
        aliases=("ER", "Elden"),
        igdb_updated_at=T0 - timedelta(days=2),
    )
    await add_rows(backend, full, memory=MEMORY, postgres=POSTGRES)

    categories = repo(backend, backend.unit())
    assert await categories.get(full.id) == full
    assert await categories.by_slug("elden-ring") == full
    assert await categories.get(new_id()) is None
    assert await categories.by_slug("elden") is None


async def test_deleted_categories_still_read_by_id_and_slug(backend: Backend) -> None:
    gone = make("old-game", deleted_at=T0 + timedelta(days=1))
    await add_rows(backend, gone, memory=MEMORY, postgres=POSTGRES)

    categories = repo(backend, backend.unit())
    assert await categories.get(gone.id) == gone
    assert await categories.by_slug("old-game") == gone


async def test_a_taken_slug_is_refused(backend: Backend) -> None:
    await add_rows(backend, make("chess"), memory=MEMORY, postgres=POSTGRES)

    unit = backend.unit()
    with pytest.raises(CategorySlugTaken):
        await repo(backend, unit).add(make("chess", "Chess again"))


async def test_a_taken_igdb_id_is_refused_but_many_have_none(backend: Backend) -> None:
    await add_rows(
        backend,
        make("chess", igdb_id=1),
        make("just-chatting"),
        make("music"),
        memory=MEMORY,
        postgres=POSTGRES,
    )

    unit = backend.unit()
    with pytest.raises(CategoryIgdbIdTaken):
        await repo(backend, unit).add(make("chess-960", igdb_id=1))

    listed = await repo(backend, backend.unit()).list(limit=10, after=None)
    assert [c.slug for c in listed] == ["chess", "just-chatting", "music"]


async def test_list_is_by_name_then_id_without_deleted_and_pages_by_keyset(
    backend: Backend,
) -> None:
    twin_a, twin_b = sorted([make("twin-a", "Twin"), make("twin-b", "Twin")], key=lambda c: c.id)
    await add_rows(
        backend,
        make("zelda", "Zelda"),
        twin_b,
        make("apex", "Apex"),
        twin_a,
        make("gone", "Gone", deleted_at=T0),
        make("lower", "apex lower"),  # byte order: capitals first
        memory=MEMORY,
        postgres=POSTGRES,
    )

    categories = repo(backend, backend.unit())
    first = await categories.list(limit=3, after=None)
    assert [c.slug for c in first] == ["apex", "twin-a", "twin-b"]
    last = first[-1]
    rest = await categories.list(limit=3, after=(last.name, last.id))
    assert [c.slug for c in rest] == ["zelda", "lower"]
    middle = await categories.list(limit=1, after=(twin_a.name, twin_a.id))
    assert middle == [twin_b]
    assert await categories.list(limit=3, after=("zzz", uuid.UUID(int=0))) == []


async def test_writes_are_seen_by_other_units_only_after_commit(backend: Backend) -> None:
    writer = backend.unit()
    chess = make("chess")
    await repo(backend, writer).add(chess)
    assert await repo(backend, writer).get(chess.id) == chess  # its own write

    assert await repo(backend, backend.unit()).get(chess.id) is None
    await writer.commit()
    assert await repo(backend, backend.unit()).by_slug("chess") == chess


async def test_a_slug_with_capitals_is_refused(backend: Backend) -> None:
    unit = backend.unit()
    with pytest.raises(Conflict):
        await repo(backend, unit).add(make("Chess"))
