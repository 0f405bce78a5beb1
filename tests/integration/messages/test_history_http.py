"""History reads (four shapes, cursors both ways), deletes, purges and pins over HTTP."""

from __future__ import annotations

import uuid

import asyncpg

from tests.fakes.ory import FakeOry
from tests.integration.conftest import Client, api_token, count, make_moderator, register
from tests.integration.messages.helpers import PROBLEM, room

PRIVATE = "/private/v1"
PUBLIC = "/public/v1"


async def _send(
    client: Client, auth: dict[str, str], slug: str, text: str, reply: str | None = None
) -> dict[str, object]:
    response = await client.post(
        f"{PRIVATE}{room(slug)}/messages", json={"content": text, "reply_to": reply}, headers=auth
    )
    assert response.status_code == 201, response.text
    body: dict[str, object] = response.json()
    return body


async def test_four_history_shapes_with_cursors(client: Client, ory: FakeOry) -> None:
    await register(client, ory, "owner")
    await register(client, ory, "other")
    fan = await register(client, ory, "fan")
    friend = await register(client, ory, "friend")
    root = await _send(client, fan.auth, "owner", "root")
    for n in range(5):
        await _send(client, friend.auth, "owner", f"noise {n}")
    reply = await _send(client, friend.auth, "owner", "reply", str(root["id"]))
    await _send(client, fan.auth, "other", "elsewhere")
    await _send(client, fan.auth, "owner", "reply two", str(reply["id"]))

    latest = (await client.get(f"{PUBLIC}{room('owner')}/messages?limit=3")).json()
    assert [m["seq"] for m in latest["data"]] == [6, 7, 8]
    assert latest["after"] is None
    older = (
        await client.get(
            f"{PUBLIC}{room('owner')}/messages", params={"limit": 3, "before": latest["before"]}
        )
    ).json()
    assert [m["seq"] for m in older["data"]] == [3, 4, 5]
    newer = (
        await client.get(
            f"{PUBLIC}{room('owner')}/messages", params={"limit": 10, "after": older["after"]}
        )
    ).json()
    assert [m["seq"] for m in newer["data"]] == [6, 7, 8]
    assert newer["after"] is None

    in_room = (await client.get(f"{PUBLIC}{room('owner')}/users/fan/messages")).json()
    assert [m["content"] for m in in_room["data"]] == ["root", "reply two"]
    everywhere = (await client.get(f"{PUBLIC}/users/{fan.account_id}/messages")).json()
    assert [m["content"] for m in everywhere["data"]] == ["root", "elsewhere", "reply two"]
    thread = (
        await client.get(
            f"{PRIVATE}{room('owner')}/messages/{reply['id']}/thread", headers=fan.auth
        )
    ).json()
    assert [m["content"] for m in thread["data"]] == ["root", "reply", "reply two"]

    bad = await client.get(f"{PUBLIC}{room('owner')}/messages", params={"before": "garbage"})
    assert bad.status_code == 422
    assert bad.json()["type"] == PROBLEM + "invalid"
    missing = await client.get(f"{PUBLIC}/users/nobody/messages")
    assert missing.status_code == 404
    ghost = await client.get(f"{PUBLIC}{room('owner')}/messages/{uuid.uuid4()}/thread")
    assert ghost.json()["type"] == PROBLEM + "message-not-found"
    admin = await client.get(f"/admin/v1{room('owner')}/messages", headers=fan.auth)
    assert admin.status_code in {403, 404, 405}


async def test_delete_purge_and_pin(client: Client, ory: FakeOry, db: asyncpg.Connection) -> None:
    owner = await register(client, ory, "owner")
    fan = await register(client, ory, "fan")
    mod = await register(client, ory, "mod")
    await make_moderator(db, owner, mod, ["delete_messages"])
    first = await _send(client, fan.auth, "owner", "first")
    second = await _send(client, fan.auth, "owner", "second")
    third = await _send(client, fan.auth, "owner", "third")
    path = f"{PRIVATE}{room('owner')}/messages"

    own = await client.delete(f"{path}/{first['id']}", headers=fan.auth)
    assert own.status_code == 200, own.text
    assert own.json()["deleted"] is True
    assert own.json()["content"] is None
    stranger = await register(client, ory, "stranger")
    refused = await client.delete(f"{path}/{second['id']}", headers=stranger.auth)
    assert refused.status_code == 403
    token = await api_token(client, mod, "moderation:write")
    by_token = await client.delete(
        f"{PUBLIC}{room('owner')}/messages/{second['id']}", headers=token
    )
    assert by_token.status_code == 200, by_token.text

    pin = await client.put(
        f"{PRIVATE}{room('owner')}/pin",
        json={"message_id": third["id"], "duration_seconds": 600},
        headers=mod.auth,
    )
    assert pin.status_code == 200, pin.text
    shown = (await client.get(f"{PUBLIC}{room('owner')}/pin")).json()
    assert shown["message"]["id"] == third["id"]
    assert shown["pin"]["expires_at"] is not None
    fan_pin = await client.put(
        f"{PRIVATE}{room('owner')}/pin", json={"message_id": third["id"]}, headers=fan.auth
    )
    assert fan_pin.status_code == 403

    purge = await client.delete(
        f"{PRIVATE}{room('owner')}/users/fan/messages",
        params={"reason": "spam"},
        headers=owner.auth,
    )
    assert purge.status_code == 200, purge.text
    assert purge.json()["deleted"] == 1
    gone = await client.get(f"{PUBLIC}{room('owner')}/pin")
    assert gone.status_code == 404  # the pinned message was purged
    page = (await client.get(f"{PUBLIC}{room('owner')}/messages")).json()
    assert [(m["seq"], m["deleted"]) for m in page["data"]] == [(1, True), (2, True), (3, True)]
    actions = {
        r["action"]
        for r in await db.fetch("SELECT action FROM channel_audit_log WHERE action LIKE 'chat.%'")
    }
    assert {"chat.message_deleted", "chat.message_pinned", "chat.messages_purged"} <= actions
    topics = [r["topic"] for r in await db.fetch("SELECT topic FROM outbox ORDER BY id")]
    assert topics.count("chat.message_deleted") == 2
    assert "chat.messages_purged" in topics
    assert "chat.message_unpinned" in topics
    assert await count(db, "chat_pins") == 0
    assert await count(db, "chat_messages") == 3
