"""Realtime events through Redis: PUBLISH to every instance, and a bounded recent history per
chatroom (a sorted set by seq) for resuming clients.

Channels are ``streamz:rt:<topic>`` (``streamz:rt:chatroom:<id>``...). The history keeps the
last ``keep`` durable events of a room for a day; an event published twice (the fast path after
commit and the outbox relay) is stored under its seq once per distinct encoding and read back
once per seq.
"""

from __future__ import annotations

from collections.abc import Sequence

from redis.asyncio import Redis
from redis.exceptions import RedisError

from streamz.adapters.redis.client import is_cluster
from streamz.core.errors import Unavailable
from streamz.core.realtime.events import RealtimeEvent

CHANNEL_PREFIX = "streamz:rt:"
HISTORY_PREFIX = "streamz:rt:hist:"
KEEP = 1000
HISTORY_TTL = 86_400


def channel_of(topic: str) -> str:
    return CHANNEL_PREFIX + topic


class RedisRealtimePublisher:
    def __init__(self, client: Redis, *, keep: int = KEEP) -> None:
        self._client = client
        self._keep = keep

    async def publish(self, events: Sequence[RealtimeEvent]) -> None:
        if not events:
            return
        cluster = is_cluster(self._client)  # no PUBLISH in a Cluster pipeline: after it, in order
        try:
            async with self._client.pipeline(transaction=False) as pipe:
                for event in events:
                    wire = event.to_wire()
                    if event.durable and event.seq is not None:
                        key = HISTORY_PREFIX + event.topic
                        pipe.zadd(key, {wire: event.seq})
                        pipe.zremrangebyrank(key, 0, -(self._keep * 2) - 1)
                        pipe.expire(key, HISTORY_TTL)
                    if not cluster:
                        pipe.publish(channel_of(event.topic), wire)
                await pipe.execute()
            for event in events if cluster else ():
                await self._client.publish(channel_of(event.topic), event.to_wire())
        except (RedisError, OSError) as error:
            raise Unavailable(f"realtime publish failed: {error!r}") from error


class RedisRecentHistory:
    def __init__(self, client: Redis) -> None:
        self._client = client

    async def since(self, topic: str, after_seq: int, limit: int) -> list[RealtimeEvent] | None:
        key = HISTORY_PREFIX + topic
        try:
            async with self._client.pipeline(transaction=False) as pipe:
                pipe.zrange(key, 0, 0, withscores=True)
                pipe.zrangebyscore(key, f"({after_seq}", "+inf", start=0, num=limit * 2)
                oldest, raw = await pipe.execute()
        except (RedisError, OSError) as error:
            raise Unavailable(f"realtime history failed: {error!r}") from error
        if not oldest or int(oldest[0][1]) > after_seq + 1:
            return None  # the history does not reach back to after_seq + 1
        out: list[RealtimeEvent] = []
        for item in raw:
            event = RealtimeEvent.from_wire(item)
            if out and out[-1].seq == event.seq:
                continue
            out.append(event)
        return out[:limit]
