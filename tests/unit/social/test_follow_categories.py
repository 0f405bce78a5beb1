from __future__ import annotations

import pytest

from streamz.core.errors import Forbidden, Unauthenticated
from streamz.core.identity.entities import Account
from streamz.core.live.errors import CategoryNotFound
from streamz.core.social.check_following_category import (
    CheckFollowingCategory,
    CheckFollowingCategoryRequest,
)
from streamz.core.social.follow_category import FollowCategory, FollowCategoryRequest
from streamz.core.social.list_followed_categories import (
    ListFollowedCategories,
    ListFollowedCategoriesRequest,
)
from streamz.core.social.unfollow_category import UnfollowCategory, UnfollowCategoryRequest
from tests.unit.social.support import category, delete_category, followers, make, rows, token
from tests.unit.support import ANONYMOUS, SYSTEM, T0, World, fails, user


@pytest.fixture
async def alice(world: World) -> Account:
    return await world.register("alice")


async def test_follow_unfollow_counts_and_events(world: World, alice: Account) -> None:
    chess = await category(world, "Chess")
    follow = make(world, FollowCategory)
    first = await follow(FollowCategoryRequest(user(alice), "chess"))
    again = await make(world, FollowCategory)(FollowCategoryRequest(user(alice), str(chess.id)))
    assert (first.changed, again.changed, again.since) == (True, False, T0)
    assert followers(world, "categories", chess.id) == 1
    assert rows(world, "category_follows") == 1
    followed = [e for e in world.tables.outbox if e.topic == "category.followed"]
    assert len(followed) == 1
    assert followed[0].payload["category_id"] == str(chess.id)
    assert followed[0].payload["follower_id"] == str(alice.id)

    check = await make(world, CheckFollowingCategory)(
        CheckFollowingCategoryRequest(user(alice), "chess")
    )
    assert (check.following, check.since) == (True, T0)
    for _ in range(2):
        await make(world, UnfollowCategory)(UnfollowCategoryRequest(user(alice), "chess"))
    assert followers(world, "categories", chess.id) == 0
    assert rows(world, "category_follows") == 0
    assert world.topics().count("category.unfollowed") == 1


async def test_unknown_or_deleted_category(world: World, alice: Account) -> None:
    gone = await category(world, "Gone")
    await delete_category(world, gone.id)
    for identifier in ("nothing", "gone", str(gone.id)):
        call = make(world, FollowCategory)(FollowCategoryRequest(user(alice), identifier))
        await fails(world, call, CategoryNotFound, "category-not-found")
    check = make(world, CheckFollowingCategory)(CheckFollowingCategoryRequest(user(alice), "x"))
    await fails(world, check, CategoryNotFound, "category-not-found")


@pytest.mark.usefixtures("tick_ids")
async def test_list_newest_first_without_deleted(world: World, alice: Account) -> None:
    made = [await category(world, f"Game {i}") for i in range(4)]
    for c in made:
        await make(world, FollowCategory)(FollowCategoryRequest(SYSTEM, c.slug, alice.id))
    await delete_category(world, made[1].id)
    first = await make(world, ListFollowedCategories)(
        ListFollowedCategoriesRequest(user(alice), limit=2)
    )
    second = await make(world, ListFollowedCategories)(
        ListFollowedCategoriesRequest(user(alice), limit=2, after=first.next)
    )
    assert [f.category.slug for f in first.data + second.data] == ["game-3", "game-2", "game-0"]
    assert second.next is None
    by_system = await make(world, ListFollowedCategories)(
        ListFollowedCategoriesRequest(SYSTEM, account_id=alice.id)
    )
    assert len(by_system.data) == 3


async def test_only_sessions_and_the_system(world: World, alice: Account) -> None:
    await category(world, "Chess")
    for actor, error, code in [
        (ANONYMOUS, Unauthenticated, "unauthenticated"),
        (token(alice), Forbidden, "forbidden"),
    ]:
        call = make(world, FollowCategory)(FollowCategoryRequest(actor, "chess"))
        await fails(world, call, error, code)
