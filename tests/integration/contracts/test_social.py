"""Contract of the social ports: follows of channels and categories (rows and counts kept
equal) and notification preferences (sparse, merged atomically)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from typing import Any

from streamz.adapters.memory.repositories import MemoryChannels
from streamz.adapters.memory.social import (
    MemoryCategories,
    MemoryCategoryFollows,
    MemoryChannelFollows,
    MemoryNotificationPreferences,
)
from streamz.adapters.postgres.categories import PostgresCategories
from streamz.adapters.postgres.channels import PostgresChannels
from streamz.adapters.postgres.social import (
    PostgresCategoryFollows,
    PostgresChannelFollows,
    PostgresNotificationPreferences,
)
from streamz.core.channels.entities import Channel
from streamz.core.errors import Conflict
from streamz.core.identity.entities import Account, Role
from streamz.core.live.entities import Category
from streamz.core.shared.ids import new_id
from streamz.core.social.entities import Follow
from streamz.ports.categories import CategoryRepository
from streamz.ports.channels import ChannelRepository
from streamz.ports.social import (
    CategoryFollowRepository,
    ChannelFollowRepository,
    NotificationPreferenceRepository,
)

from .conftest import T0_US, Backend, add_rows, bare_channels, refused

MEMORY: Callable[[Any], ChannelFollowRepository] = MemoryChannelFollows
POSTGRES: Callable[[Any], ChannelFollowRepository] = PostgresChannelFollows
MEMORY_CATEGORY: Callable[[Any], CategoryFollowRepository] = MemoryCategoryFollows
POSTGRES_CATEGORY: Callable[[Any], CategoryFollowRepository] = PostgresCategoryFollows
MEMORY_PREFS: Callable[[Any], NotificationPreferenceRepository] = MemoryNotificationPreferences
POSTGRES_PREFS: Callable[[Any], NotificationPreferenceRepository] = PostgresNotificationPreferences
MEMORY_CATEGORIES: Callable[[Any], CategoryRepository] = MemoryCategories
POSTGRES_CATEGORIES: Callable[[Any], CategoryRepository] = PostgresCategories
MEMORY_CHANNELS: Callable[[Any], ChannelRepository] = MemoryChannels
POSTGRES_CHANNELS: Callable[[Any], ChannelRepository] = PostgresChannels


async def categories(backend: Backend, *slugs: str, deleted: str = "") -> list[Category]:
    made = []
    for slug in slugs:
        gone = T0_US if slug == deleted else None
        made.append(
            Category(new_id(), None, slug.title(), slug, None, ("rpg",), 0, 0, T0_US, T0_US, gone)
        )
    await add_rows(backend, *made, memory=MEMORY_CATEGORIES, postgres=POSTGRES_CATEGORIES)
    return made


def follow(account: Account, target_id: Any, minutes: int = 0) -> Follow:
    return Follow(new_id(), account.id, target_id, T0_US + timedelta(minutes=minutes))


async def count_of(backend: Backend, channel: Channel) -> int:
    async with backend.opened(memory=MEMORY_CHANNELS, postgres=POSTGRES_CHANNELS) as (_, repo):
        found = await repo.get(channel.id)
    assert found is not None
    return found.followers_count


async def test_a_follow_is_stored_once_and_counted(backend: Backend) -> None:
    seeded = await bare_channels(backend, 2)
    (ada, bob), (room, _) = seeded.accounts, seeded.channels
    first = follow(bob, room.id)
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (unit, repo):
        assert await repo.follow(first) is True
        assert await repo.follow(follow(bob, room.id)) is False
        async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, other):
            assert await other.get(bob.id, room.id) is None
        await unit.commit()

    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        assert await repo.get(bob.id, room.id) == first
    assert await count_of(backend, room) == 1

    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (unit, repo):
        assert await repo.follow(follow(bob, room.id)) is False
        assert await repo.follow(follow(ada, room.id)) is True
        await unit.commit()
    assert await count_of(backend, room) == 2


async def test_unfollow_returns_the_follow_and_uncounts_it(backend: Backend) -> None:
    seeded = await bare_channels(backend, 2)
    (_, bob), (room, _) = seeded.accounts, seeded.channels
    first = follow(bob, room.id)
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (unit, repo):
        await repo.follow(first)
        await unit.commit()

    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (unit, repo):
        assert await repo.unfollow(bob.id, room.id) == first
        assert await repo.unfollow(bob.id, room.id) is None
        await unit.commit()
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        assert await repo.get(bob.id, room.id) is None
    assert await count_of(backend, room) == 0


async def test_follows_need_an_existing_account_and_target(backend: Backend) -> None:
    seeded = await bare_channels(backend, 1)
    (ada,), (room,) = seeded.accounts, seeded.channels
    ghost = Account(new_id(), "g", "ghost", "g@example.com", Role.USER, T0_US, T0_US)
    nowhere, stranger = follow(ada, new_id()), follow(ghost, room.id)
    await refused(backend, Conflict, lambda r: r.follow(nowhere), memory=MEMORY, postgres=POSTGRES)
    await refused(backend, Conflict, lambda r: r.follow(stranger), memory=MEMORY, postgres=POSTGRES)
    no_category = follow(ada, new_id())
    await refused(
        backend,
        Conflict,
        lambda r: r.follow(no_category),
        memory=MEMORY_CATEGORY,
        postgres=POSTGRES_CATEGORY,
    )
    assert await count_of(backend, room) == 0


async def test_concurrent_follows_of_one_channel_all_count(backend: Backend) -> None:
    seeded = await bare_channels(backend, 3)
    (_, bob, cat), (room, *_) = seeded.accounts, seeded.channels
    async with (
        backend.opened(memory=MEMORY, postgres=POSTGRES) as (first, one),
        backend.opened(memory=MEMORY, postgres=POSTGRES) as (second, two),
    ):
        assert await one.follow(follow(bob, room.id)) is True
        pending = asyncio.create_task(two.follow(follow(cat, room.id)))
        await asyncio.sleep(0.05)
        await first.commit()
        assert await pending is True
        await second.commit()
    assert await count_of(backend, room) == 2


async def test_followed_channels_list_newest_first_in_pages(backend: Backend) -> None:
    seeded = await bare_channels(backend, 5)
    (ada, bob, *_), rooms = seeded.accounts, seeded.channels
    mine = [follow(ada, r.id, n) for n, r in enumerate(rooms[1:])]
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (unit, repo):
        for f in [*mine, follow(bob, rooms[2].id)]:
            await repo.follow(f)
        await unit.commit()

    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        page = await repo.list_for(ada.id, limit=2, before=None)
        assert [(x.follow, x.channel.slug) for x in page] == [(mine[3], "acc4"), (mine[2], "acc3")]
        assert page[0].channel.followers_count == 1
        rest = await repo.list_for(ada.id, limit=5, before=page[-1].follow.id)
        assert [x.follow for x in rest] == [mine[1], mine[0]]
        assert rest[0].channel == replace(rooms[2], followers_count=2)  # the whole channel row


async def test_category_follows_count_and_list_live_categories_only(backend: Backend) -> None:
    ada, bob = (await backend.seed(accounts=2, channels=0)).accounts
    rpg, gone, fps = await categories(backend, "rpg", "gone", "fps", deleted="gone")
    made = [follow(ada, c.id, n) for n, c in enumerate((rpg, gone, fps))]
    async with backend.opened(memory=MEMORY_CATEGORY, postgres=POSTGRES_CATEGORY) as (unit, repo):
        for f in [*made, follow(bob, rpg.id)]:
            assert await repo.follow(f) is True
        await unit.commit()

    async with backend.opened(memory=MEMORY_CATEGORY, postgres=POSTGRES_CATEGORY) as (_, repo):
        listed = await repo.list_for(ada.id, limit=5, before=None)
        assert [(x.follow, x.category.slug) for x in listed] == [(made[2], "fps"), (made[0], "rpg")]
        assert listed[1].category.followers_count == 2
        assert listed[1].category.genres == ("rpg",)
        assert [x.follow for x in await repo.list_for(ada.id, limit=1, before=None)] == [made[2]]
        assert await repo.unfollow(ada.id, rpg.id) == made[0]


async def test_preferences_are_sparse_and_merged(backend: Backend) -> None:
    seeded = await bare_channels(backend, 2)
    (ada, bob), (room, other) = seeded.accounts, seeded.channels
    async with backend.opened(memory=MEMORY_PREFS, postgres=POSTGRES_PREFS) as (unit, prefs):
        assert await prefs.account(ada.id) == {}
        assert await prefs.merge_account(ada.id, {"push.live": False}, T0_US) == {
            "push.live": False
        }
        merged = await prefs.merge_account(ada.id, {"email.digest": True, "push.live": True}, T0_US)
        assert merged == {"push.live": True, "email.digest": True}
        values = {"push.live": False, "email.live": False}
        assert await prefs.merge_channel(ada.id, room.id, values, [], T0_US) == values
        after = await prefs.merge_channel(
            ada.id, room.id, {"push.chat": True}, ["email.live"], T0_US
        )
        assert after == {"push.live": False, "push.chat": True}
        await prefs.merge_channel(ada.id, other.id, {"push.live": True}, [], T0_US)
        await unit.commit()

    async with backend.opened(memory=MEMORY_PREFS, postgres=POSTGRES_PREFS) as (unit, prefs):
        assert await prefs.account(ada.id) == {"push.live": True, "email.digest": True}
        assert await prefs.account(bob.id) == {}
        assert await prefs.channel(ada.id, room.id) == {"push.live": False, "push.chat": True}
        await prefs.clear_channel(ada.id, room.id)
        await prefs.clear_channel(bob.id, room.id)  # nothing stored: nothing happens
        await unit.commit()
    async with backend.opened(memory=MEMORY_PREFS, postgres=POSTGRES_PREFS) as (_, prefs):
        assert await prefs.channel(ada.id, room.id) == {}
        assert await prefs.channel(ada.id, other.id) == {"push.live": True}


async def test_preferences_need_an_existing_account_and_channel(backend: Backend) -> None:
    seeded = await bare_channels(backend, 1)
    (ada,), (room,) = seeded.accounts, seeded.channels
    await refused(
        backend,
        Conflict,
        lambda r: r.merge_account(new_id(), {}, T0_US),
        memory=MEMORY_PREFS,
        postgres=POSTGRES_PREFS,
    )
    await refused(
        backend,
        Conflict,
        lambda r: r.merge_channel(ada.id, new_id(), {"a": True}, [], T0_US),
        memory=MEMORY_PREFS,
        postgres=POSTGRES_PREFS,
    )
    async with backend.opened(memory=MEMORY_PREFS, postgres=POSTGRES_PREFS) as (_, prefs):
        assert await prefs.channel(ada.id, room.id) == {}


async def test_concurrent_merges_keep_each_others_choices(backend: Backend) -> None:
    seeded = await bare_channels(backend, 1)
    (ada,), (room,) = seeded.accounts, seeded.channels
    async with (
        backend.opened(memory=MEMORY_PREFS, postgres=POSTGRES_PREFS) as (first, prefs),
        backend.opened(memory=MEMORY_PREFS, postgres=POSTGRES_PREFS) as (second, theirs),
    ):
        await prefs.merge_account(ada.id, {"push.live": False}, T0_US)
        await prefs.merge_channel(ada.id, room.id, {"a": True, "b": True}, [], T0_US)

        async def meanwhile() -> None:
            await theirs.merge_account(ada.id, {"email.live": True}, T0_US)
            await theirs.merge_channel(ada.id, room.id, {"c": False}, ["a"], T0_US)

        pending = asyncio.create_task(meanwhile())
        await asyncio.sleep(0.05)
        await first.commit()
        await pending
        await second.commit()

    async with backend.opened(memory=MEMORY_PREFS, postgres=POSTGRES_PREFS) as (_, prefs):
        assert await prefs.account(ada.id) == {"push.live": False, "email.live": True}
        assert await prefs.channel(ada.id, room.id) == {"b": True, "c": False}
