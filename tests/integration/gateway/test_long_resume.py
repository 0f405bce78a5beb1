"""Resuming far behind (1,000 to 5,000 events): the replay streams from history a page at a
time, outside the send queue's bound, and hands over to live events with no gap and no
duplicate; a ``resume_from`` ahead of the room is clamped; frames carry UTF-8 text."""

from __future__ import annotations

import asyncio
import uuid

import asyncpg
from websockets.asyncio.client import connect

from tests.integration.gateway.conftest import People
from tests.integration.gateway.support import Client, Instance

ROOM = "/private/v1/channels/owner/chatroom"


async def backfill(db: asyncpg.Connection, chatroom_id: str, count: int) -> int:
    """``count`` durable room events written straight to the log (as if they happened while
    the client was away); the room's new head."""
    room = uuid.UUID(chatroom_id)
    head = await db.fetchval(
        "SELECT coalesce(max(last_seq), 0) FROM chatroom_sequences WHERE chatroom_id = $1", room
    )
    await db.execute(
        "INSERT INTO chat_room_events (chatroom_id, seq, topic, payload, created_at)"
        " SELECT $1, g, 'chatroom.rules_updated',"
        " jsonb_build_object('chatroom_id', $4::text, 'n', g), now()"
        " FROM generate_series($2::bigint, $3::bigint) g",
        room,
        head + 1,
        head + count,
        chatroom_id,
    )
    await db.execute(
        "INSERT INTO chatroom_sequences (chatroom_id, last_seq) VALUES ($1, $2)"
        " ON CONFLICT (chatroom_id) DO UPDATE SET last_seq = $2",
        room,
        head + count,
    )
    return int(head) + count


async def test_a_client_3000_events_behind_resumes_gap_free_while_chat_goes_on(
    a: Instance, b: Instance, people: People, db: asyncpg.Connection
) -> None:
    watcher = await Client.open(a.ws, max_queue=None)
    await watcher.recv()
    topic = (await watcher.subscribe("chatroom:owner"))["topic"]
    first = await a.post(f"{ROOM}/messages", {"content": "before"}, people.owner.auth)
    assert first.status_code == 201
    head = await backfill(db, topic.partition(":")[2], 3000)

    async def chatter() -> list[int]:
        seqs = []
        for n in range(20):
            sent = await b.post(f"{ROOM}/messages", {"content": f"live {n}"}, people.owner.auth)
            assert sent.status_code == 201, sent.text
            seqs.append(sent.json()["seq"])
            await asyncio.sleep(0.02)
        return seqs

    live = asyncio.create_task(chatter())
    resumed = []
    for instance in (a, b):  # a watches the room (memory + history), b does not
        client = await Client.open(instance.ws, max_queue=None)
        await client.recv()
        await client.subscribe(topic, resume_from=1)
        resumed.append(client)
    last = (await live)[-1]
    assert last > head
    for client in resumed:
        await client.until(lambda f: f.get("seq") == last, 30)
        await client.drain(0.3)
        assert client.seqs(topic) == list(range(2, last + 1))
        assert not [f for f in client.frames if f.get("type") in ("resync", "error")]
        assert client.connection.close_code is None  # not closed 4009
    assert (await a.hub()).counters.slow_closes == 0
    assert (await b.hub()).counters.slow_closes == 0


async def test_a_resume_ahead_of_the_room_is_clamped(a: Instance, people: People) -> None:
    sent = await a.post(f"{ROOM}/messages", {"content": "one"}, people.owner.auth)
    assert sent.json()["seq"] == 1
    client = await Client.open(a.ws, max_queue=None)
    await client.recv()
    answer = await client.subscribe("chatroom:owner", resume_from=500)
    assert answer["seq"] == 1  # where the room is, not where the client said
    again = await a.post(f"{ROOM}/messages", {"content": "two"}, people.owner.auth)
    assert again.json()["seq"] == 2
    event = await client.event("chat.message_sent")
    assert event["seq"] == 2


async def test_frames_are_utf8_text(a: Instance, people: People) -> None:
    async with connect(a.ws, compression=None) as raw:
        await raw.recv()
        await raw.send('{"type":"subscribe","id":"s","topic":"chatroom:owner"}')
        await raw.recv()
        content = "🎉" * 500
        sent = await a.post(f"{ROOM}/messages", {"content": content}, people.owner.auth)
        assert sent.status_code == 201, sent.text
        frame = await asyncio.wait_for(raw.recv(), 5)
        assert isinstance(frame, str)
        assert content in frame  # not \\ud83c\\udf89 escapes
        assert len(frame.encode()) < 2 * len(content.encode()) + 2000
