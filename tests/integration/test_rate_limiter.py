"""The Redis rate limiter: exact within a process, shared across processes through Redis."""

from __future__ import annotations

from redis.asyncio import Redis

from streamz.adapters.redis.rate_limits import RedisRateLimiter
from streamz.settings import Settings


async def test_counts_are_shared_across_processes(settings: Settings, clean: None) -> None:
    redis = Redis.from_url(settings.redis.url or "")
    first, second = RedisRateLimiter(redis), RedisRateLimiter(redis)
    try:
        decisions = [await first.hit("k", limit=5, window=60) for _ in range(4)]
        assert [d.allowed for d in decisions] == [True] * 4
        assert decisions[-1].remaining == 1
        await first.flush()
        await second.flush()  # nothing pending: learns nothing yet
        allowed = await second.hit("k", limit=5, window=60)  # 1 locally, 0 known
        assert allowed.allowed
        await second.flush()  # adds its hit, learns the global count: 5
        denied = await second.hit("k", limit=5, window=60)
        assert not denied.allowed
        assert 1 <= denied.retry_after <= 60
        keys = [k async for k in redis.scan_iter("streamz:rl:k:*")]
        assert len(keys) == 1
        assert int(await redis.get(keys[0]) or 0) == 5
        assert 0 < await redis.ttl(keys[0]) <= 61
    finally:
        await first.close()
        await second.close()
        await redis.aclose()


async def test_other_keys_and_windows_are_independent(settings: Settings, clean: None) -> None:
    redis = Redis.from_url(settings.redis.url or "")
    limiter = RedisRateLimiter(redis)
    try:
        assert (await limiter.hit("a", limit=1, window=60)).allowed
        assert not (await limiter.hit("a", limit=1, window=60)).allowed
        assert (await limiter.hit("b", limit=1, window=60)).allowed
    finally:
        await limiter.close()
        await redis.aclose()
