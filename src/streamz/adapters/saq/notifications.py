"""The notifications context's jobs on SAQ (Redis)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from redis.exceptions import RedisError
from saq.queue.redis import RedisQueue

from streamz.adapters.otel import propagation
from streamz.core.errors import Unavailable

EXPAND = "notifications_expand"
SEND = "notifications_send"


class SaqNotificationJobs:
    """Jobs carry no dedupe key: the database decides (an expansion page checks its cursor
    under a row lock, sending claims pending rows), so a duplicate job is a cheap no-op, and a
    job lost with a killed worker never blocks its replacement. Retried 5 times (1 s
    doubling), 5 min timeout; past that the sweep queues the work again."""

    def __init__(self, queue: RedisQueue) -> None:
        self._queue = queue

    async def expand(self, notification_id: uuid.UUID, cursor: str | None) -> None:
        await self._enqueue(
            EXPAND,
            notification_id=str(notification_id),
            cursor=cursor,
        )

    async def send(self, delivery_ids: Sequence[uuid.UUID], at: datetime | None = None) -> None:
        await self._enqueue(
            SEND,
            scheduled=int(at.timestamp()) + 1 if at else 0,
            delivery_ids=[str(i) for i in delivery_ids],
        )

    async def _enqueue(self, function: str, **kwargs: object) -> None:
        try:
            await self._queue.enqueue(
                function,
                retries=5,
                retry_delay=1.0,
                retry_backoff=30,
                timeout=300,
                meta=propagation.job_meta(propagation.current()),  # the trace goes on
                **kwargs,
            )
        except (RedisError, OSError) as error:
            raise Unavailable(f"the job queue is unreachable ({type(error).__name__})") from None
