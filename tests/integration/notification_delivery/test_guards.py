"""The Redis token bucket and circuit breaker, shared by concurrent workers."""

from __future__ import annotations

import asyncio
import time

from redis.asyncio import Redis

from streamz.adapters.memory.notification_delivery import BreakerPolicy, BucketRate
from streamz.adapters.redis.provider_guards import RedisCircuitBreaker, RedisProviderRateLimit
from streamz.settings import Settings

RATE = BucketRate(per_second=200, burst=20)


async def test_bucket_is_never_exceeded_by_concurrent_workers(
    settings: Settings, provider: str
) -> None:
    """Twelve workers on four connections take 1-3 tokens as fast as they are allowed for
    1.5 s: they get no more than burst + rate * elapsed, and most of it."""
    clients = [Redis.from_url(settings.redis.url or "") for _ in range(4)]
    limits = [RedisProviderRateLimit(c, {provider: RATE}) for c in clients]
    granted: list[int] = []
    waits: list[float] = []
    duration = 1.5

    async def worker(n: int) -> None:
        limit = limits[n % len(limits)]
        count = 1 + n % 3
        while time.monotonic() < deadline:
            wait = await limit.acquire(provider, count)
            if wait == 0.0:
                granted.append(count)
            else:
                waits.append(wait)
                await asyncio.sleep(min(wait, 0.05))

    start = time.monotonic()
    deadline = start + duration
    try:
        await asyncio.gather(*(worker(n) for n in range(12)))
    finally:
        elapsed = time.monotonic() - start
        for client in clients:
            await client.aclose()
    assert sum(granted) <= RATE.burst + RATE.per_second * elapsed
    assert sum(granted) >= RATE.per_second * duration * 0.25  # used, not starved (loaded CI)
    assert waits
    assert all(0 < w <= 3 / RATE.per_second + 1e-6 for w in waits)


async def test_bucket_answers_the_wait_and_takes_nothing_then(redis: Redis, provider: str) -> None:
    limit = RedisProviderRateLimit(redis, {provider: BucketRate(per_second=1, burst=3)})
    assert [await limit.acquire(provider) for _ in range(3)] == [0.0, 0.0, 0.0]
    wait = await limit.acquire(provider, 2)
    assert 1.0 < wait <= 2.0
    assert await limit.acquire("unconfigured", 10_000) == 0.0
    key = f"streamz:delivery:bucket:{provider}"
    assert 0 < await redis.pttl(key) <= 4000


POLICY = BreakerPolicy(
    consecutive_failures=3,
    failure_ratio=0.5,
    min_calls=10,
    window_seconds=60,
    open_seconds=1,
    probe_seconds=1,
)


async def test_breaker_opens_then_one_probe_closes_it(redis: Redis, provider: str) -> None:
    first, second = RedisCircuitBreaker(redis, POLICY), RedisCircuitBreaker(redis, POLICY)
    await first.record(provider, ok=False)
    await second.record(provider, ok=False)  # shared: two workers count together
    assert await first.allow(provider) is True
    await second.record(provider, ok=False)
    assert await first.state(provider) == "open"
    assert await first.allow(provider) is False
    assert await second.allow(provider) is False
    await asyncio.sleep(1.1)
    assert await second.allow(provider) is True  # the probe
    assert await first.allow(provider) is False  # only one at a time
    await second.record(provider, ok=True)
    assert await first.state(provider) == "closed"
    assert await first.allow(provider) is True


async def test_breaker_failed_probe_reopens_and_ratio_opens(redis: Redis, provider: str) -> None:
    breaker = RedisCircuitBreaker(redis, POLICY)
    for _ in range(3):
        await breaker.record(provider, ok=False)
    await asyncio.sleep(1.1)
    assert await breaker.allow(provider) is True
    await breaker.record(provider, ok=False)
    assert await breaker.state(provider) == "open"
    assert await breaker.allow(provider) is False

    other = provider + "-ratio"
    for i in range(10):
        await breaker.record(other, ok=i % 2 == 0)  # half fail, never three in a row
    assert await breaker.state(other) == "open"
