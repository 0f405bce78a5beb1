"""Who sees what over websockets, live and replayed: moderation details are the team's, and
viewers see messages held by the non-moderator chat delay only from their ``visible_at`` (a
message deleted during its delay reaches them as a tombstone); seq order holds for everyone."""

from __future__ import annotations

import asyncio
import time

import httpx

from tests.integration.gateway.conftest import People
from tests.integration.gateway.support import Client, Instance

ROOM = "/private/v1/channels/owner/chatroom"
HIDDEN = ("reason", "by", "acting_as")


async def connect(instance: Instance, token: str | None) -> tuple[Client, str]:
    client = await Client.open(instance.ws, token, max_queue=None)
    await client.recv()
    return client, (await client.subscribe("chatroom:owner"))["topic"]


async def test_moderation_details_reach_only_the_team(
    a: Instance, b: Instance, people: People
) -> None:
    owner, topic = await connect(a, people.owner.token)
    viewer, _ = await connect(b, None)
    other, _ = await connect(b, people.other.token)
    fan, _ = await connect(a, people.fan.token)
    mine = await fan.subscribe("user")
    sent = await fan.answer({"type": "send", "chatroom": "owner", "content": "hello"})
    removed = await owner.answer(
        {"type": "delete", "chatroom": "owner", "message_id": sent["message"]["id"]}
    )
    assert removed["type"] == "ack"
    banned = await a.post(f"{ROOM}/bans", {"user": "fan", "reason": "spam"}, people.owner.auth)
    assert banned.status_code == 201, banned.text

    team = await owner.event("chat.user_banned")
    assert team["data"]["reason"] == "spam"
    assert team["data"]["by"] == people.owner.account_id
    for client in (viewer, other):
        event = await client.event("chat.user_banned")
        assert event["seq"] == team["seq"]
        assert event["data"]["account_id"] == people.fan.account_id
        assert not set(HIDDEN) & set(event["data"])
        deleted = await client.event("chat.message_deleted")
        assert deleted["data"]["deleted_by"] is None  # a moderator's deletion: not who
    assert (await owner.event("chat.message_deleted"))["data"]["deleted_by"] == (
        people.owner.account_id
    )
    private = await fan.until(
        lambda f: f.get("event") == "chat.user_banned" and f["topic"] == mine["topic"]
    )
    assert private["data"]["reason"] == "spam"  # the banned user learns why, not from whom
    assert "by" not in private["data"]
    assert "acting_as" not in private["data"]

    # replayed (from another instance's history), the same views
    late_viewer = await Client.open(b.ws, max_queue=None)
    await late_viewer.recv()
    await late_viewer.subscribe(topic, resume_from=0)
    replayed = await late_viewer.event("chat.user_banned")
    assert not set(HIDDEN) & set(replayed["data"])
    late_owner = await Client.open(b.ws, people.owner.token, max_queue=None)
    await late_owner.recv()
    await late_owner.subscribe(topic, resume_from=0)
    assert (await late_owner.event("chat.user_banned"))["data"]["reason"] == "spam"


async def _delay(instance: Instance, people: People, seconds: int) -> None:
    async with httpx.AsyncClient(base_url=instance.url) as http:
        changed = await http.patch(
            f"{ROOM}/settings",
            json={"non_moderator_delay_seconds": seconds},
            headers=people.owner.auth,
        )
    assert changed.status_code == 200, changed.text


async def test_viewers_get_delayed_messages_at_visible_at_and_the_team_at_once(
    a: Instance, b: Instance, people: People
) -> None:
    await _delay(a, people, 2)
    owner, topic = await connect(a, people.owner.token)
    viewers = [(await connect(a, None))[0], (await connect(b, people.other.token))[0]]
    fan, _ = await connect(b, people.fan.token)
    await asyncio.sleep(0.3)  # the settings event passes
    start = time.monotonic()
    held = await fan.answer({"type": "send", "chatroom": "owner", "content": "held back"})
    follow = await owner.answer({"type": "send", "chatroom": "owner", "content": "from the owner"})
    assert held["message"]["seq"] < follow["message"]["seq"]
    team_got = await owner.until(lambda f: f.get("seq") == held["message"]["seq"])
    assert team_got["data"]["content"] == "held back"
    assert time.monotonic() - start < 1.5
    for viewer in viewers:
        first = await viewer.until(lambda f: f.get("event") == "chat.message_sent", 5)
        assert time.monotonic() - start >= 1.8, "a viewer saw a held message early"
        assert first["seq"] == held["message"]["seq"]  # the owner's waits behind it
        second = await viewer.until(lambda f: f.get("event") == "chat.message_sent", 5)
        assert second["seq"] == follow["message"]["seq"]

    # deleted during its delay: viewers never get its content, live or replayed
    secret = await fan.answer({"type": "send", "chatroom": "owner", "content": "oops secret"})
    seq = secret["message"]["seq"]
    delete = {"type": "delete", "chatroom": "owner", "message_id": secret["message"]["id"]}
    await owner.answer(delete)
    for viewer in viewers:
        tomb = await viewer.until(lambda f: f.get("seq") == seq, 5)
        assert tomb["event"] == "chat.message_sent"
        assert tomb["data"]["content"] is None
        assert tomb["data"]["deleted"] is True
        assert "oops" not in str(tomb)
        await viewer.until(lambda f: f.get("event") == "chat.message_deleted", 5)
    late = await Client.open(b.ws, max_queue=None)  # replays from history on b
    await late.recv()
    await late.subscribe(topic, resume_from=seq - 1)
    replayed = await late.until(lambda f: f.get("seq") == seq, 5)
    assert replayed["data"]["content"] is None
    for viewer in viewers:
        await viewer.drain(0.3)
        seqs = viewer.seqs(topic)
        assert seqs == sorted(seqs)
        assert len(seqs) == len(set(seqs))


async def test_a_viewer_resuming_during_a_delay_waits_for_it(a: Instance, people: People) -> None:
    await _delay(a, people, 2)
    owner, topic = await connect(a, people.owner.token)
    fan, _ = await connect(a, people.fan.token)
    await asyncio.sleep(0.3)
    before = (await owner.answer({"type": "send", "chatroom": "owner", "content": "x"}))["message"]
    held = await fan.answer({"type": "send", "chatroom": "owner", "content": "wait for me"})
    await owner.until(lambda f: f.get("seq") == held["message"]["seq"])
    viewer = await Client.open(a.ws, max_queue=None)
    await viewer.recv()
    answer = await viewer.subscribe(topic, resume_from=before["seq"] - 1)
    assert answer["seq"] < held["message"]["seq"]  # where viewers stand: before the held one
    got = await viewer.until(lambda f: f.get("seq") == before["seq"])
    assert got["data"]["content"] == "x"
    assert not [f for f in viewer.frames if f.get("seq") == held["message"]["seq"]]
    shown = await viewer.until(lambda f: f.get("seq") == held["message"]["seq"], 5)
    assert shown["data"]["content"] == "wait for me"


async def test_an_instance_that_starts_watching_mid_delay_holds_back_too(
    a: Instance, b: Instance, people: People
) -> None:
    """b starts watching the room while a message is in its delay: viewers there stand before
    it and get it at ``visible_at``, like viewers on an instance that saw it come."""
    await _delay(a, people, 2)
    fan, _ = await connect(a, people.fan.token)
    await asyncio.sleep(0.3)
    held = await fan.answer({"type": "send", "chatroom": "owner", "content": "not yet"})
    seq = held["message"]["seq"]
    viewer = await Client.open(b.ws, max_queue=None)  # b never watched this room
    await viewer.recv()
    answer = await viewer.subscribe("chatroom:owner")
    assert answer["seq"] == seq - 1
    assert not [f for f in viewer.frames if f.get("seq") == seq]
    shown = await viewer.until(lambda f: f.get("seq") == seq, 5)
    assert shown["data"]["content"] == "not yet"
