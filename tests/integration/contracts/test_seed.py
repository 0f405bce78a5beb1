"""The contract suites' own seeding gives the same committed rows on both backends."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from streamz.adapters.memory.repositories import MemoryChannels, MemoryChatrooms
from streamz.adapters.postgres.channels import PostgresChannels
from streamz.adapters.postgres.chatrooms import PostgresChatrooms
from streamz.ports.channels import ChannelRepository
from streamz.ports.chat import ChatroomRepository
from tests.integration.contracts.conftest import Backend

MEMORY_CHANNELS: Callable[[Any], ChannelRepository] = MemoryChannels
POSTGRES_CHANNELS: Callable[[Any], ChannelRepository] = PostgresChannels
MEMORY_CHATROOMS: Callable[[Any], ChatroomRepository] = MemoryChatrooms
POSTGRES_CHATROOMS: Callable[[Any], ChatroomRepository] = PostgresChatrooms


async def test_seed_commits_accounts_channels_and_chatrooms(backend: Backend) -> None:
    seeded = await backend.seed(accounts=2, channels=2)
    assert [a.username for a in seeded.accounts] == ["acc0", "acc1"]
    async with backend.opened(memory=MEMORY_CHANNELS, postgres=POSTGRES_CHANNELS) as (unit, rooms):
        found = await rooms.by_slug("acc1")
        assert found is not None
        assert found.account_id == seeded.accounts[1].id
        chats = backend.pick(memory=MEMORY_CHATROOMS, postgres=POSTGRES_CHATROOMS, unit=unit)
        assert await chats.by_channel(found.id) == seeded.chatrooms[1]
