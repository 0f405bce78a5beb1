"""The hub with its collaborators in memory: fan-out, resuming without gap or duplicate,
slow consumers, heartbeats and idle timeouts, viewers and stats."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest

from streamz.adapters.memory.realtime import MemoryRealtime
from streamz.core.identity.entities import Principal, PrincipalKind
from streamz.core.realtime.events import RealtimeEvent
from streamz.core.realtime.protocol import CLOSE_IDLE, CLOSE_SLOW, MAX_CLOSE_REASON
from streamz.core.realtime.resolve_topic import Target
from streamz.core.realtime.viewers import Tally
from streamz.entrypoints.gateway.config import GatewayConfig
from streamz.entrypoints.gateway.connection import Connection
from streamz.entrypoints.gateway.hub import Hub
from tests.unit.gateway.support import (
    Listener,
    Presence,
    RoomLog,
    Services,
    Stats,
    Transport,
    settle,
)

ANONYMOUS = Principal.anonymous()


@dataclass
class World:
    hub: Hub
    log: RoomLog
    listener: Listener
    services: Services
    presence: Presence
    stats: Stats
    publisher: MemoryRealtime
    target: Target

    def connect(self, principal: Principal = ANONYMOUS, *, limit: int = 100) -> Connection:
        conn = Connection(
            Transport(), principal, limit=limit, now=self.hub.now(), counters=self.hub.counters
        )
        self.hub.connect(conn)
        return conn

    async def live(self, count: int = 1) -> list[RealtimeEvent]:
        """Events written to the room and published (the fast path)."""
        events = await self.log.append(count)
        self.listener.publish(*events)
        return events


def transport(conn: Connection) -> Transport:
    sent = conn._transport
    assert isinstance(sent, Transport)
    return sent


@pytest.fixture
async def world() -> AsyncIterator[World]:
    log = RoomLog()
    listener, services = Listener(), Services(log)
    presence, stats, publisher = Presence(), Stats(), MemoryRealtime()
    config = GatewayConfig(
        heartbeat_seconds=3600, idle_timeout_seconds=3600, presence_seconds=3600, hold_seconds=0.02
    )
    hub = Hub(listener, services, presence, stats, publisher, config, instance="test")
    hub.start()
    target = Target(log.topic, "chatroom", log.chatroom_id, uuid.uuid4())
    yield World(hub, log, listener, services, presence, stats, publisher, target)
    await hub.aclose()


async def test_live_events_reach_every_subscriber_once_in_order(world: World) -> None:
    await world.log.append(2)
    one, two = world.connect(), world.connect()
    await world.hub.subscribe(one, world.target, None, "s1")
    await world.hub.subscribe(two, world.target, None, "s2")
    events = await world.live(3)
    world.listener.publish(events[0], events[2])  # the relay's copies
    viewers = RealtimeEvent(world.log.topic, "chatroom.viewers", {"viewers": 2}, durable=False)
    world.listener.publish(viewers)
    await settle()
    for conn in (one, two):
        frames = transport(conn).frames()
        assert frames[0] == {"type": "subscribed", "id": frames[0]["id"], "topic": world.log.topic,
                             "seq": 2}  # fmt: skip
        assert transport(conn).seqs() == [3, 4, 5]
        assert frames[-1]["event"] == "chatroom.viewers"
        assert frames[-1]["durable"] is False
        assert "seq" not in frames[-1]
    assert transport(one).sent[1] is transport(two).sent[1]  # one encoding for everyone
    assert world.hub.counters.duplicates == 2


async def test_resume_from_memory_sends_what_was_missed_then_live(world: World) -> None:
    watcher = world.connect()
    await world.hub.subscribe(watcher, world.target, None, None)
    await world.live(5)
    late = world.connect()
    await world.hub.subscribe(late, world.target, 2, "r")
    await world.live(1)
    await settle()
    frames = transport(late).frames()
    assert frames[0]["type"] == "subscribed"
    assert frames[0]["seq"] == 5
    assert transport(late).seqs() == [3, 4, 5, 6]
    assert world.log.fetches == [0]  # the room's start only: served from memory
    assert world.hub.counters.replays == 0


async def test_resume_from_history_holds_live_events_and_sends_no_gap_or_duplicate(
    world: World,
) -> None:
    await world.log.append(4)  # before this instance watched the room
    watcher = world.connect()
    await world.hub.subscribe(watcher, world.target, None, None)
    world.services.replay_gate = asyncio.Event()
    late = world.connect()
    subscribing = asyncio.create_task(world.hub.subscribe(late, world.target, 1, "r"))
    await settle()
    await world.live(2)  # 5, 6 arrive live while the history is read
    world.services.replay_gate.set()
    await subscribing
    await world.live(1)
    await settle()
    frames = transport(late).frames()
    assert frames[0]["type"] == "subscribed"
    assert frames[0]["seq"] >= 4
    assert transport(late).seqs() == [2, 3, 4, 5, 6, 7]
    assert transport(watcher).seqs() == [5, 6, 7]
    assert world.hub.counters.replays == 1


async def test_resume_too_far_back_is_a_resync_then_live(world: World) -> None:
    world.log.jump(6000)
    conn = world.connect()
    await world.hub.subscribe(conn, world.target, 10, "r")
    await world.live(1)
    await settle()
    frames = transport(conn).frames()
    assert [f["type"] for f in frames] == ["resync", "subscribed", "event"]
    assert frames[0]["seq"] == frames[1]["seq"] == 6000
    assert frames[1]["id"] == "r"
    assert frames[2]["seq"] == 6001


async def test_a_slow_consumer_is_closed_with_its_last_seq_and_slows_nobody(
    world: World,
) -> None:
    fast, slow = world.connect(limit=5), world.connect(limit=5)
    await world.hub.subscribe(fast, world.target, None, None)
    await world.hub.subscribe(slow, world.target, None, None)
    await world.live(1)
    await settle()
    transport(slow).blocked.clear()  # stops reading
    for _ in range(7):
        await world.live(1)
        await settle()
    assert transport(fast).seqs() == list(range(1, 9))
    assert slow.closing is not None
    assert slow.closing[0] == CLOSE_SLOW
    assert world.hub.counters.slow_closes == 1
    transport(slow).blocked.set()
    await settle(20)
    closed = transport(slow).closed
    assert closed is not None
    code, reason = closed
    assert code == CLOSE_SLOW
    assert len(reason.encode()) <= MAX_CLOSE_REASON
    assert transport(slow).seqs() == [1]  # what it took before it stopped reading
    assert json.loads(reason) == {"seq": {str(world.log.chatroom_id): 1}}


async def test_heartbeats_and_idle_timeouts(world: World) -> None:
    config = GatewayConfig(heartbeat_seconds=0.05, idle_timeout_seconds=0.2)
    hub = Hub(world.listener, world.services, world.presence, world.stats, world.publisher,
              config, instance="beats")  # fmt: skip
    hub.start()
    try:
        quiet = Connection(Transport(), ANONYMOUS, limit=10, now=hub.now(), counters=hub.counters)
        chatty = Connection(Transport(), ANONYMOUS, limit=10, now=hub.now(), counters=hub.counters)
        hub.connect(quiet)
        hub.connect(chatty)
        for _ in range(8):
            await asyncio.sleep(0.05)
            chatty.last_seen = hub.now()  # it answers
        assert quiet.closing is not None
        assert quiet.closing[0] == CLOSE_IDLE
        assert chatty.closing is None
        pings = [f for f in transport(chatty).frames() if f["type"] == "ping"]
        assert len(pings) >= 3
        assert hub.counters.idle_closes == 1
    finally:
        await hub.aclose()


async def test_viewers_are_counted_per_room_and_published(world: World) -> None:
    user = uuid.uuid4()
    signed_in = Principal(PrincipalKind.USER, user)
    conns = [world.connect(signed_in), world.connect(signed_in), world.connect()]
    for conn in conns:
        await world.hub.subscribe(conn, world.target, None, None)
    assert world.hub.viewers.count(world.log.topic) == (1, 1)
    world.presence.tallies[world.log.topic] = Tally(users=3, anonymous=2, peak=7, sample=True)
    await world.hub.presence_tick()
    report = world.presence.reports[-1][world.log.topic]
    assert (list(report.users), report.anonymous) == ([str(user)], 1)
    [published] = world.publisher.published
    assert published.event == "chatroom.viewers"
    assert published.durable is False
    assert published.data["viewers"] == 5
    [sample] = world.services.recorded
    assert (sample.viewers, sample.peak, sample.channel_id) == (5, 7, world.target.channel_id)
    world.hub.unsubscribe(conns[0], world.log.topic)
    world.hub.disconnect(conns[1])
    await world.hub.presence_tick()
    assert list(world.presence.reports[-1][world.log.topic].gone) == [str(user)]


async def test_the_last_subscriber_leaving_unsubscribes_the_topic(world: World) -> None:
    conn = world.connect()
    await world.hub.subscribe(conn, world.target, None, None)
    assert world.log.topic in world.listener.wanted
    world.hub.disconnect(conn)
    assert world.log.topic not in world.listener.wanted
    assert world.hub.topics == {}


async def test_stats_describe_the_instance(world: World) -> None:
    conn = world.connect(Principal(PrincipalKind.USER, uuid.uuid4()))
    await world.hub.subscribe(conn, world.target, None, None)
    await world.hub.write_stats()
    stats = world.stats.records["test"]
    assert (stats.connections, stats.signed_in, stats.rooms, stats.subscriptions) == (1, 1, 1, 1)
    assert stats.counters["connections"] == 1


async def test_events_without_a_seq_are_delivered_once_though_published_twice(
    world: World,
) -> None:
    channel = Target("channel:c", "channel", channel_id=uuid.uuid4())
    conn = world.connect()
    await world.hub.subscribe(conn, channel, None, None)
    first = RealtimeEvent("channel:c", "channel.followed", {"n": 1}, None, "event-1")
    second = RealtimeEvent("channel:c", "channel.followed", {"n": 2}, None, "event-2")
    world.listener.publish(first, second, first)  # the fast path, then the relay's copies
    world.listener.publish(second)
    await settle()
    frames = transport(conn).frames()
    assert [f["data"]["n"] for f in frames if f["type"] == "event"] == [1, 2]
    assert frames[0] == {"type": "subscribed", "topic": "channel:c"}


async def test_a_failed_catch_up_leaves_no_subscription_behind(world: World) -> None:
    await world.log.append(3)
    conn = world.connect()
    world.log.fail = 2  # the room's start reads history too (and goes on without it)
    with pytest.raises(ConnectionError):
        await world.hub.subscribe(conn, world.target, 1, "r")
    assert conn.subs == {}
    assert world.hub.topics == {}
    assert world.log.topic not in world.listener.wanted
    await world.hub.subscribe(conn, world.target, 1, "again")
    await settle()
    assert transport(conn).seqs() == [2, 3]


async def test_writers_live_while_events_flow_and_quiet_connections_hold_none() -> None:
    from streamz.entrypoints.gateway.stats import Counters

    def event(n: int) -> RealtimeEvent:
        return RealtimeEvent("chatroom:x", "chat.message_sent", {"n": n}, n)

    conn = Connection(Transport(), ANONYMOUS, limit=10, now=0.0, counters=Counters())
    conn.push("welcome")
    conn.push(event(1))  # one event, like a viewer count every few seconds
    await settle()
    assert (writer_of(conn), conn.queue) == (None, None)  # nothing held between frames
    conn.push(event(2))
    conn.push(event(3))  # events close together: a busy room
    await settle()
    writer = writer_of(conn)
    assert writer is not None
    assert not writer.done()  # it waits for the next one: no task per frame
    conn.push(event(4))
    await settle()
    assert writer_of(conn) is writer
    now = asyncio.get_running_loop().time()
    assert not conn.retire_writer(now, idle=60)  # not quiet long enough
    assert conn.retire_writer(now + 60, idle=60)
    await settle()
    assert writer.done()
    assert writer_of(conn) is None
    conn.push(event(5))
    await settle()
    sent = transport(conn).sent
    assert sent[0] == "welcome"
    assert [json.loads(text)["seq"] for text in sent[1:]] == [1, 2, 3, 4, 5]
    await conn.stop()


def writer_of(conn: Connection) -> asyncio.Task[None] | None:
    return conn._writer


async def test_a_4009_before_anything_was_written_names_the_room_position(world: World) -> None:
    """Overflowing right after subscribing (nothing sent to the client yet) still reports
    where the client stands in the room, so it can resume: never ``{"seq":{}}``."""
    await world.log.append(7)
    conn = world.connect(limit=3)
    await world.hub.subscribe(conn, world.target, 4, "s")
    for n in range(5):
        conn.push(f'{{"type":"filler","n":{n}}}')
    await settle()
    code, reason = transport(conn).closed or (None, "")
    assert code == CLOSE_SLOW
    assert json.loads(reason) == {"seq": {str(world.log.chatroom_id): 4}}


async def test_a_replay_does_not_count_against_the_send_queue(world: World) -> None:
    await world.log.append(40)
    conn = world.connect(limit=5)
    await world.hub.subscribe(conn, world.target, 0, "r")
    await world.live(3)
    await settle()
    assert transport(conn).closed is None
    assert transport(conn).seqs() == list(range(1, 44))


async def test_answers_and_pings_are_not_starved_by_a_replay() -> None:
    """A long replay gives way to live frames every few dozen frames; a live event of the
    room being replayed waits for that room's replay frames (order holds)."""
    from streamz.entrypoints.gateway.connection import REPLAY_STREAK
    from streamz.entrypoints.gateway.stats import Counters

    def event(topic: str, seq: int) -> RealtimeEvent:
        return RealtimeEvent(topic, "chat.message_sent", {"n": seq}, seq)

    sink = Transport()
    sink.blocked.clear()  # nothing goes out until everything is queued
    conn = Connection(sink, ANONYMOUS, limit=10, now=0.0, counters=Counters())
    for seq in range(1, 201):
        conn.push_replay(event("chatroom:a", seq))
    conn.push(event("chatroom:a", 201))  # the replayed room's next live event
    conn.push('{"type":"ack","id":"x"}')
    conn.push(event("chatroom:b", 7))
    sink.blocked.set()
    await settle(400)
    frames = sink.frames()
    ack = next(i for i, f in enumerate(frames) if f["type"] == "ack")
    other = next(i for i, f in enumerate(frames) if f.get("topic") == "chatroom:b")
    assert ack < 2 * REPLAY_STREAK  # the answer did not wait for 200 replay frames
    assert other < 4 * REPLAY_STREAK
    assert [f["seq"] for f in frames if f.get("topic") == "chatroom:a"] == list(range(1, 202))
