"""A websocket frame is a span of its own (named by its type, with its room, no payload), and
the events it commits carry it; pings are not traced."""

from __future__ import annotations

import uuid

import asyncpg
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, StatusCode

from streamz.settings import Settings
from tests.fakes.ory import FakeOry
from tests.integration.conftest import Client as HttpClient
from tests.integration.conftest import register
from tests.integration.gateway.support import Client, Instance
from tests.integration.tracing.test_propagation import ancestors


async def test_each_frame_is_a_span_and_its_events_carry_it(
    settings: Settings,
    client: HttpClient,
    ory: FakeOry,
    db: asyncpg.Connection,
    exported: InMemorySpanExporter,
) -> None:
    await register(client, ory, "owner")
    fan = await register(client, ory, "fan")
    instance = await Instance(settings, name="traced").start()  # built with tracing on
    try:
        ws = await Client.open(instance.ws, fan.token)
        await ws.until(lambda f: f["type"] == "welcome")
        assert (await ws.answer({"type": "ping"}))["type"] == "pong"
        sent = await ws.answer({"type": "send", "chatroom": "owner", "content": "secret words"})
        assert sent["type"] == "ack", sent
        gone = await ws.answer(
            {"type": "delete", "chatroom": "owner", "message_id": str(uuid.uuid4())}
        )
        assert gone["problem"]["type"].endswith("/message-not-found"), gone
        await ws.connection.close()
    finally:
        await instance.stop()

    spans = list(exported.get_finished_spans())
    frames = [s for s in spans if s.name.startswith("ws ")]
    assert [s.name for s in frames] == ["ws send", "ws delete"]  # no span for the ping
    send, delete = frames
    assert send.kind is SpanKind.SERVER
    assert send.parent is None  # a frame starts its own trace
    attributes = dict(send.attributes or {})
    assert attributes.pop("streamz.ws.connection")
    assert attributes == {"streamz.ws.frame": "send", "streamz.ws.room": "owner"}
    assert send.status.status_code is StatusCode.UNSET
    assert (delete.attributes or {})["streamz.problem"] == "message-not-found"
    assert delete.status.status_code is StatusCode.UNSET  # answered like an HTTP 404
    assert not any("secret words" in str(s.attributes) for s in spans)
    queries = [
        s
        for s in spans
        if (s.attributes or {}).get("db.system") == "postgresql"
        and send.context.span_id in ancestors(s, spans)
    ]
    assert queries  # the send's queries are in its trace
    row = await db.fetchval("SELECT trace_context FROM outbox WHERE topic = 'chat.message_sent'")
    assert row.startswith(f"00-{send.context.trace_id:032x}-{send.context.span_id:016x}-")
