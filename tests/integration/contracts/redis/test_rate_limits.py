"""The rate limiter's contract (fixed windows per key, counted exactly within one process), on
the memory adapter and on Redis."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from streamz.adapters.memory.rate_limits import MemoryRateLimiter
from streamz.adapters.redis.rate_limits import RedisRateLimiter
from streamz.ports.rate_limits import RateDecision, RateLimiter

from .conftest import Store


@pytest.fixture
async def limiter(store: Store) -> AsyncIterator[RateLimiter]:
    made: RateLimiter = store.pick(memory=MemoryRateLimiter, redis=RedisRateLimiter)
    yield made
    if isinstance(made, RedisRateLimiter):
        await made.close()


async def test_a_key_is_allowed_limit_hits_per_window(limiter: RateLimiter) -> None:
    decisions = [await limiter.hit("login:1.2.3.4", limit=3, window=60) for _ in range(5)]
    assert [(d.allowed, d.remaining) for d in decisions] == [
        (True, 2),
        (True, 1),
        (True, 0),
        (False, 0),
        (False, 0),
    ]
    # how long until the window resets: within the window, never 0
    assert all(1 <= d.retry_after <= 60 for d in decisions)
    assert decisions[-1].retry_after <= decisions[0].retry_after


async def test_keys_are_counted_apart(limiter: RateLimiter) -> None:
    assert (await limiter.hit("a", limit=1, window=60)).allowed
    assert not (await limiter.hit("a", limit=1, window=60)).allowed
    b = await limiter.hit("b", limit=1, window=60)
    assert (b.allowed, b.remaining) == (True, 0)
    assert (await limiter.hit("c", limit=5, window=60)).remaining == 4
    assert (await limiter.hit("a", limit=1, window=60)).remaining == 0


async def test_concurrent_hits_are_each_counted(limiter: RateLimiter) -> None:
    decisions = await asyncio.gather(*(limiter.hit("k", limit=4, window=60) for _ in range(10)))
    assert sum(d.allowed for d in decisions) == 4
    assert sorted(d.remaining for d in decisions) == [0] * 7 + [1, 2, 3]


async def test_the_count_starts_again_in_the_next_window(
    store: Store, limiter: RateLimiter
) -> None:
    # a window of 1 s: the first refusal may take a few hits when one falls in the next second
    for _ in range(3):
        if not (await limiter.hit("k", limit=1, window=1)).allowed:
            break
    else:
        raise AssertionError("never refused")
    await store.wait(1.0)
    assert await limiter.hit("k", limit=1, window=1) == RateDecision(True, 0, 1)
