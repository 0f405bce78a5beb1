"""The connection slots' contract (at most ``limit`` connections per key at once), on the
memory adapter and on Redis."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from streamz.adapters.memory.connection_slots import MemoryConnectionSlots
from streamz.adapters.redis.connection_slots import RedisConnectionSlots
from streamz.ports.connection_slots import ConnectionSlots

from .conftest import Store


@pytest.fixture
async def slots(store: Store) -> AsyncIterator[ConnectionSlots]:
    made: ConnectionSlots = store.pick(
        memory=lambda _: MemoryConnectionSlots(), redis=RedisConnectionSlots
    )
    yield made
    if isinstance(made, RedisConnectionSlots):
        await made.aclose()


async def test_a_key_has_limit_slots(slots: ConnectionSlots) -> None:
    assert [await slots.acquire("10.0.0.1", 3) for _ in range(4)] == [True, True, True, False]
    # another key has its own slots
    assert await slots.acquire("10.0.0.2", 1)
    assert not await slots.acquire("10.0.0.2", 1)
    # a larger limit for the same key counts the slots already taken
    assert await slots.acquire("10.0.0.1", 4)
    assert not await slots.acquire("10.0.0.1", 4)


async def test_a_released_slot_can_be_taken_again(slots: ConnectionSlots) -> None:
    assert await slots.acquire("k", 2)
    assert await slots.acquire("k", 2)
    await slots.release("k")
    assert await slots.acquire("k", 2)
    assert not await slots.acquire("k", 2)
    await slots.release("k")
    await slots.release("k")
    assert [await slots.acquire("k", 2) for _ in range(3)] == [True, True, False]


async def test_releasing_more_than_was_taken_frees_no_extra_slot(slots: ConnectionSlots) -> None:
    await slots.release("never-taken")
    assert await slots.acquire("k", 1)
    await slots.release("k")
    await slots.release("k")
    assert [await slots.acquire("k", 1) for _ in range(2)] == [True, False]
    assert [await slots.acquire("never-taken", 1) for _ in range(2)] == [True, False]


async def test_concurrent_connections_never_take_more_than_the_limit(
    slots: ConnectionSlots,
) -> None:
    taken = await asyncio.gather(*(slots.acquire("k", 3) for _ in range(10)))
    assert sum(taken) == 3
    await asyncio.gather(*(slots.release("k") for _ in range(3)))
    assert sum(await asyncio.gather(*(slots.acquire("k", 3) for _ in range(10)))) == 3


async def test_every_instance_counts_the_same_slots(store: Store, slots: ConnectionSlots) -> None:
    # the memory adapter is the one instance of its process; on Redis, a second instance
    other: ConnectionSlots = store.pick(memory=lambda _: slots, redis=RedisConnectionSlots)
    try:
        assert await slots.acquire("k", 2)
        assert await other.acquire("k", 2)
        assert not await slots.acquire("k", 2)
        assert not await other.acquire("k", 2)
        await slots.release("k")
        assert await other.acquire("k", 2)
    finally:
        if isinstance(other, RedisConnectionSlots):
            await other.aclose()
