"""EmoteRepository contract: the memory and the Postgres adapter keep the same promises."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest

from streamz.adapters.memory.emotes import MemoryEmotes
from streamz.adapters.memory.repositories import MemoryAccounts, MemoryChannels
from streamz.adapters.postgres.accounts import PostgresAccounts
from streamz.adapters.postgres.channels import PostgresChannels
from streamz.adapters.postgres.emotes import PostgresEmotes
from streamz.core.channels.entities import Channel
from streamz.core.chat.emotes.entities import Emote
from streamz.core.chat.emotes.errors import EmoteCodeTaken
from streamz.core.errors import Conflict
from streamz.core.identity.entities import Account, Role
from streamz.core.shared.ids import new_id
from streamz.ports.channels import ChannelRepository
from streamz.ports.emotes import EmoteRepository
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
async def opened(backend: Backend) -> AsyncIterator[tuple[Any, EmoteRepository]]:
    """A unit and the adapter on it; what is not committed at the end is rolled back."""
    unit = backend.unit()
    memory: Callable[[Any], EmoteRepository] = MemoryEmotes
    postgres: Callable[[Any], EmoteRepository] = PostgresEmotes
    try:
        yield unit, backend.pick(memory=memory, postgres=postgres, unit=unit)
    finally:
        await unit.rollback()


def emote(channel: Channel, code: str, **changes: Any) -> Emote:
    made = Emote(
        new_id(), channel.id, code, f"emotes/{code}.png", "image/png", 28, 28, False, None, T0
    )
    return replace(made, **changes)


async def add_all(backend: Backend, *emotes: Emote) -> None:
    async with opened(backend) as (unit, repo):
        for row in emotes:
            await repo.add(row)
        await unit.commit()


async def test_emotes_read_back_whole_ordered_by_code_whatever_its_case(backend: Backend) -> None:
    (owner, _), (channel, other) = await seed(backend, accounts=2, channels=2)
    rows = [
        emote(channel, "zeta"),
        emote(channel, "Alpha", subscriber_only=True, created_by=owner.id),
        emote(channel, "beta9", content_type="image/gif", width=56, height=112),
        emote(channel, "Beta10"),  # byte order of lower(code): "beta10" before "beta9"
    ]
    elsewhere = emote(other, "Alpha")
    await add_all(backend, *rows, elsewhere)

    ordered = [rows[1], rows[3], rows[2], rows[0]]
    async with opened(backend) as (_, repo):
        assert await repo.for_channel(channel.id) == ordered
        assert await repo.locked(channel.id) == ordered
        assert await repo.for_channel(other.id) == [elsewhere]
        assert await repo.for_channel(new_id()) == []


async def test_get_finds_only_the_channels_own_emote(backend: Backend) -> None:
    _, (channel, other) = await seed(backend, accounts=2, channels=2)
    mine = emote(channel, "Kappa")
    await add_all(backend, mine)
    async with opened(backend) as (_, repo):
        assert await repo.get(channel.id, mine.id) == mine
        assert await repo.get(other.id, mine.id) is None
        assert await repo.get(channel.id, new_id()) is None


async def test_a_code_taken_in_the_channel_in_any_case_is_emote_code_taken(
    backend: Backend,
) -> None:
    _, (channel, other) = await seed(backend, accounts=2, channels=2)
    await add_all(backend, emote(channel, "Kappa"))
    for taken in ("Kappa", "KAPPA", "kappa"):
        async with opened(backend) as (_, repo):
            with pytest.raises(EmoteCodeTaken):
                await repo.add(emote(channel, taken))
    await add_all(backend, emote(other, "kappa"), emote(channel, "Kappa2"))
    async with opened(backend) as (_, repo):
        assert [e.code for e in await repo.for_channel(channel.id)] == ["Kappa", "Kappa2"]
        assert [e.code for e in await repo.for_channel(other.id)] == ["kappa"]


async def test_remove_says_whether_the_row_was_there_and_frees_the_code(backend: Backend) -> None:
    _, (channel,) = await seed(backend, accounts=1)
    gone, kept = emote(channel, "Gone"), emote(channel, "Kept")
    await add_all(backend, gone, kept)
    async with opened(backend) as (unit, repo):
        assert await repo.remove(gone.id) is True
        assert await repo.remove(gone.id) is False  # already gone
        assert await repo.remove(new_id()) is False
        await unit.commit()
    again = emote(channel, "GONE")
    await add_all(backend, again)
    async with opened(backend) as (_, repo):
        assert await repo.for_channel(channel.id) == [again, kept]
        assert await repo.get(channel.id, gone.id) is None


async def test_an_emote_of_no_channel_or_by_no_account_is_a_conflict(backend: Backend) -> None:
    _, (channel,) = await seed(backend, accounts=1)
    for bad in (
        emote(replace(channel, id=new_id()), "Nope"),
        emote(channel, "Nope", created_by=new_id()),
    ):
        async with opened(backend) as (_, repo):
            with pytest.raises(Conflict):
                await repo.add(bad)
    async with opened(backend) as (_, repo):
        assert await repo.for_channel(channel.id) == []


async def test_changes_are_seen_by_other_units_after_commit_and_never_after_rollback(
    backend: Backend,
) -> None:
    _, (channel,) = await seed(backend, accounts=1)
    kept = emote(channel, "Kept")
    async with opened(backend) as (unit, repo):
        await repo.add(kept)
        assert await repo.for_channel(channel.id) == [kept]  # its own write
        async with opened(backend) as (_, other):
            assert await other.for_channel(channel.id) == []
        await unit.commit()
    async with opened(backend) as (unit, repo):
        await repo.add(emote(channel, "Dropped"))
        assert await repo.remove(kept.id) is True
        await unit.rollback()
    async with opened(backend) as (_, repo):
        assert await repo.for_channel(channel.id) == [kept]


async def test_locked_queues_writers_of_a_channel(backend: Backend) -> None:
    if backend.name == "memory":
        pytest.skip("one process, no concurrent transactions: nothing to queue")
    _, (channel,) = await seed(backend, accounts=1)
    added = emote(channel, "First")
    async with opened(backend) as (first, repo), opened(backend) as (_, second):
        assert await repo.locked(channel.id) == []
        waiting = asyncio.create_task(second.locked(channel.id))
        await asyncio.sleep(0.2)
        assert not waiting.done()  # the second writer waits for the first one's transaction
        await repo.add(added)
        await first.commit()
        assert await asyncio.wait_for(waiting, 5) == [added]  # then sees the row it added
