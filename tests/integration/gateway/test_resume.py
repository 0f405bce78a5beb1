"""Resuming without gap or duplicate: after a disconnect, across a restart of the subscribing
instance, from Redis history or PostgreSQL; too far back is a resync. Pub/sub duplicates and
reordering never reach clients."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Sequence
from typing import Any

import asyncpg
from dishka import Provider, Scope, provide
from redis.asyncio import Redis

from streamz.adapters.redis.realtime import HISTORY_PREFIX, channel_of
from streamz.core.chat.messages.send_message import SendMessage, SendMessageRequest
from streamz.core.identity.entities import Principal
from streamz.core.realtime.events import RealtimeEvent
from streamz.library import Streamz
from streamz.ports.realtime import RealtimePublisher
from streamz.settings import Settings
from tests.integration.gateway.conftest import People
from tests.integration.gateway.support import Client, Instance

ROOM = "/private/v1/channels/owner/chatroom"
SYSTEM = Principal.system()


async def send(instance: Instance, people: People, *contents: str) -> list[int]:
    """Messages from the channel owner (the owner's rate limit is the moderators': 100)."""
    seqs = []
    for content in contents:
        sent = await instance.post(f"{ROOM}/messages", {"content": content}, people.owner.auth)
        assert sent.status_code == 201, sent.text
        seqs.append(sent.json()["seq"])
    return seqs


async def watch(instance: Instance, resume_from: int | None = None) -> tuple[Client, str, int]:
    client = await Client.open(instance.ws)
    await client.recv()
    answer = await client.subscribe("chatroom:owner", resume_from)
    return client, answer["topic"], answer["seq"]


async def test_resume_after_a_disconnect_has_no_gap_and_no_duplicate(
    a: Instance, b: Instance, people: People
) -> None:
    client, topic, _ = await watch(b)
    await send(a, people, "one", "two", "three")
    await client.until(lambda f: f.get("seq") == 3)
    await client.close()
    await send(a, people, "four", "five", "six")
    again, _, seq = await watch(b, resume_from=3)
    assert seq == 6
    await send(a, people, "seven")
    await again.until(lambda f: f.get("seq") == 7)
    await again.drain(0.3)
    assert again.seqs(topic) == [4, 5, 6, 7]
    contents = [e["data"]["content"] for e in again.events("chat.message_sent")]
    assert contents == ["four", "five", "six", "seven"]


async def test_reconnecting_while_chat_goes_on_sees_every_seq_once(
    a: Instance, b: Instance, people: People
) -> None:
    """A writer keeps sending on A; a reader on B reconnects five times, each time resuming
    from the last seq it saw: it sees 1..N exactly once, in order."""
    total = 30

    async def writer() -> None:
        for n in range(total):
            await send(a, people, f"m{n}")
            await asyncio.sleep(0.01)

    writing = asyncio.create_task(writer())
    seen: list[int] = []
    last: int | None = None
    for _ in range(5):
        client, topic, _ = await watch(b, last)
        await asyncio.sleep(0.08)
        await client.drain(0.02)
        await client.close()
        seen += client.seqs(topic)
        last = seen[-1] if seen else (last or 0)
    await writing
    client, topic, _ = await watch(b, last)
    await client.until(lambda f: f.get("seq") == total, 10) if last != total else None
    await client.drain(0.2)
    seen += client.seqs(topic)
    assert seen == list(range(1, total + 1))


async def test_resume_after_the_subscribing_instance_restarts(
    a: Instance, b: Instance, people: People
) -> None:
    client, topic, _ = await watch(b)
    await send(a, people, "before")
    await client.until(lambda f: f.get("seq") == 1)
    restarting = asyncio.create_task(b.stop())
    code, _ = await client.closed()
    assert code in {1001, 1012}  # going away / service restart: come back with resume_from
    await restarting
    await send(a, people, "while b is down 1", "while b is down 2")
    await b.start()
    again, _, seq = await watch(b, resume_from=1)
    assert seq == 3
    await send(a, people, "after")
    await again.until(lambda f: f.get("seq") == 4)
    await again.drain(0.2)
    assert again.seqs(topic) == [2, 3, 4]
    assert [e["data"]["content"] for e in again.events("chat.message_sent")] == [
        "while b is down 1",
        "while b is down 2",
        "after",
    ]


async def test_resume_falls_back_to_postgres_when_redis_history_is_gone(
    a: Instance, b: Instance, people: People, settings: Settings
) -> None:
    _, topic, _ = await watch(a)
    await send(a, people, "one", "two", "three", "four")
    redis = Redis.from_url(settings.redis.url or "")
    assert await redis.delete(HISTORY_PREFIX + topic) == 1
    await redis.aclose()
    client, _, seq = await watch(b, resume_from=1)  # b never saw the room: not in its memory
    assert seq == 4
    await client.until(lambda f: f.get("seq") == 4)
    assert client.seqs(topic) == [2, 3, 4]
    assert client.events("chat.message_sent")[0]["data"]["content"] == "two"


async def test_resume_too_far_back_is_a_resync(
    a: Instance, people: People, db: asyncpg.Connection
) -> None:
    await send(a, people, "one")
    await db.execute("UPDATE chatroom_sequences SET last_seq = 6000")
    client = await Client.open(a.ws)
    await client.recv()
    await client.send({"type": "subscribe", "id": "s", "topic": "chatroom:owner", "resume_from": 1})
    resync = await client.until(lambda f: f["type"] == "resync")
    subscribed = await client.until(lambda f: f["type"] == "subscribed")
    assert resync["seq"] == subscribed["seq"] == 6000
    assert subscribed["id"] == "s"
    await send(a, people, "live again")
    event = await client.event("chat.message_sent")
    assert event["seq"] == 6001


class _Silent:
    async def publish(self, events: Sequence[RealtimeEvent]) -> None:
        return None


class _NoFastPath(Provider):
    """The library writes without publishing (as if its process died right after commit)."""

    @provide(scope=Scope.APP)
    def publisher(self) -> RealtimePublisher:
        return _Silent()


async def _publish_raw(settings: Settings, topic: str, *bodies: dict[str, Any]) -> None:
    redis = Redis.from_url(settings.redis.url or "")
    for body in bodies:
        await redis.publish(channel_of(topic), json.dumps(body))
    await redis.aclose()


async def test_pubsub_duplicates_and_holes_never_reach_clients(
    a: Instance, b: Instance, people: People, settings: Settings
) -> None:
    client, topic, _ = await watch(b)
    await send(a, people, "one", "two")
    await client.until(lambda f: f.get("seq") == 2)
    chatroom_id = topic.partition(":")[2]
    # the relay publishes seq 2 again, and a copy of 1: dropped
    stale = {"topic": topic, "event": "chat.message_sent", "data": {}, "id": str(uuid.uuid4())}
    await _publish_raw(settings, topic, {**stale, "seq": 2}, {**stale, "seq": 1})
    # 3 and 4 are committed by a writer whose fast path never published them
    async with Streamz.from_settings(settings, _NoFastPath()) as lib:
        for content in ("three", "four"):
            request = SendMessageRequest(SYSTEM, "owner", content, author="fan")
            await lib.call(SendMessage, request)
    # only 4 arrives (say, from the relay): 3 is missing, so 4 waits, then 3 is read back
    four = {"topic": topic, "event": "chat.message_sent", "seq": 4, "durable": True,
            "data": {"chatroom_id": chatroom_id, "seq": 4, "content": "four"}}  # fmt: skip
    await _publish_raw(settings, topic, four)
    await client.until(lambda f: f.get("seq") == 4)
    await client.drain(0.3)
    assert client.seqs(topic) == [1, 2, 3, 4]
    assert client.events("chat.message_sent")[2]["data"]["content"] == "three"
    hub = await b.hub()
    assert hub.counters.duplicates >= 2
    assert hub.counters.fills >= 1


async def test_a_dropped_pubsub_connection_reconnects_and_catches_up(
    a: Instance, b: Instance, people: People, settings: Settings
) -> None:
    client, topic, _ = await watch(b)
    await send(a, people, "one")
    await client.until(lambda f: f.get("seq") == 1)
    redis = Redis.from_url(settings.redis.url or "")
    killed = await redis.client_kill_filter(_type="pubsub")
    assert killed >= 1
    await redis.aclose()
    await send(a, people, "two", "three")  # published while b was reconnecting, or after
    await client.until(lambda f: f.get("seq") == 3, 10)
    await send(a, people, "four")
    await client.until(lambda f: f.get("seq") == 4, 10)
    await client.drain(0.2)
    assert client.seqs(topic) == [1, 2, 3, 4]
    hub = await b.hub()
    assert hub.snapshot().listener_connected
