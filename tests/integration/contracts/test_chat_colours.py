"""ChatColourRepository contract: the memory and the Postgres adapter keep the same promises."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from streamz.adapters.memory.chat_identity import MemoryChatColours
from streamz.adapters.memory.repositories import MemoryAccounts, MemoryChannels
from streamz.adapters.postgres.accounts import PostgresAccounts
from streamz.adapters.postgres.channels import PostgresChannels
from streamz.adapters.postgres.chat_identity import PostgresChatColours
from streamz.core.channels.entities import Channel
from streamz.core.errors import Conflict
from streamz.core.identity.entities import Account, Role
from streamz.core.shared.ids import new_id
from streamz.ports.channels import ChannelRepository
from streamz.ports.chat_identity import ChatColourRepository
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
async def opened(backend: Backend) -> AsyncIterator[tuple[Any, ChatColourRepository]]:
    """A unit and the adapter on it; what is not committed at the end is rolled back."""
    unit = backend.unit()
    memory: Callable[[Any], ChatColourRepository] = MemoryChatColours
    postgres: Callable[[Any], ChatColourRepository] = PostgresChatColours
    try:
        yield unit, backend.pick(memory=memory, postgres=postgres, unit=unit)
    finally:
        await unit.rollback()


async def test_no_colour_until_one_is_chosen(backend: Backend) -> None:
    (_, viewer), (channel,) = await seed(backend, accounts=2)
    async with opened(backend) as (_, repo):
        assert await repo.get(channel.id, viewer.id) is None


async def test_a_colour_is_per_channel_and_account_and_a_new_one_replaces_it(
    backend: Backend,
) -> None:
    (owner, viewer), (one, two) = await seed(backend, accounts=2, channels=2)
    async with opened(backend) as (unit, repo):
        await repo.set(one.id, viewer.id, "#FF0000", T0)
        await repo.set(two.id, viewer.id, "#00FF00", T0)
        await repo.set(one.id, owner.id, "#0000FF", T0)
        await unit.commit()
    async with opened(backend) as (unit, repo):
        await repo.set(one.id, viewer.id, "#123ABC", T0 + timedelta(minutes=1))
        assert await repo.get(one.id, viewer.id) == "#123ABC"  # its own write
        await unit.commit()
    async with opened(backend) as (_, repo):
        assert await repo.get(one.id, viewer.id) == "#123ABC"
        assert await repo.get(two.id, viewer.id) == "#00FF00"
        assert await repo.get(one.id, owner.id) == "#0000FF"
        assert await repo.get(two.id, owner.id) is None


async def test_clear_goes_back_to_none_and_clearing_nothing_is_no_error(backend: Backend) -> None:
    (owner, viewer), (channel,) = await seed(backend, accounts=2)
    async with opened(backend) as (unit, repo):
        await repo.set(channel.id, viewer.id, "#FF0000", T0)
        await repo.set(channel.id, owner.id, "#00FF00", T0)
        await unit.commit()
    async with opened(backend) as (unit, repo):
        await repo.clear(channel.id, viewer.id)
        await repo.clear(channel.id, viewer.id)  # nothing left: no error
        await repo.clear(new_id(), new_id())
        await unit.commit()
    async with opened(backend) as (unit, repo):
        assert await repo.get(channel.id, viewer.id) is None
        assert await repo.get(channel.id, owner.id) == "#00FF00"
        await repo.set(channel.id, viewer.id, "#0000FF", T0)  # chosen again after a clear
        await unit.commit()
    async with opened(backend) as (_, repo):
        assert await repo.get(channel.id, viewer.id) == "#0000FF"


async def test_a_colour_of_no_channel_or_no_account_is_a_conflict(backend: Backend) -> None:
    (viewer,), (channel,) = await seed(backend, accounts=1)
    async with opened(backend) as (_, repo):
        with pytest.raises(Conflict):
            await repo.set(new_id(), viewer.id, "#FF0000", T0)
    async with opened(backend) as (_, repo):
        with pytest.raises(Conflict):
            await repo.set(channel.id, new_id(), "#FF0000", T0)


async def test_changes_are_seen_by_other_units_after_commit_and_never_after_rollback(
    backend: Backend,
) -> None:
    (_, viewer), (channel,) = await seed(backend, accounts=2)
    async with opened(backend) as (unit, repo):
        await repo.set(channel.id, viewer.id, "#FF0000", T0)
        async with opened(backend) as (_, other):
            assert await other.get(channel.id, viewer.id) is None
        await unit.commit()
    async with opened(backend) as (unit, repo):
        await repo.clear(channel.id, viewer.id)
        await unit.rollback()
    async with opened(backend) as (unit, repo):
        await repo.set(channel.id, viewer.id, "#00FF00", T0)
        await unit.rollback()
    async with opened(backend) as (_, repo):
        assert await repo.get(channel.id, viewer.id) == "#FF0000"
