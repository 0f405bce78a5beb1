"""Room seqs shared by messages and other durable events; routing; replay with a holed history."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from streamz.adapters.memory.database import MemoryUnit
from streamz.adapters.memory.realtime import MemoryRealtime
from streamz.adapters.memory.room_events import MemoryRoomEvents
from streamz.core.chat.bans.ban_user import BanUser, BanUserRequest
from streamz.core.chat.messages.delete_message import DeleteMessage, DeleteMessageRequest
from streamz.core.chat.room_events import RoomEventWriter
from streamz.core.realtime.events import RealtimeEvent
from streamz.core.realtime.replay import MAX_REPLAY, ReplayRoom
from streamz.core.realtime.routing import route
from streamz.core.shared.events import Event
from tests.unit.messages.support import SYSTEM, Chat, database

T = datetime(2026, 1, 1, tzinfo=UTC)


async def test_every_durable_room_event_takes_the_next_seq() -> None:
    chat = Chat()
    owner = await chat.user("owner")
    await chat.user("fan")
    first = await chat.send(owner, "owner", "one")
    await chat.lib.call(BanUser, BanUserRequest(SYSTEM, "owner", "fan", 60))
    await chat.lib.call(DeleteMessage, DeleteMessageRequest(owner, "owner", first.id))
    last = await chat.send(owner, "owner", "two")
    db = await database(chat)
    seqs = [(e.topic, e.payload.get("seq")) for e in db.tables.outbox if "seq" in e.payload]
    assert seqs == [
        ("chat.message_sent", 1),
        ("chat.user_banned", 2),
        ("chat.message_deleted", 3),
        ("chat.message_sent", 4),
    ]
    assert last.seq == 4


def test_route_sends_room_channel_and_private_events_to_their_topics() -> None:
    room, channel, account = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    banned = {"chatroom_id": str(room), "channel_id": str(channel), "account_id": str(account)}
    events = [
        Event("chat.message_sent", str(room), {"chatroom_id": str(room), "seq": 7}, T),
        Event("chat.user_banned", str(room), {**banned, "seq": 8}, T),
        Event("channel.followed", str(channel), {"channel_id": str(channel)}, T),
        Event("account.registered", "x", {"account_id": str(account)}, T),
    ]
    routed = [(e.topic, e.event, e.seq) for e in route(events)]
    assert routed == [
        (f"chatroom:{room}", "chat.message_sent", 7),
        (f"chatroom:{room}", "chat.user_banned", 8),
        (f"user:{account}", "chat.user_banned", None),
        (f"channel:{channel}", "channel.followed", None),
    ]
    wire = route(events)[0]
    assert RealtimeEvent.from_wire(wire.to_wire()) == wire
    assert '"seq":7' in wire.encoded()


async def test_replay_uses_recent_history_and_falls_back_when_it_has_holes() -> None:
    chat = Chat()
    owner = await chat.user("owner")
    sent = [await chat.send(owner, "owner", f"m{n}") for n in range(6)]
    room = sent[0].chatroom_id
    name = f"chatroom:{room}"
    recent = MemoryRealtime()
    db = await database(chat)
    log = MemoryRoomEvents(MemoryUnit(db))
    replay = ReplayRoom(log, recent)
    # only seqs 5-6 are in the recent history: resuming from 2 needs Postgres (here: memory log)
    await recent.publish([RealtimeEvent(name, "chat.message_sent", {}, s) for s in (5, 6)])
    result = await replay(room, 2)
    assert [e.seq for e in result.events] == [3, 4, 5, 6]
    assert result.events[0].data["content"] == "m2"
    assert not result.resync
    # resuming from 4: the recent history covers it exactly
    covered = await replay(room, 4)
    assert [e.seq for e in covered.events] == [5, 6]
    assert covered.events[0].data == {}  # came from the recent history, not the log
    assert (await replay(room, 6)).events == []
    writer = RoomEventWriter(log, _NullUnitOfWork())
    for _ in range(MAX_REPLAY + 1):
        await writer(room, "chatroom.settings_updated", {}, T)
    assert (await replay(room, 6)).resync


class _NullUnitOfWork:
    def record(self, event: Event) -> None:
        return None

    async def commit(self) -> None:
        return None

    async def rollback(self) -> None:
        return None
