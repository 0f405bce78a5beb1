"""RoomEventLog contract: the memory and the Postgres adapter keep the same promises."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from streamz.adapters.memory.messages import MemoryMessages
from streamz.adapters.memory.repositories import MemoryAccounts, MemoryChannels, MemoryChatrooms
from streamz.adapters.memory.room_events import MemoryRoomEvents
from streamz.adapters.postgres.accounts import PostgresAccounts
from streamz.adapters.postgres.channels import PostgresChannels
from streamz.adapters.postgres.chatrooms import PostgresChatrooms
from streamz.adapters.postgres.messages import PostgresMessages
from streamz.adapters.postgres.room_events import PostgresRoomEvents
from streamz.core.channels.entities import Channel
from streamz.core.chat.chat_identity.entities import ChatIdentity
from streamz.core.chat.entities import Chatroom, RoomEvent
from streamz.core.chat.messages.entities import Fragment, FragmentKind, Message
from streamz.core.chat.messages.events import SENT, message_payload
from streamz.core.errors import Conflict
from streamz.core.identity.entities import Account, Role
from streamz.core.shared.ids import new_id
from streamz.ports.channels import ChannelRepository
from streamz.ports.chat import ChatroomRepository
from streamz.ports.identity import AccountRepository
from streamz.ports.messages import MessageRepository
from streamz.ports.room_events import RoomEventLog
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


@dataclass
class Ports:
    unit: Any
    log: RoomEventLog
    messages: MessageRepository


@asynccontextmanager
async def opened(backend: Backend) -> AsyncIterator[Ports]:
    """A unit with the log and the messages on it; what is not committed is rolled back."""
    unit = backend.unit()
    logs: tuple[Callable[[Any], RoomEventLog], ...] = (MemoryRoomEvents, PostgresRoomEvents)
    messages: tuple[Callable[[Any], MessageRepository], ...] = (MemoryMessages, PostgresMessages)
    try:
        yield Ports(
            unit,
            backend.pick(memory=logs[0], postgres=logs[1], unit=unit),
            backend.pick(memory=messages[0], postgres=messages[1], unit=unit),
        )
    finally:
        await unit.rollback()


def message(room: Chatroom, sender: Account, **changes: Any) -> Message:
    identity = ChatIdentity(sender.id, sender.username, "#FF0000", False, ())
    made = Message(
        new_id(), room.id, room.channel_id, 0, sender.id, "hi",
        (Fragment(FragmentKind.TEXT, "hi"),), (), None, None, identity, T0, T0,
    )  # fmt: skip
    return replace(made, **changes)


def sent(m: Message) -> RoomEvent:
    return RoomEvent(m.seq, SENT, message_payload(m), m.created_at)


async def test_events_and_messages_share_the_rooms_seq_and_replay_in_order(
    backend: Backend,
) -> None:
    (owner, *_), (room, other) = await seed(backend)
    at = T0 + timedelta(seconds=1)
    async with opened(backend) as p:
        first = await p.messages.append(message(room, owner))
        assert await p.log.append(room.id, "chat.cleared", {"by": "acc0", "n": 2}, at) == 2
        third = await p.messages.append(message(room, owner))
        assert await p.log.append(room.id, "chat.pinned", {"id": str(third.id)}, at) == 4
        assert await p.log.append(other.id, "chat.cleared", {}, at) == 1
        await p.unit.commit()

    cleared = RoomEvent(2, "chat.cleared", {"by": "acc0", "n": 2, "seq": 2}, at)
    pinned = RoomEvent(4, "chat.pinned", {"id": str(third.id), "seq": 4}, at)
    async with opened(backend) as p:
        assert await p.log.since(room.id, 0, 10) == [sent(first), cleared, sent(third), pinned]
        assert await p.log.since(room.id, 1, 2) == [cleared, sent(third)]
        assert await p.log.since(room.id, 3, 10) == [pinned]
        assert await p.log.since(room.id, 4, 10) == []
        assert await p.log.since(other.id, 0, 10) == [RoomEvent(1, "chat.cleared", {"seq": 1}, at)]
        assert await p.log.last_seq(room.id) == 4
        assert await p.log.last_seq(other.id) == 1
        assert await p.log.last_seq(new_id()) == 0


async def test_the_payload_is_stored_as_json(backend: Backend) -> None:
    _, (room, _) = await seed(backend)
    payload = {"ids": ("a", "b"), "nested": {"ok": True, "none": None, "n": 1.5}, "seq": 99}
    async with opened(backend) as p:
        await p.log.append(room.id, "chat.x", payload, T0)
        await p.unit.commit()
    async with opened(backend) as p:
        (event,) = await p.log.since(room.id, 0, 10)
    # a tuple comes back as a list, and the seq in the payload is the event's
    assert event.payload == {
        "ids": ["a", "b"],
        "nested": {"ok": True, "none": None, "n": 1.5},
        "seq": 1,
    }
    # what JSON cannot hold is refused before anything is stored (TypeError in memory,
    # asyncpg's DataError from the jsonb encoder: a programming error, not a core one)
    async with opened(backend) as p:
        with pytest.raises(Exception, match="not JSON serializable"):
            await p.log.append(room.id, "chat.x", {"id": uuid.uuid4()}, T0)
        assert await p.log.last_seq(room.id) == 1


async def test_a_rolled_back_event_gives_its_seq_back(backend: Backend) -> None:
    _, (room, _) = await seed(backend)
    async with opened(backend) as p:
        assert await p.log.append(room.id, "chat.a", {}, T0) == 1
        await p.unit.commit()
    async with opened(backend) as p:
        assert await p.log.append(room.id, "chat.b", {}, T0) == 2
        assert await p.log.last_seq(room.id) == 2  # its own write
        async with opened(backend) as other:
            assert await other.log.last_seq(room.id) == 1  # not committed
        await p.unit.rollback()
    async with opened(backend) as p:
        assert await p.log.append(room.id, "chat.c", {}, T0) == 2
        await p.unit.commit()
    async with opened(backend) as p:
        assert [e.topic for e in await p.log.since(room.id, 0, 10)] == ["chat.a", "chat.c"]


async def test_deleted_before_visible_names_only_messages_hidden_while_held(
    backend: Backend,
) -> None:
    (owner, viewer, _), (room, other) = await seed(backend)
    held = T0 + timedelta(seconds=10)
    during, after, kept, visible_now = (
        message(room, viewer, visible_at=held),
        message(room, viewer, visible_at=held),
        message(room, viewer, visible_at=held),
        message(room, viewer),
    )
    elsewhere = message(other, viewer, visible_at=held)
    async with opened(backend) as p:
        for m in (during, after, kept, visible_now, elsewhere):
            await p.messages.append(m)
        await p.messages.delete(during.id, owner.id, T0 + timedelta(seconds=5))
        await p.messages.delete(after.id, owner.id, held + timedelta(seconds=1))
        await p.messages.delete(visible_now.id, owner.id, T0 + timedelta(seconds=5))
        await p.messages.delete(elsewhere.id, owner.id, T0 + timedelta(seconds=5))
        await p.unit.commit()
    ids = [m.id for m in (during, after, kept, visible_now, elsewhere)] + [new_id()]
    async with opened(backend) as p:
        assert await p.log.deleted_before_visible(room.id, ids) == {during.id}
        assert await p.log.deleted_before_visible(other.id, ids) == {elsewhere.id}
        assert await p.log.deleted_before_visible(room.id, []) == set()


async def test_an_event_of_no_chatroom_is_a_conflict(backend: Backend) -> None:
    if backend.name == "memory":
        pytest.xfail("known drift: memory skips this foreign key (unit tests rely on it)")
    async with opened(backend) as p:
        with pytest.raises(Conflict):
            await p.log.append(new_id(), "chat.x", {}, T0)


async def test_an_event_waits_for_a_concurrent_send_in_the_room(backend: Backend) -> None:
    if backend.name == "memory":
        pytest.skip("one process, no concurrent transactions: nothing to queue")
    (owner, *_), (room, _) = await seed(backend)
    async with opened(backend) as first, opened(backend) as second:
        assert (await first.messages.append(message(room, owner))).seq == 1
        waiting = asyncio.create_task(second.log.append(room.id, "chat.x", {}, T0))
        await asyncio.sleep(0.2)
        assert not waiting.done()  # the room's counter is held until the send ends
        await first.unit.commit()
        assert await asyncio.wait_for(waiting, 5) == 2
