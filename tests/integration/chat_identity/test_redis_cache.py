"""The Redis identity cache on its own: hits, stamps, counters, and a Redis that is down."""

from __future__ import annotations

import uuid

from redis.asyncio import Redis

from streamz.adapters.redis.identity_cache import RedisIdentityCache
from streamz.core.chat.chat_identity.entities import BadgeKind, ChatBadge, ChatIdentity
from streamz.settings import Settings

PREFIX = "streamz:identity:"


async def test_hits_misses_and_forgetting(settings: Settings, clean: None) -> None:
    redis = Redis.from_url(settings.redis.url or "")
    cache = RedisIdentityCache(redis)
    channel, account, other = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    identity = ChatIdentity(
        account,
        "bob",
        "#1E90FF",
        True,
        (ChatBadge(BadgeKind.VIP), ChatBadge(BadgeKind.SUBSCRIBER, 6, "https://m/6.png")),
    )
    try:
        miss = await cache.get(channel, account)
        assert (miss.identity, miss.stamp) == (None, "0.0.0")
        await cache.put(channel, account, identity, "0.0.0", 30)
        hit = await cache.get(channel, account)
        assert (hit.identity, hit.stamp) == (identity, "0.0.0")
        assert 0 < await redis.ttl(f"{PREFIX}e:{channel}:{account}") <= 30
        # each kind of forget makes the entry unservable, and a put under an old stamp too
        await cache.forget(channel, account)
        assert (await cache.get(channel, account)).stamp == "0.0.1"
        await cache.forget_channel(channel)
        await cache.forget_account(account)
        after = await cache.get(channel, account)
        assert (after.identity, after.stamp) == (None, "1.1.1")
        await cache.put(channel, account, identity, "0.0.0", 30)  # computed before the forgets
        assert (await cache.get(channel, account)).identity is None
        await cache.put(channel, account, identity, "1.1.1", 30)
        assert (await cache.get(channel, account)).identity == identity
        # counters expire (a day), long after any entry stamped against them
        for key in (f"c:{channel}", f"a:{account}", f"p:{channel}:{account}"):
            assert 0 < await redis.ttl(PREFIX + key) <= 86_400
        # other pairs and channels are not affected
        await cache.forget(other, account)
        assert (await cache.get(channel, account)).identity == identity
        # an entry it cannot read is a miss
        await redis.set(f"{PREFIX}e:{channel}:{account}", b"\x00garbage")
        assert (await cache.get(channel, account)).identity is None
    finally:
        await redis.aclose()


async def test_a_redis_that_is_down_is_a_cache_that_keeps_nothing() -> None:
    redis = Redis.from_url("redis://127.0.0.1:9", socket_connect_timeout=0.5)
    cache = RedisIdentityCache(redis)
    channel, account = uuid.uuid4(), uuid.uuid4()
    identity = ChatIdentity(account, "bob", "#1E90FF", False, ())
    try:
        lookup = await cache.get(channel, account)
        assert (lookup.identity, lookup.stamp) == (None, None)
        await cache.put(channel, account, identity, "0.0.0", 30)
        await cache.forget(channel, account)
        await cache.forget_channel(channel)
        await cache.forget_account(account)
    finally:
        await redis.aclose()
