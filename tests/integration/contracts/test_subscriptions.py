"""Contract of ``SubscriptionRepository`` and ``SubscriptionReader`` (one adapter serves both):
one open subscription per account and channel, active ones, months over all of them."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from streamz.adapters.memory.database import FixedClock
from streamz.adapters.memory.repositories import MemoryAccounts, MemoryChannels
from streamz.adapters.memory.subscriptions import MemorySubscriptions
from streamz.adapters.postgres.accounts import PostgresAccounts
from streamz.adapters.postgres.channels import PostgresChannels
from streamz.adapters.postgres.subscriptions import PostgresSubscriptions
from streamz.core.channels.entities import Channel
from streamz.core.channels.errors import AlreadySubscribed
from streamz.core.channels.subscriptions.entities import Subscription
from streamz.core.errors import Conflict
from streamz.core.identity.entities import Account, Role
from streamz.core.shared.ids import new_id

from .conftest import Backend

# the backend fixture asks for these while its loop runs: set them up before it
pytestmark = pytest.mark.usefixtures("settings", "clean")

T0 = datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)
NOW = T0 + timedelta(days=10)
CLOCK = FixedClock(NOW)


def subs(backend: Backend, unit: Any) -> Any:
    return backend.pick(
        memory=lambda u: MemorySubscriptions(u, CLOCK),
        postgres=lambda u: PostgresSubscriptions(u, CLOCK),
        unit=unit,
    )


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


async def people(backend: Backend, *names: str) -> tuple[Channel, list[Account]]:
    """The channel of the first name, and an account per name."""
    unit = backend.unit()
    accounts: Any = backend.pick(memory=MemoryAccounts, postgres=PostgresAccounts, unit=unit)
    channels: Any = backend.pick(memory=MemoryChannels, postgres=PostgresChannels, unit=unit)
    found = []
    for name in names:
        account = Account(new_id(), f"ory-{name}", name, f"{name}@example.com", Role.USER, T0, T0)
        await accounts.add(account)
        found.append(account)
    channel = Channel(new_id(), found[0].id, names[0], names[0], "", False, 0, T0, T0)
    await channels.add(channel)
    await finish(unit)
    return channel, found


def sub(channel: Channel, account: Account, **changes: Any) -> Subscription:
    fields: dict[str, Any] = {
        "id": new_id(),
        "channel_id": channel.id,
        "account_id": account.id,
        "tier": 1,
        "started_at": T0,
        "months": 1,
        "gifted_by": None,
        "ends_at": NOW + timedelta(days=20),
        "ended_at": None,
        "created_at": T0,
        "updated_at": T0,
    }
    return Subscription(**(fields | changes))


def adding(backend: Backend, unit: Any, row: Subscription) -> Callable[[], Awaitable[None]]:
    async def write() -> None:
        await subs(backend, unit).add(row)

    return write


async def stored(backend: Backend, *rows: Subscription) -> None:
    unit = backend.unit()
    for row in rows:
        await subs(backend, unit).add(row)
    await finish(unit)


async def test_the_open_subscription_is_current_and_active_until_it_expires(
    backend: Backend,
) -> None:
    channel, (_, bob, cat, dan) = await people(backend, "ada", "bob", "cat", "dan")
    gifted = sub(channel, bob, tier=3, months=2, gifted_by=cat.id)
    lapsed = sub(channel, cat, ends_at=NOW)  # expired: ends_at is not after now
    ended = sub(channel, dan, ended_at=T0 + timedelta(days=1))
    await stored(backend, gifted, lapsed, ended)

    unit = backend.unit()
    repo = subs(backend, unit)
    assert await repo.current(channel.id, bob.id) == gifted
    assert await repo.active(channel.id, bob.id) == gifted
    assert await repo.current(channel.id, cat.id) == lapsed  # not ended, though expired
    assert await repo.active(channel.id, cat.id) is None
    assert await repo.current(channel.id, dan.id) is None
    assert await repo.active(channel.id, dan.id) is None
    await unit.rollback()


async def test_one_open_subscription_per_account_and_channel(backend: Backend) -> None:
    channel, (_, bob) = await people(backend, "ada", "bob")
    other, _ = await people(backend, "zed")
    first = sub(channel, bob)
    await stored(backend, first, sub(other, bob))  # another channel may

    unit = backend.unit()
    await refused(unit, lambda: subs(backend, unit).add(sub(channel, bob)), AlreadySubscribed)
    # ended ones do not count, and the open one may not be reopened next to another
    closed = sub(channel, bob, ended_at=T0)
    await stored(backend, closed)
    unit = backend.unit()
    await refused(
        unit, lambda: subs(backend, unit).update(replace(closed, ended_at=None)), AlreadySubscribed
    )
    assert await subs(backend, backend.unit()).current(channel.id, bob.id) == first


async def test_rows_are_checked_like_the_table(backend: Backend) -> None:
    channel, (_, bob) = await people(backend, "ada", "bob")
    ghost = Account(new_id(), "g", "ghost", "g@example.com", Role.USER, T0, T0)
    for bad in (
        sub(channel, bob, tier=4),
        sub(channel, bob, months=0),
        sub(channel, ghost),
        sub(channel, bob, gifted_by=ghost.id),
    ):
        unit = backend.unit()
        await refused(unit, adding(backend, unit, bad), Conflict)
    assert await subs(backend, backend.unit()).current(channel.id, bob.id) is None


async def test_update_writes_the_terms_and_end_only(backend: Backend) -> None:
    channel, (owner, bob) = await people(backend, "ada", "bob")
    first = sub(channel, bob)
    await stored(backend, first)

    later = NOW + timedelta(days=50)
    unit = backend.unit()
    moved = sub(channel, owner, id=first.id, started_at=NOW, created_at=NOW)
    await subs(backend, unit).update(
        replace(moved, tier=2, months=3, gifted_by=owner.id, ends_at=later, updated_at=NOW)
    )
    await subs(backend, unit).update(sub(channel, owner))  # no such row: nothing
    await finish(unit)

    unit = backend.unit()
    expected = replace(first, tier=2, months=3, gifted_by=owner.id, ends_at=later, updated_at=NOW)
    assert await subs(backend, unit).current(channel.id, bob.id) == expected
    assert await subs(backend, unit).current(channel.id, owner.id) is None
    await unit.rollback()

    unit = backend.unit()
    await subs(backend, unit).update(replace(expected, ended_at=NOW, updated_at=NOW))
    await finish(unit)
    repo = subs(backend, backend.unit())
    assert await repo.current(channel.id, bob.id) is None
    assert await repo.active(channel.id, bob.id) is None


async def test_months_add_up_over_every_subscription(backend: Backend) -> None:
    channel, (_, bob, cat) = await people(backend, "ada", "bob", "cat")
    await stored(
        backend,
        sub(channel, bob, months=3, ended_at=T0),
        sub(channel, bob, months=2, ends_at=T0),
        sub(channel, bob, months=4, ended_at=T0),
        sub(channel, cat, months=5),
    )
    repo = subs(backend, backend.unit())
    assert await repo.months(channel.id, bob.id) == 9
    assert await repo.months(channel.id, cat.id) == 5
    assert await repo.months(channel.id, channel.account_id) == 0


async def test_active_subscriptions_list_newest_first_in_pages(backend: Backend) -> None:
    channel, (_, *fans) = await people(backend, "ada", "f1", "f2", "f3", "f4", "f5")
    other, (_, stray) = await people(backend, "zed", "z1")
    active = [sub(channel, f) for f in fans[:4]]
    await stored(
        backend,
        *active,
        sub(channel, fans[4], ends_at=NOW - timedelta(seconds=1)),
        sub(channel, fans[4], ended_at=T0),
        sub(other, stray),
    )
    repo = subs(backend, backend.unit())
    newest = active[::-1]
    page = await repo.list_active(channel.id, now=NOW, limit=3, before=None)
    assert page == newest[:3]
    assert await repo.list_active(channel.id, now=NOW, limit=3, before=page[-1].id) == newest[3:]
    # "now" is the caller's: later, all have expired
    later = NOW + timedelta(days=365)
    assert await repo.list_active(channel.id, now=later, limit=3, before=None) == []


async def test_of_two_concurrent_subscriptions_the_second_fails(backend: Backend) -> None:
    channel, (_, bob) = await people(backend, "ada", "bob")
    first, second = backend.unit(), backend.unit()
    winner = sub(channel, bob)
    assert await subs(backend, first).current(channel.id, bob.id) is None
    await subs(backend, first).add(winner)
    assert await subs(backend, second).current(channel.id, bob.id) is None
    pending = asyncio.create_task(subs(backend, second).add(sub(channel, bob)))
    await asyncio.sleep(0.05)
    await finish(first)

    async def attempt() -> None:
        await pending
        await second.commit()

    with pytest.raises(AlreadySubscribed):
        await attempt()
    await second.rollback()
    assert await subs(backend, backend.unit()).current(channel.id, bob.id) == winner
