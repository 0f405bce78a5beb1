"""Trending search queries in Redis: one sorted set per hour (query → count), kept for a day
and an hour; the top of a window is the union of its hours' sets.

Counts are gathered in the process and added to Redis at most every ``flush_interval`` seconds
(one pipeline for all of them, in a task of its own), so a search never waits for Redis: a
frozen or unreachable Redis delays nothing but the counts, which are kept for the next flush
(each flush is given ``flush_timeout`` seconds). A read of the top flushes first. A crash loses
at most one interval of counts, which trending can afford.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections import Counter
from datetime import datetime, timedelta

import structlog
from redis.asyncio import Redis

from streamz.adapters.redis.client import reachable
from streamz.core.search.entities import TrendingQuery

log = structlog.get_logger("streamz.search")

KEEP_SECONDS = 25 * 3600
MAX_QUERY_BYTES = 200

# one hash tag for every key (a few hourly buckets): a ZUNIONSTORE over them is one Cluster slot
PREFIX = "streamz:{trending}:"
# KEYS: a scratch key, then the hourly buckets. ARGV: how many. One script, not MULTI: redis-py's
# Cluster client runs a transaction on a thread of its own, blocking the event loop meanwhile.
_TOP = """
redis.call('ZUNIONSTORE', KEYS[1], #KEYS - 1, unpack(KEYS, 2))
local rows = redis.call('ZREVRANGE', KEYS[1], 0, tonumber(ARGV[1]) - 1, 'WITHSCORES')
redis.call('DEL', KEYS[1])
return rows
"""


class RedisTrendingQueries:
    def __init__(
        self,
        client: Redis,
        *,
        prefix: str = PREFIX,
        flush_interval: float = 1.0,
        flush_timeout: float = 2.0,
    ) -> None:
        self._client = client
        self._top = client.register_script(_TOP)
        self._prefix = prefix
        self._interval = flush_interval
        self._timeout = flush_timeout
        self._pending: Counter[tuple[str, bytes]] = Counter()
        self._flushed_at = time.monotonic()
        self._lock = asyncio.Lock()
        self._flushing: asyncio.Task[None] | None = None

    def _bucket(self, at: datetime) -> str:
        return self._prefix + at.strftime("%Y%m%d%H")

    async def record(self, query: str, at: datetime) -> None:
        """Counted here; the flush, when due, runs in the background (never awaited)."""
        self._pending[(self._bucket(at), query.encode()[:MAX_QUERY_BYTES])] += 1
        due = time.monotonic() - self._flushed_at >= self._interval
        if due and (self._flushing is None or self._flushing.done()):
            self._flushed_at = time.monotonic()
            self._flushing = asyncio.create_task(self._flush_in_background(), name="trending")

    async def _flush_in_background(self) -> None:
        try:
            async with asyncio.timeout(self._timeout):
                await self.flush()
        except Exception as error:  # the counts wait for the next flush
            log.warning("trending flush failed", error=repr(error))

    async def flush(self) -> None:
        async with self._lock:
            pending, self._pending = self._pending, Counter()
            self._flushed_at = time.monotonic()
            if not pending:
                return
            try:
                with reachable("trending searches"):
                    async with self._client.pipeline(transaction=False) as pipe:
                        for (key, member), count in pending.items():
                            pipe.zincrby(key, count, member)
                        for key in {key for key, _ in pending}:
                            pipe.expire(key, KEEP_SECONDS)
                        await pipe.execute()
            except BaseException:  # failed, timed out or cancelled
                self._pending.update(pending)  # kept for the next flush
                raise

    async def top(self, hours: int, limit: int, now: datetime) -> list[TrendingQuery]:
        await self.flush()
        keys = [self._bucket(now - timedelta(hours=h)) for h in range(hours)]
        scratch = f"{self._prefix}tmp:{uuid.uuid4().hex}"
        with reachable("trending searches"):
            flat = await self._top(keys=[scratch, *keys], args=[limit])
        pairs = zip(flat[::2], flat[1::2], strict=True)
        return [
            TrendingQuery(member.decode(errors="replace"), int(float(score)))
            for member, score in pairs
        ]
