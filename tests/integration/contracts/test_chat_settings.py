"""ChatroomSettingsRepository contract: the memory and the Postgres adapter keep the same
promises."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from streamz.adapters.memory.chat import MemoryChatroomSettings
from streamz.adapters.memory.repositories import MemoryAccounts, MemoryChannels, MemoryChatrooms
from streamz.adapters.postgres.accounts import PostgresAccounts
from streamz.adapters.postgres.channels import PostgresChannels
from streamz.adapters.postgres.chat import PostgresChatroomSettings
from streamz.adapters.postgres.chatrooms import PostgresChatrooms
from streamz.core.channels.entities import Channel
from streamz.core.chat.entities import Chatroom, ChatroomConfig, ChatSettings
from streamz.core.errors import Conflict
from streamz.core.identity.entities import Account, Role
from streamz.core.shared.ids import new_id
from streamz.ports.channels import ChannelRepository
from streamz.ports.chat import ChatroomRepository
from streamz.ports.chat_settings import ChatroomSettingsRepository
from streamz.ports.identity import AccountRepository
from tests.integration.contracts.conftest import Backend

# the backend fixture asks for these while its loop runs: set them up before it
pytestmark = pytest.mark.usefixtures("settings", "clean")

T0 = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)

EVERYTHING_ON = ChatSettings(
    slow_mode_seconds=30,
    followers_only=60,
    subscribers_only=True,
    emote_only=True,
    unique_chat=True,
    min_account_age_minutes=1440,
    verified_email_required=True,
    non_moderator_delay_seconds=5,
    links_allowed=False,
    rate_limit_messages=3,
    moderator_rate_limit_messages=50,
    rate_limit_window_seconds=10,
)


async def seed(backend: Backend, rooms: int = 1) -> list[Chatroom]:
    """Committed chatrooms, each of its own channel and owner."""
    unit = backend.unit()
    memory = backend.name == "memory"
    people: AccountRepository = (MemoryAccounts if memory else PostgresAccounts)(unit)
    channels: ChannelRepository = (MemoryChannels if memory else PostgresChannels)(unit)
    chatrooms: ChatroomRepository = (MemoryChatrooms if memory else PostgresChatrooms)(unit)
    made = []
    for n in range(rooms):
        account = Account(new_id(), f"id-{n}", f"acc{n}", f"acc{n}@x.test", Role.USER, T0, T0)
        channel = Channel(new_id(), account.id, f"acc{n}", f"Acc {n}", "", False, 0, T0, T0)
        chatroom = Chatroom(new_id(), channel.id, T0)
        await people.add(account)
        await channels.add(channel)
        await chatrooms.add(chatroom)
        made.append(chatroom)
    await unit.commit()
    await unit.rollback()  # done: gives a Postgres unit's connection back
    return made


@asynccontextmanager
async def opened(backend: Backend) -> AsyncIterator[tuple[Any, ChatroomSettingsRepository]]:
    """A unit and the adapter on it; what is not committed at the end is rolled back."""
    unit = backend.unit()
    memory: Callable[[Any], ChatroomSettingsRepository] = MemoryChatroomSettings
    postgres: Callable[[Any], ChatroomSettingsRepository] = PostgresChatroomSettings
    try:
        yield unit, backend.pick(memory=memory, postgres=postgres, unit=unit)
    finally:
        await unit.rollback()


async def test_a_chatroom_never_written_has_no_config(backend: Backend) -> None:
    (room,) = await seed(backend)
    async with opened(backend) as (_, repo):
        assert await repo.get(room.id) is None
        assert await repo.get(room.id, lock=True) is None


async def test_a_saved_config_reads_back_whole_with_its_rules_in_order(backend: Backend) -> None:
    room, other = await seed(backend, rooms=2)
    config = ChatroomConfig(room.id, EVERYTHING_ON, ("be kind", "no spoilers", "émoji ok 🎉"), T0)
    async with opened(backend) as (unit, repo):
        await repo.save(config)
        await unit.commit()

    async with opened(backend) as (_, repo):
        assert await repo.get(room.id) == config
        assert await repo.get(room.id, lock=True) == config
        assert await repo.get(other.id) is None


async def test_defaults_and_no_rules_read_back_as_saved(backend: Backend) -> None:
    (room,) = await seed(backend)
    config = ChatroomConfig(room.id, ChatSettings(), (), T0)
    async with opened(backend) as (unit, repo):
        await repo.save(config)
        await unit.commit()
    async with opened(backend) as (_, repo):
        found = await repo.get(room.id)
    assert found == config
    assert found is not None
    assert found.rules == ()  # a tuple, as the entity says
    assert found.settings.followers_only is None


async def test_save_replaces_the_whole_config(backend: Backend) -> None:
    (room,) = await seed(backend)
    first = ChatroomConfig(room.id, EVERYTHING_ON, ("one", "two", "three"), T0)
    second = ChatroomConfig(
        room.id, ChatSettings(slow_mode_seconds=5), ("only",), T0 + timedelta(1)
    )
    async with opened(backend) as (unit, repo):
        await repo.save(first)
        await unit.commit()
    async with opened(backend) as (unit, repo):
        await repo.save(second)
        assert await repo.get(room.id) == second  # its own write
        await unit.commit()
    async with opened(backend) as (_, repo):
        assert await repo.get(room.id) == second


async def test_a_config_of_no_chatroom_is_a_conflict(backend: Backend) -> None:
    async with opened(backend) as (_, repo):
        with pytest.raises(Conflict):
            await repo.save(ChatroomConfig(new_id(), ChatSettings(), (), T0))


async def test_a_save_is_seen_by_other_units_after_commit_and_never_after_rollback(
    backend: Backend,
) -> None:
    (room,) = await seed(backend)
    kept = ChatroomConfig(room.id, EVERYTHING_ON, ("kept",), T0)
    async with opened(backend) as (unit, repo):
        await repo.save(kept)
        async with opened(backend) as (_, other):
            assert await other.get(room.id) is None
        await unit.commit()
    async with opened(backend) as (unit, repo):
        await repo.save(ChatroomConfig(room.id, ChatSettings(), ("dropped",), T0))
        await unit.rollback()
    async with opened(backend) as (_, repo):
        assert await repo.get(room.id) == kept


async def test_get_with_lock_queues_writers_of_a_chatroom(backend: Backend) -> None:
    if backend.name == "memory":
        pytest.skip("one process, no concurrent transactions: nothing to queue")
    (room,) = await seed(backend)
    config = ChatroomConfig(room.id, EVERYTHING_ON, ("first",), T0)
    async with opened(backend) as (first, repo), opened(backend) as (_, second):
        assert await repo.get(room.id, lock=True) is None
        waiting = asyncio.create_task(second.get(room.id, lock=True))
        await asyncio.sleep(0.2)
        assert not waiting.done()  # the second writer waits for the first one's transaction
        await repo.save(config)
        await first.commit()
        assert await asyncio.wait_for(waiting, 5) == config  # then sees what it saved
