"""Contract of the social ports: follows of channels and categories (rows and counts kept
equal) and notification preferences (sparse, merged atomically)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from streamz.adapters.memory.repositories import MemoryAccounts, MemoryChannels
from streamz.adapters.memory.social import (
    MemoryCategories,
    MemoryCategoryFollows,
    MemoryChannelFollows,
    MemoryNotificationPreferences,
)
from streamz.adapters.postgres.accounts import PostgresAccounts
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

from .conftest import Backend

# the backend fixture asks for these while its loop runs: set them up before it
pytestmark = pytest.mark.usefixtures("settings", "clean")

T0 = datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)


def channel_follows(backend: Backend, unit: Any) -> Any:
    return backend.pick(memory=MemoryChannelFollows, postgres=PostgresChannelFollows, unit=unit)


def category_follows(backend: Backend, unit: Any) -> Any:
    return backend.pick(memory=MemoryCategoryFollows, postgres=PostgresCategoryFollows, unit=unit)


def preferences(backend: Backend, unit: Any) -> Any:
    return backend.pick(
        memory=MemoryNotificationPreferences, postgres=PostgresNotificationPreferences, unit=unit
    )


async def finish(unit: Any) -> None:
    """Commit and give the unit's connection back (the test pool has 4)."""
    await unit.commit()
    await unit.rollback()


async def refused(unit: Any, write: Callable[[], Awaitable[Any]], error: type[Exception]) -> None:
    async def attempt() -> None:
        await write()
        await unit.commit()

    with pytest.raises(error):
        await attempt()
    await unit.rollback()


async def world(backend: Backend, *names: str) -> tuple[list[Account], list[Channel]]:
    """An account and its channel per name."""
    unit = backend.unit()
    accounts: Any = backend.pick(memory=MemoryAccounts, postgres=PostgresAccounts, unit=unit)
    channels: Any = backend.pick(memory=MemoryChannels, postgres=PostgresChannels, unit=unit)
    people, rooms = [], []
    for name in names:
        account = Account(new_id(), f"ory-{name}", name, f"{name}@example.com", Role.USER, T0, T0)
        channel = Channel(new_id(), account.id, name, name.title(), "", False, 0, T0, T0)
        await accounts.add(account)
        await channels.add(channel)
        people.append(account)
        rooms.append(channel)
    await finish(unit)
    return people, rooms


async def categories(backend: Backend, *slugs: str, deleted: str = "") -> list[Category]:
    unit = backend.unit()
    repo: Any = backend.pick(memory=MemoryCategories, postgres=PostgresCategories, unit=unit)
    made = []
    for slug in slugs:
        gone = T0 if slug == deleted else None
        category = Category(new_id(), None, slug.title(), slug, None, ("rpg",), 0, 0, T0, T0, gone)
        await repo.add(category)
        made.append(category)
    await finish(unit)
    return made


def follow(account: Account, target_id: Any, minutes: int = 0) -> Follow:
    return Follow(new_id(), account.id, target_id, T0 + timedelta(minutes=minutes))


async def count_of(backend: Backend, channel: Channel) -> int:
    unit = backend.unit()
    repo: Any = backend.pick(memory=MemoryChannels, postgres=PostgresChannels, unit=unit)
    found = await repo.get(channel.id)
    await unit.rollback()
    return int(found.followers_count)


async def test_a_follow_is_stored_once_and_counted(backend: Backend) -> None:
    (ada, bob), (room, _) = await world(backend, "ada", "bob")
    first = follow(bob, room.id)
    unit = backend.unit()
    assert await channel_follows(backend, unit).follow(first) is True
    assert await channel_follows(backend, unit).follow(follow(bob, room.id)) is False
    assert await channel_follows(backend, backend.unit()).get(bob.id, room.id) is None
    await finish(unit)

    assert await channel_follows(backend, backend.unit()).get(bob.id, room.id) == first
    assert await count_of(backend, room) == 1

    unit = backend.unit()
    assert await channel_follows(backend, unit).follow(follow(bob, room.id)) is False
    assert await channel_follows(backend, unit).follow(follow(ada, room.id)) is True
    await finish(unit)
    assert await count_of(backend, room) == 2


async def test_unfollow_returns_the_follow_and_uncounts_it(backend: Backend) -> None:
    (_, bob), (room, _) = await world(backend, "ada", "bob")
    first = follow(bob, room.id)
    unit = backend.unit()
    await channel_follows(backend, unit).follow(first)
    await finish(unit)

    unit = backend.unit()
    assert await channel_follows(backend, unit).unfollow(bob.id, room.id) == first
    assert await channel_follows(backend, unit).unfollow(bob.id, room.id) is None
    await finish(unit)
    assert await channel_follows(backend, backend.unit()).get(bob.id, room.id) is None
    assert await count_of(backend, room) == 0


async def test_follows_need_an_existing_account_and_target(backend: Backend) -> None:
    (ada,), (room,) = await world(backend, "ada")
    ghost = Account(new_id(), "g", "ghost", "g@example.com", Role.USER, T0, T0)
    unit = backend.unit()
    await refused(
        unit, lambda: channel_follows(backend, unit).follow(follow(ada, new_id())), Conflict
    )
    unit = backend.unit()
    await refused(
        unit, lambda: channel_follows(backend, unit).follow(follow(ghost, room.id)), Conflict
    )
    unit = backend.unit()
    await refused(
        unit, lambda: category_follows(backend, unit).follow(follow(ada, new_id())), Conflict
    )
    assert await count_of(backend, room) == 0


async def test_concurrent_follows_of_one_channel_all_count(backend: Backend) -> None:
    (_, bob, cat), (room, *_) = await world(backend, "ada", "bob", "cat")
    first, second = backend.unit(), backend.unit()
    assert await channel_follows(backend, first).follow(follow(bob, room.id)) is True
    pending = asyncio.create_task(channel_follows(backend, second).follow(follow(cat, room.id)))
    await asyncio.sleep(0.05)
    await finish(first)
    assert await pending is True
    await finish(second)
    assert await count_of(backend, room) == 2


async def test_followed_channels_list_newest_first_in_pages(backend: Backend) -> None:
    (ada, bob, *_), rooms = await world(backend, "ada", "bob", "c1", "c2", "c3")
    unit = backend.unit()
    mine = [follow(ada, r.id, n) for n, r in enumerate(rooms[1:])]
    for f in [*mine, follow(bob, rooms[2].id)]:
        await channel_follows(backend, unit).follow(f)
    await finish(unit)

    repo = channel_follows(backend, backend.unit())
    page = await repo.list_for(ada.id, limit=2, before=None)
    assert [(x.follow, x.channel.slug) for x in page] == [(mine[3], "c3"), (mine[2], "c2")]
    assert page[0].channel.followers_count == 1
    rest = await repo.list_for(ada.id, limit=5, before=page[-1].follow.id)
    assert [x.follow for x in rest] == [mine[1], mine[0]]
    assert rest[0].channel == replace(rooms[2], followers_count=2)  # the whole channel row


async def test_category_follows_count_and_list_live_categories_only(backend: Backend) -> None:
    (ada, bob), _ = await world(backend, "ada", "bob")
    rpg, gone, fps = await categories(backend, "rpg", "gone", "fps", deleted="gone")
    unit = backend.unit()
    made = [follow(ada, c.id, n) for n, c in enumerate((rpg, gone, fps))]
    for f in [*made, follow(bob, rpg.id)]:
        assert await category_follows(backend, unit).follow(f) is True
    await finish(unit)

    repo = category_follows(backend, backend.unit())
    listed = await repo.list_for(ada.id, limit=5, before=None)
    assert [(x.follow, x.category.slug) for x in listed] == [(made[2], "fps"), (made[0], "rpg")]
    assert listed[1].category.followers_count == 2
    assert listed[1].category.genres == ("rpg",)
    assert [x.follow for x in await repo.list_for(ada.id, limit=1, before=None)] == [made[2]]
    assert await repo.unfollow(ada.id, rpg.id) == made[0]


async def test_preferences_are_sparse_and_merged(backend: Backend) -> None:
    (ada, bob), (room, other) = await world(backend, "ada", "bob")
    unit = backend.unit()
    prefs = preferences(backend, unit)
    assert await prefs.account(ada.id) == {}
    assert await prefs.merge_account(ada.id, {"push.live": False}, T0) == {"push.live": False}
    merged = await prefs.merge_account(ada.id, {"email.digest": True, "push.live": True}, T0)
    assert merged == {"push.live": True, "email.digest": True}
    values = {"push.live": False, "email.live": False}
    assert await prefs.merge_channel(ada.id, room.id, values, [], T0) == values
    after = await prefs.merge_channel(ada.id, room.id, {"push.chat": True}, ["email.live"], T0)
    assert after == {"push.live": False, "push.chat": True}
    await prefs.merge_channel(ada.id, other.id, {"push.live": True}, [], T0)
    await finish(unit)

    unit = backend.unit()
    prefs = preferences(backend, unit)
    assert await prefs.account(ada.id) == {"push.live": True, "email.digest": True}
    assert await prefs.account(bob.id) == {}
    assert await prefs.channel(ada.id, room.id) == {"push.live": False, "push.chat": True}
    await prefs.clear_channel(ada.id, room.id)
    await prefs.clear_channel(bob.id, room.id)  # nothing stored: nothing happens
    await finish(unit)
    prefs = preferences(backend, backend.unit())
    assert await prefs.channel(ada.id, room.id) == {}
    assert await prefs.channel(ada.id, other.id) == {"push.live": True}


async def test_preferences_need_an_existing_account_and_channel(backend: Backend) -> None:
    (ada,), (room,) = await world(backend, "ada")
    unit = backend.unit()
    await refused(
        unit, lambda: preferences(backend, unit).merge_account(new_id(), {}, T0), Conflict
    )
    unit = backend.unit()
    await refused(
        unit,
        lambda: preferences(backend, unit).merge_channel(ada.id, new_id(), {"a": True}, [], T0),
        Conflict,
    )
    assert await preferences(backend, backend.unit()).channel(ada.id, room.id) == {}


async def test_concurrent_merges_keep_each_others_choices(backend: Backend) -> None:
    (ada,), (room,) = await world(backend, "ada")
    first, second = backend.unit(), backend.unit()
    await preferences(backend, first).merge_account(ada.id, {"push.live": False}, T0)
    await preferences(backend, first).merge_channel(ada.id, room.id, {"a": True, "b": True}, [], T0)

    async def meanwhile() -> None:
        prefs = preferences(backend, second)
        await prefs.merge_account(ada.id, {"email.live": True}, T0)
        await prefs.merge_channel(ada.id, room.id, {"c": False}, ["a"], T0)

    pending = asyncio.create_task(meanwhile())
    await asyncio.sleep(0.05)
    await finish(first)
    await pending
    await finish(second)

    prefs = preferences(backend, backend.unit())
    assert await prefs.account(ada.id) == {"push.live": False, "email.live": True}
    assert await prefs.channel(ada.id, room.id) == {"b": True, "c": False}
