"""BlockedTermRepository contract: the memory and the Postgres adapter keep the same promises."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest

from streamz.adapters.memory.blocked_terms import MemoryBlockedTerms
from streamz.adapters.postgres.blocked_terms import PostgresBlockedTerms
from streamz.core.channels.entities import Channel
from streamz.core.chat.blocked_terms.entities import BlockedTerm, BlockedTerms
from streamz.core.chat.blocked_terms.errors import BlockedTermExists
from streamz.core.errors import Conflict
from streamz.core.identity.entities import Account
from streamz.core.shared.ids import new_id
from streamz.ports.blocked_terms import BlockedTermRepository
from tests.integration.contracts.conftest import T0, Backend

MEMORY: Callable[[Any], BlockedTermRepository] = MemoryBlockedTerms
POSTGRES: Callable[[Any], BlockedTermRepository] = PostgresBlockedTerms


def term(channel: Channel, text: str, at: datetime = T0, by: Account | None = None) -> BlockedTerm:
    return BlockedTerm(new_id(), channel.id, text, text.lower(), by.id if by else None, at)


async def test_terms_read_back_whole_oldest_first_with_version_0_before_any_bump(
    backend: Backend,
) -> None:
    seeded = await backend.seed(accounts=2, channels=2)
    (owner, _), (channel, other) = seeded.accounts, seeded.channels
    late = term(channel, "Late", T0 + timedelta(minutes=2), by=owner)
    early = term(channel, "Early", T0)
    tie = term(channel, "Tie", T0)  # same time as ``early``, a later id
    elsewhere = term(other, "Elsewhere")
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (unit, repo):
        for row in (late, tie, early, elsewhere):
            await repo.add(row)
        await unit.commit()

    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        assert await repo.list_for(channel.id) == BlockedTerms([early, tie, late], 0)
        assert await repo.list_for(channel.id, lock=True) == BlockedTerms([early, tie, late], 0)
        assert await repo.list_for(other.id) == BlockedTerms([elsewhere], 0)
        assert await repo.version(channel.id) == 0


async def test_the_same_matching_key_twice_in_a_channel_is_blocked_term_exists(
    backend: Backend,
) -> None:
    (channel, other) = (await backend.seed(accounts=2, channels=2)).channels
    first = term(channel, "spam")
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (unit, repo):
        await repo.add(first)
        await unit.commit()
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        with pytest.raises(BlockedTermExists):
            await repo.add(BlockedTerm(new_id(), channel.id, "SPAM", "spam", None, T0))
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (unit, repo):
        await repo.add(term(other, "spam"))  # another channel's set
        await repo.add(term(channel, "spam*"))  # another key
        await unit.commit()
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        assert [t.normalised for t in (await repo.list_for(channel.id)).terms] == ["spam", "spam*"]
        assert [t.normalised for t in (await repo.list_for(other.id)).terms] == ["spam"]


async def test_a_removed_term_is_gone_and_its_key_free_again(backend: Backend) -> None:
    (channel,) = (await backend.seed(accounts=1)).channels
    first, kept = term(channel, "one"), term(channel, "two")
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (unit, repo):
        await repo.add(first)
        await repo.add(kept)
        await unit.commit()
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (unit, repo):
        await repo.remove(first.id)
        await repo.remove(new_id())  # unknown: no error
        await unit.commit()
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        assert (await repo.list_for(channel.id)).terms == [kept]
    again = term(channel, "one")
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (unit, repo):
        await repo.add(again)
        await unit.commit()
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        assert (await repo.list_for(channel.id)).terms == [kept, again]


async def test_bump_counts_up_per_channel_and_list_for_reports_it(backend: Backend) -> None:
    (channel, other) = (await backend.seed(accounts=2, channels=2)).channels
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (unit, repo):
        assert await repo.bump(channel.id) == 1
        assert await repo.bump(channel.id) == 2
        assert await repo.version(channel.id) == 2  # its own writes
        await unit.commit()
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (unit, repo):
        assert await repo.bump(other.id) == 1
        assert await repo.bump(channel.id) == 3
        await unit.commit()
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        assert await repo.version(channel.id) == 3
        assert await repo.version(other.id) == 1
        assert (await repo.list_for(channel.id, lock=True)).version == 3
        assert await repo.list_for(channel.id) == BlockedTerms([], 3)


async def test_terms_and_versions_of_no_channel_or_by_no_account_are_a_conflict(
    backend: Backend,
) -> None:
    (channel,) = (await backend.seed(accounts=1)).channels
    nowhere = new_id()
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        with pytest.raises(Conflict):
            await repo.add(BlockedTerm(new_id(), nowhere, "x", "x", None, T0))
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        with pytest.raises(Conflict):
            await repo.add(BlockedTerm(new_id(), channel.id, "x", "x", new_id(), T0))
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        with pytest.raises(Conflict):
            await repo.bump(nowhere)
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        assert await repo.list_for(channel.id) == BlockedTerms([], 0)


async def test_writes_are_seen_by_other_units_after_commit_and_never_after_rollback(
    backend: Backend,
) -> None:
    (channel,) = (await backend.seed(accounts=1)).channels
    kept = term(channel, "kept")
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (unit, repo):
        await repo.add(kept)
        await repo.bump(channel.id)
        async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, other):
            assert await other.list_for(channel.id) == BlockedTerms([], 0)
        await unit.commit()
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (unit, repo):
        await repo.add(term(channel, "dropped"))
        await repo.bump(channel.id)
        await unit.rollback()
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        assert await repo.list_for(channel.id) == BlockedTerms([kept], 1)


async def test_list_for_with_lock_queues_writers_of_a_channel(backend: Backend) -> None:
    if backend.name == "memory":
        pytest.skip("one process, no concurrent transactions: nothing to queue")
    (channel,) = (await backend.seed(accounts=1)).channels
    added = term(channel, "first")
    async with (
        backend.opened(memory=MEMORY, postgres=POSTGRES) as (first, repo),
        backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, second),
    ):
        assert await repo.list_for(channel.id, lock=True) == BlockedTerms([], 0)
        waiting = asyncio.create_task(second.list_for(channel.id, lock=True))
        await asyncio.sleep(0.2)
        assert not waiting.done()  # the second writer waits for the first one's transaction
        await repo.add(added)
        await repo.bump(channel.id)
        await first.commit()
        assert await asyncio.wait_for(waiting, 5) == BlockedTerms([added], 1)
