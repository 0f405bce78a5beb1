"""Contract of ``BadgeRepository``: a channel's subscriber badges, one per months threshold."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from streamz.adapters.memory.badges import MemoryBadges
from streamz.adapters.memory.repositories import MemoryAccounts, MemoryChannels
from streamz.adapters.postgres.accounts import PostgresAccounts
from streamz.adapters.postgres.badges import PostgresBadges
from streamz.adapters.postgres.channels import PostgresChannels
from streamz.core.channels.badges.entities import Badge
from streamz.core.channels.badges.errors import BadgeExists
from streamz.core.channels.entities import Channel
from streamz.core.errors import Conflict
from streamz.core.identity.entities import Account, Role
from streamz.core.shared.ids import new_id

from .conftest import Backend

# the backend fixture asks for these while its loop runs: set them up before it
pytestmark = pytest.mark.usefixtures("settings", "clean")

T0 = datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)


def badges(backend: Backend, unit: Any) -> Any:
    return backend.pick(memory=MemoryBadges, postgres=PostgresBadges, unit=unit)


async def finish(unit: Any) -> None:
    """Commit and give the unit's connection back (the test pool has 4)."""
    await unit.commit()
    await unit.rollback()


async def refused(unit: Any, write: Callable[[], Awaitable[None]], error: type[Exception]) -> None:
    async def attempt() -> None:
        await write()
        await unit.commit()

    with pytest.raises(error):
        await attempt()
    await unit.rollback()


async def a_channel(backend: Backend, slug: str) -> Channel:
    unit = backend.unit()
    account = Account(new_id(), f"ory-{slug}", slug, f"{slug}@example.com", Role.USER, T0, T0)
    channel = Channel(new_id(), account.id, slug, slug.title(), "", False, 0, T0, T0)
    accounts: Any = backend.pick(memory=MemoryAccounts, postgres=PostgresAccounts, unit=unit)
    channels: Any = backend.pick(memory=MemoryChannels, postgres=PostgresChannels, unit=unit)
    await accounts.add(account)
    await channels.add(channel)
    await finish(unit)
    return channel


def badge(channel: Channel, months: int, content_type: str = "image/png") -> Badge:
    key = f"badges/{channel.id}/{months}"
    return Badge(new_id(), channel.id, months, key, content_type, 72, 72, T0)


async def stored(backend: Backend, *rows: Badge) -> None:
    unit = backend.unit()
    for row in rows:
        await badges(backend, unit).add(row)
    await finish(unit)


async def test_badges_are_read_back_whole_by_months(backend: Backend) -> None:
    ada, bob = await a_channel(backend, "ada"), await a_channel(backend, "bob")
    twelve, one, six = badge(ada, 12, "image/webp"), badge(ada, 1), badge(ada, 6, "image/gif")
    await stored(backend, twelve, one, six, badge(bob, 3))

    repo = badges(backend, backend.unit())
    assert await repo.for_channel(ada.id) == [one, six, twelve]
    assert await repo.get(ada.id, 6) == six
    assert await repo.get(ada.id, 3) is None
    assert [b.months for b in await repo.for_channel(bob.id)] == [3]
    assert await repo.for_channel(new_id()) == []


async def test_one_badge_per_months_of_an_existing_channel(backend: Backend) -> None:
    ada, bob = await a_channel(backend, "ada"), await a_channel(backend, "bob")
    first = badge(ada, 1)
    await stored(backend, first, badge(bob, 1))

    unit = backend.unit()
    await refused(unit, lambda: badges(backend, unit).add(badge(ada, 1)), BadgeExists)
    nowhere = Channel(new_id(), new_id(), "x", "x", "", False, 0, T0, T0)
    unit = backend.unit()
    await refused(unit, lambda: badges(backend, unit).add(badge(nowhere, 1)), Conflict)
    assert await badges(backend, backend.unit()).for_channel(ada.id) == [first]


async def test_remove_frees_the_months_for_a_new_badge(backend: Backend) -> None:
    ada = await a_channel(backend, "ada")
    old, kept = badge(ada, 1), badge(ada, 2)
    await stored(backend, old, kept)

    unit = backend.unit()
    new = badge(ada, 1, "image/gif")
    await badges(backend, unit).remove(old.id)
    await badges(backend, unit).remove(new_id())  # no such badge: nothing
    await badges(backend, unit).add(new)
    await finish(unit)

    assert await badges(backend, backend.unit()).for_channel(ada.id) == [new, kept]


async def test_of_two_concurrent_adds_of_a_threshold_the_second_fails(backend: Backend) -> None:
    ada = await a_channel(backend, "ada")
    first, second = backend.unit(), backend.unit()
    winner = badge(ada, 3)
    await badges(backend, first).add(winner)
    pending = asyncio.create_task(badges(backend, second).add(badge(ada, 3)))
    await asyncio.sleep(0.05)
    await finish(first)

    async def attempt() -> None:
        await pending
        await second.commit()

    with pytest.raises(BadgeExists):
        await attempt()
    await second.rollback()
    assert await badges(backend, backend.unit()).for_channel(ada.id) == [winner]
