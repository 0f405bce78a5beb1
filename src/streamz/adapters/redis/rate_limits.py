"""Fixed-window rate limits in Redis: one EVALSHA round trip per request (Redis 6 and 7)."""

from __future__ import annotations

import time

from redis.asyncio import Redis

from streamz.ports.rate_limits import RateDecision

# Count the hit; give a new window its expiry. Returns the count in this window.
_HIT = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return count
"""


class RedisRateLimiter:
    def __init__(self, client: Redis, *, prefix: str = "streamz:rl:") -> None:
        self._prefix = prefix
        self._hit = client.register_script(_HIT)

    async def hit(self, key: str, *, limit: int, window: int) -> RateDecision:
        now = time.time()
        bucket = int(now // window)
        count = int(await self._hit(keys=[f"{self._prefix}{key}:{bucket}"], args=[window + 1]))
        retry_after = max(1, int((bucket + 1) * window - now + 0.999))
        return RateDecision(count <= limit, max(0, limit - count), retry_after)
