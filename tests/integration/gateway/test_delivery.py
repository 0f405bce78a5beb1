"""Events cross instances through Redis: chat sent over HTTP or a websocket on one instance
reaches subscribers on the other, once each and in seq order; channel and private topics;
anonymous connections read but do not write."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import httpx

from tests.integration.gateway.conftest import People
from tests.integration.gateway.support import PROBLEM, Client, Instance

ROOM = "/private/v1/channels/owner/chatroom"


def answer_to(frame_id: str) -> Callable[[dict[str, Any]], bool]:
    return lambda frame: frame.get("id") == frame_id


async def test_chat_crosses_instances_once_and_in_order(
    a: Instance, b: Instance, people: People
) -> None:
    on_a = await Client.open(a.ws, people.fan.token)
    on_b = await Client.open(b.ws)  # anonymous
    assert (await on_a.recv())["principal"]["kind"] == "user"
    assert (await on_b.recv())["principal"] == {"kind": "anonymous", "account_id": None}
    topic = (await on_a.subscribe("chatroom:owner"))["topic"]
    subscribed = await on_b.subscribe(topic)  # the canonical topic works as well
    assert subscribed == {"type": "subscribed", "id": subscribed["id"], "topic": topic, "seq": 0}

    # over HTTP on instance A
    sent = await a.post(f"{ROOM}/messages", {"content": "over http"}, people.other.auth)
    assert sent.status_code == 201, sent.text
    # over a websocket on instance A, several at once
    for n in range(5):
        await on_a.send({"type": "send", "id": f"m{n}", "chatroom": "owner", "content": f"ws {n}"})
    acks = [await on_a.until(answer_to(f"m{n}")) for n in range(5)]
    assert [ack["type"] for ack in acks] == ["ack"] * 5
    assert sorted(ack["message"]["seq"] for ack in acks) == [2, 3, 4, 5, 6]
    assert acks[0]["message"]["author"]["username"] == "fan"

    for client in (on_a, on_b):
        await client.until(lambda f: f.get("seq") == 6 and f.get("type") == "event")
        await client.drain(0.3)
        assert client.seqs(topic) == [1, 2, 3, 4, 5, 6]
        messages = client.events("chat.message_sent")
        assert messages[0]["data"]["content"] == "over http"
        assert all(m["durable"] is True and m["topic"] == topic for m in messages)
    hub_a, hub_b = await a.hub(), await b.hub()
    assert hub_a.instance != hub_b.instance
    assert hub_b.counters.received >= 6  # b got them from pub/sub, not from a


async def test_anonymous_connections_read_but_do_not_write(a: Instance, people: People) -> None:
    anonymous = await Client.open(a.ws)
    await anonymous.recv()
    await anonymous.subscribe("chatroom:owner")
    refused = await anonymous.answer({"type": "send", "chatroom": "owner", "content": "hi"})
    assert refused["type"] == "error"
    assert refused["problem"]["type"] == PROBLEM + "unauthenticated"
    assert refused["problem"]["status"] == 401
    private = await anonymous.answer({"type": "subscribe", "topic": "user"})
    assert private["problem"]["type"] == PROBLEM + "unauthenticated"
    unknown = await anonymous.answer({"type": "subscribe", "topic": "chatroom:nobody"})
    assert unknown["problem"]["type"] == PROBLEM + "channel-not-found"
    assert unknown["problem"]["status"] == 404
    odd = await anonymous.answer({"type": "subscribe", "topic": "weather:today"})
    assert odd["problem"]["type"] == PROBLEM + "invalid-topic"
    pong = await anonymous.answer({"type": "ping"})
    assert pong["type"] == "pong"


async def test_private_and_channel_topics(a: Instance, b: Instance, people: People) -> None:
    fan = await Client.open(a.ws, people.fan.token)
    await fan.recv()
    mine = await fan.subscribe("user")
    assert mine["topic"] == f"user:{people.fan.account_id}"
    assert "seq" not in mine
    refused = await fan.answer({"type": "subscribe", "topic": f"user:{people.other.account_id}"})
    assert refused["problem"]["type"] == PROBLEM + "forbidden"
    watcher = await Client.open(b.ws)
    await watcher.recv()
    channel = (await watcher.subscribe("channel:owner"))["topic"]
    async with httpx.AsyncClient(base_url=b.url) as http:
        followed = await http.put(
            "/private/v1/me/follows/channels/owner", headers=people.other.auth
        )
    assert followed.status_code in {200, 201}, followed.text
    event = await watcher.event("channel.followed")
    assert event["topic"] == channel
    assert "seq" not in event


async def test_unsubscribe_stops_events(a: Instance, b: Instance, people: People) -> None:
    client = await Client.open(b.ws)
    await client.recv()
    topic = (await client.subscribe("chatroom:owner"))["topic"]
    ack = await client.answer({"type": "unsubscribe", "topic": "chatroom:owner"})
    assert ack["type"] == "ack"
    hub = await b.hub()
    assert topic not in hub.topics  # the last local subscriber left: pub/sub unsubscribed
    sent = await a.post(f"{ROOM}/messages", {"content": "nobody hears"}, people.fan.auth)
    assert sent.status_code == 201
    await asyncio.sleep(0.3)
    await client.drain(0.2)
    assert client.events() == []
