"""ChatColourRepository contract: the memory and the Postgres adapter keep the same promises."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from streamz.adapters.memory.chat_identity import MemoryChatColours
from streamz.adapters.postgres.chat_identity import PostgresChatColours
from streamz.core.errors import Conflict
from streamz.core.shared.ids import new_id
from streamz.ports.chat_identity import ChatColourRepository
from tests.integration.contracts.conftest import T0, Backend

MEMORY: Callable[[Any], ChatColourRepository] = MemoryChatColours
POSTGRES: Callable[[Any], ChatColourRepository] = PostgresChatColours


async def test_no_colour_until_one_is_chosen(backend: Backend) -> None:
    seeded = await backend.seed(accounts=2)
    (_, viewer), (channel,) = seeded.accounts, seeded.channels
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        assert await repo.get(channel.id, viewer.id) is None


async def test_a_colour_is_per_channel_and_account_and_a_new_one_replaces_it(
    backend: Backend,
) -> None:
    seeded = await backend.seed(accounts=2, channels=2)
    (owner, viewer), (one, two) = seeded.accounts, seeded.channels
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (unit, repo):
        await repo.set(one.id, viewer.id, "#FF0000", T0)
        await repo.set(two.id, viewer.id, "#00FF00", T0)
        await repo.set(one.id, owner.id, "#0000FF", T0)
        await unit.commit()
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (unit, repo):
        await repo.set(one.id, viewer.id, "#123ABC", T0 + timedelta(minutes=1))
        assert await repo.get(one.id, viewer.id) == "#123ABC"  # its own write
        await unit.commit()
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        assert await repo.get(one.id, viewer.id) == "#123ABC"
        assert await repo.get(two.id, viewer.id) == "#00FF00"
        assert await repo.get(one.id, owner.id) == "#0000FF"
        assert await repo.get(two.id, owner.id) is None


async def test_clear_goes_back_to_none_and_clearing_nothing_is_no_error(backend: Backend) -> None:
    seeded = await backend.seed(accounts=2)
    (owner, viewer), (channel,) = seeded.accounts, seeded.channels
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (unit, repo):
        await repo.set(channel.id, viewer.id, "#FF0000", T0)
        await repo.set(channel.id, owner.id, "#00FF00", T0)
        await unit.commit()
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (unit, repo):
        await repo.clear(channel.id, viewer.id)
        await repo.clear(channel.id, viewer.id)  # nothing left: no error
        await repo.clear(new_id(), new_id())
        await unit.commit()
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (unit, repo):
        assert await repo.get(channel.id, viewer.id) is None
        assert await repo.get(channel.id, owner.id) == "#00FF00"
        await repo.set(channel.id, viewer.id, "#0000FF", T0)  # chosen again after a clear
        await unit.commit()
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        assert await repo.get(channel.id, viewer.id) == "#0000FF"


async def test_a_colour_of_no_channel_or_no_account_is_a_conflict(backend: Backend) -> None:
    seeded = await backend.seed(accounts=1)
    (viewer,), (channel,) = seeded.accounts, seeded.channels
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        with pytest.raises(Conflict):
            await repo.set(new_id(), viewer.id, "#FF0000", T0)
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        with pytest.raises(Conflict):
            await repo.set(channel.id, new_id(), "#FF0000", T0)


async def test_changes_are_seen_by_other_units_after_commit_and_never_after_rollback(
    backend: Backend,
) -> None:
    seeded = await backend.seed(accounts=2)
    (_, viewer), (channel,) = seeded.accounts, seeded.channels
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (unit, repo):
        await repo.set(channel.id, viewer.id, "#FF0000", T0)
        async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, other):
            assert await other.get(channel.id, viewer.id) is None
        await unit.commit()
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (unit, repo):
        await repo.clear(channel.id, viewer.id)
        await unit.rollback()
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (unit, repo):
        await repo.set(channel.id, viewer.id, "#00FF00", T0)
        await unit.rollback()
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        assert await repo.get(channel.id, viewer.id) == "#FF0000"
