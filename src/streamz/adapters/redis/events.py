"""Publishes events to a Redis stream, trimmed to a bounded length."""

from __future__ import annotations

import json

from redis.asyncio import Redis

from streamz.adapters.redis.client import reachable
from streamz.core.shared.events import Event

EVENTS_STREAM = "streamz:events"


class RedisEventPublisher:
    def __init__(self, client: Redis, *, stream: str = EVENTS_STREAM, maxlen: int = 100_000):
        self._client = client
        self._stream = stream
        self._maxlen = maxlen

    async def publish(self, events: list[Event]) -> None:
        with reachable("the event stream"):
            await self._publish(events)

    async def _publish(self, events: list[Event]) -> None:
        async with self._client.pipeline(transaction=False) as pipe:
            for event in events:
                pipe.xadd(
                    self._stream,
                    {
                        "id": str(event.id),
                        "topic": event.topic,
                        "key": event.key,
                        "occurred_at": event.occurred_at.isoformat(),
                        "payload": json.dumps(event.payload, separators=(",", ":")),
                    },
                    maxlen=self._maxlen,
                    approximate=True,
                )
            await pipe.execute()
