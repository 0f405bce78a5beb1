"""Backpressure: a client that stops reading fills its bounded send queue and is closed with
4009 and the last seq written to it per room, so it resumes without a gap; the other clients
of the room get every event meanwhile."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis
from websockets.asyncio.client import connect

from streamz.adapters.redis.realtime import channel_of
from streamz.entrypoints.gateway.config import GatewayConfig
from streamz.settings import Settings
from tests.integration.gateway.conftest import People
from tests.integration.gateway.support import Client, Instance

ROOM = "/private/v1/channels/owner/chatroom"


@pytest.fixture
async def small(settings: Settings, clean: None) -> AsyncIterator[Instance]:
    config = GatewayConfig(queue_frames=50, close_timeout_seconds=20)
    instance = await Instance(settings, config, "small-queues").start()
    yield instance
    await instance.stop()


async def slow_client(url: str) -> Client:
    """A client with a tiny receive buffer that reads only when told to."""
    raw = socket.socket()
    raw.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    raw.connect(("127.0.0.1", int(url.split(":")[2].split("/", maxsplit=1)[0])))
    raw.setblocking(False)
    connection = await connect(url, sock=raw, max_queue=1, compression=None, max_size=None)
    return Client(connection)


async def test_a_slow_client_is_closed_4009_with_its_last_seq(
    small: Instance, people: People, settings: Settings
) -> None:
    fast = await Client.open(small.ws, max_queue=None)
    await fast.recv()
    topic = (await fast.subscribe("chatroom:owner"))["topic"]
    slow = await slow_client(small.ws)
    await slow.recv()
    await slow.subscribe(topic)
    first = await small.post(f"{ROOM}/messages", {"content": "first"}, people.owner.auth)
    assert first.status_code == 201
    await slow.until(lambda f: f.get("seq") == 1)
    # the slow client stops reading; the room gets busy: big non-durable events, and chat
    redis = Redis.from_url(settings.redis.url or "")
    filler = json.dumps({"topic": topic, "event": "acme.filler", "data": {"pad": "x" * 8000},
                         "seq": None, "durable": False})  # fmt: skip
    hub = await small.hub()
    sent = 1
    for round_ in range(200):
        for _ in range(20):
            await redis.publish(channel_of(topic), filler)
        response = await small.post(
            f"{ROOM}/messages", {"content": f"chat {round_}"}, people.owner.auth
        )
        assert response.status_code == 201
        sent = response.json()["seq"]
        if hub.counters.slow_closes:
            break
    await redis.aclose()
    assert hub.counters.slow_closes == 1, "the slow client was never closed"
    # the fast client got everything, in order, while the slow one was stuck
    await fast.until(lambda f: f.get("seq") == sent, 20)
    assert fast.seqs(topic) == list(range(1, sent + 1))
    # the slow client reads what was written to it, then the close frame
    code, reason = await slow.closed(30)
    assert code == 4009
    assert len(reason.encode()) <= 123
    last = json.loads(reason)["seq"][topic.partition(":")[2]]
    received = slow.seqs(topic)
    assert received == list(range(1, last + 1))
    assert last < sent
    # it resumes from there with nothing missing
    again = await Client.open(small.ws)
    await again.recv()
    await again.subscribe(topic, resume_from=last)
    await again.until(lambda f: f.get("seq") == sent, 10)
    assert received + again.seqs(topic) == list(range(1, sent + 1))
    await asyncio.sleep(0)


@pytest.fixture
async def brisk(settings: Settings, clean: None) -> AsyncIterator[Instance]:
    """Small queues and a short close timeout (slow consumers keep the default grace)."""
    config = GatewayConfig(queue_frames=50, close_timeout_seconds=1)
    instance = await Instance(settings, config, "brisk").start()
    yield instance
    await instance.stop()


async def test_a_stalled_client_still_gets_its_4009_close_frame(
    brisk: Instance, people: People, settings: Settings
) -> None:
    """A client that stops reading for longer than the close timeout finds, once it reads
    again, what was written to it and then the 4009 close frame with its real last seq."""
    slow = await slow_client(brisk.ws)
    await slow.recv()
    topic = (await slow.subscribe("chatroom:owner"))["topic"]
    redis = Redis.from_url(settings.redis.url or "")
    filler = json.dumps({"topic": topic, "event": "acme.filler", "data": {"pad": "y" * 8000},
                         "seq": None, "durable": False})  # fmt: skip
    hub = await brisk.hub()
    for round_ in range(200):
        for _ in range(20):
            await redis.publish(channel_of(topic), filler)
        sent = await brisk.post(f"{ROOM}/messages", {"content": f"m{round_}"}, people.owner.auth)
        assert sent.status_code == 201
        if hub.counters.slow_closes:
            break
    await redis.aclose()
    assert hub.counters.slow_closes == 1
    await asyncio.sleep(4)  # stalled for longer than the close timeout
    code, reason = await slow.closed(30)
    assert code == 4009
    last = json.loads(reason)["seq"][topic.partition(":")[2]]
    assert slow.seqs(topic) == list(range(1, last + 1))
