"""Which background consumer takes which committed events, and their form on a job queue.

A consumer is a worker job that receives a batch of events (``events=[wire, ...]``). The relay
hands each consumer the events of a claimed batch whose topic it asked for; at least once, so a
consumer must be idempotent (dedupe by event id, or upsert).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from streamz.core.shared.events import Event


@dataclass(frozen=True, slots=True)
class Consumer:
    job: str  # the worker function that takes ``events=[...]``
    topics: frozenset[str]
    retries: int = 10  # attempts of one batch before the job is left failed


def batches(
    consumers: Iterable[Consumer], events: list[Event]
) -> list[tuple[Consumer, list[Event]]]:
    """Each consumer with the events (in outbox order) that it asked for; none if none."""
    out: list[tuple[Consumer, list[Event]]] = []
    for consumer in consumers:
        wanted = [e for e in events if e.topic in consumer.topics]
        if wanted:
            out.append((consumer, wanted))
    return out


def to_wire(event: Event) -> dict[str, Any]:
    return {
        "id": str(event.id),
        "topic": event.topic,
        "key": event.key,
        "occurred_at": event.occurred_at.isoformat(),
        "payload": event.payload,
    }


def from_wire(data: dict[str, Any]) -> Event:
    return Event(
        topic=str(data["topic"]),
        key=str(data["key"]),
        payload=dict(data["payload"]),
        occurred_at=datetime.fromisoformat(str(data["occurred_at"])),
        id=uuid.UUID(str(data["id"])),
    )
