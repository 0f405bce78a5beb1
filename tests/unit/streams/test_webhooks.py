"""The Livepeer webhook intake: signature and timestamp checks on the raw body, dedupe by
event id, malformed bodies refused, everything else stored and queued."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest

from streamz.core.errors import Forbidden, Unavailable
from streamz.core.live.streams.entities import LivepeerConfig
from streamz.core.live.streams.errors import (
    LivepeerNotConfigured,
    LivepeerPayloadInvalid,
    WebhookSignatureInvalid,
    WebhookTimestampStale,
)
from streamz.core.live.streams.receive_webhook import ReceiveLivepeerWebhookRequest
from tests.fakes.livepeer import millis, sign
from tests.unit.support import ANONYMOUS, SYSTEM, fails

from .support import SECRET, Streams


@pytest.fixture
def s() -> Streams:
    return Streams()


async def test_a_delivery_is_stored_once_and_queued(s: Streams) -> None:
    body = s.body("stream.started", "stream-1", s.now() - timedelta(seconds=3))
    receipt = await s.deliver(body)
    assert (receipt.id, receipt.event, receipt.duplicate) == (body["id"], "stream.started", False)
    stored = s.delivery(body["id"])
    assert (stored.stream_id, stored.payload, stored.processed_at) == ("stream-1", body, None)
    assert stored.occurred_at == s.now() - timedelta(seconds=3)
    assert stored.received_at == s.now()
    assert s.jobs.events == [body["id"]]


async def test_a_replay_is_acknowledged_and_writes_nothing(s: Streams) -> None:
    body = s.body("stream.idle", "stream-1", s.now())
    await s.deliver(body)
    await s.run_jobs()
    before = s.world.snapshot()
    s.tick(30)  # Livepeer retries with the same id (and a fresh signature)
    receipt = await s.deliver(body)
    assert receipt.duplicate
    assert s.world.snapshot() == before
    assert s.jobs.events == []  # processed already: not queued again


async def test_an_unprocessed_duplicate_is_queued_again(s: Streams) -> None:
    body = s.body("stream.idle", "stream-1", s.now())
    s.jobs.unavailable = True
    with pytest.raises(Unavailable):  # stored, but Livepeer is told to retry
        await s.deliver(body)
    assert s.delivery(body["id"]).processed_at is None
    s.jobs.unavailable = False
    receipt = await s.deliver(body)
    assert receipt.duplicate
    assert s.jobs.events == [body["id"]]
    assert len(s.rows("livepeer_events")) == 1


async def test_unknown_events_and_streams_are_stored(s: Streams) -> None:
    for body in (
        s.body("asset.ready", None, s.now(), payload={"asset": {"id": "a1"}}),
        s.body("multistream.connected", "stream-x", s.now()),
        s.body("stream.started", "not-ours", s.now()),
    ):
        receipt = await s.deliver(body)
        assert not receipt.duplicate
    outcomes = await s.run_jobs()
    assert [(o.outcome, o.applied) for o in outcomes] == [
        ("unhandled-event", False),
        ("unhandled-event", False),
        ("unknown-stream", False),
    ]
    errors = {d.event: d.error for d in s.rows("livepeer_events").values()}
    assert errors == {
        "asset.ready": "unhandled-event",
        "multistream.connected": "unhandled-event",
        "stream.started": "unknown-stream",
    }
    assert s.rows("livestreams") == {}


def _raw(body: dict[str, Any]) -> bytes:
    return json.dumps(body).encode()


@pytest.mark.parametrize(
    "header",
    [
        None,
        "",
        "garbage",
        "t=123",
        "v1=abc",
        "t=abc,v1=00",
        "t=-5,v1=00",
        "t=1e3,v1=00",
        "t=" + "9" * 20 + ",v1=00",
        "v0=aa,t={t}",
        "t={t},v1=" + "0" * 64,
        "t={t},v1=zz",
        "t={t},v1=é",
        "t={t}, v1={sig}x",
        "t={t}" + ",v1=ab" * 300,
    ],
)
async def test_bad_signatures_are_refused(s: Streams, header: str | None) -> None:
    raw = _raw(s.body("stream.started", "stream-1", s.now()))
    if header is not None:
        header = header.format(t=millis(s.now()), sig=sign(raw, SECRET))
    request = ReceiveLivepeerWebhookRequest(SYSTEM, raw, header)
    await fails(
        s.world, s.receive()(request), WebhookSignatureInvalid, "livepeer-signature-invalid"
    )
    assert s.jobs.events == []


async def test_the_signature_covers_the_raw_body(s: Streams) -> None:
    raw = _raw(s.body("stream.started", "stream-1", s.now()))
    header = s.header(raw)
    tampered = raw.replace(b"stream-1", b"stream-2")
    for body, sig in ((tampered, header), (raw, s.header(raw, secret="other-secret"))):
        request = ReceiveLivepeerWebhookRequest(SYSTEM, body, sig)
        await fails(
            s.world, s.receive()(request), WebhookSignatureInvalid, "livepeer-signature-invalid"
        )
    # the same JSON re-serialised (spaces) is not what was signed
    respaced = json.dumps(json.loads(raw), indent=1).encode()
    request = ReceiveLivepeerWebhookRequest(SYSTEM, respaced, header)
    await fails(
        s.world, s.receive()(request), WebhookSignatureInvalid, "livepeer-signature-invalid"
    )
    # several v1 values: one matching is enough
    both = f"t={millis(s.now())},v1={sign(raw, 'old-secret')},v1={sign(raw, SECRET)}"
    assert not (await s.receive()(ReceiveLivepeerWebhookRequest(SYSTEM, raw, both))).duplicate


@pytest.mark.parametrize("offset", [-301, 301, -3600, 86400])
async def test_stale_or_future_timestamps_are_refused(s: Streams, offset: int) -> None:
    body = s.body("stream.started", "stream-1", s.now())
    await fails(
        s.world,
        s.deliver(body, at=s.now() + timedelta(seconds=offset)),
        WebhookTimestampStale,
        "livepeer-signature-stale",
    )


@pytest.mark.parametrize("offset", [-299, 299])
async def test_timestamps_within_five_minutes_pass(s: Streams, offset: int) -> None:
    body = s.body("stream.started", "stream-1", s.now())
    assert not (await s.deliver(body, at=s.now() + timedelta(seconds=offset))).duplicate


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (b"not json", "body"),
        (b"", "body"),
        (b"\xff\xfe", "body"),
        (b"[1, 2]", "body"),
        (b'"text"', "body"),
        (b'{"id": "x", "event": "stream.idle", "stream": {"id": "s"}, "createdAt": NaN}', "body"),
        (b'{"event": "stream.started", "stream": {"id": "s"}}', "body.id"),
        (b'{"id": "", "event": "stream.started", "stream": {"id": "s"}}', "body.id"),
        (b'{"id": 5, "event": "stream.started", "stream": {"id": "s"}}', "body.id"),
        (b'{"id": "' + b"x" * 129 + b'", "event": "stream.idle"}', "body.id"),
        (b'{"id": "e1", "stream": {"id": "s"}}', "body.event"),
        (b'{"id": "e1", "event": ["stream.idle"]}', "body.event"),
        (b'{"id": "e1", "event": "stream.started"}', "body.stream.id"),
        (b'{"id": "e1", "event": "stream.idle", "stream": {"id": 7}}', "body.stream.id"),
        (b'{"id": "e1", "event": "stream.idle", "stream": {"id": "s"}, "createdAt": "x"}',
         "body.createdAt"),
        (b'{"id": "e1", "event": "stream.idle", "stream": {"id": "s"}, "createdAt": -1}',
         "body.createdAt"),
        (b'{"id": "e1", "event": "stream.idle", "stream": {"id": "s"}, "createdAt": true}',
         "body.createdAt"),
        (b'{"id": "e1", "event": "recording.ready", "stream": {"id": "s"}}',
         "body.payload.session"),
        (b'{"id": "e1", "event": "recording.ready", "stream": {"id": "s"}, "payload": '
         b'{"session": {"id": "x"}}}', "body.payload.session"),
    ],
)  # fmt: skip
async def test_malformed_bodies_are_refused(s: Streams, body: bytes, field: str) -> None:
    request = ReceiveLivepeerWebhookRequest(SYSTEM, body, s.header(body))
    error = await fails(
        s.world, s.receive()(request), LivepeerPayloadInvalid, "livepeer-payload-invalid"
    )
    assert field in [e.field for e in error.errors]
    assert s.jobs.events == []


async def test_without_a_secret_webhooks_are_refused(s: Streams) -> None:
    s.config = LivepeerConfig(webhook_secret=None)
    body = s.body("stream.started", "stream-1", s.now())
    await fails(s.world, s.deliver(body), LivepeerNotConfigured, "livepeer-not-configured")


async def test_only_the_system_takes_deliveries(s: Streams) -> None:
    raw = _raw(s.body("stream.started", "stream-1", s.now()))
    request = ReceiveLivepeerWebhookRequest(ANONYMOUS, raw, s.header(raw))
    await fails(s.world, s.receive()(request), Forbidden, "forbidden")


async def test_the_event_time_falls_back_to_timestamp_then_arrival(s: Streams) -> None:
    body = s.body("stream.idle", "stream-1", s.now())
    del body["createdAt"]
    body["timestamp"] = millis(s.now() - timedelta(seconds=9))
    await s.deliver(body)
    assert s.delivery(body["id"]).occurred_at == s.now() - timedelta(seconds=9)
    bare = {"id": "bare", "event": "stream.idle", "stream": {"id": "s"}}
    await s.deliver(bare)
    assert s.delivery("bare").occurred_at == s.now()
