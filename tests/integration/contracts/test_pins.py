"""PinRepository contract (ports/messages.py): the memory and the Postgres adapter keep the same
promises."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from streamz.adapters.memory.messages import MemoryPins
from streamz.adapters.postgres.messages import PostgresPins
from streamz.core.chat.entities import Chatroom
from streamz.core.chat.messages.entities import Message, Pin
from streamz.core.errors import Conflict
from streamz.core.identity.entities import Account
from streamz.core.shared.ids import new_id
from streamz.ports.messages import PinRepository
from tests.integration.contracts.conftest import T0, Backend, append_messages, message

MEMORY: Callable[[Any], PinRepository] = MemoryPins
POSTGRES: Callable[[Any], PinRepository] = PostgresPins


async def sent(backend: Backend, author: Account, *rooms: Chatroom) -> list[Message]:
    """One committed message in each of ``rooms``."""
    return await append_messages(backend, *(message(room, author) for room in rooms))


def pin(message: Message, minutes: int | None = None, by: Account | None = None) -> Pin:
    expires = None if minutes is None else T0 + timedelta(minutes=minutes)
    return Pin(message.chatroom_id, message.id, by.id if by else None, T0, expires)


async def test_a_room_has_no_pin_until_one_is_put_and_a_new_one_replaces_it(
    backend: Backend,
) -> None:
    seeded = await backend.seed(channels=2)
    (owner, *_), (room, other) = seeded.accounts, seeded.chatrooms
    first, second = await sent(backend, owner, room, room)
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        assert await repo.get(room.id) is None
    kept = pin(first, 10, by=owner)
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (unit, repo):
        await repo.put(kept)
        await unit.commit()
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        assert await repo.get(room.id) == kept
        assert await repo.get(other.id) is None
    newer = pin(second)  # by the system, never expiring
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (unit, repo):
        await repo.put(newer)
        await unit.commit()
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        assert await repo.get(room.id) == newer


async def test_remove_takes_the_pin_only_if_it_is_the_message_named(backend: Backend) -> None:
    seeded = await backend.seed(channels=2)
    (owner, *_), (room, _) = seeded.accounts, seeded.chatrooms
    first, second = await sent(backend, owner, room, room)
    kept = pin(first, 10, by=owner)
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (unit, repo):
        await repo.put(kept)
        await unit.commit()
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (unit, repo):
        assert await repo.remove(room.id, message_id=second.id) is None  # another message's
        assert await repo.get(room.id) == kept
        assert await repo.remove(room.id, message_id=first.id) == kept
        assert await repo.remove(room.id) is None  # gone already
        await unit.commit()
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (unit, repo):
        assert await repo.get(room.id) is None
        await repo.put(kept)
        assert await repo.remove(room.id) == kept  # any message
        await unit.commit()
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        assert await repo.get(room.id) is None


async def test_take_expired_removes_the_earliest_expired_pins_once(backend: Backend) -> None:
    seeded = await backend.seed(accounts=4, channels=4)
    (owner, *_), rooms = seeded.accounts, seeded.chatrooms
    messages = await sent(backend, owner, *rooms)
    late, early, never, running = (
        pin(messages[0], 20),
        pin(messages[1], 10),
        pin(messages[2]),
        pin(messages[3], 90),
    )
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (unit, repo):
        for row in (late, early, never, running):
            await repo.put(row)
        await unit.commit()
    now = T0 + timedelta(minutes=30)
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (unit, repo):
        assert await repo.take_expired(now, 1) == [early]
        assert await repo.take_expired(now, 10) == [late]
        assert await repo.take_expired(now, 10) == []
        await unit.commit()
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        assert [await repo.get(r.id) for r in rooms] == [None, None, never, running]
        assert await repo.take_expired(T0 + timedelta(minutes=10), 10) == []


async def test_a_pin_of_no_message_or_no_room_is_a_conflict(backend: Backend) -> None:
    seeded = await backend.seed(channels=2)
    (owner, *_), (room, _) = seeded.accounts, seeded.chatrooms
    (message,) = await sent(backend, owner, room)
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        with pytest.raises(Conflict):
            await repo.put(Pin(room.id, new_id(), None, T0, None))
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        with pytest.raises(Conflict):
            await repo.put(Pin(new_id(), message.id, None, T0, None))


async def test_pins_are_seen_by_other_units_after_commit_and_never_after_rollback(
    backend: Backend,
) -> None:
    seeded = await backend.seed(channels=2)
    (owner, *_), (room, _) = seeded.accounts, seeded.chatrooms
    (message,) = await sent(backend, owner, room)
    kept = pin(message)
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (unit, repo):
        await repo.put(kept)
        async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, other):
            assert await other.get(room.id) is None
        await unit.commit()
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (unit, repo):
        assert await repo.remove(room.id) == kept
        await unit.rollback()
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        assert await repo.get(room.id) == kept


async def test_concurrent_takers_of_expired_pins_take_each_once(backend: Backend) -> None:
    if backend.name == "memory":
        pytest.skip("one process, no concurrent transactions: nothing to skip")
    seeded = await backend.seed(channels=2)
    (owner, *_), (room, other) = seeded.accounts, seeded.chatrooms
    one_message, other_message = await sent(backend, owner, room, other)
    first, second = pin(one_message, 1), pin(other_message, 2)
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (unit, repo):
        await repo.put(first)
        await repo.put(second)
        await unit.commit()
    now = T0 + timedelta(hours=1)
    async with (
        backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, one),
        backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, two),
    ):
        assert await one.take_expired(now, 1) == [first]
        assert await two.take_expired(now, 10) == [second]  # skips the one being taken
