"""EmoteRepository contract: the memory and the Postgres adapter keep the same promises."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest

from streamz.adapters.memory.emotes import MemoryEmotes
from streamz.adapters.postgres.emotes import PostgresEmotes
from streamz.core.channels.entities import Channel
from streamz.core.chat.emotes.entities import Emote
from streamz.core.chat.emotes.errors import EmoteCodeTaken
from streamz.core.errors import Conflict
from streamz.core.shared.ids import new_id
from streamz.ports.emotes import EmoteRepository
from tests.integration.contracts.conftest import T0, Backend

MEMORY: Callable[[Any], EmoteRepository] = MemoryEmotes
POSTGRES: Callable[[Any], EmoteRepository] = PostgresEmotes


def emote(channel: Channel, code: str, **changes: Any) -> Emote:
    made = Emote(
        new_id(), channel.id, code, f"emotes/{code}.png", "image/png", 28, 28, False, None, T0
    )
    return replace(made, **changes)


async def add_all(backend: Backend, *emotes: Emote) -> None:
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (unit, repo):
        for row in emotes:
            await repo.add(row)
        await unit.commit()


async def test_emotes_read_back_whole_ordered_by_code_whatever_its_case(backend: Backend) -> None:
    seeded = await backend.seed(accounts=2, channels=2)
    (owner, _), (channel, other) = seeded.accounts, seeded.channels
    rows = [
        emote(channel, "zeta"),
        emote(channel, "Alpha", subscriber_only=True, created_by=owner.id),
        emote(channel, "beta9", content_type="image/gif", width=56, height=112),
        emote(channel, "Beta10"),  # byte order of lower(code): "beta10" before "beta9"
    ]
    elsewhere = emote(other, "Alpha")
    await add_all(backend, *rows, elsewhere)

    ordered = [rows[1], rows[3], rows[2], rows[0]]
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        assert await repo.for_channel(channel.id) == ordered
        assert await repo.locked(channel.id) == ordered
        assert await repo.for_channel(other.id) == [elsewhere]
        assert await repo.for_channel(new_id()) == []


async def test_get_finds_only_the_channels_own_emote(backend: Backend) -> None:
    (channel, other) = (await backend.seed(accounts=2, channels=2)).channels
    mine = emote(channel, "Kappa")
    await add_all(backend, mine)
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        assert await repo.get(channel.id, mine.id) == mine
        assert await repo.get(other.id, mine.id) is None
        assert await repo.get(channel.id, new_id()) is None


async def test_a_code_taken_in_the_channel_in_any_case_is_emote_code_taken(
    backend: Backend,
) -> None:
    (channel, other) = (await backend.seed(accounts=2, channels=2)).channels
    await add_all(backend, emote(channel, "Kappa"))
    for taken in ("Kappa", "KAPPA", "kappa"):
        async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
            with pytest.raises(EmoteCodeTaken):
                await repo.add(emote(channel, taken))
    await add_all(backend, emote(other, "kappa"), emote(channel, "Kappa2"))
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        assert [e.code for e in await repo.for_channel(channel.id)] == ["Kappa", "Kappa2"]
        assert [e.code for e in await repo.for_channel(other.id)] == ["kappa"]


async def test_remove_says_whether_the_row_was_there_and_frees_the_code(backend: Backend) -> None:
    (channel,) = (await backend.seed(accounts=1)).channels
    gone, kept = emote(channel, "Gone"), emote(channel, "Kept")
    await add_all(backend, gone, kept)
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (unit, repo):
        assert await repo.remove(gone.id) is True
        assert await repo.remove(gone.id) is False  # already gone
        assert await repo.remove(new_id()) is False
        await unit.commit()
    again = emote(channel, "GONE")
    await add_all(backend, again)
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        assert await repo.for_channel(channel.id) == [again, kept]
        assert await repo.get(channel.id, gone.id) is None


async def test_an_emote_of_no_channel_or_by_no_account_is_a_conflict(backend: Backend) -> None:
    (channel,) = (await backend.seed(accounts=1)).channels
    for bad in (
        emote(replace(channel, id=new_id()), "Nope"),
        emote(channel, "Nope", created_by=new_id()),
    ):
        async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
            with pytest.raises(Conflict):
                await repo.add(bad)
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        assert await repo.for_channel(channel.id) == []


async def test_changes_are_seen_by_other_units_after_commit_and_never_after_rollback(
    backend: Backend,
) -> None:
    (channel,) = (await backend.seed(accounts=1)).channels
    kept = emote(channel, "Kept")
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (unit, repo):
        await repo.add(kept)
        assert await repo.for_channel(channel.id) == [kept]  # its own write
        async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, other):
            assert await other.for_channel(channel.id) == []
        await unit.commit()
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (unit, repo):
        await repo.add(emote(channel, "Dropped"))
        assert await repo.remove(kept.id) is True
        await unit.rollback()
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        assert await repo.for_channel(channel.id) == [kept]


async def test_locked_queues_writers_of_a_channel(backend: Backend) -> None:
    if backend.name == "memory":
        pytest.skip("one process, no concurrent transactions: nothing to queue")
    (channel,) = (await backend.seed(accounts=1)).channels
    added = emote(channel, "First")
    async with (
        backend.opened(memory=MEMORY, postgres=POSTGRES) as (first, repo),
        backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, second),
    ):
        assert await repo.locked(channel.id) == []
        waiting = asyncio.create_task(second.locked(channel.id))
        await asyncio.sleep(0.2)
        assert not waiting.done()  # the second writer waits for the first one's transaction
        await repo.add(added)
        await first.commit()
        assert await asyncio.wait_for(waiting, 5) == [added]  # then sees the row it added
