"""POST /internal/webhooks/livepeer: signed raw bodies only, stale and replayed deliveries,
malformed bodies; nothing written when refused."""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import replace
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from litestar.testing import AsyncTestClient
from saq import Worker

from streamz.container import make_container
from streamz.entrypoints.http.app import create_app
from streamz.settings import Settings
from tests.fakes.livepeer import WEBHOOK_PATH, FakeLivepeer, Signed, millis, sign
from tests.integration.chat.helpers import PROBLEM
from tests.integration.conftest import ORY_KEY, Client

from .conftest import processed, written


def problem_of(response: object, status: int, code: str) -> None:
    assert getattr(response, "status_code") == status, getattr(response, "text")  # noqa: B009
    headers = getattr(response, "headers")  # noqa: B009
    assert headers["content-type"].startswith("application/problem+json")
    assert getattr(response, "json")()["type"] == PROBLEM + code  # noqa: B009


async def test_a_delivery_is_accepted_once(
    client: Client, db: asyncpg.Connection, livepeer: FakeLivepeer
) -> None:
    body = livepeer.event("asset.ready", None, payload={"asset": {"id": "a1"}})
    signed = livepeer.signed(body)
    first = await livepeer.send(client, signed)
    assert first.status_code == 202, first.text
    assert first.json() == {"id": body["id"], "event": "asset.ready", "duplicate": False}
    row = await db.fetchrow("SELECT * FROM livepeer_events WHERE id = $1", body["id"])
    assert row is not None
    assert (row["event"], row["stream_id"], row["processed_at"]) == ("asset.ready", None, None)
    stored = row["payload"] if isinstance(row["payload"], dict) else json.loads(row["payload"])
    assert stored == body
    before = await written(db)
    again = await livepeer.send(client, signed)  # a replay of the very same request
    assert again.status_code == 200
    assert again.json()["duplicate"] is True
    assert await written(db) == before


async def test_unknown_events_and_streams_are_kept_and_ignored(
    client: Client, db: asyncpg.Connection, livepeer: FakeLivepeer, worker: Worker[Any]
) -> None:
    unknown_event = livepeer.event("playback.user.new", "some-stream")
    unknown_stream = livepeer.started("not-a-stream-of-ours")
    for body in (unknown_event, unknown_stream):
        response = await livepeer.send(client, body)
        assert response.status_code == 202, response.text
    assert (await processed(db, unknown_event["id"]))["error"] == "unhandled-event"
    assert (await processed(db, unknown_stream["id"]))["error"] == "unknown-stream"
    counts = await written(db)
    assert (counts["livestreams"], counts["vods"], counts["outbox"]) == (0, 0, 0)


@pytest.mark.parametrize(
    "header",
    [
        None,
        "",
        "v1=00",
        "t=12,v1",
        "t=now,v1=00",
        "t={t},v1=" + "0" * 64,
        "t={t},v1={other}",
        "t={t},v2={sig}",
    ],
)
async def test_bad_signatures_are_401(
    client: Client, db: asyncpg.Connection, livepeer: FakeLivepeer, header: str | None
) -> None:
    body = json.dumps(livepeer.started("s1")).encode()
    headers = {"content-type": "application/json"}
    if header is not None:
        headers["Livepeer-Signature"] = header.format(
            t=millis(), sig=sign(body, livepeer.webhook_secret), other=sign(body, "not-the-secret")
        )
    before = await written(db)
    response = await client.post(WEBHOOK_PATH, content=body, headers=headers)
    problem_of(response, 401, "livepeer-signature-invalid")
    assert await written(db) == before


async def test_the_raw_body_is_what_is_checked(
    client: Client, db: asyncpg.Connection, livepeer: FakeLivepeer
) -> None:
    body = livepeer.started("s1")
    signed = livepeer.signed(body)
    before = await written(db)
    tampered = Signed(signed.body.replace(b'"s1"', b'"s2"'), signed.headers)
    problem_of(await livepeer.send(client, tampered), 401, "livepeer-signature-invalid")
    respaced = Signed(json.dumps(body, indent=2).encode(), signed.headers)
    problem_of(await livepeer.send(client, respaced), 401, "livepeer-signature-invalid")
    # the Ory key is no substitute for Livepeer's signature
    headers = {"X-Ory-Api-Key": ORY_KEY, "content-type": "application/json"}
    response = await client.post(WEBHOOK_PATH, content=signed.body, headers=headers)
    problem_of(response, 401, "livepeer-signature-invalid")
    assert await written(db) == before


@pytest.mark.parametrize("offset", [-301, 301, -86400])
async def test_stale_timestamps_are_401(
    client: Client, db: asyncpg.Connection, livepeer: FakeLivepeer, offset: int
) -> None:
    before = await written(db)
    stamp = (time.time() + offset) * 1000
    response = await livepeer.send(client, livepeer.started("s1"), timestamp=stamp)
    problem_of(response, 401, "livepeer-signature-stale")
    assert await written(db) == before


@pytest.mark.parametrize(
    "body",
    [
        b"{",
        b"[]",
        b"null",
        b'{"event": "stream.started", "stream": {"id": "s1"}}',
        b'{"id": "e1", "stream": {"id": "s1"}}',
        b'{"id": "e1", "event": "stream.started"}',
        b'{"id": "e1", "event": "stream.idle", "stream": {"id": "s1"}, "createdAt": "yesterday"}',
        b'{"id": "e1", "event": "recording.ready", "stream": {"id": "s1"}, "payload": {}}',
        b'{"id": "e1", "event": "stream.idle", "stream": {"id": "s\\u0000"}}',
    ],
)
async def test_malformed_bodies_are_422(
    client: Client, db: asyncpg.Connection, livepeer: FakeLivepeer, body: bytes
) -> None:
    before = await written(db)
    response = await livepeer.send(client, livepeer.signed(body))
    assert response.status_code == 422, response.text
    assert response.json()["type"] in (PROBLEM + "livepeer-payload-invalid", PROBLEM + "invalid")
    assert await written(db) == before


async def test_an_oversized_body_is_413(
    client: Client, db: asyncpg.Connection, livepeer: FakeLivepeer
) -> None:
    body = livepeer.event("asset.ready", None, payload={"blob": "x" * 100_000})
    before = await written(db)
    problem_of(await livepeer.send(client, body), 413, "body-too-large")
    assert await written(db) == before


async def test_without_a_configured_secret_one_is_generated(
    settings: Settings, db: asyncpg.Connection, livepeer: FakeLivepeer, tmp_path: Path
) -> None:
    unconfigured = replace(
        settings, livepeer=replace(settings.livepeer, webhook_secret=None), data_dir=tmp_path
    )
    app = create_app(unconfigured, make_container(unconfigured))
    async with AsyncTestClient(app, base_url="http://127.0.0.1") as client:
        before = await written(db)
        body = livepeer.started(str(uuid.uuid4()))
        problem_of(await livepeer.send(client, body), 401, "livepeer-signature-invalid")
        assert await written(db) == before
        local = (tmp_path / "livepeer-webhook-secret").read_text().strip()
        assert local == unconfigured.livepeer_secret()
        assert len(local) >= 32
        accepted = await livepeer.send(client, body, secret=local)
        assert accepted.status_code == 202, accepted.text
