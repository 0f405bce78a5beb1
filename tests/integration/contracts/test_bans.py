"""BanRepository contract: the memory and the Postgres adapter keep the same promises."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from streamz.adapters.memory.bans import MemoryBans
from streamz.adapters.memory.repositories import MemoryAccounts, MemoryChannels
from streamz.adapters.postgres.accounts import PostgresAccounts
from streamz.adapters.postgres.bans import PostgresBans
from streamz.adapters.postgres.channels import PostgresChannels
from streamz.core.channels.entities import Channel
from streamz.core.chat.bans.entities import Ban, BanKind
from streamz.core.chat.bans.errors import BanConflict
from streamz.core.errors import Conflict
from streamz.core.identity.entities import Account, Role
from streamz.core.shared.ids import new_id
from streamz.ports.bans import BanRepository
from streamz.ports.channels import ChannelRepository
from streamz.ports.identity import AccountRepository
from tests.integration.contracts.conftest import Backend

# the backend fixture asks for these while its loop runs: set them up before it
pytestmark = pytest.mark.usefixtures("settings", "clean")

T0 = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)


async def seed(backend: Backend, accounts: int = 3, channels: int = 1) -> tuple[list[Any], ...]:
    """Committed accounts (``acc0``...) and channels owned by the first ones."""
    unit = backend.unit()
    people: AccountRepository = (MemoryAccounts if backend.name == "memory" else PostgresAccounts)(
        unit
    )
    rooms: ChannelRepository = (MemoryChannels if backend.name == "memory" else PostgresChannels)(
        unit
    )
    made: list[Account] = []
    for n in range(accounts):
        account = Account(new_id(), f"id-{n}", f"acc{n}", f"acc{n}@x.test", Role.USER, T0, T0)
        await people.add(account)
        made.append(account)
    owned: list[Channel] = []
    for n in range(channels):
        channel = Channel(new_id(), made[n].id, f"acc{n}", f"Acc {n}", "", False, 0, T0, T0)
        await rooms.add(channel)
        owned.append(channel)
    await unit.commit()
    await unit.rollback()  # done: gives a Postgres unit's connection back
    return made, owned


@asynccontextmanager
async def opened(backend: Backend) -> AsyncIterator[tuple[Any, BanRepository]]:
    """A unit and the adapter on it; what is not committed at the end is rolled back."""
    unit = backend.unit()
    try:
        yield unit, bans(backend, unit)
    finally:
        await unit.rollback()


def bans(backend: Backend, unit: Any) -> BanRepository:
    memory: Callable[[Any], BanRepository] = MemoryBans
    postgres: Callable[[Any], BanRepository] = PostgresBans
    return backend.pick(memory=memory, postgres=postgres, unit=unit)


def ban(channel: Channel, account: Account, **changes: Any) -> Ban:
    base = Ban(new_id(), channel.id, account.id, BanKind.BAN, None, None, None, T0)
    return replace(base, **changes)


def timeout(channel: Channel, account: Account, minutes: int, **changes: Any) -> Ban:
    expires = T0 + timedelta(minutes=minutes)
    return ban(channel, account, kind=BanKind.TIMEOUT, expires_at=expires, **changes)


async def test_a_ban_is_stored_and_read_back_field_for_field(backend: Backend) -> None:
    (owner, viewer, _), (channel,) = await seed(backend)
    stored = ban(channel, viewer, reason="spam", created_by=owner.id)
    async with opened(backend) as (unit, repo):
        await repo.add(stored)
        await unit.commit()

    async with opened(backend) as (_, repo):
        assert await repo.current(channel.id, viewer.id) == stored
        assert await repo.current(channel.id, viewer.id, lock=True) == stored
        assert await repo.active(channel.id, viewer.id, T0 + timedelta(days=999)) == stored
        assert await repo.current(channel.id, owner.id) is None
        found = await repo.current(channel.id, viewer.id)
        assert found is not None
        assert found.kind is BanKind.BAN  # the enum, not its text


async def test_a_second_open_row_is_a_ban_conflict_and_an_ended_one_is_not(
    backend: Backend,
) -> None:
    (owner, viewer, _), (channel,) = await seed(backend)
    first = timeout(channel, viewer, 10)
    async with opened(backend) as (unit, repo):
        await repo.add(first)
        await unit.commit()
    async with opened(backend) as (_, repo):
        with pytest.raises(BanConflict):
            await repo.add(ban(channel, viewer))

    second = ban(channel, viewer, created_by=owner.id)
    async with opened(backend) as (unit, repo):
        await repo.end(first.id, T0 + timedelta(minutes=1), owner.id)
        await repo.add(second)
        await unit.commit()
    async with opened(backend) as (_, repo):
        assert await repo.current(channel.id, viewer.id) == second


async def test_a_timeout_is_in_force_until_it_runs_out_and_stays_open_after(
    backend: Backend,
) -> None:
    (_, viewer, _), (channel,) = await seed(backend)
    stored = timeout(channel, viewer, 10)
    async with opened(backend) as (unit, repo):
        await repo.add(stored)
        await unit.commit()

    expiry = T0 + timedelta(minutes=10)
    async with opened(backend) as (_, repo):
        assert await repo.active(channel.id, viewer.id, expiry - timedelta(seconds=1)) == stored
        assert await repo.active(channel.id, viewer.id, expiry) is None
        assert await repo.current(channel.id, viewer.id) == stored  # open until claimed


async def test_ending_keeps_the_row_as_history_and_only_the_first_end_counts(
    backend: Backend,
) -> None:
    (owner, viewer, other), (channel,) = await seed(backend)
    stored = ban(channel, viewer)
    async with opened(backend) as (unit, repo):
        await repo.add(stored)
        await repo.end(stored.id, T0 + timedelta(minutes=1), owner.id)
        await repo.end(stored.id, T0 + timedelta(minutes=2), other.id)  # ended: no change
        await unit.commit()

    ended = replace(stored, ended_at=T0 + timedelta(minutes=1), ended_by=owner.id)
    async with opened(backend) as (_, repo):
        assert await repo.current(channel.id, viewer.id) is None
        assert await repo.active(channel.id, viewer.id, T0) is None
        assert await repo.list_active(channel.id, now=T0, limit=10, before=None) == []
        # the ended row stays: a later run-out claim would never give it again
        assert ended not in await repo.claim_expired(T0 + timedelta(days=1), 10)
    again = ban(channel, viewer)  # a new open row beside the history
    async with opened(backend) as (unit, repo):
        await repo.add(again)
        await unit.commit()
    async with opened(backend) as (_, repo):
        assert await repo.current(channel.id, viewer.id) == again


async def test_claim_expired_gives_run_out_timeouts_oldest_expiry_first(backend: Backend) -> None:
    (a, b, c), (one, two) = await seed(backend, accounts=3, channels=2)
    late = timeout(one, a, 30)
    early = timeout(two, b, 5)
    same = timeout(one, c, 5)  # same expiry as ``early``, a later id
    forever = ban(two, a)
    running = timeout(two, c, 120)
    async with opened(backend) as (unit, repo):
        for row in (late, early, same, forever, running):
            await repo.add(row)
        await unit.commit()

    now = T0 + timedelta(minutes=60)
    async with opened(backend) as (_, repo):
        assert await repo.claim_expired(now, 2) == [early, same]
        assert await repo.claim_expired(now, 10) == [early, same, late]
        assert await repo.claim_expired(T0, 10) == []


async def test_list_active_pages_newest_first_and_leaves_out_ended_run_out_and_others(
    backend: Backend,
) -> None:
    people, (one, two) = await seed(backend, accounts=6, channels=2)
    rows = [ban(one, p) for p in people[:3]] + [timeout(one, people[3], 10)]
    ended = ban(one, people[4])
    ran_out = timeout(one, people[5], 1)
    elsewhere = ban(two, people[0])
    async with opened(backend) as (unit, repo):
        for row in (*rows, ended, ran_out, elsewhere):
            await repo.add(row)
        await repo.end(ended.id, T0, None)
        await unit.commit()

    now = T0 + timedelta(minutes=5)
    newest_first = sorted(rows, key=lambda r: r.id, reverse=True)
    async with opened(backend) as (_, repo):
        first = await repo.list_active(one.id, now=now, limit=3, before=None)
        assert first == newest_first[:3]
        rest = await repo.list_active(one.id, now=now, limit=3, before=first[-1].id)
        assert rest == newest_first[3:]
        assert await repo.list_active(one.id, now=now, limit=3, before=rest[-1].id) == []
        assert await repo.list_active(two.id, now=now, limit=3, before=None) == [elsewhere]


async def test_a_ban_of_no_channel_or_no_account_is_a_conflict(backend: Backend) -> None:
    (owner, viewer, _), (channel,) = await seed(backend)
    ghost = Account(new_id(), "ghost", "ghost", "g@x.test", Role.USER, T0, T0)
    nowhere = replace(channel, id=new_id())
    for bad in (
        ban(nowhere, viewer),
        ban(channel, ghost),
        ban(channel, viewer, created_by=ghost.id),
    ):
        async with opened(backend) as (_, repo):
            with pytest.raises(Conflict):
                await repo.add(bad)
    async with opened(backend) as (_, repo):
        assert await repo.list_active(channel.id, now=T0, limit=10, before=None) == []
        assert await repo.current(channel.id, owner.id) is None


async def test_writes_are_seen_by_other_units_only_after_commit(backend: Backend) -> None:
    (_, viewer, _), (channel,) = await seed(backend)
    stored = ban(channel, viewer)
    async with opened(backend) as (unit, repo):
        await repo.add(stored)
        assert await repo.current(channel.id, viewer.id) == stored  # its own write
        async with opened(backend) as (_, other):
            assert await other.current(channel.id, viewer.id) is None
        await unit.commit()
    async with opened(backend) as (_, repo):
        assert await repo.current(channel.id, viewer.id) == stored


async def test_a_rolled_back_ban_leaves_nothing(backend: Backend) -> None:
    (_, viewer, _), (channel,) = await seed(backend)
    async with opened(backend) as (unit, repo):
        await repo.add(ban(channel, viewer))
        await unit.rollback()
    async with opened(backend) as (_, repo):
        assert await repo.current(channel.id, viewer.id) is None


async def test_current_with_lock_queues_writers_of_a_channel(backend: Backend) -> None:
    if backend.name == "memory":
        pytest.skip("one process, no concurrent transactions: nothing to queue")
    (owner, viewer, _), (channel,) = await seed(backend)
    stored = ban(channel, viewer, created_by=owner.id)
    async with opened(backend) as (first, repo), opened(backend) as (_, second):
        assert await repo.current(channel.id, viewer.id, lock=True) is None
        waiting = asyncio.create_task(second.current(channel.id, viewer.id, lock=True))
        await asyncio.sleep(0.2)
        assert not waiting.done()  # the second writer waits for the first one's transaction
        await repo.add(stored)
        await first.commit()
        assert await asyncio.wait_for(waiting, 5) == stored  # then sees the row it left


async def test_claimed_timeouts_are_skipped_by_concurrent_claimers(backend: Backend) -> None:
    if backend.name == "memory":
        pytest.skip("one process, no concurrent transactions: nothing to skip")
    (_, a, b), (channel,) = await seed(backend)
    first, second = timeout(channel, a, 1), timeout(channel, b, 2)
    async with opened(backend) as (unit, repo):
        await repo.add(first)
        await repo.add(second)
        await unit.commit()

    now = T0 + timedelta(hours=1)
    async with opened(backend) as (_, one), opened(backend) as (_, two):
        assert await one.claim_expired(now, 1) == [first]
        assert await two.claim_expired(now, 10) == [second]
