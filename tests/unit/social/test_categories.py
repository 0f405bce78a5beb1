from __future__ import annotations

import pytest

from streamz.core.errors import Forbidden, Invalid
from streamz.core.identity.entities import Account
from streamz.core.live.create_category import CreateCategory, CreateCategoryRequest
from streamz.core.live.errors import CategoryIgdbIdTaken, CategoryNotFound, CategorySlugTaken
from streamz.core.live.get_category import GetCategory, GetCategoryRequest
from streamz.core.live.list_categories import ListCategories, ListCategoriesRequest
from tests.unit.social.support import category, delete_category, make, staff
from tests.unit.support import ANONYMOUS, SYSTEM, World, fails, user


async def test_create_makes_a_slug_and_emits(world: World) -> None:
    made = await category(world, "  Pokémon Go! ", genres=["RPG", "RPG", "AR"], igdb_id=7)
    assert (made.name, made.slug, made.genres) == ("Pokémon Go!", "pokemon-go", ("RPG", "AR"))
    assert (made.followers_count, made.live_viewers, made.deleted_at) == (0, 0, None)
    assert world.topics() == ["category.created"]
    found = await make(world, GetCategory)(GetCategoryRequest(ANONYMOUS, "POKEMON-GO"))
    assert found == made
    assert await make(world, GetCategory)(GetCategoryRequest(ANONYMOUS, str(made.id))) == made


async def test_staff_or_system_only(world: World) -> None:
    alice: Account = await world.register("alice")
    created = await make(world, CreateCategory)(CreateCategoryRequest(staff(alice), "Chess"))
    assert created.slug == "chess"
    request = CreateCategoryRequest(user(alice), "Go")
    await fails(world, make(world, CreateCategory)(request), Forbidden, "forbidden")


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": " "}, "body.name"),
        ({"name": "!!!"}, "body.slug"),
        ({"name": "x", "slug": "Has Space"}, "body.slug"),
        ({"name": "x", "slug": "-x"}, "body.slug"),
        ({"name": "x", "genres": [""]}, "body.genres"),
        ({"name": "x", "cover_url": "ftp://x"}, "body.cover_url"),
        ({"name": "x", "igdb_id": 0}, "body.igdb_id"),
    ],
)
async def test_invalid_input(world: World, fields: dict[str, object], field: str) -> None:
    request = CreateCategoryRequest(SYSTEM, **fields)  # type: ignore[arg-type]
    error = await fails(world, make(world, CreateCategory)(request), Invalid, "invalid")
    assert [e.field for e in error.errors] == [field]


async def test_unique_slug_and_igdb_id(world: World) -> None:
    await category(world, "Chess", igdb_id=1)
    dup = make(world, CreateCategory)(CreateCategoryRequest(SYSTEM, "CHESS"))
    await fails(world, dup, CategorySlugTaken, "category-slug-taken")
    igdb = make(world, CreateCategory)(CreateCategoryRequest(SYSTEM, "Other", igdb_id=1))
    await fails(world, igdb, CategoryIgdbIdTaken, "category-igdb-id-taken")


async def test_list_by_name_in_pages_without_deleted(world: World) -> None:
    for name in ("Zelda", "Chess", "Mario", "Apex", "Doom"):
        await category(world, name)
    doom = await make(world, GetCategory)(GetCategoryRequest(ANONYMOUS, "doom"))
    await delete_category(world, doom.id)
    first = await make(world, ListCategories)(ListCategoriesRequest(ANONYMOUS, limit=3))
    second = await make(world, ListCategories)(
        ListCategoriesRequest(ANONYMOUS, limit=3, after=first.next)
    )
    assert [c.name for c in first.data + second.data] == ["Apex", "Chess", "Mario", "Zelda"]
    assert second.next is None
    missing = make(world, GetCategory)(GetCategoryRequest(ANONYMOUS, "doom"))
    await fails(world, missing, CategoryNotFound, "category-not-found")
    for cursor in ("%%", "WyJhIiwibm90LWlkIl0"):
        bad = make(world, ListCategories)(ListCategoriesRequest(ANONYMOUS, after=cursor))
        await fails(world, bad, Invalid, "invalid")
