"""Traces through the real components: a chat message sent over HTTP, the outbox row it
commits, the relay, and the SAQ jobs it leads to are one trace (in-memory exporter)."""

from __future__ import annotations

import asyncio

import asyncpg
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from streamz.container import make_container
from streamz.entrypoints.worker.main import build_worker
from streamz.settings import Settings
from tests.fakes.ory import FakeOry
from tests.integration.conftest import own_client, register

SEND_ROUTE = "POST /private/v1/channels/{identifier}/chatroom/messages"


async def spans_until(
    exporter: InMemorySpanExporter, found: str, trace_id: int, seconds: float = 20
) -> list[ReadableSpan]:
    """The finished spans, once one named ``found`` of trace ``trace_id`` is among them."""
    async with asyncio.timeout(seconds):
        while True:
            spans = list(exporter.get_finished_spans())
            if any(s.name == found and s.context.trace_id == trace_id for s in spans):
                return spans
            await asyncio.sleep(0.05)


def ancestors(span: ReadableSpan, spans: list[ReadableSpan]) -> list[int]:
    """The span ids from ``span``'s parent up to its trace's root."""
    by_id = {s.context.span_id: s for s in spans}
    chain: list[int] = []
    parent = span.parent
    while parent is not None:
        chain.append(parent.span_id)
        above = by_id.get(parent.span_id)
        parent = above.parent if above is not None else None
    return chain


async def test_a_chat_send_and_the_notification_jobs_it_causes_are_one_trace(
    settings: Settings, ory: FakeOry, db: asyncpg.Connection, exported: InMemorySpanExporter
) -> None:
    async with own_client(settings) as client:  # built with tracing on: HTTP spans
        owner = await register(client, ory, "owner")
        fan = await register(client, ory, "fan")
        sent = await client.post(
            "/private/v1/channels/owner/chatroom/messages",
            json={"content": "hi @owner"},
            headers=fan.auth,
        )
        assert sent.status_code == 201, sent.text
        assert sent.json()["mentions"] == [owner.account_id]
        assert (await client.get("/health")).status_code == 200  # probes are not traced

    names = [s.name for s in exported.get_finished_spans()]
    http = [s for s in exported.get_finished_spans() if s.name == SEND_ROUTE]
    assert len(http) == 1, names
    request = http[0]
    assert not [s for s in exported.get_finished_spans() if "health" in s.name]
    assert request.kind is SpanKind.SERVER
    trace_id = request.context.trace_id
    row = await db.fetchval("SELECT trace_context FROM outbox WHERE topic = 'chat.message_sent'")
    flags = int(request.context.trace_flags)
    assert row == f"00-{trace_id:032x}-{request.context.span_id:016x}-{flags:02x}"

    container = make_container(settings)
    worker = build_worker(settings.redis.url or "", container)
    worker.SIGNALS = []
    worker._shutdown_grace_period_s = 1  # its pollers block on Redis: do not wait 5 s for them
    task = asyncio.create_task(worker.start())
    try:
        spans = await spans_until(exported, "notifications_expand", trace_id)
    finally:
        await worker.stop()
        await asyncio.gather(task, return_exceptions=True)
        await worker.queue.disconnect()
        await container.close()

    in_trace = [s for s in spans if s.context.trace_id == trace_id]
    trigger = next(s for s in in_trace if s.name == "notifications_trigger")
    expand = next(s for s in in_trace if s.name == "notifications_expand")
    assert trigger.kind is SpanKind.CONSUMER
    assert request.context.span_id in ancestors(trigger, spans)
    assert trigger.context.span_id in ancestors(expand, spans)
    assert (trigger.attributes or {})["saq.job.status"] == "complete"
    # the instrumentations: the request's queries and Redis calls, and the job's queries
    systems = {
        (s.attributes or {}).get("db.system")
        for s in in_trace
        if request.context.span_id in ancestors(s, spans)
    }
    assert {"postgresql", "redis"} <= systems
    assert any(
        (s.attributes or {}).get("db.system") == "postgresql"
        and trigger.context.span_id in ancestors(s, spans)
        for s in in_trace
    )
