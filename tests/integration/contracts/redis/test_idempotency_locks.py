"""The idempotency locks' contract (a key marked in flight for at most ``seconds``), on the
memory adapter and on Redis."""

from __future__ import annotations

import asyncio

from streamz.adapters.memory.idempotency import MemoryIdempotencyLocks
from streamz.adapters.redis.idempotency import RedisIdempotencyLocks
from streamz.ports.idempotency import IdempotencyLocks

from .conftest import Store


def locks_of(store: Store) -> IdempotencyLocks:
    locks: IdempotencyLocks = store.pick(memory=MemoryIdempotencyLocks, redis=RedisIdempotencyLocks)
    return locks


async def test_a_lock_is_held_until_released(store: Store) -> None:
    locks = locks_of(store)
    assert await locks.acquire("tip:key-1", 30)
    assert not await locks.acquire("tip:key-1", 30)
    assert await locks.acquire("tip:key-2", 30)  # per name
    await locks.release("tip:key-1")
    assert await locks.acquire("tip:key-1", 30)
    await locks.release("never-taken")  # nothing to free, no error
    assert not await locks.acquire("tip:key-2", 30)


async def test_only_one_of_concurrent_callers_gets_it(store: Store) -> None:
    locks = locks_of(store)
    taken = await asyncio.gather(*(locks.acquire("k", 30) for _ in range(10)))
    assert taken.count(True) == 1


async def test_a_lock_whose_holder_died_frees_itself(store: Store) -> None:
    locks = locks_of(store)
    assert await locks.acquire("short", 1)
    assert await locks.acquire("long", 30)
    await store.wait(1.05)
    assert await locks.acquire("short", 30)
    assert not await locks.acquire("long", 30)
