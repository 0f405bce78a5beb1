"""Outcomes of sends the database did not take, on Redis: one key per delivery
(``streamz:notifications:outcome:<id>``, JSON), kept a week. Written only when recording
fails, read by the sweep before it frees a lease, deleted once the database has them."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence

from redis.asyncio import Redis

from streamz.adapters.redis.client import mget
from streamz.core.notifications.entities import DECIDED, DeliveryUpdate, Status

PREFIX = "streamz:notifications:outcome:"
TTL = 7 * 24 * 3600  # longer than any database outage worth riding out


class RedisUnrecordedOutcomes:
    def __init__(self, redis: Redis, *, prefix: str = PREFIX) -> None:
        self._redis = redis
        self._prefix = prefix

    async def keep(self, updates: Sequence[DeliveryUpdate]) -> None:
        kept = [u for u in updates if u.status in DECIDED]
        if not kept:
            return
        async with self._redis.pipeline(transaction=False) as pipe:
            for u in kept:
                value = {"status": u.status.value, "provider_id": u.provider_id, "error": u.error}
                pipe.set(self._prefix + str(u.id), json.dumps(value), ex=TTL)
            await pipe.execute()

    async def recall(self, ids: Sequence[uuid.UUID]) -> list[DeliveryUpdate]:
        if not ids:
            return []
        values = await mget(self._redis, [self._prefix + str(i) for i in ids])
        out = []
        for delivery_id, raw in zip(ids, values, strict=True):
            if raw is None:
                continue
            value = json.loads(raw)
            out.append(
                DeliveryUpdate(
                    delivery_id, Status(value["status"]), value["provider_id"], value["error"]
                )
            )
        return out

    async def forget(self, ids: Sequence[uuid.UUID]) -> None:
        if ids:
            await self._redis.delete(*(self._prefix + str(i) for i in ids))
