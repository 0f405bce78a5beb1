"""A stream from created to live to idle to VOD (and the VOD deleted) through the real webhook
endpoint, the SAQ worker and the fake Livepeer; out-of-order deliveries over the same path."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
from saq import Worker

from tests.fakes.livepeer import FakeLivepeer
from tests.fakes.ory import FakeOry
from tests.integration.conftest import Client, User, register

from .conftest import channel_id, eventually, processed

KEY = "/private/v1/channels/alice/stream/key"


async def outbox(db: asyncpg.Connection, topic: str) -> list[dict[str, Any]]:
    rows = await db.fetch(
        "SELECT payload FROM outbox WHERE topic = $1 ORDER BY occurred_at, id", topic
    )
    return [
        r["payload"] if isinstance(r["payload"], dict) else json.loads(r["payload"]) for r in rows
    ]


async def streamer(client: Client, ory: FakeOry) -> tuple[User, str]:
    alice = await register(client, ory, "alice")
    key = await client.get(KEY, headers=alice.auth)
    assert key.status_code == 200, key.text
    return alice, key.json()["livepeer_stream_id"]


async def deliver(
    client: Client, db: asyncpg.Connection, livepeer: FakeLivepeer, body: dict[str, Any]
) -> asyncpg.Record:
    response = await livepeer.send(client, body)
    assert response.status_code == 202, response.text
    return await processed(db, body["id"])


async def is_live(client: Client) -> bool:
    response = await client.get("/public/v1/channels/alice")
    assert response.status_code == 200
    return bool(response.json()["is_live"])


async def test_created_live_idle_vod_deleted(
    client: Client,
    ory: FakeOry,
    db: asyncpg.Connection,
    livepeer: FakeLivepeer,
    worker: Worker[Any],
) -> None:
    alice, stream = await streamer(client, ory)
    channel = await channel_id(db, "alice")
    await db.execute(
        "INSERT INTO stream_info (channel_id, title, tags, language, mature, updated_at)"
        " VALUES ($1, 'Any% practice', '{speedrun}', 'fr', true, now())",
        channel,
    )
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=50)

    # live
    started = await deliver(client, db, livepeer, livepeer.started(stream, at=start))
    assert started["error"] is None
    live = await db.fetchrow("SELECT * FROM livestreams WHERE channel_id = $1", channel)
    assert live is not None
    assert (live["title"], live["tags"], live["language"], live["mature"]) == (
        "Any% practice",
        ["speedrun"],
        "fr",
        True,
    )
    assert (live["started_at"], live["ended_at"]) == (start, None)
    assert await is_live(client)
    [online] = await outbox(db, "stream.online")
    assert (online["channel_id"], online["livestream_id"]) == (str(channel), str(live["id"]))
    [notify] = await outbox(db, "notify.channel_live")
    assert (notify["channel_id"], notify["slug"], notify["title"]) == (
        str(channel),
        "alice",
        "Any% practice",
    )

    # idle
    await db.execute("UPDATE livestreams SET viewers = 12, peak_viewers = 30")
    await deliver(client, db, livepeer, livepeer.idle(stream, at=start + timedelta(minutes=45)))
    ended = await db.fetchrow("SELECT * FROM livestreams WHERE id = $1", live["id"])
    assert ended is not None
    assert ended["ended_at"] == start + timedelta(minutes=45)
    assert ended["peak_viewers"] == 30
    assert not await is_live(client)
    [offline] = await outbox(db, "stream.offline")
    assert (offline["livestream_id"], offline["duration_seconds"], offline["peak_viewers"]) == (
        str(live["id"]),
        2700,
        30,
    )

    # recording ready: the VOD
    ready = livepeer.recording_ready(
        stream,
        started=start - timedelta(seconds=2),
        last_seen=start + timedelta(minutes=44, seconds=58),
        duration=2698.4,
    )
    await deliver(client, db, livepeer, ready)
    vod = await db.fetchrow("SELECT * FROM vods WHERE channel_id = $1", channel)
    assert vod is not None
    session = ready["payload"]["session"]
    assert (vod["livestream_id"], vod["livepeer_asset_id"], vod["title"]) == (
        live["id"],
        session["assetId"],
        "Any% practice",
    )
    assert (vod["playback_url"], vod["thumbnail_url"]) == (
        ready["payload"]["recordingUrl"],
        session["thumbUrl"],
    )
    assert (vod["duration_seconds"], vod["visibility"], vod["deleted_at"]) == (2698, "public", None)
    assert (
        await db.fetchval("SELECT livepeer_session_id FROM livestreams WHERE id = $1", live["id"])
        == session["id"]
    )
    assert [p["vod_id"] for p in await outbox(db, "vod.created")] == [str(vod["id"])]

    # deleted: now from the listings, then at Livepeer by the worker
    deleted = await client.delete(
        f"/private/v1/channels/alice/vods/{vod['id']}", headers=alice.auth
    )
    assert deleted.status_code == 204, deleted.text
    assert await db.fetchval("SELECT deleted_at FROM vods WHERE id = $1", vod["id"]) is not None

    async def asset_gone() -> bool:
        value = await db.fetchval("SELECT asset_deleted_at FROM vods WHERE id = $1", vod["id"])
        return value is not None

    await eventually(asset_gone)
    assert livepeer.assets[session["assetId"]]["deleted"] is True
    [call] = livepeer.calls_to("DELETE", "/asset")
    assert (call.path, call.authorized, call.status) == (f"/asset/{session['assetId']}", True, 204)
    assert [p["vod_id"] for p in await outbox(db, "vod.deleted")] == [str(vod["id"])]


async def test_idle_before_started(
    client: Client,
    ory: FakeOry,
    db: asyncpg.Connection,
    livepeer: FakeLivepeer,
    worker: Worker[Any],
) -> None:
    _, stream = await streamer(client, ory)
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=10)
    idle = await deliver(
        client, db, livepeer, livepeer.idle(stream, at=start + timedelta(minutes=5))
    )
    assert idle["error"] == "idle-before-start"
    started = await deliver(client, db, livepeer, livepeer.started(stream, at=start))
    assert started["error"] is None
    rows = await db.fetch("SELECT started_at, ended_at FROM livestreams")
    assert [(r["started_at"], r["ended_at"]) for r in rows] == [
        (start, start + timedelta(minutes=5))
    ]
    assert not await is_live(client)
    assert await outbox(db, "stream.online") == []


async def test_started_twice_and_a_replayed_delivery(
    client: Client,
    ory: FakeOry,
    db: asyncpg.Connection,
    livepeer: FakeLivepeer,
    worker: Worker[Any],
) -> None:
    _, stream = await streamer(client, ory)
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=10)
    first = livepeer.started(stream, at=start)
    await deliver(client, db, livepeer, first)
    replay = await livepeer.send(client, first)
    assert (replay.status_code, replay.json()["duplicate"]) == (200, True)
    second = await deliver(
        client, db, livepeer, livepeer.started(stream, at=start + timedelta(seconds=1))
    )
    assert second["error"] == "already-live"
    assert await db.fetchval("SELECT count(*) FROM livestreams") == 1
    assert len(await outbox(db, "stream.online")) == 1
    assert await is_live(client)


async def test_recording_before_idle(
    client: Client,
    ory: FakeOry,
    db: asyncpg.Connection,
    livepeer: FakeLivepeer,
    worker: Worker[Any],
) -> None:
    _, stream = await streamer(client, ory)
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=10)
    await deliver(client, db, livepeer, livepeer.started(stream, at=start))
    ready = livepeer.recording_ready(stream, started=start, last_seen=start + timedelta(minutes=5))
    await deliver(client, db, livepeer, ready)
    live_id = await db.fetchval("SELECT id FROM livestreams WHERE ended_at IS NULL")
    assert isinstance(live_id, uuid.UUID)
    assert await db.fetchval("SELECT livestream_id FROM vods") == live_id
    assert await is_live(client)  # still live until the idle
    await deliver(client, db, livepeer, livepeer.idle(stream, at=start + timedelta(minutes=6)))
    assert not await is_live(client)
    assert await db.fetchval("SELECT count(*) FROM vods") == 1
