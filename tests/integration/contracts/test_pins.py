"""PinRepository contract (ports/messages.py): the memory and the Postgres adapter keep the same
promises."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from streamz.adapters.memory.messages import MemoryMessages, MemoryPins
from streamz.adapters.memory.repositories import MemoryAccounts, MemoryChannels, MemoryChatrooms
from streamz.adapters.postgres.accounts import PostgresAccounts
from streamz.adapters.postgres.channels import PostgresChannels
from streamz.adapters.postgres.chatrooms import PostgresChatrooms
from streamz.adapters.postgres.messages import PostgresMessages, PostgresPins
from streamz.core.channels.entities import Channel
from streamz.core.chat.chat_identity.entities import ChatIdentity
from streamz.core.chat.entities import Chatroom
from streamz.core.chat.messages.entities import Message, Pin
from streamz.core.errors import Conflict
from streamz.core.identity.entities import Account, Role
from streamz.core.shared.ids import new_id
from streamz.ports.channels import ChannelRepository
from streamz.ports.chat import ChatroomRepository
from streamz.ports.identity import AccountRepository
from streamz.ports.messages import MessageRepository, PinRepository
from tests.integration.contracts.conftest import Backend

# the backend fixture asks for these while its loop runs: set them up before it
pytestmark = pytest.mark.usefixtures("settings", "clean")

T0 = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)


async def seed(backend: Backend, people: int = 3, rooms: int = 2) -> tuple[list[Any], ...]:
    """Committed accounts (``acc0``...) and chatrooms, each of the channel of one of them."""
    unit = backend.unit()
    memory = backend.name == "memory"
    accounts: AccountRepository = (MemoryAccounts if memory else PostgresAccounts)(unit)
    channels: ChannelRepository = (MemoryChannels if memory else PostgresChannels)(unit)
    chatrooms: ChatroomRepository = (MemoryChatrooms if memory else PostgresChatrooms)(unit)
    made: list[Account] = []
    for n in range(people):
        account = Account(new_id(), f"id-{n}", f"acc{n}", f"acc{n}@x.test", Role.USER, T0, T0)
        await accounts.add(account)
        made.append(account)
    opened_rooms: list[Chatroom] = []
    for n in range(rooms):
        channel = Channel(new_id(), made[n].id, f"acc{n}", f"Acc {n}", "", False, 0, T0, T0)
        chatroom = Chatroom(new_id(), channel.id, T0)
        await channels.add(channel)
        await chatrooms.add(chatroom)
        opened_rooms.append(chatroom)
    await unit.commit()
    await unit.rollback()  # done: gives a Postgres unit's connection back
    return made, opened_rooms


@asynccontextmanager
async def opened(backend: Backend) -> AsyncIterator[tuple[Any, PinRepository]]:
    """A unit and the adapter on it; what is not committed at the end is rolled back."""
    unit = backend.unit()
    memory: Callable[[Any], PinRepository] = MemoryPins
    postgres: Callable[[Any], PinRepository] = PostgresPins
    try:
        yield unit, backend.pick(memory=memory, postgres=postgres, unit=unit)
    finally:
        await unit.rollback()


async def sent(backend: Backend, author: Account, *rooms: Chatroom) -> list[Message]:
    """One committed message in each of ``rooms``."""
    unit = backend.unit()
    memory: Callable[[Any], MessageRepository] = MemoryMessages
    postgres: Callable[[Any], MessageRepository] = PostgresMessages
    messages = backend.pick(memory=memory, postgres=postgres, unit=unit)
    identity = ChatIdentity(author.id, author.username, "#FF0000", False, ())
    out = []
    for room in rooms:
        message = Message(
            new_id(), room.id, room.channel_id, 0, author.id, "hi", (), (), None, None,
            identity, T0, T0,
        )  # fmt: skip
        out.append(await messages.append(message))
    await unit.commit()
    await unit.rollback()
    return out


def pin(message: Message, minutes: int | None = None, by: Account | None = None) -> Pin:
    expires = None if minutes is None else T0 + timedelta(minutes=minutes)
    return Pin(message.chatroom_id, message.id, by.id if by else None, T0, expires)


async def test_a_room_has_no_pin_until_one_is_put_and_a_new_one_replaces_it(
    backend: Backend,
) -> None:
    (owner, *_), (room, other) = await seed(backend)
    first, second = await sent(backend, owner, room, room)
    async with opened(backend) as (_, repo):
        assert await repo.get(room.id) is None
    kept = pin(first, 10, by=owner)
    async with opened(backend) as (unit, repo):
        await repo.put(kept)
        await unit.commit()
    async with opened(backend) as (_, repo):
        assert await repo.get(room.id) == kept
        assert await repo.get(other.id) is None
    newer = pin(second)  # by the system, never expiring
    async with opened(backend) as (unit, repo):
        await repo.put(newer)
        await unit.commit()
    async with opened(backend) as (_, repo):
        assert await repo.get(room.id) == newer


async def test_remove_takes_the_pin_only_if_it_is_the_message_named(backend: Backend) -> None:
    (owner, *_), (room, _) = await seed(backend)
    first, second = await sent(backend, owner, room, room)
    kept = pin(first, 10, by=owner)
    async with opened(backend) as (unit, repo):
        await repo.put(kept)
        await unit.commit()
    async with opened(backend) as (unit, repo):
        assert await repo.remove(room.id, message_id=second.id) is None  # another message's
        assert await repo.get(room.id) == kept
        assert await repo.remove(room.id, message_id=first.id) == kept
        assert await repo.remove(room.id) is None  # gone already
        await unit.commit()
    async with opened(backend) as (unit, repo):
        assert await repo.get(room.id) is None
        await repo.put(kept)
        assert await repo.remove(room.id) == kept  # any message
        await unit.commit()
    async with opened(backend) as (_, repo):
        assert await repo.get(room.id) is None


async def test_take_expired_removes_the_earliest_expired_pins_once(backend: Backend) -> None:
    (owner, *_), rooms = await seed(backend, people=4, rooms=4)
    messages = await sent(backend, owner, *rooms)
    late, early, never, running = (
        pin(messages[0], 20),
        pin(messages[1], 10),
        pin(messages[2]),
        pin(messages[3], 90),
    )
    async with opened(backend) as (unit, repo):
        for row in (late, early, never, running):
            await repo.put(row)
        await unit.commit()
    now = T0 + timedelta(minutes=30)
    async with opened(backend) as (unit, repo):
        assert await repo.take_expired(now, 1) == [early]
        assert await repo.take_expired(now, 10) == [late]
        assert await repo.take_expired(now, 10) == []
        await unit.commit()
    async with opened(backend) as (_, repo):
        assert [await repo.get(r.id) for r in rooms] == [None, None, never, running]
        assert await repo.take_expired(T0 + timedelta(minutes=10), 10) == []


async def test_a_pin_of_no_message_or_no_room_is_a_conflict(backend: Backend) -> None:
    (owner, *_), (room, _) = await seed(backend)
    (message,) = await sent(backend, owner, room)
    async with opened(backend) as (_, repo):
        with pytest.raises(Conflict):
            await repo.put(Pin(room.id, new_id(), None, T0, None))
    async with opened(backend) as (_, repo):
        with pytest.raises(Conflict):
            await repo.put(Pin(new_id(), message.id, None, T0, None))


async def test_pins_are_seen_by_other_units_after_commit_and_never_after_rollback(
    backend: Backend,
) -> None:
    (owner, *_), (room, _) = await seed(backend)
    (message,) = await sent(backend, owner, room)
    kept = pin(message)
    async with opened(backend) as (unit, repo):
        await repo.put(kept)
        async with opened(backend) as (_, other):
            assert await other.get(room.id) is None
        await unit.commit()
    async with opened(backend) as (unit, repo):
        assert await repo.remove(room.id) == kept
        await unit.rollback()
    async with opened(backend) as (_, repo):
        assert await repo.get(room.id) == kept


async def test_concurrent_takers_of_expired_pins_take_each_once(backend: Backend) -> None:
    if backend.name == "memory":
        pytest.skip("one process, no concurrent transactions: nothing to skip")
    (owner, *_), (room, other) = await seed(backend)
    one_message, other_message = await sent(backend, owner, room, other)
    first, second = pin(one_message, 1), pin(other_message, 2)
    async with opened(backend) as (unit, repo):
        await repo.put(first)
        await repo.put(second)
        await unit.commit()
    now = T0 + timedelta(hours=1)
    async with opened(backend) as (_, one), opened(backend) as (_, two):
        assert await one.take_expired(now, 1) == [first]
        assert await two.take_expired(now, 10) == [second]  # skips the one being taken
