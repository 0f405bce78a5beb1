"""ChatroomSettingsRepository contract: the memory and the Postgres adapter keep the same
promises."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from streamz.adapters.memory.chat import MemoryChatroomSettings
from streamz.adapters.postgres.chat import PostgresChatroomSettings
from streamz.core.chat.entities import ChatroomConfig, ChatSettings
from streamz.core.errors import Conflict
from streamz.core.shared.ids import new_id
from streamz.ports.chat_settings import ChatroomSettingsRepository
from tests.integration.contracts.conftest import T0, Backend

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


MEMORY: Callable[[Any], ChatroomSettingsRepository] = MemoryChatroomSettings
POSTGRES: Callable[[Any], ChatroomSettingsRepository] = PostgresChatroomSettings


async def test_a_chatroom_never_written_has_no_config(backend: Backend) -> None:
    (room,) = (await backend.seed(accounts=1)).chatrooms
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        assert await repo.get(room.id) is None
        assert await repo.get(room.id, lock=True) is None


async def test_a_saved_config_reads_back_whole_with_its_rules_in_order(backend: Backend) -> None:
    room, other = (await backend.seed(accounts=2, channels=2)).chatrooms
    config = ChatroomConfig(room.id, EVERYTHING_ON, ("be kind", "no spoilers", "émoji ok 🎉"), T0)
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (unit, repo):
        await repo.save(config)
        await unit.commit()

    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        assert await repo.get(room.id) == config
        assert await repo.get(room.id, lock=True) == config
        assert await repo.get(other.id) is None


async def test_defaults_and_no_rules_read_back_as_saved(backend: Backend) -> None:
    (room,) = (await backend.seed(accounts=1)).chatrooms
    config = ChatroomConfig(room.id, ChatSettings(), (), T0)
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (unit, repo):
        await repo.save(config)
        await unit.commit()
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        found = await repo.get(room.id)
    assert found == config
    assert found is not None
    assert found.rules == ()  # a tuple, as the entity says
    assert found.settings.followers_only is None


async def test_save_replaces_the_whole_config(backend: Backend) -> None:
    (room,) = (await backend.seed(accounts=1)).chatrooms
    first = ChatroomConfig(room.id, EVERYTHING_ON, ("one", "two", "three"), T0)
    second = ChatroomConfig(
        room.id, ChatSettings(slow_mode_seconds=5), ("only",), T0 + timedelta(1)
    )
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (unit, repo):
        await repo.save(first)
        await unit.commit()
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (unit, repo):
        await repo.save(second)
        assert await repo.get(room.id) == second  # its own write
        await unit.commit()
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        assert await repo.get(room.id) == second


async def test_a_config_of_no_chatroom_is_a_conflict(backend: Backend) -> None:
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        with pytest.raises(Conflict):
            await repo.save(ChatroomConfig(new_id(), ChatSettings(), (), T0))


async def test_a_save_is_seen_by_other_units_after_commit_and_never_after_rollback(
    backend: Backend,
) -> None:
    (room,) = (await backend.seed(accounts=1)).chatrooms
    kept = ChatroomConfig(room.id, EVERYTHING_ON, ("kept",), T0)
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (unit, repo):
        await repo.save(kept)
        async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, other):
            assert await other.get(room.id) is None
        await unit.commit()
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (unit, repo):
        await repo.save(ChatroomConfig(room.id, ChatSettings(), ("dropped",), T0))
        await unit.rollback()
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        assert await repo.get(room.id) == kept


async def test_get_with_lock_queues_writers_of_a_chatroom(backend: Backend) -> None:
    if backend.name == "memory":
        pytest.skip("one process, no concurrent transactions: nothing to queue")
    (room,) = (await backend.seed(accounts=1)).chatrooms
    config = ChatroomConfig(room.id, EVERYTHING_ON, ("first",), T0)
    async with (
        backend.opened(memory=MEMORY, postgres=POSTGRES) as (first, repo),
        backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, second),
    ):
        assert await repo.get(room.id, lock=True) is None
        waiting = asyncio.create_task(second.get(room.id, lock=True))
        await asyncio.sleep(0.2)
        assert not waiting.done()  # the second writer waits for the first one's transaction
        await repo.save(config)
        await first.commit()
        assert await asyncio.wait_for(waiting, 5) == config  # then sees what it saved


async def test_with_chatroom_reads_the_channels_chatroom_and_its_config(backend: Backend) -> None:
    seeded = await backend.seed(accounts=2, channels=2)
    (written, never), (written_channel, never_channel) = seeded.chatrooms, seeded.channels
    config = ChatroomConfig(written.id, EVERYTHING_ON, ("be kind",), T0)
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (unit, repo):
        await repo.save(config)
        await unit.commit()
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        assert await repo.with_chatroom(written_channel.id) == (written, config)
        assert await repo.with_chatroom(never_channel.id) == (never, ChatroomConfig(never.id))
        assert await repo.with_chatroom(new_id()) is None
