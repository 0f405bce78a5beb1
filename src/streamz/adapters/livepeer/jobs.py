"""The streams context's jobs on SAQ (Redis), keyed so one waiting job per delivery or VOD."""

from __future__ import annotations

import uuid

from redis.exceptions import RedisError
from saq.queue.redis import RedisQueue

from streamz.adapters.saq import QUEUE_NAME
from streamz.core.errors import Unavailable

__all__ = ["DELETE_ASSET", "PROCESS_EVENT", "QUEUE_NAME", "SaqStreamJobs"]
PROCESS_EVENT = "process_livepeer_event"
DELETE_ASSET = "delete_vod_asset"


class SaqStreamJobs:
    """The ``StreamJobs`` port. Processing a delivery is retried 5 times (1 s, then doubling
    up to a minute); deleting an asset 10 times (2 s, doubling up to 5 minutes). Past that,
    the sweep queues them again."""

    def __init__(self, queue: RedisQueue) -> None:
        self._queue = queue

    async def process_event(self, event_id: str) -> None:
        await self._enqueue(
            PROCESS_EVENT,
            key=f"livepeer-event:{event_id}",
            retries=5,
            retry_delay=1.0,
            retry_backoff=60,
            event_id=event_id,
        )

    async def delete_asset(self, vod_id: uuid.UUID) -> None:
        await self._enqueue(
            DELETE_ASSET,
            key=f"vod-asset:{vod_id}",
            retries=10,
            retry_delay=2.0,
            retry_backoff=300,
            timeout=30,
            vod_id=str(vod_id),
        )

    async def _enqueue(self, function: str, **kwargs: object) -> None:
        try:
            await self._queue.enqueue(function, **kwargs)
        except (RedisError, OSError) as error:
            raise Unavailable(f"the job queue is unreachable ({type(error).__name__})") from None
