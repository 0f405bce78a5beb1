"""Contract of ``SubscriptionRepository`` and ``SubscriptionReader`` (one adapter serves both):
one open subscription per account and channel, active ones, months over all of them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import timedelta
from functools import partial
from typing import Any, Protocol

from streamz.adapters.memory.database import FixedClock
from streamz.adapters.memory.subscriptions import MemorySubscriptions
from streamz.adapters.postgres.subscriptions import PostgresSubscriptions
from streamz.core.channels.entities import Channel
from streamz.core.channels.errors import AlreadySubscribed
from streamz.core.channels.subscriptions.entities import Subscription
from streamz.core.errors import Conflict
from streamz.core.identity.entities import Account, Role
from streamz.core.shared.ids import new_id
from streamz.ports.subscriptions import SubscriptionReader, SubscriptionRepository

from .conftest import T0_US, Backend, add_rows, refused, second_loses


class Subscriptions(SubscriptionRepository, SubscriptionReader, Protocol):
    """Both ports: one adapter serves them."""


NOW = T0_US + timedelta(days=10)
CLOCK = FixedClock(NOW)
MEMORY: Callable[[Any], Subscriptions] = partial(MemorySubscriptions, clock=CLOCK)
POSTGRES: Callable[[Any], Subscriptions] = partial(PostgresSubscriptions, clock=CLOCK)


def sub(channel: Channel, account: Account, **changes: Any) -> Subscription:
    fields: dict[str, Any] = {
        "id": new_id(),
        "channel_id": channel.id,
        "account_id": account.id,
        "tier": 1,
        "started_at": T0_US,
        "months": 1,
        "gifted_by": None,
        "ends_at": NOW + timedelta(days=20),
        "ended_at": None,
        "created_at": T0_US,
        "updated_at": T0_US,
    }
    return Subscription(**(fields | changes))


def adding(row: Subscription) -> Callable[[Subscriptions], Awaitable[None]]:
    return lambda repo: repo.add(row)


async def test_the_open_subscription_is_current_and_active_until_it_expires(
    backend: Backend,
) -> None:
    seeded = await backend.seed(accounts=4)
    (_, bob, cat, dan), (channel,) = seeded.accounts, seeded.channels
    gifted = sub(channel, bob, tier=3, months=2, gifted_by=cat.id)
    lapsed = sub(channel, cat, ends_at=NOW)  # expired: ends_at is not after now
    ended = sub(channel, dan, ended_at=T0_US + timedelta(days=1))
    await add_rows(backend, gifted, lapsed, ended, memory=MEMORY, postgres=POSTGRES)

    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        assert await repo.current(channel.id, bob.id) == gifted
        assert await repo.active(channel.id, bob.id) == gifted
        assert await repo.current(channel.id, cat.id) == lapsed  # not ended, though expired
        assert await repo.active(channel.id, cat.id) is None
        assert await repo.current(channel.id, dan.id) is None
        assert await repo.active(channel.id, dan.id) is None


async def test_one_open_subscription_per_account_and_channel(backend: Backend) -> None:
    seeded = await backend.seed(accounts=3, channels=2)
    (_, _, bob), (channel, other) = seeded.accounts, seeded.channels
    first = sub(channel, bob)
    # another channel may
    await add_rows(backend, first, sub(other, bob), memory=MEMORY, postgres=POSTGRES)

    again = sub(channel, bob)
    await refused(
        backend, AlreadySubscribed, lambda r: r.add(again), memory=MEMORY, postgres=POSTGRES
    )
    # ended ones do not count, and the open one may not be reopened next to another
    closed = sub(channel, bob, ended_at=T0_US)
    await add_rows(backend, closed, memory=MEMORY, postgres=POSTGRES)
    reopened = replace(closed, ended_at=None)
    await refused(
        backend, AlreadySubscribed, lambda r: r.update(reopened), memory=MEMORY, postgres=POSTGRES
    )
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        assert await repo.current(channel.id, bob.id) == first


async def test_rows_are_checked_like_the_table(backend: Backend) -> None:
    seeded = await backend.seed(accounts=2)
    (_, bob), (channel,) = seeded.accounts, seeded.channels
    ghost = Account(new_id(), "g", "ghost", "g@example.com", Role.USER, T0_US, T0_US)
    for bad in (
        sub(channel, bob, tier=4),
        sub(channel, bob, months=0),
        sub(channel, ghost),
        sub(channel, bob, gifted_by=ghost.id),
    ):
        await refused(backend, Conflict, adding(bad), memory=MEMORY, postgres=POSTGRES)
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        assert await repo.current(channel.id, bob.id) is None


async def test_update_writes_the_terms_and_end_only(backend: Backend) -> None:
    seeded = await backend.seed(accounts=2)
    (owner, bob), (channel,) = seeded.accounts, seeded.channels
    first = sub(channel, bob)
    await add_rows(backend, first, memory=MEMORY, postgres=POSTGRES)

    later = NOW + timedelta(days=50)
    moved = sub(channel, owner, id=first.id, started_at=NOW, created_at=NOW)
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (unit, repo):
        await repo.update(
            replace(moved, tier=2, months=3, gifted_by=owner.id, ends_at=later, updated_at=NOW)
        )
        await repo.update(sub(channel, owner))  # no such row: nothing
        await unit.commit()

    expected = replace(first, tier=2, months=3, gifted_by=owner.id, ends_at=later, updated_at=NOW)
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        assert await repo.current(channel.id, bob.id) == expected
        assert await repo.current(channel.id, owner.id) is None

    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (unit, repo):
        await repo.update(replace(expected, ended_at=NOW, updated_at=NOW))
        await unit.commit()
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        assert await repo.current(channel.id, bob.id) is None
        assert await repo.active(channel.id, bob.id) is None


async def test_months_add_up_over_every_subscription(backend: Backend) -> None:
    seeded = await backend.seed(accounts=3)
    (_, bob, cat), (channel,) = seeded.accounts, seeded.channels
    await add_rows(
        backend,
        sub(channel, bob, months=3, ended_at=T0_US),
        sub(channel, bob, months=2, ends_at=T0_US),
        sub(channel, bob, months=4, ended_at=T0_US),
        sub(channel, cat, months=5),
        memory=MEMORY,
        postgres=POSTGRES,
    )
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        assert await repo.months(channel.id, bob.id) == 9
        assert await repo.months(channel.id, cat.id) == 5
        assert await repo.months(channel.id, channel.account_id) == 0


async def test_active_subscriptions_list_newest_first_in_pages(backend: Backend) -> None:
    # the channel of acc0 with five fans, and the channel of acc1 with one of its own
    seeded = await backend.seed(accounts=8, channels=2)
    (_, _, *fans, stray), (channel, other) = seeded.accounts, seeded.channels
    active = [sub(channel, f) for f in fans[:4]]
    await add_rows(
        backend,
        *active,
        sub(channel, fans[4], ends_at=NOW - timedelta(seconds=1)),
        sub(channel, fans[4], ended_at=T0_US),
        sub(other, stray),
        memory=MEMORY,
        postgres=POSTGRES,
    )
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        newest = active[::-1]
        page = await repo.list_active(channel.id, now=NOW, limit=3, before=None)
        assert page == newest[:3]
        rest = await repo.list_active(channel.id, now=NOW, limit=3, before=page[-1].id)
        assert rest == newest[3:]
        # "now" is the caller's: later, all have expired
        later = NOW + timedelta(days=365)
        assert await repo.list_active(channel.id, now=later, limit=3, before=None) == []


async def test_of_two_concurrent_subscriptions_the_second_fails(backend: Backend) -> None:
    seeded = await backend.seed(accounts=2)
    (_, bob), (channel,) = seeded.accounts, seeded.channels
    winner = sub(channel, bob)

    async def first(repo: Subscriptions) -> None:
        assert await repo.current(channel.id, bob.id) is None
        await repo.add(winner)

    async def second(repo: Subscriptions) -> None:
        assert await repo.current(channel.id, bob.id) is None  # the first is not committed
        await repo.add(sub(channel, bob))

    await second_loses(backend, AlreadySubscribed, first, second, memory=MEMORY, postgres=POSTGRES)
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        assert await repo.current(channel.id, bob.id) == winner
