"""Stream keys over HTTP: the owner fetches (creating the Livepeer stream at the fake) and
rotates; everyone else is refused; staff read the stream without its key on the Admin API."""

from __future__ import annotations

import json
import uuid
from dataclasses import replace
from datetime import UTC, datetime

import asyncpg
from litestar.testing import AsyncTestClient

from streamz.container import make_container
from streamz.entrypoints.http.app import create_app
from streamz.settings import Settings
from tests.fakes.livepeer import FakeLivepeer
from tests.fakes.ory import FakeOry
from tests.integration.chat.helpers import PROBLEM
from tests.integration.conftest import Client, make_moderator, make_staff, register

from .conftest import channel_id, written

KEY = "/private/v1/channels/{}/stream/key"
ROTATE = "/private/v1/channels/{}/stream/key/rotate"
INGEST = "/admin/v1/channels/{}/stream/ingest"


async def test_the_owner_gets_a_key_created_once(
    client: Client, ory: FakeOry, db: asyncpg.Connection, livepeer: FakeLivepeer
) -> None:
    alice = await register(client, ory, "alice")
    first = await client.get(KEY.format("alice"), headers=alice.auth)
    assert first.status_code == 200, first.text
    assert first.headers["cache-control"] == "no-store"
    body = first.json()
    [stream] = livepeer.live_streams()
    assert body["stream_key"] == stream["streamKey"]
    assert body["playback_id"] == stream["playbackId"]
    assert body["livepeer_stream_id"] == stream["id"]
    assert body["rtmp_url"] == f"rtmp://rtmp.livepeer.com/live/{stream['streamKey']}"
    assert body["srt_url"] == f"srt://rtmp.livepeer.com:2935?streamid={stream['streamKey']}"
    assert body["playback_url"].endswith(f"/{stream['playbackId']}/index.m3u8")
    assert stream["record"] is True
    [call] = livepeer.calls_to("POST", "/stream")
    assert call.authorized
    channel = await channel_id(db, "alice")
    assert call.body == {"name": f"streamz-alice-{channel}", "record": True}
    second = await client.get(KEY.format(str(channel)), headers=alice.auth)
    assert second.json() == body
    assert len(livepeer.calls_to("POST", "/stream")) == 1
    row = await db.fetchrow("SELECT * FROM channel_streams WHERE channel_id = $1", channel)
    assert row is not None
    assert (row["livepeer_stream_id"], row["stream_key"]) == (stream["id"], stream["streamKey"])
    events = await db.fetch("SELECT topic, payload FROM outbox ORDER BY occurred_at, id")
    assert [e["topic"] for e in events][-1] == "stream.provisioned"
    assert stream["streamKey"] not in json.dumps([str(e["payload"]) for e in events])


async def test_only_the_owner_gets_or_rotates_the_key(
    client: Client, ory: FakeOry, db: asyncpg.Connection, livepeer: FakeLivepeer
) -> None:
    alice = await register(client, ory, "alice")
    bob = await register(client, ory, "bob")
    mod = await register(client, ory, "mod")
    boss = await register(client, ory, "boss")
    await make_staff(db, boss)
    await make_moderator(db, alice, mod, ["manage_settings", "manage_terms_emotes"])
    before = await written(db)
    for path, method in ((KEY, "GET"), (ROTATE, "POST")):
        url = path.format("alice")
        for headers, status, problem in (
            ({}, 401, "unauthenticated"),
            (bob.auth, 403, "forbidden"),
            (mod.auth, 403, "forbidden"),
            (boss.auth, 403, "forbidden"),  # staff on the Private API act as a user
        ):
            response = await client.request(method, url, headers=headers)
            assert response.status_code == status, (url, response.text)
            assert response.headers["content-type"].startswith("application/problem+json")
            assert response.json()["type"] == PROBLEM + problem
        for tier in ("/public/v1", "/admin/v1"):  # no such route on those tiers
            other = url.replace("/private/v1", tier)
            response = await client.request(method, other, headers=boss.auth)
            assert response.status_code in (404, 405), other
        unknown = await client.request(method, path.format("nobody"), headers=alice.auth)
        assert unknown.status_code == 404
        assert unknown.json()["type"] == PROBLEM + "channel-not-found"
    assert await written(db) == before
    assert livepeer.calls == []


async def test_rotation_replaces_the_stream(
    client: Client, ory: FakeOry, db: asyncpg.Connection, livepeer: FakeLivepeer
) -> None:
    alice = await register(client, ory, "alice")
    old = (await client.get(KEY.format("alice"), headers=alice.auth)).json()
    rotated = await client.post(ROTATE.format("alice"), headers=alice.auth)
    assert rotated.status_code == 200, rotated.text
    new = rotated.json()
    assert new["stream_key"] != old["stream_key"]
    assert new["livepeer_stream_id"] != old["livepeer_stream_id"]
    assert new["key_rotated_at"] is not None
    assert livepeer.stream(old["livepeer_stream_id"])["deleted"] is True
    assert [s["id"] for s in livepeer.live_streams()] == [new["livepeer_stream_id"]]
    assert (await client.get(KEY.format("alice"), headers=alice.auth)).json() == new
    audit = await db.fetchrow("SELECT action, acting_as FROM channel_audit_log")
    assert audit is not None
    assert (audit["action"], audit["acting_as"]) == ("stream.key_rotated", "owner")
    rows = await db.fetch("SELECT topic, payload FROM outbox WHERE topic = 'stream.key_rotated'")
    assert len(rows) == 1
    assert new["stream_key"] not in str(rows[0]["payload"])


async def test_no_rotation_while_live(
    client: Client, ory: FakeOry, db: asyncpg.Connection, livepeer: FakeLivepeer
) -> None:
    alice = await register(client, ory, "alice")
    key = (await client.get(KEY.format("alice"), headers=alice.auth)).json()
    await db.execute(
        "INSERT INTO livestreams (id, channel_id, livepeer_stream_id, started_at)"
        " VALUES ($1, $2, $3, $4)",
        uuid.uuid4(),
        await channel_id(db, "alice"),
        key["livepeer_stream_id"],
        datetime.now(UTC),
    )
    before = await written(db)
    response = await client.post(ROTATE.format("alice"), headers=alice.auth)
    assert response.status_code == 409
    assert response.json()["type"] == PROBLEM + "stream-live"
    assert await written(db) == before
    assert len(livepeer.calls) == 1  # only the first creation


async def test_staff_read_the_stream_without_its_key(
    client: Client, ory: FakeOry, db: asyncpg.Connection
) -> None:
    alice = await register(client, ory, "alice")
    boss = await register(client, ory, "boss")
    await make_staff(db, boss)
    missing = await client.get(INGEST.format("alice"), headers=boss.auth)
    assert missing.status_code == 404
    assert missing.json()["type"] == PROBLEM + "channel-stream-not-found"
    key = (await client.get(KEY.format("alice"), headers=alice.auth)).json()
    response = await client.get(INGEST.format("alice"), headers=boss.auth)
    assert response.status_code == 200, response.text
    body = response.json()
    assert "stream_key" not in body
    assert key["stream_key"] not in response.text
    assert (body["livepeer_stream_id"], body["playback_id"], body["live"]) == (
        key["livepeer_stream_id"],
        key["playback_id"],
        False,
    )
    assert body["rtmp_server"] == "rtmp://rtmp.livepeer.com/live"
    refused = await client.get(INGEST.format("alice"), headers=alice.auth)  # not staff
    assert refused.status_code == 403
    private = await client.get(INGEST.format("alice").replace("/admin/", "/private/"))
    assert private.status_code in (401, 404)


async def test_livepeer_failures_are_503_and_store_nothing(
    client: Client, ory: FakeOry, db: asyncpg.Connection, livepeer: FakeLivepeer
) -> None:
    alice = await register(client, ory, "alice")
    before = await written(db)
    livepeer.fail("POST", "/stream", 503)
    response = await client.get(KEY.format("alice"), headers=alice.auth)
    assert response.status_code == 503
    assert response.json()["type"] == PROBLEM + "livepeer-unavailable"
    assert await written(db) == before
    ok = await client.get(KEY.format("alice"), headers=alice.auth)  # retried later: fine
    assert ok.status_code == 200


async def test_without_an_api_key_streams_are_unavailable(
    settings: Settings, ory: FakeOry, db: asyncpg.Connection, livepeer: FakeLivepeer
) -> None:
    for changed, problem in (
        (
            replace(settings, livepeer=replace(settings.livepeer, api_key=None)),
            "livepeer-not-configured",
        ),
        (
            replace(settings, livepeer=replace(settings.livepeer, api_key="wrong")),
            "livepeer-unavailable",
        ),
    ):
        app = create_app(changed, make_container(changed))
        async with AsyncTestClient(app, base_url="http://127.0.0.1") as client:
            alice = await register(client, ory, f"u{uuid.uuid4().hex[:8]}")
            before = await written(db)
            response = await client.get(KEY.format(alice.username), headers=alice.auth)
            assert response.status_code == 503, response.text
            assert response.json()["type"] == PROBLEM + problem
            assert "wrong" not in response.text
            assert await written(db) == before
    assert livepeer.live_streams() == []
