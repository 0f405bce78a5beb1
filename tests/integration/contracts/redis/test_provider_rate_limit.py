"""The provider rate limit's contract (a token bucket per provider, never exceeded), on the
memory adapter and on Redis."""

from __future__ import annotations

import asyncio

import pytest

from streamz.adapters.memory.notification_delivery import BucketRate, MemoryProviderRateLimit
from streamz.adapters.redis.provider_guards import RedisProviderRateLimit
from streamz.ports.notification_delivery import ProviderRateLimit

from .conftest import Store

RATES = {"fcm": BucketRate(per_second=4, burst=3), "ses": BucketRate(per_second=1, burst=2)}


def bucket_of(store: Store) -> ProviderRateLimit:
    bucket: ProviderRateLimit = store.pick(
        memory=lambda clock: MemoryProviderRateLimit(clock, RATES),
        redis=lambda client: RedisProviderRateLimit(client, RATES),
    )
    return bucket


async def test_a_full_bucket_gives_its_burst_then_says_how_long_to_wait(store: Store) -> None:
    bucket = bucket_of(store)
    assert [await bucket.acquire("fcm") for _ in range(3)] == [0.0, 0.0, 0.0]
    wait = await bucket.acquire("fcm")
    assert 0.2 < wait <= 0.25  # one token at 4 per second
    # a refusal takes nothing: asking again does not make the wait longer
    assert 0.0 < await bucket.acquire("fcm") <= wait
    # providers have their own buckets; one without a rate is unlimited
    assert await bucket.acquire("ses", 2) == 0.0
    assert 0.9 < await bucket.acquire("ses") <= 1.0
    assert [await bucket.acquire("apns", 50) for _ in range(3)] == [0.0, 0.0, 0.0]


async def test_taking_several_tokens_at_once(store: Store) -> None:
    bucket = bucket_of(store)
    assert await bucket.acquire("fcm", 2) == 0.0
    wait = await bucket.acquire("fcm", 2)  # one left, two asked: one more to come
    assert 0.2 < wait <= 0.25
    assert await bucket.acquire("fcm", 1) == 0.0  # the refusal took nothing
    with pytest.raises(ValueError, match="bucket of 3"):
        await bucket.acquire("fcm", 4)


async def test_concurrent_takers_never_exceed_the_bucket(store: Store) -> None:
    bucket = bucket_of(store)
    waits = await asyncio.gather(*(bucket.acquire("fcm") for _ in range(10)))
    assert waits.count(0.0) == 3
    assert all(0.0 < w <= 0.25 for w in waits if w)


async def test_the_bucket_refills_at_its_rate(store: Store) -> None:
    bucket = bucket_of(store)
    assert [await bucket.acquire("fcm") for _ in range(3)] == [0.0, 0.0, 0.0]
    await store.wait(0.5)  # two tokens at 4 per second
    assert [await bucket.acquire("fcm") for _ in range(2)] == [0.0, 0.0]
    assert await bucket.acquire("fcm") > 0.0
