"""Events reach Redis pub/sub right after the write commits and again from the outbox relay;
the recent history and the Postgres log give a resuming client every seq it missed."""

from __future__ import annotations

import asyncio
import json
import uuid
from typing import Any

import asyncpg
from redis.asyncio import Redis

from streamz.adapters.redis.realtime import HISTORY_PREFIX, channel_of
from streamz.container import make_container
from streamz.core.realtime.replay import ReplayRoom
from streamz.entrypoints.worker.main import relay_once
from streamz.settings import Settings
from tests.fakes.ory import FakeOry
from tests.integration.conftest import Client, register


async def _collect(pubsub: Any, count: int, seconds: float = 5.0) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    deadline = asyncio.get_running_loop().time() + seconds
    while len(out) < count and asyncio.get_running_loop().time() < deadline:
        message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=0.2)
        if message is not None:
            out.append(json.loads(message["data"]))
    return out


async def test_fast_path_relay_history_and_replay(
    client: Client, ory: FakeOry, db: asyncpg.Connection, settings: Settings
) -> None:
    owner = await register(client, ory, "owner")
    room = await db.fetchval(
        "SELECT r.id FROM chatrooms r JOIN channels c ON c.id = r.channel_id WHERE c.slug = 'owner'"
    )
    assert isinstance(room, uuid.UUID)
    topic = f"chatroom:{room}"
    assert settings.redis.url is not None
    redis = Redis.from_url(settings.redis.url)
    pubsub = redis.pubsub()
    await pubsub.subscribe(channel_of(topic))
    try:
        sent = []
        for text in ("one", "two", "three"):
            response = await client.post(
                "/private/v1/channels/owner/chatroom/messages",
                json={"content": text},
                headers=owner.auth,
            )
            assert response.status_code == 201
            sent.append(response.json())
        deleted = await client.delete(
            f"/private/v1/channels/owner/chatroom/messages/{sent[0]['id']}", headers=owner.auth
        )
        assert deleted.status_code == 200
        fast = await _collect(pubsub, 4)
        assert [(e["event"], e["seq"]) for e in fast] == [
            ("chat.message_sent", 1),
            ("chat.message_sent", 2),
            ("chat.message_sent", 3),
            ("chat.message_deleted", 4),
        ]
        assert fast[1]["data"]["content"] == "two"
        # the relay publishes the same events again (instances drop repeats by seq)
        container = make_container(settings)
        try:
            assert await relay_once(container) >= 4
            again = await _collect(pubsub, 4)
            assert sorted(e["seq"] for e in again) == [1, 2, 3, 4]
            async with container() as scope:
                replay = await scope.get(ReplayRoom)
                recent = await replay(room, 1)
            assert [e.seq for e in recent.events] == [2, 3, 4]
            # Redis lost its history: the same answer comes from Postgres
            await redis.delete(HISTORY_PREFIX + topic)
            async with container() as scope:
                replay = await scope.get(ReplayRoom)
                from_db = await replay(room, 1)
            assert [(e.seq, e.event) for e in from_db.events] == [
                (2, "chat.message_sent"),
                (3, "chat.message_sent"),
                (4, "chat.message_deleted"),
            ]
            assert from_db.events[0].data["content"] == "two"
            assert from_db.last_seq == 4
        finally:
            await container.close()
    finally:
        await pubsub.aclose()  # type: ignore[no-untyped-call]
        await redis.aclose()


async def test_a_rolled_back_write_publishes_nothing(
    client: Client, ory: FakeOry, settings: Settings
) -> None:
    owner = await register(client, ory, "owner")
    assert settings.redis.url is not None
    redis = Redis.from_url(settings.redis.url)
    pubsub = redis.pubsub()
    await pubsub.psubscribe("streamz:rt:chatroom:*")
    try:
        refused = await client.post(
            "/private/v1/channels/owner/chatroom/messages",
            json={"content": "hi", "reply_to": str(uuid.uuid4())},
            headers=owner.auth,
        )
        assert refused.status_code == 404
        assert await _collect(pubsub, 1, seconds=1.0) == []
    finally:
        await pubsub.aclose()  # type: ignore[no-untyped-call]
        await redis.aclose()
