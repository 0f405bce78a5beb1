"""Fixed-window rate limits in Redis: one round trip (SET NX EX, INCR) per request.

Works on Redis 6 (no ``EXPIRE ... NX``): the key is created with its expiry, then counted.
"""

from __future__ import annotations

import time

from redis.asyncio import Redis

from streamz.ports.rate_limits import RateDecision


class RedisRateLimiter:
    def __init__(self, client: Redis, *, prefix: str = "streamz:rl:") -> None:
        self._client = client
        self._prefix = prefix

    async def hit(self, key: str, *, limit: int, window: int) -> RateDecision:
        now = time.time()
        bucket = int(now // window)
        name = f"{self._prefix}{key}:{bucket}"
        async with self._client.pipeline(transaction=True) as pipe:
            pipe.set(name, 0, ex=window + 1, nx=True)
            pipe.incr(name)
            _, count = await pipe.execute()
        retry_after = max(1, int((bucket + 1) * window - now + 0.999))
        return RateDecision(count <= limit, max(0, limit - count), retry_after)
