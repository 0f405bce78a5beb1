"""The per-account hourly push counters of the quiet cap, on Redis (one pipeline per page)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from redis.asyncio import Redis
from redis.exceptions import RedisError

from streamz.core.errors import Unavailable

TTL = 2 * 3600


class RedisQuietCaps:
    def __init__(self, redis: Redis) -> None:
        self._redis = redis

    async def count(self, account_ids: Sequence[uuid.UUID], hour: str) -> list[int]:
        if not account_ids:
            return []
        try:
            async with self._redis.pipeline(transaction=False) as pipe:
                for account_id in account_ids:
                    key = f"notify:cap:{hour}:{account_id}"
                    pipe.incr(key)
                    pipe.expire(key, TTL)
                replies = await pipe.execute()
        except (RedisError, OSError) as error:
            raise Unavailable(f"the quiet caps are unreachable ({type(error).__name__})") from None
        return [int(r) for r in replies[0::2]]
