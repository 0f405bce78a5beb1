"""BlockedTermRepository contract: the memory and the Postgres adapter keep the same promises."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from streamz.adapters.memory.blocked_terms import MemoryBlockedTerms
from streamz.adapters.memory.repositories import MemoryAccounts, MemoryChannels
from streamz.adapters.postgres.accounts import PostgresAccounts
from streamz.adapters.postgres.blocked_terms import PostgresBlockedTerms
from streamz.adapters.postgres.channels import PostgresChannels
from streamz.core.channels.entities import Channel
from streamz.core.chat.blocked_terms.entities import BlockedTerm, BlockedTerms
from streamz.core.chat.blocked_terms.errors import BlockedTermExists
from streamz.core.errors import Conflict
from streamz.core.identity.entities import Account, Role
from streamz.core.shared.ids import new_id
from streamz.ports.blocked_terms import BlockedTermRepository
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
async def opened(backend: Backend) -> AsyncIterator[tuple[Any, BlockedTermRepository]]:
    """A unit and the adapter on it; what is not committed at the end is rolled back."""
    unit = backend.unit()
    memory: Callable[[Any], BlockedTermRepository] = MemoryBlockedTerms
    postgres: Callable[[Any], BlockedTermRepository] = PostgresBlockedTerms
    try:
        yield unit, backend.pick(memory=memory, postgres=postgres, unit=unit)
    finally:
        await unit.rollback()


def term(channel: Channel, text: str, at: datetime = T0, by: Account | None = None) -> BlockedTerm:
    return BlockedTerm(new_id(), channel.id, text, text.lower(), by.id if by else None, at)


async def test_terms_read_back_whole_oldest_first_with_version_0_before_any_bump(
    backend: Backend,
) -> None:
    (owner, _), (channel, other) = await seed(backend, accounts=2, channels=2)
    late = term(channel, "Late", T0 + timedelta(minutes=2), by=owner)
    early = term(channel, "Early", T0)
    tie = term(channel, "Tie", T0)  # same time as ``early``, a later id
    elsewhere = term(other, "Elsewhere")
    async with opened(backend) as (unit, repo):
        for row in (late, tie, early, elsewhere):
            await repo.add(row)
        await unit.commit()

    async with opened(backend) as (_, repo):
        assert await repo.list_for(channel.id) == BlockedTerms([early, tie, late], 0)
        assert await repo.list_for(channel.id, lock=True) == BlockedTerms([early, tie, late], 0)
        assert await repo.list_for(other.id) == BlockedTerms([elsewhere], 0)
        assert await repo.version(channel.id) == 0


async def test_the_same_matching_key_twice_in_a_channel_is_blocked_term_exists(
    backend: Backend,
) -> None:
    _, (channel, other) = await seed(backend, accounts=2, channels=2)
    first = term(channel, "spam")
    async with opened(backend) as (unit, repo):
        await repo.add(first)
        await unit.commit()
    async with opened(backend) as (_, repo):
        with pytest.raises(BlockedTermExists):
            await repo.add(BlockedTerm(new_id(), channel.id, "SPAM", "spam", None, T0))
    async with opened(backend) as (unit, repo):
        await repo.add(term(other, "spam"))  # another channel's set
        await repo.add(term(channel, "spam*"))  # another key
        await unit.commit()
    async with opened(backend) as (_, repo):
        assert [t.normalised for t in (await repo.list_for(channel.id)).terms] == ["spam", "spam*"]
        assert [t.normalised for t in (await repo.list_for(other.id)).terms] == ["spam"]


async def test_a_removed_term_is_gone_and_its_key_free_again(backend: Backend) -> None:
    _, (channel,) = await seed(backend, accounts=1)
    first, kept = term(channel, "one"), term(channel, "two")
    async with opened(backend) as (unit, repo):
        await repo.add(first)
        await repo.add(kept)
        await unit.commit()
    async with opened(backend) as (unit, repo):
        await repo.remove(first.id)
        await repo.remove(new_id())  # unknown: no error
        await unit.commit()
    async with opened(backend) as (_, repo):
        assert (await repo.list_for(channel.id)).terms == [kept]
    again = term(channel, "one")
    async with opened(backend) as (unit, repo):
        await repo.add(again)
        await unit.commit()
    async with opened(backend) as (_, repo):
        assert (await repo.list_for(channel.id)).terms == [kept, again]


async def test_bump_counts_up_per_channel_and_list_for_reports_it(backend: Backend) -> None:
    _, (channel, other) = await seed(backend, accounts=2, channels=2)
    async with opened(backend) as (unit, repo):
        assert await repo.bump(channel.id) == 1
        assert await repo.bump(channel.id) == 2
        assert await repo.version(channel.id) == 2  # its own writes
        await unit.commit()
    async with opened(backend) as (unit, repo):
        assert await repo.bump(other.id) == 1
        assert await repo.bump(channel.id) == 3
        await unit.commit()
    async with opened(backend) as (_, repo):
        assert await repo.version(channel.id) == 3
        assert await repo.version(other.id) == 1
        assert (await repo.list_for(channel.id, lock=True)).version == 3
        assert await repo.list_for(channel.id) == BlockedTerms([], 3)


async def test_terms_and_versions_of_no_channel_or_by_no_account_are_a_conflict(
    backend: Backend,
) -> None:
    _, (channel,) = await seed(backend, accounts=1)
    nowhere = new_id()
    async with opened(backend) as (_, repo):
        with pytest.raises(Conflict):
            await repo.add(BlockedTerm(new_id(), nowhere, "x", "x", None, T0))
    async with opened(backend) as (_, repo):
        with pytest.raises(Conflict):
            await repo.add(BlockedTerm(new_id(), channel.id, "x", "x", new_id(), T0))
    async with opened(backend) as (_, repo):
        with pytest.raises(Conflict):
            await repo.bump(nowhere)
    async with opened(backend) as (_, repo):
        assert await repo.list_for(channel.id) == BlockedTerms([], 0)


async def test_writes_are_seen_by_other_units_after_commit_and_never_after_rollback(
    backend: Backend,
) -> None:
    _, (channel,) = await seed(backend, accounts=1)
    kept = term(channel, "kept")
    async with opened(backend) as (unit, repo):
        await repo.add(kept)
        await repo.bump(channel.id)
        async with opened(backend) as (_, other):
            assert await other.list_for(channel.id) == BlockedTerms([], 0)
        await unit.commit()
    async with opened(backend) as (unit, repo):
        await repo.add(term(channel, "dropped"))
        await repo.bump(channel.id)
        await unit.rollback()
    async with opened(backend) as (_, repo):
        assert await repo.list_for(channel.id) == BlockedTerms([kept], 1)


async def test_list_for_with_lock_queues_writers_of_a_channel(backend: Backend) -> None:
    if backend.name == "memory":
        pytest.skip("one process, no concurrent transactions: nothing to queue")
    _, (channel,) = await seed(backend, accounts=1)
    added = term(channel, "first")
    async with opened(backend) as (first, repo), opened(backend) as (_, second):
        assert await repo.list_for(channel.id, lock=True) == BlockedTerms([], 0)
        waiting = asyncio.create_task(second.list_for(channel.id, lock=True))
        await asyncio.sleep(0.2)
        assert not waiting.done()  # the second writer waits for the first one's transaction
        await repo.add(added)
        await repo.bump(channel.id)
        await first.commit()
        assert await asyncio.wait_for(waiting, 5) == BlockedTerms([added], 1)
