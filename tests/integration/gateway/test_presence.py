"""Viewer counts across instances: unique signed-in users plus anonymous connections, one
``chatroom.viewers`` event per interval, a silent instance's viewers dropping out, and samples
and peaks kept in PostgreSQL."""

from __future__ import annotations

import uuid
from typing import Any

import asyncpg
from redis.asyncio import Redis

from streamz.adapters.redis.presence import RedisPresence
from streamz.core.realtime.viewers import RoomPresence
from streamz.settings import Settings
from tests.integration.gateway.conftest import People
from tests.integration.gateway.support import Client, Instance


async def viewer(instance: Instance, token: str | None = None) -> tuple[Client, str]:
    client = await Client.open(instance.ws, token)
    await client.recv()
    return client, (await client.subscribe("chatroom:owner"))["topic"]


def counted(viewers: int) -> Any:
    return lambda f: f.get("event") == "chatroom.viewers" and f["data"]["viewers"] == viewers


async def test_viewers_are_counted_across_instances(
    a: Instance, b: Instance, people: People, settings: Settings, db: asyncpg.Connection
) -> None:
    watcher, topic = await viewer(a, people.fan.token)
    await viewer(a, people.fan.token)  # the same user twice on a: one viewer
    await viewer(a)  # anonymous
    leaving = [
        (await viewer(b, people.fan.token))[0],  # the same user on b: still one viewer
        (await viewer(b, people.other.token))[0],
        (await viewer(b))[0],
        (await viewer(b))[0],
    ]
    event = await watcher.until(counted(5), 5)  # fan, other and three anonymous connections
    assert event["data"]["users"] == 2
    assert event["data"]["anonymous"] == 3
    assert event["durable"] is False
    assert "seq" not in event
    chatroom_id = topic.partition(":")[2]
    assert event["data"]["chatroom_id"] == chatroom_id

    # an instance that stops reporting (it died) drops out after its viewers' time to live
    redis = Redis.from_url(settings.redis.url or "")
    ghost = RoomPresence([str(uuid.uuid4())], [], 4)
    await RedisPresence(redis).report("ghost", {topic: ghost}, ttl=1.0)
    await redis.aclose()
    await watcher.until(counted(10), 5)
    await watcher.until(counted(5), 5)

    for client in leaving:
        await client.close()
    left = await watcher.until(counted(2), 5)  # fan (on a) and one anonymous connection
    assert (left["data"]["users"], left["data"]["anonymous"]) == (1, 1)

    channel_id = uuid.UUID(event["data"]["channel_id"])
    samples = await db.fetch(
        "SELECT viewers, users, anonymous, peak, chatroom_id FROM viewer_samples"
        " WHERE channel_id = $1 ORDER BY sampled_at",
        channel_id,
    )
    assert samples, "no viewer samples were recorded"
    assert {str(s["chatroom_id"]) for s in samples} == {chatroom_id}
    assert max(s["peak"] for s in samples) >= 5
    peak = await db.fetchrow("SELECT peak FROM viewer_peaks WHERE channel_id = $1", channel_id)
    assert peak is not None
    assert peak["peak"] >= 5


async def test_one_instance_publishes_per_interval(
    a: Instance, b: Instance, people: People
) -> None:
    watcher, _ = await viewer(a)
    await viewer(b)
    await watcher.until(counted(2), 5)
    before = len(watcher.events("chatroom.viewers"))
    await watcher.collect(1.5)
    counts = watcher.events("chatroom.viewers")[before:]
    # intervals of 0.3 s over ~1.5 s: about five events, not one per instance per interval
    assert 2 <= len(counts) <= 9
