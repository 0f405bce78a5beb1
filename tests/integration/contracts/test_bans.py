"""BanRepository contract: the memory and the Postgres adapter keep the same promises."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest

from streamz.adapters.memory.bans import MemoryBans
from streamz.adapters.postgres.bans import PostgresBans
from streamz.core.channels.entities import Channel
from streamz.core.chat.bans.entities import Ban, BanKind
from streamz.core.chat.bans.errors import BanConflict
from streamz.core.errors import Conflict
from streamz.core.identity.entities import Account, Role
from streamz.core.shared.ids import new_id
from streamz.ports.bans import BanRepository
from tests.integration.contracts.conftest import T0, Backend

MEMORY: Callable[[Any], BanRepository] = MemoryBans
POSTGRES: Callable[[Any], BanRepository] = PostgresBans


def ban(channel: Channel, account: Account, **changes: Any) -> Ban:
    base = Ban(new_id(), channel.id, account.id, BanKind.BAN, None, None, None, T0)
    return replace(base, **changes)


def timeout(channel: Channel, account: Account, minutes: int, **changes: Any) -> Ban:
    expires = T0 + timedelta(minutes=minutes)
    return ban(channel, account, kind=BanKind.TIMEOUT, expires_at=expires, **changes)


async def test_a_ban_is_stored_and_read_back_field_for_field(backend: Backend) -> None:
    seeded = await backend.seed()
    (owner, viewer, _), (channel,) = seeded.accounts, seeded.channels
    stored = ban(channel, viewer, reason="spam", created_by=owner.id)
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (unit, repo):
        await repo.add(stored)
        await unit.commit()

    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
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
    seeded = await backend.seed()
    (owner, viewer, _), (channel,) = seeded.accounts, seeded.channels
    first = timeout(channel, viewer, 10)
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (unit, repo):
        await repo.add(first)
        await unit.commit()
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        with pytest.raises(BanConflict):
            await repo.add(ban(channel, viewer))

    second = ban(channel, viewer, created_by=owner.id)
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (unit, repo):
        await repo.end(first.id, T0 + timedelta(minutes=1), owner.id)
        await repo.add(second)
        await unit.commit()
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        assert await repo.current(channel.id, viewer.id) == second


async def test_a_timeout_is_in_force_until_it_runs_out_and_stays_open_after(
    backend: Backend,
) -> None:
    seeded = await backend.seed()
    (_, viewer, _), (channel,) = seeded.accounts, seeded.channels
    stored = timeout(channel, viewer, 10)
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (unit, repo):
        await repo.add(stored)
        await unit.commit()

    expiry = T0 + timedelta(minutes=10)
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        assert await repo.active(channel.id, viewer.id, expiry - timedelta(seconds=1)) == stored
        assert await repo.active(channel.id, viewer.id, expiry) is None
        assert await repo.current(channel.id, viewer.id) == stored  # open until claimed


async def test_ending_keeps_the_row_as_history_and_only_the_first_end_counts(
    backend: Backend,
) -> None:
    seeded = await backend.seed()
    (owner, viewer, other), (channel,) = seeded.accounts, seeded.channels
    stored = ban(channel, viewer)
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (unit, repo):
        await repo.add(stored)
        await repo.end(stored.id, T0 + timedelta(minutes=1), owner.id)
        await repo.end(stored.id, T0 + timedelta(minutes=2), other.id)  # ended: no change
        await unit.commit()

    ended = replace(stored, ended_at=T0 + timedelta(minutes=1), ended_by=owner.id)
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        assert await repo.current(channel.id, viewer.id) is None
        assert await repo.active(channel.id, viewer.id, T0) is None
        assert await repo.list_active(channel.id, now=T0, limit=10, before=None) == []
        # the ended row stays: a later run-out claim would never give it again
        assert ended not in await repo.claim_expired(T0 + timedelta(days=1), 10)
    again = ban(channel, viewer)  # a new open row beside the history
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (unit, repo):
        await repo.add(again)
        await unit.commit()
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        assert await repo.current(channel.id, viewer.id) == again


async def test_claim_expired_gives_run_out_timeouts_oldest_expiry_first(backend: Backend) -> None:
    seeded = await backend.seed(channels=2)
    (a, b, c), (one, two) = seeded.accounts, seeded.channels
    late = timeout(one, a, 30)
    early = timeout(two, b, 5)
    same = timeout(one, c, 5)  # same expiry as ``early``, a later id
    forever = ban(two, a)
    running = timeout(two, c, 120)
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (unit, repo):
        for row in (late, early, same, forever, running):
            await repo.add(row)
        await unit.commit()

    now = T0 + timedelta(minutes=60)
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        assert await repo.claim_expired(now, 2) == [early, same]
        assert await repo.claim_expired(now, 10) == [early, same, late]
        assert await repo.claim_expired(T0, 10) == []


async def test_list_active_pages_newest_first_and_leaves_out_ended_run_out_and_others(
    backend: Backend,
) -> None:
    seeded = await backend.seed(accounts=6, channels=2)
    people, (one, two) = seeded.accounts, seeded.channels
    rows = [ban(one, p) for p in people[:3]] + [timeout(one, people[3], 10)]
    ended = ban(one, people[4])
    ran_out = timeout(one, people[5], 1)
    elsewhere = ban(two, people[0])
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (unit, repo):
        for row in (*rows, ended, ran_out, elsewhere):
            await repo.add(row)
        await repo.end(ended.id, T0, None)
        await unit.commit()

    now = T0 + timedelta(minutes=5)
    newest_first = sorted(rows, key=lambda r: r.id, reverse=True)
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        first = await repo.list_active(one.id, now=now, limit=3, before=None)
        assert first == newest_first[:3]
        rest = await repo.list_active(one.id, now=now, limit=3, before=first[-1].id)
        assert rest == newest_first[3:]
        assert await repo.list_active(one.id, now=now, limit=3, before=rest[-1].id) == []
        assert await repo.list_active(two.id, now=now, limit=3, before=None) == [elsewhere]


async def test_a_ban_of_no_channel_or_no_account_is_a_conflict(backend: Backend) -> None:
    seeded = await backend.seed()
    (owner, viewer, _), (channel,) = seeded.accounts, seeded.channels
    ghost = Account(new_id(), "ghost", "ghost", "g@x.test", Role.USER, T0, T0)
    nowhere = replace(channel, id=new_id())
    for bad in (
        ban(nowhere, viewer),
        ban(channel, ghost),
        ban(channel, viewer, created_by=ghost.id),
    ):
        async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
            with pytest.raises(Conflict):
                await repo.add(bad)
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        assert await repo.list_active(channel.id, now=T0, limit=10, before=None) == []
        assert await repo.current(channel.id, owner.id) is None


async def test_writes_are_seen_by_other_units_only_after_commit(backend: Backend) -> None:
    seeded = await backend.seed()
    (_, viewer, _), (channel,) = seeded.accounts, seeded.channels
    stored = ban(channel, viewer)
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (unit, repo):
        await repo.add(stored)
        assert await repo.current(channel.id, viewer.id) == stored  # its own write
        async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, other):
            assert await other.current(channel.id, viewer.id) is None
        await unit.commit()
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        assert await repo.current(channel.id, viewer.id) == stored


async def test_a_rolled_back_ban_leaves_nothing(backend: Backend) -> None:
    seeded = await backend.seed()
    (_, viewer, _), (channel,) = seeded.accounts, seeded.channels
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (unit, repo):
        await repo.add(ban(channel, viewer))
        await unit.rollback()
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        assert await repo.current(channel.id, viewer.id) is None


async def test_current_with_lock_queues_writers_of_a_channel(backend: Backend) -> None:
    if backend.name == "memory":
        pytest.skip("one process, no concurrent transactions: nothing to queue")
    seeded = await backend.seed()
    (owner, viewer, _), (channel,) = seeded.accounts, seeded.channels
    stored = ban(channel, viewer, created_by=owner.id)
    async with (
        backend.opened(memory=MEMORY, postgres=POSTGRES) as (first, repo),
        backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, second),
    ):
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
    seeded = await backend.seed()
    (_, a, b), (channel,) = seeded.accounts, seeded.channels
    first, second = timeout(channel, a, 1), timeout(channel, b, 2)
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (unit, repo):
        await repo.add(first)
        await repo.add(second)
        await unit.commit()

    now = T0 + timedelta(hours=1)
    async with (
        backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, one),
        backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, two),
    ):
        assert await one.claim_expired(now, 1) == [first]
        assert await two.claim_expired(now, 10) == [second]
