"""The websocket ``send`` frame's ``idempotency_key`` on real servers: a frame retried on
another connection (and instance) after its ack was lost is answered with the first ack again
and makes one message; the key is checked like the HTTP header."""

from __future__ import annotations

import asyncio
from typing import Any

import asyncpg

from tests.integration.gateway.conftest import People
from tests.integration.gateway.support import PROBLEM, Client, Instance


async def _contents(db: asyncpg.Connection) -> list[str]:
    rows = await db.fetch("SELECT content FROM chat_messages ORDER BY seq")
    return [r["content"] for r in rows]


async def _until_acked(client: Client, frame: dict[str, Any]) -> dict[str, Any]:
    """Send ``frame`` until it is acked, waiting out ``idempotency-key-in-progress``."""
    for _ in range(50):
        answer = await client.answer(frame)
        if answer["type"] == "ack":
            return answer
        assert answer["problem"]["type"] == PROBLEM + "idempotency-key-in-progress", answer
        await asyncio.sleep(0.1)
    raise AssertionError("never acked")


async def test_a_send_retried_on_another_connection_is_acked_once(
    a: Instance, b: Instance, people: People, db: asyncpg.Connection
) -> None:
    frame = {"type": "send", "chatroom": "owner", "content": "just once", "idempotency_key": "k1"}
    first = await Client.open(a.ws, people.fan.token)
    await first.recv()  # welcome
    await first.send({**frame, "id": "s1"})
    for _ in range(100):  # committed; its ack is never read: lost with the connection
        if await _contents(db):
            break
        await asyncio.sleep(0.05)
    await first.close()
    second = await Client.open(b.ws, people.fan.token)
    await second.recv()
    retried = await _until_acked(second, frame)
    assert retried["replayed"] is True
    assert retried["message"]["content"] == "just once"
    again = await second.answer(frame)
    assert again["type"] == "ack"
    assert again["replayed"] is True
    assert again["message"] == retried["message"]
    assert await _contents(db) == ["just once"]
    # without a key, the same content is another message
    plain = await second.answer({k: v for k, v in frame.items() if k != "idempotency_key"})
    assert plain["type"] == "ack"
    assert "replayed" not in plain
    assert plain["message"]["id"] != again["message"]["id"]


async def test_the_first_ack_is_answered_again_with_replayed(
    a: Instance, b: Instance, people: People, db: asyncpg.Connection
) -> None:
    frame = {"type": "send", "chatroom": "owner", "content": "hi", "idempotency_key": "k2"}
    one = await Client.open(a.ws, people.fan.token)
    await one.recv()
    first = await one.answer(frame)
    assert first["type"] == "ack"
    assert "replayed" not in first
    two = await Client.open(b.ws, people.fan.token)
    await two.recv()
    again = await two.answer(frame)
    assert again == {**first, "id": again["id"], "replayed": True}
    # another account's key is its own
    other = await Client.open(a.ws, people.other.token)
    await other.recv()
    theirs = await other.answer(frame)
    assert theirs["type"] == "ack"
    assert "replayed" not in theirs
    assert await _contents(db) == ["hi", "hi"]


async def test_concurrent_frames_with_one_key_make_one_message(
    a: Instance, b: Instance, people: People, db: asyncpg.Connection
) -> None:
    frame = {"type": "send", "chatroom": "owner", "content": "race", "idempotency_key": "k3"}
    clients = [await Client.open(i.ws, people.fan.token) for i in (a, b, a, b)]
    for client in clients:
        await client.recv()
    answers = await asyncio.gather(*(c.answer(frame) for c in clients))
    acks = [x for x in answers if x["type"] == "ack"]
    busy = [x for x in answers if x["type"] == "error"]
    assert acks
    assert {x["message"]["id"] for x in acks} == {acks[0]["message"]["id"]}
    assert all(x["problem"]["type"] == PROBLEM + "idempotency-key-in-progress" for x in busy)
    assert all(x["problem"]["retry_after"] == 1 for x in busy)
    assert await _contents(db) == ["race"]


async def test_a_reused_or_malformed_key_is_an_error_and_sends_nothing(
    a: Instance, people: People, db: asyncpg.Connection
) -> None:
    client = await Client.open(a.ws, people.fan.token)
    await client.recv()
    sent = await client.answer(
        {"type": "send", "chatroom": "owner", "content": "one", "idempotency_key": "k4"}
    )
    assert sent["type"] == "ack"
    reused = await client.answer(
        {"type": "send", "chatroom": "owner", "content": "two", "idempotency_key": "k4"}
    )
    assert reused["problem"]["type"] == PROBLEM + "idempotency-key-reused"
    assert reused["problem"]["status"] == 422
    assert reused["problem"]["errors"][0]["field"] == "idempotency_key"
    for bad, code in [("", "invalid-idempotency-key"), ("é", "invalid-idempotency-key")]:
        error = await client.answer(
            {"type": "send", "chatroom": "owner", "content": "x", "idempotency_key": bad}
        )
        assert error["problem"]["type"] == PROBLEM + code
        assert error["problem"]["status"] == 400
    mistyped = await client.answer(
        {"type": "send", "chatroom": "owner", "content": "x", "idempotency_key": 7}
    )
    assert mistyped["problem"]["type"] == PROBLEM + "malformed-frame"
    assert await _contents(db) == ["one"]
