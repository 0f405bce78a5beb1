"""The circuit breaker's contract (opens when a provider keeps failing, probes after a while),
on the memory adapter and on Redis."""

from __future__ import annotations

from streamz.adapters.memory.notification_delivery import BreakerPolicy, MemoryCircuitBreaker
from streamz.adapters.redis.provider_guards import RedisCircuitBreaker
from streamz.ports.notification_delivery import CircuitBreaker

from .conftest import Store

POLICY = BreakerPolicy(
    consecutive_failures=3,
    failure_ratio=0.5,
    min_calls=4,
    window_seconds=30.0,
    open_seconds=0.3,
    probe_seconds=0.2,
)


def breaker_of(store: Store) -> CircuitBreaker:
    breaker: CircuitBreaker = store.pick(
        memory=lambda clock: MemoryCircuitBreaker(clock, POLICY),
        redis=lambda client: RedisCircuitBreaker(client, POLICY),
    )
    return breaker


async def fail(breaker: CircuitBreaker, provider: str, *answers: bool) -> None:
    for ok in answers:
        await breaker.record(provider, ok=ok)


async def test_it_opens_after_consecutive_failures(store: Store) -> None:
    breaker = breaker_of(store)
    assert await breaker.allow("fcm")
    await fail(breaker, "fcm", *[True] * 6)  # enough successes to keep the ratio low
    await fail(breaker, "fcm", False, False, True, False, False)  # a success resets the run
    assert await breaker.allow("fcm")
    await fail(breaker, "fcm", False)  # 3 in a row (5 of 12 is under the ratio)
    assert not await breaker.allow("fcm")
    assert await breaker.allow("ses")  # per provider


async def test_it_opens_when_enough_calls_fail_at_the_ratio(store: Store) -> None:
    breaker = breaker_of(store)
    await fail(breaker, "fcm", False, True, False, True)  # 2 of 4: a failure is the trigger
    assert await breaker.allow("fcm")
    await fail(breaker, "fcm", True, True, False)  # 3 of 7 < ceil(3.5)
    assert await breaker.allow("fcm")
    await fail(breaker, "fcm", False)  # 4 of 8
    assert not await breaker.allow("fcm")


async def test_an_open_breaker_lets_one_probe_through_after_a_while(store: Store) -> None:
    breaker = breaker_of(store)
    await fail(breaker, "fcm", False, False, False)
    assert not await breaker.allow("fcm")
    await fail(breaker, "fcm", True, True)  # answers of calls started before it opened
    assert not await breaker.allow("fcm")
    await store.wait(0.35)
    assert await breaker.allow("fcm")  # the probe
    assert not await breaker.allow("fcm")  # one at a time
    await fail(breaker, "fcm", False)  # the probe failed: open again
    assert not await breaker.allow("fcm")
    await store.wait(0.35)
    assert await breaker.allow("fcm")
    await fail(breaker, "fcm", True)  # the probe passed: closed, counts from zero
    assert await breaker.allow("fcm")
    assert await breaker.allow("fcm")
    await fail(breaker, "fcm", False, False)
    assert await breaker.allow("fcm")
