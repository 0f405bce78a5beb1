"""The ``EventConsumers`` port on SAQ: one job per consumer and relayed batch."""

from __future__ import annotations

from collections.abc import Sequence

from redis.exceptions import RedisError
from saq.queue.redis import RedisQueue

from streamz.adapters.otel import propagation
from streamz.core.errors import Unavailable
from streamz.core.events.consumers import Consumer, batches, to_wire
from streamz.core.shared.events import Event


class SaqEventConsumers:
    """Keyed by consumer and the batch's first event, so a relay that repeats a batch after a
    crash does not queue a second job while the first is known to SAQ. Retried with backoff
    (1 s doubling to a minute).

    Traces: a job's span has one parent, the trace context in its ``meta``. So events written
    in a sampled trace (tracing on) go in a job of their own per trace, the one their writer's
    request or job started, and the rest (tracing off, or not sampled) in one job as before.
    """

    def __init__(self, queue: RedisQueue, consumers: Sequence[Consumer]) -> None:
        self._queue = queue
        self._consumers = tuple(consumers)

    async def dispatch(self, events: list[Event]) -> None:
        for consumer, wanted in batches(self._consumers, events):
            for trace_context, group in _by_trace(wanted):
                try:
                    await self._queue.enqueue(
                        consumer.job,
                        key=f"{consumer.job}:{group[0].id}:{len(group)}",
                        retries=consumer.retries,
                        retry_delay=1.0,
                        retry_backoff=60,
                        timeout=120,
                        events=[to_wire(e) for e in group],
                        meta=propagation.job_meta(trace_context),
                    )
                except (RedisError, OSError) as error:
                    reason = type(error).__name__
                    raise Unavailable(f"the job queue is unreachable ({reason})") from None


def _by_trace(events: list[Event]) -> list[tuple[str | None, list[Event]]]:
    """``events`` by the sampled trace they were written in (None: the others), in order."""
    groups: dict[str | None, list[Event]] = {}
    for event in events:
        context = event.trace_context
        key = context if context and propagation.sampled(context) else None
        groups.setdefault(key, []).append(event)
    return list(groups.items())
