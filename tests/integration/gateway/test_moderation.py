"""Moderation live: a ban or timeout stops the user's open connections from sending at once
and reaches every client; deletes, purges and pins made over websockets or HTTP propagate to
all instances; the websocket frames keep the HTTP API's rules and problem types."""

from __future__ import annotations

import httpx

from tests.integration.gateway.conftest import People
from tests.integration.gateway.support import PROBLEM, Client, Instance

ROOM = "/private/v1/channels/owner/chatroom"


async def connect(instance: Instance, token: str | None) -> tuple[Client, str]:
    client = await Client.open(instance.ws, token)
    await client.recv()
    return client, (await client.subscribe("chatroom:owner"))["topic"]


async def test_a_ban_takes_effect_on_open_connections_at_once(
    a: Instance, b: Instance, people: People
) -> None:
    fan, topic = await connect(a, people.fan.token)
    mine = await fan.subscribe("user")
    watcher, _ = await connect(b, None)
    first = await fan.answer({"type": "send", "chatroom": "owner", "content": "before"})
    assert first["type"] == "ack"

    banned = await b.post(f"{ROOM}/bans", {"user": "fan", "reason": "spam"}, people.owner.auth)
    assert banned.status_code == 201, banned.text
    # the same connection, no reconnect: refused by the use case, as over HTTP
    refused = await fan.answer({"type": "send", "chatroom": "owner", "content": "after"})
    assert refused["type"] == "error"
    assert refused["problem"]["type"] == PROBLEM + "chat-banned"
    assert refused["problem"]["status"] == 403
    # everyone in the room sees the ban (with the room's seq); the banned user sees it privately
    for client in (watcher, fan):
        event = await client.until(
            lambda f: f.get("event") == "chat.user_banned" and f["topic"] == topic
        )
        assert event["seq"] == 2
        assert event["data"]["account_id"] == people.fan.account_id
    private = await fan.until(
        lambda f: f.get("event") == "chat.user_banned" and f["topic"] == mine["topic"]
    )
    assert "seq" not in private

    async with httpx.AsyncClient(base_url=a.url) as http:
        lifted = await http.delete(f"{ROOM}/bans/fan", headers=people.owner.auth)
    assert lifted.status_code == 200, lifted.text
    await watcher.event("chat.user_unbanned")
    timed_out = await a.post(
        f"{ROOM}/bans", {"user": "fan", "duration_seconds": 600}, people.owner.auth
    )
    assert timed_out.status_code == 201
    refused = await fan.answer({"type": "send", "chatroom": "owner", "content": "again"})
    assert refused["problem"]["type"] == PROBLEM + "chat-timed-out"
    await watcher.drain(0.3)
    assert watcher.seqs(topic) == [1, 2, 3, 4]  # sent, banned, unbanned, timed out


async def test_deletes_purges_and_pins_propagate(a: Instance, b: Instance, people: People) -> None:
    owner, topic = await connect(a, people.owner.token)
    fan, _ = await connect(a, people.fan.token)
    watcher, _ = await connect(b, None)
    sent = [
        (await fan.answer({"type": "send", "chatroom": topic, "content": f"m{n}"}))["message"]
        for n in range(3)
    ]
    assert [m["seq"] for m in sent] == [1, 2, 3]

    pinned = await owner.answer(
        {"type": "pin", "chatroom": "owner", "message_id": sent[0]["id"], "duration_seconds": 60}
    )
    assert pinned["type"] == "ack"
    assert pinned["pin"]["message_id"] == sent[0]["id"]
    assert pinned["message"]["id"] == sent[0]["id"]
    unpinned = await owner.answer({"type": "unpin", "chatroom": "owner"})
    assert unpinned["pin"]["message_id"] == sent[0]["id"]
    again = await owner.answer({"type": "unpin", "chatroom": "owner"})
    assert again["problem"]["type"] == PROBLEM + "pin-not-found"

    # others may not delete; the owner may
    refused = await fan.answer({"type": "delete", "chatroom": "owner", "message_id": sent[0]["id"]})
    assert refused["type"] == "ack"  # its own message, within 10 minutes
    other = await fan.answer({"type": "delete", "chatroom": "owner", "message_id": "0" * 32})
    assert other["problem"]["type"] == PROBLEM + "message-not-found"
    deleted = await owner.answer(
        {"type": "delete", "chatroom": "owner", "message_id": sent[1]["id"]}
    )
    assert deleted["message"]["deleted"] is True

    async with httpx.AsyncClient(base_url=b.url) as http:
        purged = await http.delete(f"{ROOM}/users/fan/messages", headers=people.owner.auth)
    assert purged.status_code == 200, purged.text

    for client in (watcher, fan):
        purge = await client.event("chat.messages_purged")
        assert purge["data"]["author_id"] == people.fan.account_id
        await client.drain(0.2)
        names = [(e["seq"], e["event"]) for e in client.events() if e["durable"]]
        assert names == [
            (1, "chat.message_sent"),
            (2, "chat.message_sent"),
            (3, "chat.message_sent"),
            (4, "chat.message_pinned"),
            (5, "chat.message_unpinned"),
            (6, "chat.message_deleted"),
            (7, "chat.message_deleted"),
            (8, "chat.messages_purged"),
        ]
