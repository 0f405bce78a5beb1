"""The websocket hub of one process: which local connections watch which topic, one Redis
pub/sub subscription per watched topic, each room's ordering, presence, stats, heartbeats.

Fan-out cost per event: one ``RealtimeEvent.from_wire`` (the JSON parse) and, lazily, one
``encoded()`` (the JSON frame) per process; then per subscriber an integer comparison and a
deque append. No database work per delivered event, no per-connection JSON.

Subscribing to a chatroom with ``resume_from``: the subscription is registered first (so no
live event can slip by), holds the live events it receives while the missed ones are fetched
(from the room's last ``recent_events`` in memory, else ``ReplayRoom``), then sends the missed
events and the held ones it did not already send: no gap, no duplicate.
"""

from __future__ import annotations

import asyncio
import os
import socket
import uuid
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime
from typing import Protocol

import structlog

from streamz.core.identity.entities import Principal
from streamz.core.realtime import protocol
from streamz.core.realtime.events import CHATROOM, USER, RealtimeEvent
from streamz.core.realtime.gateway_stats import InstanceStats
from streamz.core.realtime.replay import Replay
from streamz.core.realtime.resolve_topic import Target
from streamz.core.realtime.viewers import VIEWERS, ViewerSample
from streamz.entrypoints.gateway.config import GatewayConfig
from streamz.entrypoints.gateway.connection import Connection, Positioned, Subscription
from streamz.entrypoints.gateway.ordering import RoomOrder
from streamz.entrypoints.gateway.presence import LocalViewers
from streamz.entrypoints.gateway.stats import Counters
from streamz.ports.presence import GatewayStatsStore, Presence
from streamz.ports.realtime import RealtimePublisher

log = structlog.get_logger("streamz.gateway")
SEEN_IDS = 20_000
TARGETS = 10_000  # resolved chatroom/channel topics kept
TARGET_SECONDS = 30.0  # how long a resolved slug is trusted


class Listener(Protocol):
    """One pub/sub connection per process (``RedisRealtimeListener``)."""

    def start(
        self, on_message: Callable[[str, bytes], None], on_resubscribed: Callable[[str], None]
    ) -> None: ...

    async def subscribe(self, topic: str) -> None: ...

    def unsubscribe(self, topic: str) -> None: ...

    @property
    def connected(self) -> bool: ...


class Services(Protocol):
    """What the hub asks of the use cases (each call in a unit of work of its own)."""

    async def replay(self, chatroom_id: uuid.UUID, after_seq: int) -> Replay: ...

    async def head(self, chatroom_id: uuid.UUID) -> int: ...

    async def record(self, samples: Sequence[ViewerSample]) -> None: ...


class Topic:
    """A topic with local subscribers: fan-out as events come (no ordering)."""

    __slots__ = ("joining", "name", "ready", "subs")

    def __init__(self, name: str) -> None:
        self.name = name
        self.subs: dict[Connection, Subscription] = {}
        self.ready: asyncio.Future[None] | None = None
        self.joining = 0

    def deliver(self, event: RealtimeEvent, counters: Counters) -> None:
        pushed = 0
        for sub in self.subs.values():
            pending = sub.pending
            if pending is not None:
                pending.append(event)
                if len(pending) > sub.conn.limit:
                    sub.conn.overflow()
            elif sub.conn.push(event):
                pushed += 1
        counters.delivered += pushed


class Room(Topic):
    """A chatroom topic: durable events go through ``order`` and are kept in ``recent``."""

    __slots__ = ("channel_id", "chatroom_id", "order", "recent")

    def __init__(self, name: str, chatroom_id: uuid.UUID, channel_id: uuid.UUID, keep: int) -> None:
        super().__init__(name)
        self.chatroom_id = chatroom_id
        self.channel_id = channel_id
        self.recent: deque[RealtimeEvent] = deque(maxlen=keep)
        self.order: RoomOrder | None = None

    def deliver(self, event: RealtimeEvent, counters: Counters) -> None:
        seq = event.seq
        if seq is None:
            super().deliver(event, counters)
            return
        self.recent.append(event)
        pushed = 0
        for sub in self.subs.values():
            pending = sub.pending
            if pending is not None:
                pending.append(event)
                if len(pending) > sub.conn.limit:
                    sub.conn.overflow()
                continue
            if seq <= sub.last:
                continue
            sub.last = seq
            if sub.conn.push(event):
                pushed += 1
        counters.delivered += pushed

    def since(self, after_seq: int) -> list[RealtimeEvent] | None:
        """The delivered events after ``after_seq`` from memory, or None if they reach back
        further than memory does."""
        recent = self.recent
        delivered = self.order.delivered if self.order is not None else 0
        if after_seq >= delivered:
            return []
        if not recent or recent[0].seq is None or recent[0].seq > after_seq + 1:
            return None
        start = after_seq + 1 - recent[0].seq
        return [recent[i] for i in range(start, len(recent))]

    def resynced(self, seq: int) -> None:
        """The room jumped to ``seq``: every subscriber is told to refetch up to it."""
        self.recent.clear()
        frame = protocol.resync(None, self.name, seq)
        for sub in self.subs.values():
            if sub.pending is None and sub.last < seq:
                sub.last = seq
                sub.conn.push(Positioned(frame, self.name, seq))


async def stop_tasks(tasks: Sequence[asyncio.Task[None]]) -> None:
    """Cancel ``tasks`` and wait for them, cancelling again any that swallowed the
    cancellation (some client libraries turn it into their own errors)."""
    while pending := [t for t in tasks if not t.done()]:
        for task in pending:
            task.cancel()
        await asyncio.wait(pending, timeout=1.0)


def instance_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


class Hub:
    def __init__(
        self,
        listener: Listener,
        services: Services,
        presence: Presence,
        stats: GatewayStatsStore,
        publisher: RealtimePublisher,
        config: GatewayConfig | None = None,
        *,
        instance: str | None = None,
    ) -> None:
        self.config = config or GatewayConfig()
        self.instance = instance or instance_name()
        self.counters = Counters()
        self.connections: set[Connection] = set()
        self.topics: dict[str, Topic] = {}
        self.viewers = LocalViewers()
        self.started_at = datetime.now(UTC)
        self._listener = listener
        self._services = services
        self._presence = presence
        self._stats = stats
        self._publisher = publisher
        self._tasks: list[asyncio.Task[None]] = []
        self._closed = False
        self._seen: dict[str, None] = {}  # ids of recent events without a seq, oldest first
        self._targets: dict[str, tuple[float, Target]] = {}  # resolved public topics

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> None:
        self._listener.start(self._on_message, self._on_resubscribed)
        config = self.config
        self._tasks = [
            self._every(config.sweep_seconds, self._sweep, "gateway-sweep"),
            self._every(config.presence_seconds, self.presence_tick, "gateway-presence"),
            self._every(config.stats_seconds, self.write_stats, "gateway-stats"),
        ]

    async def aclose(self) -> None:
        """Close every connection (1001: reconnect elsewhere, with ``resume_from``), then
        remove this instance's presence and stats."""
        self._closed = True
        await stop_tasks(self._tasks)
        self._tasks = []
        connections = list(self.connections)
        for conn in connections:
            conn.close(protocol.CLOSE_GOING_AWAY, "going-away")
        if connections:
            await asyncio.wait(
                [asyncio.create_task(c.stop()) for c in connections],
                timeout=self.config.close_timeout_seconds + 1,
            )
        for topic in self.topics.values():
            if isinstance(topic, Room) and topic.order is not None:
                topic.order.close()
        try:
            await self._presence.leave(self.instance, self.viewers.everyone())
            await self._stats.remove(self.instance)
        except Exception as error:  # they expire anyway
            log.warning("gateway cleanup failed", error=repr(error))

    def _every(
        self, seconds: float, work: Callable[[], Awaitable[None]], name: str
    ) -> asyncio.Task[None]:
        async def loop() -> None:
            while not self._closed:
                await asyncio.sleep(seconds)
                try:
                    await work()
                except Exception as error:
                    log.warning("gateway task failed", task=name, error=repr(error))

        return asyncio.create_task(loop(), name=name)

    # -- connections -----------------------------------------------------------------------

    def connect(self, conn: Connection) -> None:
        self.connections.add(conn)
        self.counters.connections += 1
        conn.start()

    def disconnect(self, conn: Connection) -> None:
        self.connections.discard(conn)
        for topic in list(conn.subs):
            self._remove(conn, topic)

    def reauthenticate(self, conn: Connection, principal: Principal) -> None:
        """An anonymous connection signed in (``auth`` frame): it now counts as its account."""
        before = conn.account
        conn.principal = principal
        for name in conn.subs:
            if isinstance(self.topics.get(name), Room):
                self.viewers.leave(name, before)
                self.viewers.join(name, conn.account)

    def known_target(self, topic: str) -> Target | None:
        """A chatroom or channel topic resolved lately (public: the same for everyone)."""
        room = self.topics.get(topic)
        if isinstance(room, Room):  # canonical and watched here
            return Target(room.name, CHATROOM, room.chatroom_id, room.channel_id)
        found = self._targets.get(topic)
        if found is not None and found[0] > self.now():
            return found[1]
        return None

    def remember_target(self, topic: str, target: Target) -> None:
        if target.kind == USER:
            return  # depends on who asks
        if len(self._targets) >= TARGETS:
            self._targets.clear()
        self._targets[topic] = (self.now() + TARGET_SECONDS, target)

    def now(self) -> float:
        return asyncio.get_running_loop().time()

    async def _sweep(self) -> None:
        now = self.now()
        heartbeat = self.config.heartbeat_seconds
        idle = self.config.idle_timeout_seconds
        unused = self.config.writer_idle_seconds
        for conn in list(self.connections):
            conn.retire_writer(now, unused)
            if now - conn.last_seen >= idle:
                if conn.closing is None:
                    self.counters.idle_closes += 1
                    conn.close(protocol.CLOSE_IDLE, "idle-timeout")
            elif now - conn.last_ping >= heartbeat:
                conn.last_ping = now
                conn.push(protocol.PING)

    # -- subscriptions ---------------------------------------------------------------------

    async def subscribe(
        self, conn: Connection, target: Target, resume_from: int | None, frame_id: str | None
    ) -> None:
        """Subscribe ``conn`` and queue its answer (``subscribed``, ``resync``, missed events).
        Raises ``Unavailable`` (pub/sub or history down) or ``TooManySubscriptions``."""
        name = target.topic
        if name not in conn.subs and len(conn.subs) >= self.config.max_topics:
            raise protocol.TooManySubscriptions(
                f"at most {self.config.max_topics} topics per connection"
            )
        state = await self._open(target)
        if conn.closing is not None:
            if not state.subs:
                self._maybe_drop(state)
            return
        sub = conn.subs.get(name)
        created = sub is None
        if sub is None:
            sub = Subscription(conn, name)
            state.subs[conn] = sub
            conn.subs[name] = sub
            if isinstance(state, Room):
                self.viewers.join(name, conn.account)
        if not isinstance(state, Room):
            conn.push(protocol.subscribed(frame_id, name, None))
            return
        assert state.order is not None
        delivered = state.order.delivered
        if resume_from is None or resume_from >= delivered:
            position = delivered if resume_from is None else resume_from
            sub.last = position
            conn.push(Positioned(protocol.subscribed(frame_id, name, position), name, position))
            return
        recent = state.since(resume_from)
        if recent is not None:
            sub.last = delivered
            conn.push(Positioned(protocol.subscribed(frame_id, name, delivered), name, resume_from))
            for event in recent:
                conn.push(event)
            return
        await self._catch_up(conn, state, sub, resume_from, frame_id, created=created)

    async def _catch_up(
        self,
        conn: Connection,
        room: Room,
        sub: Subscription,
        after: int,
        frame_id: str | None,
        *,
        created: bool,
    ) -> None:
        sub.pending = []
        self.counters.replays += 1
        try:
            replay = await self._services.replay(room.chatroom_id, after)
        except BaseException:
            pending, sub.pending = sub.pending, None
            if created:
                if conn.subs.get(room.name) is sub:
                    self._remove(conn, room.name)
            else:  # it was subscribed already: it goes on where it was
                self._flush(conn, sub, pending)
            raise
        pending, sub.pending = sub.pending, None
        if conn.subs.get(room.name) is not sub or conn.closing is not None:
            return  # unsubscribed or closed meanwhile
        last = replay.last_seq
        name = room.name
        if replay.resync:
            self.counters.resyncs += 1
            conn.push(Positioned(protocol.resync(None, name, last), name, last))
            conn.push(Positioned(protocol.subscribed(frame_id, name, last), name, last))
        else:
            conn.push(Positioned(protocol.subscribed(frame_id, name, last), name, after))
            for event in replay.events:
                conn.push(event)
        sub.last = last
        self._flush(conn, sub, pending)

    @staticmethod
    def _flush(conn: Connection, sub: Subscription, pending: list[RealtimeEvent] | None) -> None:
        """The live events held while catching up that the client does not have yet."""
        for event in pending or ():
            seq = event.seq
            if seq is None:
                conn.push(event)
            elif seq > sub.last:
                sub.last = seq
                conn.push(event)

    def unsubscribe(self, conn: Connection, topic: str) -> bool:
        if topic not in conn.subs:
            return False
        self._remove(conn, topic)
        return True

    def _remove(self, conn: Connection, name: str) -> None:
        conn.subs.pop(name, None)
        conn.sent.pop(name, None)
        state = self.topics.get(name)
        if state is None:
            return
        if state.subs.pop(conn, None) is not None and isinstance(state, Room):
            self.viewers.leave(name, conn.account)
        self._maybe_drop(state)

    def _maybe_drop(self, state: Topic) -> None:
        if state.subs or state.joining or self.topics.get(state.name) is not state:
            return
        if state.ready is not None and not state.ready.done():
            return  # the starting task drops it when done
        del self.topics[state.name]
        self._listener.unsubscribe(state.name)
        if isinstance(state, Room) and state.order is not None:
            state.order.close()

    async def _open(self, target: Target) -> Topic:
        state = self.topics.get(target.topic)
        if state is None:
            if target.kind == CHATROOM:
                assert target.chatroom_id is not None
                assert target.channel_id is not None
                state = self._room(target.topic, target.chatroom_id, target.channel_id)
            else:
                state = Topic(target.topic)
            self.topics[target.topic] = state
            state.ready = asyncio.ensure_future(self._start_topic(state))
        assert state.ready is not None
        state.joining += 1
        try:
            await asyncio.shield(state.ready)
        finally:
            state.joining -= 1
        return state

    def _room(self, name: str, chatroom_id: uuid.UUID, channel_id: uuid.UUID) -> Room:
        room = Room(name, chatroom_id, channel_id, self.config.recent_events)

        def deliver(event: RealtimeEvent) -> None:
            room.deliver(event, self.counters)

        async def fetch(after_seq: int) -> Replay:
            return await self._services.replay(chatroom_id, after_seq)

        room.order = RoomOrder(
            deliver, fetch, room.resynced, self.counters, hold=self.config.hold_seconds
        )
        return room

    async def _start_topic(self, state: Topic) -> None:
        try:
            await self._listener.subscribe(state.name)
            if isinstance(state, Room):
                assert state.order is not None
                state.order.start(await self._services.head(state.chatroom_id))
        except BaseException:
            if self.topics.get(state.name) is state:
                del self.topics[state.name]
                self._listener.unsubscribe(state.name)
            raise
        finally:
            asyncio.get_running_loop().call_soon(self._maybe_drop, state)

    # -- events from pub/sub ---------------------------------------------------------------

    def _on_message(self, topic: str, payload: bytes) -> None:
        state = self.topics.get(topic)
        if state is None:
            return
        self.counters.received += 1
        event = RealtimeEvent.from_wire(payload)
        if event.seq is not None and isinstance(state, Room) and state.order is not None:
            state.order.offer(event)
        elif event.id is not None and self._seen_before(event.id):
            self.counters.duplicates += 1  # the relay's copy of an event without a seq
        else:
            state.deliver(event, self.counters)

    def _seen_before(self, event_id: str) -> bool:
        """Events without a seq (channel and private topics) are published twice too (fast
        path and relay): the ids of the last ``SEEN_IDS`` are remembered to drop the copy."""
        seen = self._seen
        if event_id in seen:
            return True
        seen[event_id] = None
        if len(seen) > SEEN_IDS:
            del seen[next(iter(seen))]
        return False

    def _on_resubscribed(self, topic: str) -> None:
        state = self.topics.get(topic)
        if isinstance(state, Room) and state.order is not None and state.order.next is not None:
            state.order.catch_up()

    # -- presence, viewer counts, stats ----------------------------------------------------

    async def presence_tick(self) -> None:
        """Report this instance's viewers; for the rooms this instance counts this interval,
        publish ``chatroom.viewers`` and record the due samples."""
        config = self.config
        await self._presence.report(
            self.instance, self.viewers.report(), config.presence_ttl_seconds
        )
        watched = [t for t in self.viewers.watched() if isinstance(self.topics.get(t), Room)]
        tallies = await self._presence.tally(
            self.instance, watched, config.presence_seconds, config.sample_seconds
        )
        now = datetime.now(UTC)
        events: list[RealtimeEvent] = []
        samples: list[ViewerSample] = []
        for name, tally in tallies.items():
            room = self.topics.get(name)
            if not isinstance(room, Room):
                continue
            data = {
                "chatroom_id": str(room.chatroom_id),
                "channel_id": str(room.channel_id),
                "viewers": tally.viewers,
                "users": tally.users,
                "anonymous": tally.anonymous,
            }
            events.append(RealtimeEvent(name, VIEWERS, data, None, None, durable=False))
            if tally.sample:
                samples.append(
                    ViewerSample(
                        room.channel_id,
                        room.chatroom_id,
                        now,
                        tally.viewers,
                        tally.users,
                        tally.anonymous,
                        max(tally.peak, tally.viewers),
                    )
                )
        if events:
            await self._publisher.publish(events)
        if samples:
            await self._services.record(samples)

    def snapshot(self) -> InstanceStats:
        depths = [c.queued for c in self.connections]
        return InstanceStats(
            instance=self.instance,
            started_at=self.started_at,
            updated_at=datetime.now(UTC),
            connections=len(self.connections),
            signed_in=sum(1 for c in self.connections if c.principal.account_id is not None),
            topics=len(self.topics),
            rooms=sum(1 for t in self.topics.values() if isinstance(t, Room)),
            subscriptions=sum(len(t.subs) for t in self.topics.values()),
            queued=sum(depths),
            queue_max=max(depths, default=0),
            listener_connected=self._listener.connected,
            counters=self.counters.as_dict(),
        )

    async def write_stats(self) -> None:
        await self._stats.put(self.snapshot(), self.config.stats_ttl_seconds)
