"""Token bucket and circuit breaker rules (memory versions, on a clock moved by hand)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from streamz.adapters.memory.database import FixedClock
from streamz.adapters.memory.notification_delivery import (
    BreakerPolicy,
    BucketRate,
    MemoryCircuitBreaker,
    MemoryProviderRateLimit,
    bucket_take,
)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 1, 1, tzinfo=UTC))


def advance(clock: FixedClock, seconds: float) -> None:
    clock.current += timedelta(seconds=seconds)


async def test_bucket_gives_the_burst_then_waits(clock: FixedClock) -> None:
    limit = MemoryProviderRateLimit(clock, {"ses": BucketRate(per_second=10, burst=10)})
    for _ in range(10):
        assert await limit.acquire("ses") == 0.0
    wait = await limit.acquire("ses")
    assert wait == pytest.approx(0.1)
    advance(clock, 0.05)
    assert await limit.acquire("ses") == pytest.approx(0.05)  # nothing taken meanwhile
    advance(clock, 0.05)
    assert await limit.acquire("ses") == 0.0
    assert limit.taken["ses"] == 11


async def test_bucket_batches_and_refill_cap(clock: FixedClock) -> None:
    limit = MemoryProviderRateLimit(clock, {"fcm": BucketRate(per_second=1000, burst=1000)})
    assert await limit.acquire("fcm", 500) == 0.0
    assert await limit.acquire("fcm", 500) == 0.0
    assert await limit.acquire("fcm", 500) == pytest.approx(0.5)
    advance(clock, 3600)  # refills up to the burst only
    assert await limit.acquire("fcm", 1000) == 0.0
    assert await limit.acquire("fcm", 1) > 0


async def test_bucket_rejects_more_than_the_burst_and_ignores_unknown(clock: FixedClock) -> None:
    limit = MemoryProviderRateLimit(clock, {"ses": BucketRate(per_second=14, burst=14)})
    with pytest.raises(ValueError, match="bucket"):
        await limit.acquire("ses", 15)
    assert await limit.acquire("other", 1_000_000) == 0.0


def test_bucket_is_never_exceeded_over_simulated_time() -> None:
    """Greedy takers polling every millisecond for 10 s get at most burst + rate * t."""
    rate = BucketRate(per_second=250, burst=50)
    tokens, stamp, granted = rate.burst, 0.0, 0
    for step in range(10_000):
        now = step / 1000
        for _ in range(3):  # three workers asking at once
            tokens, stamp, wait = bucket_take(tokens, stamp, now, rate, 2)
            if wait == 0.0:
                granted += 2
        assert granted <= rate.burst + rate.per_second * now
    assert granted >= rate.per_second * 9.9  # and the quota is used


POLICY = BreakerPolicy(
    consecutive_failures=3,
    failure_ratio=0.5,
    min_calls=10,
    window_seconds=60,
    open_seconds=30,
    probe_seconds=5,
)


async def test_breaker_opens_after_consecutive_failures(clock: FixedClock) -> None:
    breaker = MemoryCircuitBreaker(clock, POLICY)
    for ok in (False, False, True, False, False):  # a success resets the run
        await breaker.record("fcm", ok=ok)
    assert await breaker.allow("fcm") is True
    await breaker.record("fcm", ok=False)
    assert breaker.state("fcm") == "open"
    assert await breaker.allow("fcm") is False
    assert await breaker.allow("ses") is True  # per provider


async def test_breaker_opens_on_failure_ratio_in_window(clock: FixedClock) -> None:
    breaker = MemoryCircuitBreaker(clock, POLICY)
    for i in range(10):
        await breaker.record("ses", ok=i % 2 == 0)  # 5 of 10 fail, never 3 in a row
    assert breaker.state("ses") == "open"


async def test_breaker_window_forgets_old_calls(clock: FixedClock) -> None:
    breaker = MemoryCircuitBreaker(clock, POLICY)
    for i in range(9):
        await breaker.record("ses", ok=i % 2 == 0)  # 4 failures of 9
    advance(clock, 61)
    await breaker.record("ses", ok=False)
    assert breaker.state("ses") == "closed"


async def test_breaker_half_open_probe_closes_or_reopens(clock: FixedClock) -> None:
    breaker = MemoryCircuitBreaker(clock, POLICY)
    for _ in range(3):
        await breaker.record("fcm", ok=False)
    advance(clock, 29)
    assert await breaker.allow("fcm") is False
    advance(clock, 1)
    assert await breaker.allow("fcm") is True  # the probe
    assert await breaker.allow("fcm") is False  # only one
    await breaker.record("fcm", ok=False)
    assert breaker.state("fcm") == "open"
    advance(clock, 30)
    assert await breaker.allow("fcm") is True
    await breaker.record("fcm", ok=True)
    assert breaker.state("fcm") == "closed"
    assert await breaker.allow("fcm") is True
    assert await breaker.allow("fcm") is True


async def test_breaker_probe_that_never_reports_is_replaced(clock: FixedClock) -> None:
    breaker = MemoryCircuitBreaker(clock, POLICY)
    for _ in range(3):
        await breaker.record("fcm", ok=False)
    advance(clock, 30)
    assert await breaker.allow("fcm") is True
    advance(clock, 4)
    assert await breaker.allow("fcm") is False
    advance(clock, 1)
    assert await breaker.allow("fcm") is True
