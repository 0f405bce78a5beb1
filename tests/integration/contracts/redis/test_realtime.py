"""The realtime publisher and recent history's contract (publish to every instance, keep a
room's durable events bounded, read them back one per seq), on the memory adapter and on
Redis."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable

from redis.asyncio import Redis

from streamz.adapters.memory.realtime import MemoryRealtime
from streamz.adapters.redis.realtime import (
    RedisRealtimePublisher,
    RedisRecentHistory,
    channel_of,
)
from streamz.core.realtime.events import CHATROOM, RealtimeEvent, topic
from streamz.ports.realtime import RealtimePublisher, RecentHistory

from .conftest import Store

Ports = tuple[RealtimePublisher, RecentHistory]


def ports_of(store: Store, keep: int = 1000) -> Ports:
    def memory(_: object) -> Ports:
        realtime = MemoryRealtime()
        realtime.keep = keep
        return realtime, realtime

    def redis(client: Redis) -> Ports:
        return RedisRealtimePublisher(client, keep=keep), RedisRecentHistory(client)

    ports: Ports = store.pick(memory=memory, redis=redis)
    return ports


def room() -> str:
    return topic(CHATROOM, uuid.uuid4())


def message(room_topic: str, seq: int, event_id: str | None = None) -> RealtimeEvent:
    data = {"id": f"m{seq}", "text": f"hello ✓ {seq}"}
    return RealtimeEvent(room_topic, "chat.message_sent", data, seq, event_id)


async def test_a_rooms_events_are_read_back_in_seq_order(store: Store) -> None:
    publisher, history = ports_of(store)
    here, there = room(), room()
    sent = [message(here, seq) for seq in range(1, 6)]
    await publisher.publish([sent[2], sent[0], sent[1]])
    await publisher.publish([message(there, 1), sent[4], sent[3]])
    assert await history.since(here, 0, 10) == sent
    assert await history.since(here, 2, 2) == sent[2:4]
    assert await history.since(here, 4, 10) == sent[4:]
    assert await history.since(here, 5, 10) == []  # at the head: nothing missed
    assert await history.since(there, 0, 10) == [message(there, 1)]
    assert await history.since(room(), 0, 10) is None  # nothing kept for the room


async def test_a_history_that_does_not_reach_back_is_none(store: Store) -> None:
    publisher, history = ports_of(store)
    here = room()
    await publisher.publish([message(here, seq) for seq in range(5, 9)])
    assert await history.since(here, 3, 10) is None  # seq 4 is not there
    assert [e.seq for e in await history.since(here, 4, 10) or []] == [5, 6, 7, 8]
    assert await history.since(here, 6, 10) == [message(here, 7), message(here, 8)]


async def test_only_durable_events_with_a_seq_are_kept(store: Store) -> None:
    publisher, history = ports_of(store)
    here = room()
    await publisher.publish(
        [
            RealtimeEvent(here, "room.viewers", {"count": 3}, durable=False),
            RealtimeEvent(here, "chat.typing", {"who": "bob"}, 7, durable=False),
            RealtimeEvent(here, "chat.notice", {"text": "hi"}),  # durable, no seq
        ]
    )
    assert await history.since(here, 0, 10) is None


async def test_an_event_published_twice_is_read_once(store: Store) -> None:
    publisher, history = ports_of(store)
    here = room()
    fast = [message(here, seq) for seq in (1, 2, 3)]  # after the commit, no outbox id yet
    relayed = [message(here, seq, f"evt-{seq}") for seq in (1, 2, 3)]  # the outbox relay
    await publisher.publish(fast)
    await publisher.publish(relayed)
    await publisher.publish(fast[1:2])  # the same encoding again
    read = await history.since(here, 0, 10)
    assert [e.seq for e in read or []] == [1, 2, 3]
    # of a seq's encodings, the one that sorts first (Redis orders one score's members so)
    assert read == [
        min(a, b, key=RealtimeEvent.to_wire) for a, b in zip(fast, relayed, strict=True)
    ]
    assert [e.seq for e in await history.since(here, 1, 1) or []] == [2]


async def test_a_room_keeps_its_last_events_only(store: Store) -> None:
    publisher, history = ports_of(store, keep=3)
    here, twice = room(), room()
    # room for keep * 2 stored events: the last 6 seqs published once...
    await publisher.publish([message(here, seq) for seq in range(1, 11)])
    assert await history.since(here, 3, 10) is None
    assert [e.seq for e in await history.since(here, 4, 10) or []] == [5, 6, 7, 8, 9, 10]
    # ...or the last 3 published twice (the fast path and the relay)
    for seq in range(1, 11):
        await publisher.publish([message(twice, seq), message(twice, seq, f"evt-{seq}")])
    assert await history.since(twice, 6, 10) is None
    assert [e.seq for e in await history.since(twice, 7, 10) or []] == [8, 9, 10]


async def subscriber(
    store: Store, publisher: RealtimePublisher, name: str
) -> tuple[Callable[[], Awaitable[RealtimeEvent]], Callable[[], Awaitable[None]]]:
    """Listen as another instance would: (next event on ``name``, stop)."""
    if isinstance(publisher, MemoryRealtime):
        queue: asyncio.Queue[RealtimeEvent] = asyncio.Queue()
        publisher.listeners.append(queue)

        async def stop_memory() -> None:
            publisher.listeners.remove(queue)

        return queue.get, stop_memory
    assert store.client is not None
    pubsub = store.client.pubsub(ignore_subscribe_messages=True)
    await pubsub.subscribe(channel_of(name))

    async def received() -> RealtimeEvent:
        while True:
            got = await pubsub.get_message(timeout=1.0)
            if got is not None:
                return RealtimeEvent.from_wire(got["data"])

    return received, pubsub.aclose


async def test_every_published_event_reaches_the_listeners(store: Store) -> None:
    publisher, _ = ports_of(store)
    here = room()
    received, stop = await subscriber(store, publisher, here)
    try:
        events = [
            message(here, 1),
            RealtimeEvent(here, "room.viewers", {"count": 3}, durable=False),
            message(here, 2, "evt-2"),
        ]
        await publisher.publish(events)
        got = [await asyncio.wait_for(received(), 2) for _ in events]
        assert got == events
        assert [e.durable for e in got] == [True, False, True]
    finally:
        await stop()
