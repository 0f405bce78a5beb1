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
import math
import os
import socket
import time
import uuid
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime
from typing import Any, Protocol

import structlog

from streamz.core.errors import StreamzError, Unavailable
from streamz.core.identity.entities import Principal
from streamz.core.realtime import audience, protocol
from streamz.core.realtime.events import CHATROOM, USER, RealtimeEvent
from streamz.core.realtime.gateway_stats import InstanceStats
from streamz.core.realtime.replay import MAX_REPLAY, Replay
from streamz.core.realtime.resolve_topic import Target
from streamz.core.realtime.routing import CONTROL
from streamz.core.realtime.viewers import VIEWERS, ViewerSample
from streamz.entrypoints.gateway.config import GatewayConfig
from streamz.entrypoints.gateway.connection import (
    REPLAY_LOW,
    Connection,
    Positioned,
    Subscription,
)
from streamz.entrypoints.gateway.ordering import RoomOrder
from streamz.entrypoints.gateway.presence import LocalViewers
from streamz.entrypoints.gateway.stats import Counters
from streamz.ports.presence import GatewayStatsStore, Presence
from streamz.ports.realtime import RealtimePublisher

log = structlog.get_logger("streamz.gateway")
SEEN_IDS = 20_000
TARGETS = 10_000  # resolved chatroom/channel topics kept
TARGET_SECONDS = 30.0  # how long a resolved slug is trusted
REPLAY_PAGE = 500  # events a catching-up subscription reads and queues at a time
REPLAY_TRIES = 5  # history reads a catch-up tries before closing 1013
START_WINDOW = 100  # events read when a room starts being watched (held by the chat delay?)


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

    async def replay(
        self, chatroom_id: uuid.UUID, after_seq: int, limit: int, *, viewers: bool, bounded: bool
    ) -> Replay: ...

    async def head(self, chatroom_id: uuid.UUID) -> int: ...

    async def record(self, samples: Sequence[ViewerSample]) -> None: ...

    async def authenticate(self, token: str) -> Principal: ...

    async def team(self, principal: Principal, channel_id: uuid.UUID) -> bool: ...


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
            if sub.conn.push(event):
                pushed += 1
        counters.delivered += pushed


class Room(Topic):
    """A chatroom topic: durable events go through ``order``, are kept in ``recent`` and reach
    each subscription in seq order, once, in its audience's view (``core.realtime.audience``).

    The team gets each event as it comes. Viewers get the viewer view, and not before a
    message's ``visible_at`` (the chat delay): such a message waits in ``line`` with whatever
    follows it, and a deletion that comes meanwhile turns it into a tombstone.
    """

    __slots__ = (
        "_counters",
        "_timer",
        "channel_id",
        "chatroom_id",
        "delayed",
        "line",
        "order",
        "recent",
        "released",
    )

    def __init__(
        self,
        name: str,
        chatroom_id: uuid.UUID,
        channel_id: uuid.UUID,
        keep: int,
        counters: Counters,
    ) -> None:
        super().__init__(name)
        self.chatroom_id = chatroom_id
        self.channel_id = channel_id
        self.recent: deque[RealtimeEvent] = deque(maxlen=keep)
        self.order: RoomOrder | None = None
        self.line: deque[tuple[float, RealtimeEvent]] = deque()  # held back from viewers
        self.delayed: dict[str, RealtimeEvent] = {}  # message id -> its event in ``line``
        self.released = 0  # the last seq viewers were given
        self._counters = counters
        self._timer: asyncio.TimerHandle | None = None

    @property
    def delivered(self) -> int:
        return self.order.delivered if self.order is not None else 0

    def head(self, team: bool) -> int:
        """Where a subscription of that audience stands once it has everything queued."""
        return self.released if self.line and not team else self.delivered

    def started(self, head: int, recent: Sequence[RealtimeEvent] = ()) -> None:
        """The room is watched from ``head``; ``recent``: its last events (up to ``head``), so
        messages still in their chat delay are held back from viewers here too."""
        self.released = head
        now = time.time()
        for event in recent:
            seq = event.seq
            if seq is None or seq > head:
                continue
            until = audience.held_until(event)
            if not self.line and (until is None or until <= now):
                continue  # viewers have it already: history serves it to resuming clients
            self.recent.append(event)
            if self.delayed and event.event == audience.DELETED:
                held = self.delayed.get(audience.message_id(event) or "")
                if held is not None:
                    audience.tombstone(held)
            if not self.line:
                self.released = seq - 1
            self.line.append((until or 0.0, event))
            if until is not None:
                self.delayed[audience.message_id(event) or ""] = event
        self._arm()

    def deliver(self, event: RealtimeEvent, counters: Counters) -> None:
        seq = event.seq
        if seq is None:
            super().deliver(event, counters)
            return
        self.recent.append(event)
        if self.delayed and event.event == audience.DELETED:
            held = self.delayed.get(audience.message_id(event) or "")
            if held is not None:
                audience.tombstone(held)
        until = audience.held_until(event)
        line = self.line
        viewers = not line and (until is None or until <= time.time())
        if viewers:
            self.released = seq
            view = audience.viewer_view(event)
        else:
            line.append((until or 0.0, event))
            if until is not None:
                self.delayed[audience.message_id(event) or ""] = event
            self._arm()
        pushed = 0
        for sub in self.subs.values():
            if sub.replaying or seq <= sub.last:
                continue
            if sub.team:
                item = event
            elif viewers:
                item = view
            else:
                continue
            sub.last = seq
            if sub.conn.push(item):
                pushed += 1
        counters.delivered += pushed

    def _arm(self) -> None:
        if self._timer is not None or not self.line:
            return
        wait = max(self.line[0][0] - time.time(), 0.0)
        self._timer = asyncio.get_running_loop().call_later(wait, self._release)

    def _release(self) -> None:
        """Give viewers what the chat delay held back and whose time has come."""
        self._timer = None
        line = self.line
        now = time.time()
        pushed = 0
        while line and line[0][0] <= now:
            event = line.popleft()[1]
            self.delayed.pop(audience.message_id(event) or "", None)
            seq = event.seq
            assert seq is not None
            self.released = seq
            view = audience.viewer_view(event)
            for sub in self.subs.values():
                if sub.team or sub.replaying or seq <= sub.last:
                    continue
                sub.last = seq
                if sub.conn.push(view):
                    pushed += 1
        self._counters.delivered += pushed
        self._arm()

    def promote(self, sub: Subscription) -> None:
        """``sub`` joined the team: what the delay holds back is now its to see."""
        sub.team = True
        if sub.replaying:
            return
        for _, event in self.line:
            seq = event.seq
            if seq is not None and seq > sub.last:
                sub.last = seq
                sub.conn.push(event)

    def page(
        self, after_seq: int, upto: int, limit: int, *, team: bool
    ) -> list[RealtimeEvent] | None:
        """Up to ``limit`` delivered events after ``after_seq`` (at most ``upto``) from
        memory, in the audience's view; None if memory does not reach back that far."""
        recent = self.recent
        if after_seq >= upto:
            return []
        if not recent or recent[0].seq is None or recent[0].seq > after_seq + 1:
            return None
        start = after_seq + 1 - recent[0].seq
        stop = min(start + limit, len(recent), start + upto - after_seq)
        events = [recent[i] for i in range(start, stop)]
        return events if team else [audience.viewer_view(e) for e in events]

    def resynced(self, seq: int) -> None:
        """The room jumped to ``seq``: every subscriber is told to refetch up to it."""
        self.recent.clear()
        self.line.clear()
        self.delayed.clear()
        self.released = seq
        frame = protocol.resync(None, self.name, seq)
        for sub in self.subs.values():
            if not sub.replaying and sub.last < seq:
                sub.last = seq
                sub.conn.push(Positioned(frame, self.name, seq))

    def close(self) -> None:
        if self.order is not None:
            self.order.close()
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None


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
        problem: Callable[[StreamzError], dict[str, Any]] | None = None,
    ) -> None:
        self.config = config or GatewayConfig()
        self._problem = problem or (lambda e: {"type": e.code, "detail": e.detail})
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
        self._refreshing: set[asyncio.Task[None]] = set()
        self._history = asyncio.Semaphore(self.config.replay_reads)  # catch-up reads at once
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
            asyncio.create_task(self._listen_control(), name="gateway-control"),
        ]

    async def _listen_control(self) -> None:
        """Watch the control topic (rights that changed) for as long as the hub runs."""
        delay = 0.1
        while not self._closed:
            try:
                await self._listener.subscribe(CONTROL)
                return
            except Exception as error:
                log.warning("control topic unavailable", error=repr(error))
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)

    async def aclose(self) -> None:
        """Close every connection (1001: reconnect elsewhere, with ``resume_from``), then
        remove this instance's presence and stats."""
        self._closed = True
        await stop_tasks([*self._tasks, *self._refreshing])
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
            if isinstance(topic, Room):
                topic.close()
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

    async def refresh(self, conn: Connection, *, teams: bool = False) -> bool:
        """Check ``conn``'s credential again (its rights may have changed since it was
        presented). Revoked, expired or unknown: an error frame and close 4001, False. Still
        valid: the principal is updated and, with ``teams`` or a new role, each chatroom
        subscription's audience too. The identity provider down: kept as it is."""
        token = conn.token
        if token is None or conn.closing is not None:
            return conn.closing is None
        try:
            principal = await self._services.authenticate(token)
        except Unavailable:
            return True
        except StreamzError as error:
            self.counters.auth_failures += 1
            last = protocol.error(None, self._problem(error))
            conn.close(protocol.CLOSE_UNAUTHENTICATED, f"{error.code}: {error.detail}", last)
            return False
        before = conn.principal
        conn.principal = principal
        conn.checked_at = self.now()
        if teams or principal.role is not before.role or principal.scopes != before.scopes:
            await self._recheck_teams(conn)
        return conn.closing is None

    async def _recheck_teams(self, conn: Connection) -> None:
        for name, sub in list(conn.subs.items()):
            room = self.topics.get(name)
            if not isinstance(room, Room):
                continue
            team = await self._services.team(conn.principal, room.channel_id)
            if conn.subs.get(name) is not sub:
                continue
            if team and not sub.team:
                room.promote(sub)
            elif sub.team and not team:
                sub.team = False  # from the next event on, the viewers' view

    def _on_control(self, payload: bytes) -> None:
        """Someone's rights changed (role, API token, channel team): their connections here
        are checked again at once."""
        event = RealtimeEvent.from_wire(payload)
        if event.id is not None and self._seen_before(event.id):
            return
        account = event.data.get("account_id")
        for conn in [c for c in self.connections if c.account == account]:
            conn.checked_at = -math.inf
            task = asyncio.create_task(self._refresh_quietly(conn), name="gateway-refresh")
            self._refreshing.add(task)
            task.add_done_callback(self._refreshing.discard)

    async def _refresh_quietly(self, conn: Connection) -> None:
        try:
            await self.refresh(conn, teams=True)
        except Exception as error:  # the next action checks again
            log.warning("refreshing a connection failed", error=repr(error))

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
        self,
        conn: Connection,
        target: Target,
        resume_from: int | None,
        frame_id: str | None,
        *,
        team: bool = False,
    ) -> None:
        """Subscribe ``conn`` and queue its answer (``subscribed``, ``resync``, missed events).
        ``team``: it sees the room's team view. Raises ``Unavailable`` (pub/sub or history
        down) or ``TooManySubscriptions``."""
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
            sub = Subscription(conn, name, team=team)
            state.subs[conn] = sub
            conn.subs[name] = sub
            if isinstance(state, Room):
                self.viewers.join(name, conn.account)
        if not isinstance(state, Room):
            conn.push(protocol.subscribed(frame_id, name, None))
            return
        if sub.task is not None:  # subscribing again while catching up: start over
            sub.task.cancel()
            sub.task = None
        sub.team = team
        head = state.head(team)
        if resume_from is not None and resume_from > head:
            resume_from = await self._clamp(state, resume_from, head)
            if conn.subs.get(name) is not sub or conn.closing is not None:
                return
            head = state.head(team)
        if resume_from is None or resume_from >= head:
            position = head if resume_from is None else resume_from
            sub.replaying = False
            sub.last = position
            conn.sent[name] = position
            conn.push(Positioned(protocol.subscribed(frame_id, name, position), name, position))
            return
        if head - resume_from > MAX_REPLAY:
            self.counters.resyncs += 1
            self.counters.resyncs_on_resume += 1
            sub.replaying = False
            sub.last = head
            conn.push(Positioned(protocol.resync(None, name, head), name, head))
            conn.push(Positioned(protocol.subscribed(frame_id, name, head), name, head))
            return
        await self._catch_up(conn, state, sub, resume_from, frame_id, created=created)

    async def _clamp(self, room: Room, resume_from: int, head: int) -> int:
        """A ``resume_from`` ahead of this instance: trusted up to the room's committed head
        (another instance may have delivered more), clamped to it beyond."""
        committed = await self._services.head(room.chatroom_id)
        return min(resume_from, max(committed, head))

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
        """Stream what ``sub`` missed, a page at a time, through the connection's replay queue
        (not bounded by its send queue); live events skip it meanwhile (they are in the
        history) until it reaches the room's head, where it turns live with no gap and no
        duplicate. The first page is read here (its failure fails the subscribe); the rest
        by a task of the subscription's."""
        name = room.name
        if created is False:  # it may have live frames of this room queued: the replay has them
            conn.forget(name)
        sub.replaying = True
        sub.last = after
        conn.sent[name] = after
        first = Positioned(protocol.subscribed(frame_id, name, room.head(sub.team)), name, after)
        try:
            done = await self._replay_page(conn, room, sub, first)
        except BaseException:
            sub.replaying = False
            if created and conn.subs.get(name) is sub:
                self._remove(conn, name)
            else:  # it was subscribed already: it goes on from the room's head
                sub.last = room.head(sub.team)
            raise
        if not done:
            sub.task = asyncio.create_task(self._replay_rest(conn, room, sub), name="ws-replay")

    async def _replay_page(
        self, conn: Connection, room: Room, sub: Subscription, first: Positioned | None = None
    ) -> bool:
        """Queue the next page of ``sub``'s catch-up (after ``first``); True once it is live."""
        name = room.name
        head = room.head(sub.team)
        events = room.page(sub.last, head, REPLAY_PAGE, team=sub.team)
        replay: Replay | None = None
        if events is None:
            self.counters.replays += 1
            async with self._history:  # leave the database pool to the rest of the app
                replay = await self._services.replay(
                    room.chatroom_id, sub.last, REPLAY_PAGE, viewers=not sub.team, bounded=False
                )
            if conn.subs.get(name) is not sub or conn.closing is not None:
                return True
            head = room.head(sub.team)
            events = [e for e in replay.events if e.seq is not None and e.seq <= head]
            if not sub.team:
                events = [audience.viewer_view(e) for e in events]
        if first is not None:  # a resume's first page: from memory or from the database
            conn.push_replay(first)
            if replay is None:
                self.counters.resumed_memory += 1
            else:
                self.counters.resumed_history += 1
        if replay is not None and replay.resync:  # fell too far behind meanwhile
            self.counters.resyncs += 1
            last = max(replay.last_seq, sub.last)
            conn.push_replay(Positioned(protocol.resync(None, name, last), name, last))
            sub.last = last
        for event in events:
            conn.push_replay(event)
        if events:
            sub.last = events[-1].seq or sub.last
        if sub.last >= room.head(sub.team):
            sub.replaying = False  # live from here: no await since the check
            return True
        return False

    async def _replay_rest(self, conn: Connection, room: Room, sub: Subscription) -> None:
        failures = 0
        try:
            while conn.subs.get(room.name) is sub and conn.closing is None:
                await conn.replay_room(REPLAY_LOW)
                if conn.subs.get(room.name) is not sub or conn.closing is not None:
                    return
                try:
                    before = sub.last
                    if await self._replay_page(conn, room, sub):
                        return
                    if sub.last > before:
                        failures = 0
                    else:  # the history has nothing yet past where it stands: a moment
                        await asyncio.sleep(0.05)
                except Exception as error:  # history unavailable: retry, then give up
                    failures += 1
                    log.warning("replay page failed", error=repr(error), attempt=failures)
                    if failures >= REPLAY_TRIES:
                        conn.close(protocol.CLOSE_TRY_LATER, "history-unavailable")
                        return
                    await asyncio.sleep(0.2 * 2**failures)
        finally:
            if sub.task is asyncio.current_task():
                sub.task = None

    def unsubscribe(self, conn: Connection, topic: str) -> bool:
        if topic not in conn.subs:
            return False
        self._remove(conn, topic)
        return True

    def _remove(self, conn: Connection, name: str) -> None:
        sub = conn.subs.pop(name, None)
        if sub is not None and sub.task is not None:
            sub.task.cancel()
            sub.task = None
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
        if isinstance(state, Room):
            state.close()

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
        room = Room(name, chatroom_id, channel_id, self.config.recent_events, self.counters)

        def deliver(event: RealtimeEvent) -> None:
            room.deliver(event, self.counters)

        async def fetch(after_seq: int) -> Replay:
            return await self._services.replay(
                chatroom_id, after_seq, REPLAY_PAGE, viewers=False, bounded=True
            )

        room.order = RoomOrder(
            deliver, fetch, room.resynced, self.counters, hold=self.config.hold_seconds
        )
        return room

    async def _start_topic(self, state: Topic) -> None:
        try:
            await self._listener.subscribe(state.name)
            if isinstance(state, Room):
                assert state.order is not None
                head = await self._services.head(state.chatroom_id)
                state.started(head, await self._recent(state.chatroom_id, head))
                state.order.start(head)
        except BaseException:
            if self.topics.get(state.name) is state:
                del self.topics[state.name]
                self._listener.unsubscribe(state.name)
            raise
        finally:
            asyncio.get_running_loop().call_soon(self._maybe_drop, state)

    async def _recent(self, chatroom_id: uuid.UUID, head: int) -> list[RealtimeEvent]:
        """The room's last events when this instance starts watching it (messages in their
        chat delay among them are held back from viewers); none if history is unreachable."""
        try:
            replay = await self._services.replay(
                chatroom_id, max(head - START_WINDOW, 0), START_WINDOW, viewers=False, bounded=True
            )
        except Exception as error:
            log.warning("room history unavailable", error=repr(error))
            return []
        return replay.events

    # -- events from pub/sub ---------------------------------------------------------------

    def _on_message(self, topic: str, payload: bytes) -> None:
        if topic == CONTROL:
            self._on_control(payload)
            return
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
