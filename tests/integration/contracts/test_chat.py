"""Contract of ``ChatroomRepository``: one chatroom per existing channel."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from streamz.adapters.memory.repositories import MemoryChatrooms
from streamz.adapters.postgres.chatrooms import PostgresChatrooms
from streamz.core.chat.entities import Chatroom
from streamz.core.errors import Conflict
from streamz.core.shared.ids import new_id
from streamz.ports.chat import ChatroomRepository

from .conftest import T0_US, Backend, add_rows, bare_channels, refused, second_loses

MEMORY: Callable[[Any], ChatroomRepository] = MemoryChatrooms
POSTGRES: Callable[[Any], ChatroomRepository] = PostgresChatrooms


async def test_a_chatroom_is_read_back_by_id_and_channel(backend: Backend) -> None:
    ada, bob = (await bare_channels(backend, 2)).channels
    room = Chatroom(new_id(), ada.id, T0_US)
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (unit, repo):
        await repo.add(room)
        assert await repo.by_channel(ada.id) == room
        async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, other):
            assert await other.by_channel(ada.id) is None  # not committed
        await unit.commit()

    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        assert await repo.get(room.id) == room
        assert await repo.by_channel(ada.id) == room
        assert await repo.by_channel(bob.id) is None
        assert await repo.get(new_id()) is None


async def test_one_chatroom_per_channel_and_the_channel_must_exist(backend: Backend) -> None:
    (ada,) = (await bare_channels(backend, 1)).channels
    first = Chatroom(new_id(), ada.id, T0_US)
    await add_rows(backend, first, memory=MEMORY, postgres=POSTGRES)

    again = Chatroom(new_id(), ada.id, T0_US)
    await refused(backend, Conflict, lambda r: r.add(again), memory=MEMORY, postgres=POSTGRES)
    orphan = Chatroom(new_id(), new_id(), T0_US)
    await refused(backend, Conflict, lambda r: r.add(orphan), memory=MEMORY, postgres=POSTGRES)

    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        assert await repo.by_channel(ada.id) == first
        assert await repo.get(orphan.id) is None


async def test_of_two_concurrent_chatrooms_of_a_channel_the_second_fails(backend: Backend) -> None:
    (ada,) = (await bare_channels(backend, 1)).channels
    winner, loser = Chatroom(new_id(), ada.id, T0_US), Chatroom(new_id(), ada.id, T0_US)
    await second_loses(
        backend,
        Conflict,
        lambda r: r.add(winner),
        lambda r: r.add(loser),
        memory=MEMORY,
        postgres=POSTGRES,
    )
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        assert await repo.by_channel(ada.id) == winner
