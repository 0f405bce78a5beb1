"""Contract of ``BadgeRepository``: a channel's subscriber badges, one per months threshold."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from streamz.adapters.memory.badges import MemoryBadges
from streamz.adapters.postgres.badges import PostgresBadges
from streamz.core.channels.badges.entities import Badge
from streamz.core.channels.badges.errors import BadgeExists
from streamz.core.channels.entities import Channel
from streamz.core.errors import Conflict
from streamz.core.shared.ids import new_id
from streamz.ports.badges import BadgeRepository

from .conftest import T0_US, Backend, add_rows, refused, second_loses

MEMORY: Callable[[Any], BadgeRepository] = MemoryBadges
POSTGRES: Callable[[Any], BadgeRepository] = PostgresBadges


def badge(channel: Channel, months: int, content_type: str = "image/png") -> Badge:
    key = f"badges/{channel.id}/{months}"
    return Badge(new_id(), channel.id, months, key, content_type, 72, 72, T0_US)


async def test_badges_are_read_back_whole_by_months(backend: Backend) -> None:
    ada, bob = (await backend.seed(accounts=2, channels=2)).channels
    twelve, one, six = badge(ada, 12, "image/webp"), badge(ada, 1), badge(ada, 6, "image/gif")
    await add_rows(backend, twelve, one, six, badge(bob, 3), memory=MEMORY, postgres=POSTGRES)

    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        assert await repo.for_channel(ada.id) == [one, six, twelve]
        assert await repo.get(ada.id, 6) == six
        assert await repo.get(ada.id, 3) is None
        assert [b.months for b in await repo.for_channel(bob.id)] == [3]
        assert await repo.for_channel(new_id()) == []


async def test_one_badge_per_months_of_an_existing_channel(backend: Backend) -> None:
    ada, bob = (await backend.seed(accounts=2, channels=2)).channels
    first = badge(ada, 1)
    await add_rows(backend, first, badge(bob, 1), memory=MEMORY, postgres=POSTGRES)

    again = badge(ada, 1)
    await refused(backend, BadgeExists, lambda r: r.add(again), memory=MEMORY, postgres=POSTGRES)
    nowhere = badge(Channel(new_id(), new_id(), "x", "x", "", False, 0, T0_US, T0_US), 1)
    await refused(backend, Conflict, lambda r: r.add(nowhere), memory=MEMORY, postgres=POSTGRES)
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        assert await repo.for_channel(ada.id) == [first]


async def test_remove_frees_the_months_for_a_new_badge(backend: Backend) -> None:
    (ada,) = (await backend.seed(accounts=1)).channels
    old, kept = badge(ada, 1), badge(ada, 2)
    await add_rows(backend, old, kept, memory=MEMORY, postgres=POSTGRES)

    new = badge(ada, 1, "image/gif")
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (unit, repo):
        await repo.remove(old.id)
        await repo.remove(new_id())  # no such badge: nothing
        await repo.add(new)
        await unit.commit()

    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        assert await repo.for_channel(ada.id) == [new, kept]


async def test_of_two_concurrent_adds_of_a_threshold_the_second_fails(backend: Backend) -> None:
    (ada,) = (await backend.seed(accounts=1)).channels
    winner, loser = badge(ada, 3), badge(ada, 3)
    await second_loses(
        backend,
        BadgeExists,
        lambda r: r.add(winner),
        lambda r: r.add(loser),
        memory=MEMORY,
        postgres=POSTGRES,
    )
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        assert await repo.for_channel(ada.id) == [winner]
