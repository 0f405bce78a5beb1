"""The per-address cap on open websocket connections, counted across instances in Redis: the
ConnectionSlots contract (memory and Redis), a dead instance's counts fading, and /ws refusing
connection N+1 from one address with 4029 until one closes."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import replace

import pytest
from redis.asyncio import Redis
from websockets.exceptions import InvalidStatus

from streamz.adapters.memory.connection_slots import MemoryConnectionSlots
from streamz.adapters.redis.connection_slots import RedisConnectionSlots
from streamz.core.realtime.protocol import CLOSE_TOO_MANY_CONNECTIONS
from streamz.ports.connection_slots import ConnectionSlots
from streamz.settings import Settings
from tests.integration.gateway.support import PROBLEM, Client, Instance

pytestmark = pytest.mark.timeout(120)


@pytest.fixture
async def redis(settings: Settings, clean: None) -> AsyncIterator[Redis]:
    client = Redis.from_url(settings.redis.url or "")
    yield client
    await client.aclose()


@pytest.fixture(params=["memory", "redis"])
async def slots(request: pytest.FixtureRequest, redis: Redis) -> AsyncIterator[ConnectionSlots]:
    if request.param == "memory":
        yield MemoryConnectionSlots()
        return
    adapter = RedisConnectionSlots(redis)
    yield adapter
    await adapter.aclose()


async def test_slots_are_capped_per_key_and_freed_on_release(slots: ConnectionSlots) -> None:
    assert [await slots.acquire("203.0.113.7", 2) for _ in range(3)] == [True, True, False]
    assert await slots.acquire("203.0.113.8", 2)  # another address: slots of its own
    await slots.release("203.0.113.7")
    assert await slots.acquire("203.0.113.7", 2)
    assert not await slots.acquire("203.0.113.7", 2)
    for _ in range(2):
        await slots.release("203.0.113.7")
    assert [await slots.acquire("203.0.113.7", 2) for _ in range(3)] == [True, True, False]


async def test_instances_share_the_count_and_a_dead_ones_fade(redis: Redis) -> None:
    live = RedisConnectionSlots(redis, heartbeat_seconds=0.2, ttl_seconds=1.0)
    # an instance that dies: it never beats again, so its lease runs out after a second
    dead = RedisConnectionSlots(redis, heartbeat_seconds=3600, ttl_seconds=1.0)
    try:
        assert await dead.acquire("203.0.113.7", 3)
        assert await dead.acquire("203.0.113.7", 3)
        assert await live.acquire("203.0.113.7", 3)
        assert not await live.acquire("203.0.113.7", 3)
        await asyncio.sleep(1.5)  # the live instance kept its lease with its heartbeat
        assert await live.acquire("203.0.113.7", 3)
        assert await live.acquire("203.0.113.7", 3)
        assert not await live.acquire("203.0.113.7", 3)
        assert await redis.hkeys("streamz:{conn}:k:203.0.113.7") == [live.instance.encode()]
    finally:
        await live.aclose()
        await dead.aclose()


async def test_a_closed_instance_gives_its_slots_back_at_once(redis: Redis) -> None:
    first, second = RedisConnectionSlots(redis), RedisConnectionSlots(redis)
    try:
        assert await first.acquire("203.0.113.7", 1)
        assert not await second.acquire("203.0.113.7", 1)
        await first.aclose()
        assert await second.acquire("203.0.113.7", 1)
    finally:
        await second.aclose()


async def test_the_heartbeat_writes_counts_again(redis: Redis) -> None:
    slots = RedisConnectionSlots(redis, heartbeat_seconds=0.1, ttl_seconds=5)
    try:
        assert await slots.acquire("203.0.113.7", 1)
        await redis.flushdb()  # counts lost (a Redis restart)
        await asyncio.sleep(0.4)
        other = RedisConnectionSlots(redis)
        assert not await other.acquire("203.0.113.7", 1)
        await other.aclose()
    finally:
        await slots.aclose()


@pytest.fixture
def capped(settings: Settings) -> Settings:
    return replace(settings, limits=replace(settings.limits, ws_connections_per_ip=2))


@pytest.fixture
async def a(capped: Settings, clean: None) -> AsyncIterator[Instance]:
    instance = await Instance(capped, name="a").start()
    yield instance
    await instance.stop()


@pytest.fixture
async def b(capped: Settings, clean: None) -> AsyncIterator[Instance]:
    instance = await Instance(capped, name="b").start()
    yield instance
    await instance.stop()


async def opened(url: str, headers: dict[str, str] | None = None) -> Client:
    client = await Client.open(url, headers=headers)
    assert (await client.recv())["type"] == "welcome"
    return client


async def refused(url: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
    client = await Client.open(url, headers=headers)
    frame = await client.recv()
    assert frame["type"] == "error", frame
    assert frame["problem"]["type"] == PROBLEM + "too-many-connections"
    assert frame["problem"]["status"] == 429
    assert frame["problem"]["limit"] == 2
    return await client.closed()


async def eventually(check: Callable[[], Awaitable[None]], wait: float = 5.0) -> None:
    deadline = time.monotonic() + wait
    while True:
        try:
            await check()
            return
        except (AssertionError, InvalidStatus):
            if time.monotonic() > deadline:
                raise
            await asyncio.sleep(0.1)


async def test_connection_n_plus_one_from_one_address_is_refused(a: Instance) -> None:
    first, second = await opened(a.ws), await opened(a.ws)
    code, reason = await refused(a.ws)
    assert code == CLOSE_TOO_MANY_CONNECTIONS == 4029
    assert reason.startswith("too-many-connections: more than 2 open connections")
    # the open ones are untouched
    assert (await second.answer({"type": "ping"}))["type"] == "pong"
    await first.close()
    third: list[Client] = []

    async def reopen() -> None:
        third.append(await opened(a.ws))

    await eventually(reopen)
    await refused(a.ws)
    for client in (second, *third):
        await client.close()


async def test_the_cap_counts_across_instances(a: Instance, b: Instance) -> None:
    on_a, on_b = await opened(a.ws), await opened(b.ws)
    code, _ = await refused(b.ws)
    assert code == 4029
    code, _ = await refused(a.ws)
    assert code == 4029
    await on_a.close()
    later: list[Client] = []

    async def reopen() -> None:
        later.append(await opened(b.ws))

    await eventually(reopen)
    for client in (on_b, *later):
        await client.close()


async def test_forwarded_addresses_have_caps_of_their_own_behind_a_trusted_proxy(
    capped: Settings, clean: None
) -> None:
    proxied = await Instance(
        replace(capped, http=replace(capped.http, trusted_proxies=("127.0.0.1/32",)))
    ).start()
    try:
        first = {"X-Forwarded-For": "203.0.113.7"}
        held = [await opened(proxied.ws, first), await opened(proxied.ws, first)]
        code, _ = await refused(proxied.ws, {"X-Forwarded-For": "198.51.100.1, 203.0.113.7"})
        assert code == 4029
        held.append(await opened(proxied.ws, {"X-Forwarded-For": "203.0.113.8"}))
        held.append(await opened(proxied.ws))  # the proxy's own address
        for client in held:
            await client.close()
    finally:
        await proxied.stop()


async def test_loopback_cannot_rotate_forwarded_for_past_the_cap(a: Instance) -> None:
    held = [await opened(a.ws, {"X-Forwarded-For": f"198.51.100.{i}"}) for i in range(2)]
    code, _ = await refused(a.ws, {"X-Forwarded-For": "198.51.100.9"})
    assert code == 4029
    for client in held:
        await client.close()
