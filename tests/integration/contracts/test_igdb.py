"""Contract of ``IgdbCategoryRepository`` (what the IGDB sync writes to ``categories``): memory
and Postgres find soft-deleted rows, refuse the same duplicates and leave counters alone."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest

from streamz.adapters.memory.igdb import MemoryIgdbCategories
from streamz.adapters.postgres.igdb import PostgresIgdbCategories
from streamz.core.errors import Conflict
from streamz.core.live.entities import Category
from streamz.core.live.errors import CategoryIgdbIdTaken, CategorySlugTaken
from streamz.core.shared.ids import new_id
from streamz.ports.igdb import IgdbCategoryRepository

from .conftest import T0, Backend, add_rows

MEMORY: Callable[[Any], IgdbCategoryRepository] = MemoryIgdbCategories
POSTGRES: Callable[[Any], IgdbCategoryRepository] = PostgresIgdbCategories


def game(igdb_id: int, slug: str, **changes: object) -> Category:
    category = Category(
        id=new_id(),
        igdb_id=igdb_id,
        name=slug.replace("-", " ").title(),
        slug=slug,
        cover_url=f"https://images.igdb.com/{igdb_id}.jpg",
        genres=("rpg",),
        followers_count=0,
        live_viewers=0,
        created_at=T0,
        updated_at=T0,
        aliases=(slug.upper(),),
        igdb_updated_at=T0,
    )
    return replace(category, **changes)  # type: ignore[arg-type]


def repo(backend: Backend, unit: Any) -> IgdbCategoryRepository:
    return backend.pick(memory=MEMORY, postgres=POSTGRES, unit=unit)


async def test_by_igdb_id_and_slug_find_soft_deleted_ones_too(backend: Backend) -> None:
    live = game(1, "chess")
    deleted = game(2, "old-game", deleted_at=T0 + timedelta(days=1))
    await add_rows(backend, live, deleted, memory=MEMORY, postgres=POSTGRES)

    unit = backend.unit()
    categories = repo(backend, unit)
    assert await categories.by_igdb_id(1) == live
    assert await categories.by_igdb_id(2) == deleted
    assert await categories.by_slug("old-game") == deleted
    assert await categories.by_igdb_id(3) is None
    assert await categories.by_slug("nothing") is None


async def test_add_refuses_a_taken_slug_or_igdb_id(backend: Backend) -> None:
    await add_rows(backend, game(1, "chess"), memory=MEMORY, postgres=POSTGRES)

    with pytest.raises(CategorySlugTaken):
        await repo(backend, backend.unit()).add(game(2, "chess"))
    with pytest.raises(CategoryIgdbIdTaken):
        await repo(backend, backend.unit()).add(game(1, "chess-960"))
    with pytest.raises(Conflict):
        await repo(backend, backend.unit()).add(game(3, "Chess-Upper"))


async def test_update_writes_what_the_sync_owns_and_keeps_the_counters(backend: Backend) -> None:
    stored = game(1, "chess", followers_count=12, live_viewers=340)
    await add_rows(backend, stored, memory=MEMORY, postgres=POSTGRES)

    synced = replace(
        stored,
        igdb_id=10,
        name="Chess Online",
        slug="chess-online",
        cover_url=None,
        genres=("strategy", "board"),
        aliases=(),
        followers_count=0,
        live_viewers=0,
        created_at=T0 + timedelta(days=9),  # not the sync's: stays
        updated_at=T0 + timedelta(hours=2),
        deleted_at=T0 + timedelta(hours=2),
        igdb_updated_at=T0 + timedelta(hours=1),
    )
    unit = backend.unit()
    await repo(backend, unit).update(synced)
    await unit.commit()

    after = await repo(backend, backend.unit()).by_igdb_id(10)
    assert after == replace(synced, followers_count=12, live_viewers=340, created_at=T0)


async def test_update_keeps_its_own_slug_but_refuses_another_ones(backend: Backend) -> None:
    chess, go = game(1, "chess"), game(2, "go")
    await add_rows(backend, chess, go, memory=MEMORY, postgres=POSTGRES)

    unit = backend.unit()
    await repo(backend, unit).update(replace(chess, name="Chess!"))  # same slug and id: fine
    await unit.commit()
    assert (await repo(backend, backend.unit()).by_slug("chess")) == replace(chess, name="Chess!")

    refused = backend.unit()
    with pytest.raises(CategorySlugTaken):
        await repo(backend, refused).update(replace(go, slug="chess"))
    await refused.rollback()  # (a failed Postgres statement keeps its row locks until then)
    with pytest.raises(CategoryIgdbIdTaken):
        await repo(backend, backend.unit()).update(replace(go, igdb_id=1))


async def test_a_locked_igdb_id_waits_for_the_first_writer(backend: Backend) -> None:
    """The second writer of one IGDB id sees the first one's row: on Postgres it waits for the
    first transaction (memory applies a unit whole, one at a time)."""
    first = backend.unit()
    await repo(backend, first).lock(7)
    await repo(backend, first).add(game(7, "new-game"))

    second = backend.unit()

    async def second_writer() -> Category | None:
        await repo(backend, second).lock(7)
        return await repo(backend, second).by_igdb_id(7)

    if backend.name == "postgres":
        waiting = asyncio.create_task(second_writer())
        await asyncio.sleep(0.3)
        assert not waiting.done()  # queued on the advisory lock
        await first.commit()
        found = await asyncio.wait_for(waiting, 10)
    else:
        await first.commit()
        second = backend.unit()
        found = await second_writer()
    assert found is not None
    assert found.slug == "new-game"

    other = backend.unit()
    await repo(backend, other).lock(8)  # another id does not wait
