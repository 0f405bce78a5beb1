"""Outbox contract (memory and Postgres): events come back from ``claim`` in the order they
were added, with the trace context of their writer kept (an opaque W3C string), or the one the
event already carried; none outside a span."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from opentelemetry import trace
from opentelemetry.trace import NonRecordingSpan, SpanContext, TraceFlags, TraceState

from streamz.adapters.memory.repositories import MemoryOutbox, MemoryPendingEvents
from streamz.adapters.otel import propagation
from streamz.adapters.postgres.outbox import PostgresOutbox, PostgresPendingEvents
from streamz.core.shared.events import Event
from streamz.ports.outbox import Outbox, PendingEvents
from tests.integration.contracts.conftest import Backend

MEMORY: Callable[[Any], Outbox] = MemoryOutbox
POSTGRES: Callable[[Any], Outbox] = PostgresOutbox
MEMORY_PENDING: Callable[[Any], PendingEvents] = MemoryPendingEvents
POSTGRES_PENDING: Callable[[Any], PendingEvents] = PostgresPendingEvents
T0 = datetime(2026, 1, 1, 12, 0, 0, 123456, tzinfo=UTC)
TRACE_ID = 0x0AF7651916CD43DD8448EB211C80319C
SPAN_ID = 0xB7AD6B7169203331


def writing_span(state: TraceState | None = None) -> NonRecordingSpan:
    """A span as a request's would be, current while events are added."""
    return NonRecordingSpan(
        SpanContext(
            TRACE_ID, SPAN_ID, is_remote=False, trace_flags=TraceFlags(1), trace_state=state
        )
    )


def event(n: int, trace_context: str | None = None) -> Event:
    return Event("test.happened", f"k{n}", {"n": n}, T0, trace_context=trace_context)


async def claimed(backend: Backend) -> list[Event]:
    async with backend.opened(memory=MEMORY_PENDING, postgres=POSTGRES_PENDING) as (
        _,
        pending,
    ):
        return list(await pending.claim(10))


async def test_events_keep_their_writers_trace_context(backend: Backend) -> None:
    given = f"00-{'1' * 32}-{'2' * 16}-01"
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (unit, outbox):
        await outbox.add(event(0))  # no span: no context
        with trace.use_span(writing_span(TraceState([("vendor", "v1")]))):
            await outbox.add(event(1))
            await outbox.add(event(2, trace_context=given))  # its own wins
        with trace.use_span(writing_span()):
            await outbox.add(event(3))
        await unit.commit()
    got = await claimed(backend)
    assert [e.payload["n"] for e in got] == [0, 1, 2, 3]
    assert [e.occurred_at for e in got] == [T0] * 4
    parent = f"00-{TRACE_ID:032x}-{SPAN_ID:016x}-01"
    assert [e.trace_context for e in got] == [None, f"{parent} vendor=v1", given, parent]
    back = trace.get_current_span(
        propagation.extract(got[1].trace_context or "")
    ).get_span_context()
    assert (back.trace_id, back.span_id, back.trace_state.get("vendor")) == (
        TRACE_ID,
        SPAN_ID,
        "v1",
    )


async def test_rolled_back_events_are_not_claimed(backend: Backend) -> None:
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, outbox):
        with trace.use_span(writing_span()):
            await outbox.add(event(0))
    assert await claimed(backend) == []
