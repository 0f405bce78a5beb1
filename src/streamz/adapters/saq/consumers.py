"""The ``EventConsumers`` port on SAQ: one job per consumer and relayed batch."""

from __future__ import annotations

from collections.abc import Sequence

from redis.exceptions import RedisError
from saq.queue.redis import RedisQueue

from streamz.core.errors import Unavailable
from streamz.core.events.consumers import Consumer, batches, to_wire
from streamz.core.shared.events import Event


class SaqEventConsumers:
    """Keyed by consumer and the batch's first event, so a relay that repeats a batch after a
    crash does not queue a second job while the first is known to SAQ. Retried with backoff
    (1 s doubling to a minute)."""

    def __init__(self, queue: RedisQueue, consumers: Sequence[Consumer]) -> None:
        self._queue = queue
        self._consumers = tuple(consumers)

    async def dispatch(self, events: list[Event]) -> None:
        for consumer, wanted in batches(self._consumers, events):
            try:
                await self._queue.enqueue(
                    consumer.job,
                    key=f"{consumer.job}:{wanted[0].id}:{len(wanted)}",
                    retries=consumer.retries,
                    retry_delay=1.0,
                    retry_backoff=60,
                    timeout=120,
                    events=[to_wire(e) for e in wanted],
                )
            except (RedisError, OSError) as error:
                reason = type(error).__name__
                raise Unavailable(f"the job queue is unreachable ({reason})") from None
