"""Streamz's Redis adapters on a real Redis Sentinel and a real Redis Cluster, through the one
client factory (``adapters/redis/client.connect``) and the pub/sub listener, with the URLs an
operator sets in STREAMZ_REDIS_URL. The servers are started here from the suite's redis-server
(``streamz_dev.localservices.redis_topologies``): one master + one Sentinel, three masters.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from redis.asyncio import Redis
from saq.queue.redis import RedisQueue

from streamz.adapters.memory.notification_delivery import BreakerPolicy, BucketRate
from streamz.adapters.redis.chat_throttle import RedisChatThrottle
from streamz.adapters.redis.client import connect, is_cluster
from streamz.adapters.redis.connection_slots import RedisConnectionSlots
from streamz.adapters.redis.events import EVENTS_STREAM, RedisEventPublisher
from streamz.adapters.redis.idempotency import RedisIdempotencyLocks
from streamz.adapters.redis.identity_cache import RedisIdentityCache
from streamz.adapters.redis.notification_caps import RedisQuietCaps
from streamz.adapters.redis.notification_outcomes import RedisUnrecordedOutcomes
from streamz.adapters.redis.presence import RedisPresence
from streamz.adapters.redis.provider_guards import RedisCircuitBreaker, RedisProviderRateLimit
from streamz.adapters.redis.rate_limits import RedisRateLimiter
from streamz.adapters.redis.realtime import (
    CHANNEL_PREFIX,
    RedisRealtimePublisher,
    RedisRecentHistory,
)
from streamz.adapters.redis.realtime_listener import RedisRealtimeListener
from streamz.adapters.redis.trending import RedisTrendingQueries
from streamz.core.chat.chat_identity.entities import ChatIdentity
from streamz.core.realtime.events import RealtimeEvent
from streamz.core.realtime.viewers import RoomPresence
from streamz.core.shared.events import Event
from streamz.ports.chat_throttle import Throttle, Verdict
from streamz_dev.localservices import redis_topologies

pytestmark = pytest.mark.asyncio(loop_scope="session")


@pytest.fixture(scope="module", params=["sentinel", "cluster"])
def topology(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    root: Path = tmp_path_factory.mktemp(request.param)
    start = getattr(redis_topologies, request.param)
    with start(root) as started:
        yield started.url


@pytest.fixture(scope="module")
async def client(topology: str) -> AsyncIterator[Redis]:
    redis = connect(topology, timeout=2.0)
    yield redis
    await redis.aclose()


async def test_the_url_picks_the_client(topology: str, client: Redis) -> None:
    assert is_cluster(client) == topology.startswith("redis+cluster")
    assert await client.ping()


async def test_the_chat_rate_limit_script_admits_up_to_the_limit(client: Redis) -> None:
    throttle = RedisChatThrottle(client)
    rule = Throttle(
        slow_seconds=0,
        unique_key="same-text",
        unique_seconds=30,
        unique_check=False,
        limit=2,
        window_seconds=30,
    )
    room, sender = uuid.uuid4(), uuid.uuid4()
    verdicts = [(await throttle.admit(room, sender, rule)).verdict for _ in range(3)]
    assert verdicts == [Verdict.ADMITTED, Verdict.ADMITTED, Verdict.RATE]
    checked = Throttle(0, "same-text", 30, True, 20, 30)
    assert (await throttle.admit(room, uuid.uuid4(), checked)).verdict is Verdict.DUPLICATE


async def test_presence_reports_and_tallies_in_one_pipeline(client: Redis) -> None:
    presence = RedisPresence(client)
    rooms = {f"chatroom:{uuid.uuid4()}": RoomPresence(["u1", "u2"], [], 3) for _ in range(4)}
    await presence.report("instance-a", rooms, ttl=30)
    tallies = await presence.tally("instance-a", list(rooms), every=2.0, sample_every=60.0)
    assert {(t.users, t.anonymous) for t in tallies.values()} == {(2, 3)}
    assert set(tallies) == set(rooms)


async def test_connection_slots_cap_across_instances(client: Redis) -> None:
    a = RedisConnectionSlots(client, instance="a")
    b = RedisConnectionSlots(client, instance="b")
    ip = f"ip:{uuid.uuid4()}"
    assert await a.acquire(ip, 2)
    assert await b.acquire(ip, 2)
    assert not await a.acquire(ip, 2)
    await b.release(ip)
    assert await a.acquire(ip, 2)
    await a.heartbeat()
    await a.aclose()
    await b.aclose()


async def test_trending_unions_the_hourly_buckets(client: Redis) -> None:
    trending = RedisTrendingQueries(client, prefix=f"streamz:{{trending-{uuid.uuid4().hex}}}:")
    now = datetime.now(UTC)
    for query in ["zelda", "zelda", "mario"]:
        await trending.record(query, now)
    top = await trending.top(24, 5, now)
    assert [(t.query, t.count) for t in top] == [("zelda", 2), ("mario", 1)]


async def test_multi_key_reads_span_slots(client: Redis) -> None:
    cache = RedisIdentityCache(client)
    channel, account = uuid.uuid4(), uuid.uuid4()
    first = await cache.get(channel, account)
    assert first.identity is None
    assert first.stamp is not None
    identity = ChatIdentity(account, "bob", "#000000", False, ())
    await cache.put(channel, account, identity, first.stamp, 60)
    assert (await cache.get(channel, account)).identity == identity
    await cache.forget_account(account)
    assert (await cache.get(channel, account)).identity is None
    outcomes = RedisUnrecordedOutcomes(client)
    assert await outcomes.recall([uuid.uuid4() for _ in range(20)]) == []


async def test_the_other_adapters_pipelines_and_single_key_scripts(client: Redis) -> None:
    # the outbox relay's stream, and room history with its publish (a keyless PUBLISH inside a
    # pipeline of keyed commands)
    event = Event("channel.followed", "k", {"n": 1}, datetime.now(UTC))
    await RedisEventPublisher(client).publish([event])
    entries: Any = await client.xrevrange(EVENTS_STREAM, count=5)
    assert any(fields[b"id"] == str(event.id).encode() for _, fields in entries)
    topic = f"chatroom:{uuid.uuid4()}"
    events = [RealtimeEvent(topic, "chat.message_sent", {"n": n}, seq=n) for n in (1, 2, 3)]
    await RedisRealtimePublisher(client).publish(events)
    history = await RedisRecentHistory(client).since(topic, 1, 10)
    assert [e.seq for e in history or []] == [2, 3]
    # the HTTP rate limits (a pipeline over many keys), provider guards, locks, quiet caps
    limiter = RedisRateLimiter(client)
    key = f"ip:{uuid.uuid4()}"
    decisions = [await limiter.hit(key, limit=2, window=60) for _ in range(3)]
    await limiter.flush()
    assert [d.allowed for d in decisions] == [True, True, False]
    await limiter.close()
    bucket = RedisProviderRateLimit(client, {"fcm": BucketRate(per_second=1.0, burst=2.0)})
    assert [await bucket.acquire("fcm") for _ in range(2)] == [0.0, 0.0]
    assert await bucket.acquire("fcm") > 0
    breaker = RedisCircuitBreaker(client, BreakerPolicy(consecutive_failures=2))
    for _ in range(2):
        await breaker.record("ses", ok=False)
    assert not await breaker.allow("ses")
    locks = RedisIdempotencyLocks(client)
    name = uuid.uuid4().hex
    assert await locks.acquire(name, 30)
    assert not await locks.acquire(name, 30)
    await locks.release(name)
    assert await locks.acquire(name, 30)
    caps = RedisQuietCaps(client)
    accounts = [uuid.uuid4() for _ in range(10)]
    await caps.count(accounts, "2026120803")
    assert await caps.count(accounts, "2026120803") == [2] * 10


async def test_the_pubsub_listener_gets_what_the_client_publishes(
    topology: str, client: Redis
) -> None:
    listener = RedisRealtimeListener(topology, connect_timeout=2.0)
    got: asyncio.Queue[tuple[str, bytes]] = asyncio.Queue()
    listener.start(lambda topic, payload: got.put_nowait((topic, payload)), lambda topic: None)
    try:
        topics = [f"chatroom:{uuid.uuid4()}" for _ in range(5)]  # several slots, several nodes
        for topic in topics:
            await listener.subscribe(topic)
        for topic in topics:
            await client.publish(CHANNEL_PREFIX + topic, topic.encode())
        received = [await asyncio.wait_for(got.get(), 5) for _ in topics]
        assert sorted(received) == sorted((t, t.encode()) for t in topics)
    finally:
        await listener.aclose()


async def test_the_job_queue_runs_on_sentinel_not_on_a_cluster(topology: str) -> None:
    if topology.startswith("redis+cluster"):
        pytest.skip("SAQ needs a Redis that is not a Cluster (STREAMZ_QUEUE_REDIS_URL)")
    queue = RedisQueue(connect(topology, timeout=2.0, blocking=True), name="topology-test")
    try:
        job = await queue.enqueue("some_job", key=uuid.uuid4().hex)
        assert job is not None
        assert await queue.count("queued") == 1
        dequeued = await queue.dequeue(timeout=1)
        assert dequeued is not None
        assert dequeued.key == job.key
    finally:
        await queue.disconnect()
