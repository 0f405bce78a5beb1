"""Contract of ``ChatroomRepository``: one chatroom per existing channel."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from streamz.adapters.memory.repositories import MemoryAccounts, MemoryChannels, MemoryChatrooms
from streamz.adapters.postgres.accounts import PostgresAccounts
from streamz.adapters.postgres.channels import PostgresChannels
from streamz.adapters.postgres.chatrooms import PostgresChatrooms
from streamz.core.channels.entities import Channel
from streamz.core.chat.entities import Chatroom
from streamz.core.errors import Conflict
from streamz.core.identity.entities import Account, Role
from streamz.core.shared.ids import new_id

from .conftest import Backend

# the backend fixture asks for these while its loop runs: set them up before it
pytestmark = pytest.mark.usefixtures("settings", "clean")

T0 = datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)


def chatrooms(backend: Backend, unit: Any) -> Any:
    return backend.pick(memory=MemoryChatrooms, postgres=PostgresChatrooms, unit=unit)


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


async def a_channel(backend: Backend, slug: str) -> Channel:
    unit = backend.unit()
    account = Account(new_id(), f"ory-{slug}", slug, f"{slug}@example.com", Role.USER, T0, T0)
    channel = Channel(new_id(), account.id, slug, slug.title(), "", False, 0, T0, T0)
    accounts: Any = backend.pick(memory=MemoryAccounts, postgres=PostgresAccounts, unit=unit)
    channels: Any = backend.pick(memory=MemoryChannels, postgres=PostgresChannels, unit=unit)
    await accounts.add(account)
    await channels.add(channel)
    await finish(unit)
    return channel


async def test_a_chatroom_is_read_back_by_id_and_channel(backend: Backend) -> None:
    ada, bob = await a_channel(backend, "ada"), await a_channel(backend, "bob")
    room = Chatroom(new_id(), ada.id, T0)
    unit = backend.unit()
    await chatrooms(backend, unit).add(room)
    assert await chatrooms(backend, unit).by_channel(ada.id) == room
    assert await chatrooms(backend, backend.unit()).by_channel(ada.id) is None  # not committed
    await finish(unit)

    repo = chatrooms(backend, backend.unit())
    assert await repo.get(room.id) == room
    assert await repo.by_channel(ada.id) == room
    assert await repo.by_channel(bob.id) is None
    assert await repo.get(new_id()) is None


async def test_one_chatroom_per_channel_and_the_channel_must_exist(backend: Backend) -> None:
    ada = await a_channel(backend, "ada")
    first = Chatroom(new_id(), ada.id, T0)
    unit = backend.unit()
    await chatrooms(backend, unit).add(first)
    await finish(unit)

    unit = backend.unit()
    await refused(
        unit, lambda: chatrooms(backend, unit).add(Chatroom(new_id(), ada.id, T0)), Conflict
    )
    orphan = Chatroom(new_id(), new_id(), T0)
    unit = backend.unit()
    await refused(unit, lambda: chatrooms(backend, unit).add(orphan), Conflict)

    repo = chatrooms(backend, backend.unit())
    assert await repo.by_channel(ada.id) == first
    assert await repo.get(orphan.id) is None


async def test_of_two_concurrent_chatrooms_of_a_channel_the_second_fails(backend: Backend) -> None:
    ada = await a_channel(backend, "ada")
    first, second = backend.unit(), backend.unit()
    winner = Chatroom(new_id(), ada.id, T0)
    await chatrooms(backend, first).add(winner)
    pending = asyncio.create_task(chatrooms(backend, second).add(Chatroom(new_id(), ada.id, T0)))
    await asyncio.sleep(0.05)
    await finish(first)

    async def attempt() -> None:
        await pending
        await second.commit()

    with pytest.raises(Conflict):
        await attempt()
    await second.rollback()
    assert await chatrooms(backend, backend.unit()).by_channel(ada.id) == winner
