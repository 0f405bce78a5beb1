"""Fixed-window rate limits counted in Redis, with hits batched per process.

A Redis round trip per request costs more CPU than the rest of a cached read, so each process
counts hits locally and adds them to Redis every ``flush_interval`` seconds (one pipeline of
INCRBY + EXPIRE for all keys). A decision uses the last global count this process saw plus its
own unflushed hits: exact within one process; across N processes a key may overshoot by the hits
the other processes take within one interval.
"""

from __future__ import annotations

import asyncio
import contextlib
import time

import structlog
from redis.asyncio import Redis

from streamz.ports.rate_limits import RateDecision

log = structlog.get_logger("streamz.rate_limits")


class RedisRateLimiter:
    def __init__(
        self, client: Redis, *, prefix: str = "streamz:rl:", flush_interval: float = 0.2
    ) -> None:
        self._client = client
        self._prefix = prefix
        self._interval = flush_interval
        self._pending: dict[str, int] = {}  # Redis key -> hits not yet added to Redis
        self._known: dict[str, tuple[int, float]] = {}  # key -> (global count, expires at)
        self._ttl: dict[str, int] = {}
        self._flusher: asyncio.Task[None] | None = None

    async def hit(self, key: str, *, limit: int, window: int) -> RateDecision:
        now = time.time()
        bucket = int(now // window)
        name = f"{self._prefix}{key}:{bucket}"
        pending = self._pending.get(name, 0) + 1
        self._pending[name] = pending
        self._ttl[name] = window + 1
        known = self._known.get(name)
        count = (known[0] if known else 0) + pending
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.create_task(self._flush_forever(), name="rate-limit-flush")
        retry_after = max(1, int((bucket + 1) * window - now + 0.999))
        return RateDecision(count <= limit, max(0, limit - count), retry_after)

    async def flush(self) -> None:
        """Add this process's hits to Redis and learn the global counts."""
        batch, self._pending = self._pending, {}
        now = time.time()
        self._known = {k: v for k, v in self._known.items() if v[1] > now}
        if not batch:
            return
        async with self._client.pipeline(transaction=False) as pipe:
            for name, hits in batch.items():
                pipe.incrby(name, hits)
                pipe.expire(name, self._ttl.get(name, 61))
            results = await pipe.execute()
        for (name, _), total in zip(batch.items(), results[::2], strict=True):
            self._known[name] = (int(total), now + self._ttl.pop(name, 61))

    async def _flush_forever(self) -> None:
        while True:
            await asyncio.sleep(self._interval)
            try:
                await self.flush()
            except Exception as error:
                log.warning("rate-limit flush failed", error=repr(error))

    async def close(self) -> None:
        if self._flusher is not None:
            self._flusher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._flusher
        with contextlib.suppress(Exception):
            await self.flush()
