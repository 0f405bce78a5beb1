"""The IGDB sync on memory adapters: upsert, merge by slug, stale, soft delete, revive, import."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from streamz.core.errors import Forbidden, Invalid
from streamz.core.live.errors import CategorySlugTaken
from streamz.core.live.igdb.delete_game import DeleteIgdbGame, DeleteIgdbGameRequest
from streamz.core.live.igdb.errors import IgdbGameInvalid
from streamz.core.live.igdb.import_games import (
    DumpEntry,
    ImportedGame,
    ImportIgdbGames,
    ImportIgdbGamesRequest,
)
from streamz.core.live.igdb.sync import SyncOutcome, SyncResult
from streamz.core.live.igdb.sync_game import SyncIgdbGame, SyncIgdbGameRequest
from tests.unit.igdb.support import categories, game, igdb
from tests.unit.social.support import category, delete_category
from tests.unit.support import SYSTEM, World, fails, user

COVER = "https://images.igdb.com/igdb/image/upload/t_cover_big/co1.jpg"


async def sync(world: World, raw: object) -> SyncResult:
    return await igdb(world, SyncIgdbGame)(SyncIgdbGameRequest(SYSTEM, raw))


async def delete(world: World, raw: object) -> SyncResult:
    return await igdb(world, DeleteIgdbGame)(DeleteIgdbGameRequest(SYSTEM, raw))


def payloads(world: World) -> list[tuple[str, dict[str, Any]]]:
    return [(e.topic, e.payload) for e in world.tables.outbox]


async def test_create_then_update_then_replay(world: World) -> None:
    raw = game(
        7,
        "Chess",
        slug="chess",
        cover={"id": 1, "image_id": "co1"},
        genres=[{"id": 1, "name": "Board"}],
        alternative_names=[{"id": 1, "name": "Échecs"}],
        updated_at=100,
    )
    created = await sync(world, raw)
    assert created.outcome is SyncOutcome.CREATED
    assert created.category is not None
    c = created.category
    assert (c.igdb_id, c.name, c.slug, c.cover_url) == (7, "Chess", "chess", COVER)
    assert (c.genres, c.aliases, c.followers_count, c.deleted_at) == (
        ("Board",),
        ("Échecs",),
        0,
        None,
    )
    assert payloads(world) == [
        (
            "category.created",
            {
                "category_id": str(c.id),
                "igdb_id": 7,
                "slug": "chess",
                "name": "Chess",
                "cover_url": COVER,
                "genres": ["Board"],
                "aliases": ["Échecs"],
                "source": "igdb",
            },
        )
    ]
    world.clock.current += timedelta(minutes=1)
    # the webhook's unexpanded form: ids only, so cover, genres and aliases are kept
    renamed = await sync(
        world, game(7, "Chess 2", slug="chess-2", cover=1, genres=[1], updated_at=101)
    )
    assert renamed.outcome is SyncOutcome.UPDATED
    assert renamed.changes == ("name", "slug")
    assert renamed.category is not None
    assert renamed.category.id == c.id
    assert (renamed.category.cover_url, renamed.category.genres) == (COVER, ("Board",))
    assert renamed.category.updated_at == world.clock.now()
    assert renamed.category.created_at == c.created_at
    assert world.tables.outbox[-1].payload["changes"] == ["name", "slug"]
    before = world.snapshot()
    replay = await sync(world, game(7, "Chess 2", slug="chess-2", updated_at=101))
    assert replay.outcome is SyncOutcome.UNCHANGED
    assert world.tables == before


async def test_older_updates_are_stale(world: World) -> None:
    await sync(world, game(7, "New name", updated_at=200))
    before = world.snapshot()
    stale = await sync(world, game(7, "Old name", updated_at=150))
    assert stale.outcome is SyncOutcome.STALE
    assert world.tables == before
    # same content with a newer IGDB time: recorded quietly, so older ones stay stale
    quiet = await sync(world, game(7, "New name", updated_at=300))
    assert quiet.outcome is SyncOutcome.UNCHANGED
    assert world.topics() == ["category.created"]
    stale = await sync(world, game(7, "Between", updated_at=250))
    assert stale.outcome is SyncOutcome.STALE


async def test_delete_is_soft_and_a_newer_update_revives(world: World) -> None:
    made = await sync(world, game(7, "Chess", updated_at=100))
    assert made.category is not None
    world.clock.current += timedelta(minutes=1)
    gone = await delete(world, {"id": 7})
    assert gone.outcome is SyncOutcome.DELETED
    assert gone.category is not None
    assert gone.category.deleted_at == world.clock.now()
    assert world.tables.outbox[-1].topic == "category.deleted"
    assert world.tables.outbox[-1].payload == {
        "category_id": str(made.category.id),
        "igdb_id": 7,
        "slug": "chess",
        "name": "Chess",
        "source": "igdb",
    }
    before = world.snapshot()
    assert (await delete(world, {"id": 7})).outcome is SyncOutcome.UNCHANGED
    assert (await delete(world, {"id": 8})).outcome is SyncOutcome.UNKNOWN
    # a replay of the update before the delete does not revive it
    assert (await sync(world, game(7, "Chess", updated_at=100))).outcome is SyncOutcome.STALE
    assert world.tables == before
    revived = await sync(world, game(7, "Chess", updated_at=101))
    assert revived.outcome is SyncOutcome.UPDATED
    assert revived.changes == ("deleted_at",)
    assert revived.category is not None
    assert (revived.category.id, revived.category.deleted_at) == (made.category.id, None)


async def test_a_game_without_updated_at_revives(world: World) -> None:
    await sync(world, game(7, "Chess", updated_at=100))
    await delete(world, {"id": 7, "name": "Chess"})
    assert (await sync(world, game(7, "Chess"))).outcome is SyncOutcome.UPDATED
    assert categories(world)[0].deleted_at is None


async def test_merges_with_a_staff_category_of_the_same_slug(world: World) -> None:
    staff_made = await category(world, "Chess", genres=["Strategy"], cover_url="https://x/c.png")
    merged = await sync(world, game(7, "Chess", slug="chess", genres=[3]))
    assert merged.outcome is SyncOutcome.UPDATED
    assert merged.changes == ("igdb_id",)
    assert merged.category is not None
    assert merged.category.id == staff_made.id
    assert (merged.category.genres, merged.category.cover_url) == (("Strategy",), "https://x/c.png")
    assert [c.igdb_id for c in categories(world)] == [7]


async def test_merges_with_a_deleted_staff_category_and_revives_it(world: World) -> None:
    staff_made = await category(world, "Go")
    await delete_category(world, staff_made.id)
    merged = await sync(world, game(9, "Go", slug="go"))
    assert merged.changes == ("igdb_id", "deleted_at")
    assert [(c.id, c.deleted_at) for c in categories(world)] == [(staff_made.id, None)]


async def test_a_slug_held_by_another_game_gets_the_id(world: World) -> None:
    await sync(world, game(1, "Doom", slug="doom"))
    other = await sync(world, game(2, "DOOM", slug="doom"))
    assert other.outcome is SyncOutcome.CREATED
    assert other.category is not None
    assert other.category.slug == "doom-2"
    # a later rename to the taken slug keeps the suffixed one: no change
    again = await sync(world, game(2, "DOOM", slug="doom"))
    assert again.outcome is SyncOutcome.UNCHANGED


async def test_slug_still_taken_after_the_suffix_fails_whole(world: World) -> None:
    await sync(world, game(1, "Doom", slug="doom"))
    await category(world, "Doom two", slug="doom-2", igdb_id=None)
    call = sync(world, game(2, "Doom", slug="doom"))
    await fails(world, call, CategorySlugTaken, "category-slug-taken")


async def test_the_system_only_and_bad_games_write_nothing(world: World) -> None:
    alice = await world.register("alice")
    forbidden = igdb(world, SyncIgdbGame)(SyncIgdbGameRequest(user(alice), game(1, "x")))
    await fails(world, forbidden, Forbidden, "forbidden")
    forbidden_delete = igdb(world, DeleteIgdbGame)(DeleteIgdbGameRequest(user(alice), {"id": 1}))
    await fails(world, forbidden_delete, Forbidden, "forbidden")
    await fails(world, sync(world, {"id": 1}), IgdbGameInvalid, "igdb-game-invalid")
    await fails(world, delete(world, {"id": "1"}), IgdbGameInvalid, "igdb-game-invalid")


async def run_import(world: World, *games: object) -> list[ImportedGame]:
    entries = [DumpEntry(n, g) for n, g in enumerate(games, start=1)]
    return await igdb(world, ImportIgdbGames)(ImportIgdbGamesRequest(SYSTEM, entries))


async def test_import_reports_each_entry_and_applies_the_good_ones(world: World) -> None:
    await sync(world, game(3, "Old", updated_at=10))
    report = await run_import(
        world,
        game(1, "Chess"),
        {"name": "no id"},
        game(3, "New", updated_at=11),
        game(1, "Chess"),  # the same game twice in a batch: the second is unchanged
        "not an object",
    )
    assert [(r.position, r.igdb_id, r.outcome) for r in report] == [
        (1, 1, SyncOutcome.CREATED),
        (2, None, None),
        (3, 3, SyncOutcome.UPDATED),
        (4, 1, SyncOutcome.UNCHANGED),
        (5, None, None),
    ]
    assert report[1].error == "igdb-game-invalid: id: id must be a positive integer (IGDB game id)"
    assert report[4].error == "igdb-game-invalid: $: must be a JSON object (an IGDB game)"
    assert sorted(c.name for c in categories(world)) == ["Chess", "New"]
    before = world.snapshot()
    again = await run_import(world, game(1, "Chess"), game(3, "New", updated_at=11))
    assert [r.outcome for r in again] == [SyncOutcome.UNCHANGED, SyncOutcome.UNCHANGED]
    assert world.tables == before


async def test_import_batch_fails_whole_on_a_conflict(world: World) -> None:
    await sync(world, game(1, "Doom", slug="doom"))
    await category(world, "Doom two", slug="doom-2")
    entries = [DumpEntry(1, game(5, "Quake")), DumpEntry(2, game(2, "Doom", slug="doom"))]
    request = ImportIgdbGamesRequest(SYSTEM, entries)
    call = igdb(world, ImportIgdbGames)(request)
    await fails(world, call, CategorySlugTaken, "category-slug-taken")


@pytest.mark.parametrize("size", [0, 10_001])
async def test_import_batch_size(world: World, size: int) -> None:
    request = ImportIgdbGamesRequest(SYSTEM, [DumpEntry(n, game(n, "x")) for n in range(size)])
    await fails(world, igdb(world, ImportIgdbGames)(request), Invalid, "invalid")
    alice = await world.register("alice")
    forbidden = ImportIgdbGamesRequest(user(alice), [DumpEntry(1, game(1, "x"))])
    await fails(world, igdb(world, ImportIgdbGames)(forbidden), Forbidden, "forbidden")
