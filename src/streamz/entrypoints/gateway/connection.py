"""One websocket connection: a bounded send queue drained by a writer task, a replay queue
for subscriptions catching up from history, the last seq written per room, and closing (idle,
slow consumer, shutdown) without ever blocking the code that fans events out.

Fan-out only calls ``push``: an append to a deque (and waking the writer task, or starting one
when none runs). A writer ends when its queues are empty, unless its last two events came
less than ``BUSY_GAP`` apart: then it waits for more, until the hub retires it after a quiet
spell. So connections in busy rooms keep one writer, and quiet ones (replies, a viewer count
every few seconds) hold no task, future or queue between frames. The writer sends each event's
JSON, encoded once per process by ``RealtimeEvent.encoded()``, and records the seq it handed to
the transport, which is what a slow consumer's close reason reports.

Replays (``push_replay``) do not count against the send queue's bound: a replaying
subscription adds a page at a time and waits (``replay_room``) until the writer has sent most
of it. The writer sends replay frames first, with one live frame (answers, pings, other rooms'
events) after every ``REPLAY_STREAK`` of them; a live event of a room whose replay frames are
still queued waits for them, and one whose seq the client already has (a replay covered it)
is skipped, so replay and live hand over in order, without a gap or a duplicate.
"""

from __future__ import annotations

import asyncio
import uuid
from collections import deque
from typing import Protocol, TypeAlias

import structlog

from streamz.core.identity.entities import Principal
from streamz.core.realtime.events import RealtimeEvent
from streamz.core.realtime.protocol import CLOSE_SLOW, slow_consumer_reason
from streamz.entrypoints.gateway.stats import Counters

BUSY_GAP = 1.0  # seconds between two events under which a writer waits for the next one
REPLAY_LOW = 100  # a replay adds its next page once at most this many of its frames are left
REPLAY_STREAK = 32  # replay frames in a row before a waiting live frame goes
LOOK_AHEAD = 16  # live frames looked at past those waiting for their room's replay
log = structlog.get_logger("streamz.gateway")


class Transport(Protocol):
    """The websocket as the connection sees it (the ASGI socket in production)."""

    async def send(self, text: str) -> None: ...

    async def receive(self) -> str | bytes | None:
        """The next frame, or None once the client is gone."""
        ...

    async def close(self, code: int, reason: str) -> None: ...


class Positioned:
    """A frame that sets where the client stands in a room once written (``subscribed``)."""

    __slots__ = ("seq", "text", "topic")

    def __init__(self, text: str, topic: str, seq: int) -> None:
        self.text = text
        self.topic = topic
        self.seq = seq


Item: TypeAlias = "RealtimeEvent | str | Positioned"


class Subscription:
    """A connection's subscription to one topic. ``last``: the highest room seq queued for it;
    ``replaying``: catching up from history (live room events skip it meanwhile: they are in
    the history); ``team``: it sees the team's view of the room (moderation details, messages
    held by the chat delay); ``task``: the catch-up, while it runs."""

    __slots__ = ("conn", "last", "replaying", "task", "team", "topic")

    def __init__(self, conn: Connection, topic: str, *, team: bool = False) -> None:
        self.conn = conn
        self.topic = topic
        self.last = 0
        self.replaying = False
        self.team = team
        self.task: asyncio.Task[None] | None = None


class Connection:
    __slots__ = (
        "_close_timeout",
        "_counters",
        "_drained",
        "_finisher",
        "_reader",
        "_reader_idle",
        "_stopping_reader",
        "_streak",
        "_transport",
        "_waiter",
        "_waiting",
        "_waiting_since",
        "_writer",
        "checked_at",
        "closing",
        "id",
        "last_ping",
        "last_seen",
        "limit",
        "principal",
        "queue",
        "replay",
        "sent",
        "slow_close_timeout",
        "subs",
        "token",
    )

    def __init__(
        self,
        transport: Transport,
        principal: Principal,
        *,
        limit: int,
        now: float,
        counters: Counters,
        close_timeout: float = 5.0,
        slow_close_timeout: float = 30.0,
        token: str | None = None,
    ) -> None:
        self.id = uuid.uuid4().hex
        self.principal = principal
        self.token = token  # the credential the principal came from (checked again later)
        self.checked_at = now  # when the principal was last checked against its token
        self.queue: deque[Item] | None = None  # made by the first push, dropped when idle
        self.replay: deque[Item] | None = None  # catching-up subscriptions' frames
        self.limit = limit
        self.sent: dict[str, int] = {}  # room topic -> last seq handed to the transport
        self.subs: dict[str, Subscription] = {}
        self.last_seen = now
        self.last_ping = now
        self.closing: tuple[int, str] | None = None
        self._transport = transport
        self._counters = counters
        self._close_timeout = close_timeout
        self.slow_close_timeout = slow_close_timeout
        self._drained: asyncio.Future[None] | None = None  # a replay waits for room
        self._waiting: dict[str, int] = {}  # replay frames queued per room topic
        self._streak = 0  # replay frames sent since the last live one
        self._writer: asyncio.Task[None] | None = None
        self._waiter: asyncio.Future[bool] | None = None  # True: go on; False: retire
        self._waiting_since = now
        self._finisher: asyncio.Task[None] | None = None
        self._reader: asyncio.Task[object] | None = None
        self._reader_idle = False
        self._stopping_reader = False

    @property
    def account(self) -> str | None:
        account_id = self.principal.account_id
        return str(account_id) if account_id is not None else None

    def start(self) -> None:
        """Nothing to start: a writer task runs only while frames are queued (below)."""

    def push(self, item: Item) -> bool:
        """Queue a frame; False when closing or full (a full queue closes the connection)."""
        if self.closing is not None:
            return False
        queue = self.queue
        if queue is None:
            queue = self.queue = deque()
        elif len(queue) >= self.limit:
            self.overflow()
            return False
        queue.append(item)
        self._wake()
        return True

    def push_replay(self, item: Item) -> bool:
        """Queue a frame of a catching-up subscription (not bounded by ``limit``: the replay
        adds a page at a time, see ``replay_room``); False when closing."""
        if self.closing is not None:
            return False
        replay = self.replay
        if replay is None:
            replay = self.replay = deque()
        replay.append(item)
        topic = getattr(item, "topic", None)
        if topic is not None:
            self._waiting[topic] = self._waiting.get(topic, 0) + 1
        self._wake()
        return True

    async def replay_room(self, low: int) -> None:
        """Wait until at most ``low`` replay frames are left to send (or the connection
        closes)."""
        while self.closing is None and self.replay is not None and len(self.replay) > low:
            drained = self._drained
            if drained is None or drained.done():
                drained = self._drained = asyncio.get_running_loop().create_future()
            await drained

    def forget(self, topic: str) -> None:
        """Drop the queued live frames of ``topic`` (a replay of it takes over)."""
        queue = self.queue
        if queue:
            self.queue = deque(i for i in queue if getattr(i, "topic", None) != topic)

    def _wake(self) -> None:
        waiter = self._waiter
        if waiter is not None:
            self._waiter = None
            if not waiter.done():
                waiter.set_result(True)
        elif self._writer is None:
            self._writer = asyncio.create_task(self._write())

    def _replay_sent(self) -> None:
        drained = self._drained
        if drained is not None and not drained.done():
            self._drained = None
            drained.set_result(None)

    def retire_writer(self, now: float, idle: float) -> bool:
        """End the writer task if it has waited ``idle`` seconds for a frame: a quiet
        connection then holds no task, coroutine or future; the next ``push`` starts one.
        (A busy one keeps its writer: no task per frame.)"""
        waiter = self._waiter
        if waiter is None or now - self._waiting_since < idle:
            return False
        self._waiter = None
        if not waiter.done():
            waiter.set_result(False)
        return True

    def overflow(self) -> None:
        """The client does not keep up: close 4009 with the last seq written per room."""
        if self.closing is None:
            self._counters.slow_closes += 1
            self.close(CLOSE_SLOW, slow_consumer_reason(self.sent))

    def close(self, code: int, reason: str, last: str | None = None) -> None:
        """Start closing (idempotent, never blocks): queued frames are dropped, the writer
        stops, then a task of its own sends ``last`` (a final frame, if any) and the close
        frame."""
        if self.closing is not None:
            return
        self.closing = (code, reason)
        self.queue = None
        self.replay = None
        self._waiting.clear()
        self._replay_sent()
        self._finisher = asyncio.create_task(self._finish(code, reason, last), name="ws-close")

    @property
    def queued(self) -> int:
        queue = self.queue
        return len(queue) if queue is not None else 0

    @property
    def replaying(self) -> int:
        replay = self.replay
        return len(replay) if replay is not None else 0

    async def next_frame(self) -> str | bytes | None:
        """The client's next frame; None once it is gone or the connection is closing."""
        if self.closing is not None:
            return None
        self._reader = asyncio.current_task()
        self._reader_idle = True
        try:
            return await self._transport.receive()
        except asyncio.CancelledError:
            task = asyncio.current_task()
            if self._stopping_reader and task is not None:
                task.uncancel()
                return None
            raise
        finally:
            self._reader_idle = False

    async def stop(self) -> None:
        """After the read loop ended: stop writing and let a pending close finish."""
        writer = self._writer
        if writer is not None and not writer.done():
            writer.cancel()
            await asyncio.wait([writer], timeout=self._close_timeout)
        finisher = self._finisher
        if finisher is not None and not finisher.done():
            slow = self.closing is not None and self.closing[0] == CLOSE_SLOW
            grace = self.slow_close_timeout if slow else self._close_timeout
            await asyncio.wait([finisher], timeout=grace + 1)

    def _next(self) -> Item | None:
        """The next frame to send, None when there is none: replay frames first, but one
        live frame (an answer, a ping, another room's event) after every ``REPLAY_STREAK``
        of them, unless it is an event of a room whose replay is still queued."""
        replay = self.replay
        queue = self.queue
        if queue and (not replay or self._streak >= REPLAY_STREAK):
            item = self._next_live(queue)
            if item is not None:
                self._streak = 0
                return item
        if replay:
            item = replay.popleft()
            self._streak += 1
            topic = getattr(item, "topic", None)
            waiting = self._waiting
            if topic is not None and waiting.get(topic):
                waiting[topic] -= 1
            if len(replay) <= REPLAY_LOW:
                self._replay_sent()
            return item
        return None

    def _next_live(self, queue: deque[Item]) -> Item | None:
        """The first live frame that may go now (among the first ``LOOK_AHEAD``): events of a
        room whose replay frames are queued wait for them, in their order."""
        sent = self.sent
        waiting = self._waiting
        index = 0
        while index < len(queue) and index < LOOK_AHEAD:
            item = queue[index]
            if isinstance(item, RealtimeEvent) and item.seq is not None:
                if item.seq <= sent.get(item.topic, -1):
                    del queue[index]  # the client has it already (a replay covered it)
                    continue
                if waiting.get(item.topic):
                    index += 1  # its room's replay goes first
                    continue
            if index == 0:
                return queue.popleft()
            del queue[index]
            return item
        return None

    async def _write(self) -> None:
        send = self._transport.send
        sent = self.sent
        loop = asyncio.get_running_loop()
        previous = last = -BUSY_GAP  # when the last two events were sent
        try:
            while self.closing is None:
                item = self._next()
                if item is None:
                    self.replay = None
                    if last - previous >= BUSY_GAP:
                        # replies, or events seconds apart (viewer counts): end, and let the
                        # next frame start a writer; closer events: wait for the next one
                        self.queue = None
                        break
                    waiter = self._waiter = loop.create_future()
                    self._waiting_since = loop.time()
                    if await waiter or self.queue or self.replay:
                        continue
                    break  # retired while idle
                if type(item) is str:
                    await send(item)
                elif isinstance(item, RealtimeEvent):
                    previous, last = last, loop.time()
                    await send(item.encoded())
                    if item.seq is not None:
                        sent[item.topic] = item.seq
                elif isinstance(item, Positioned):
                    await send(item.text)
                    sent[item.topic] = item.seq
        except asyncio.CancelledError:
            raise
        except Exception as error:  # the client went away; the read loop sees it too
            log.debug("websocket send failed", connection=self.id, error=repr(error))
            self._writer = None
            return
        # no await since the waiter was retired (or closing began): a push starts a new writer
        self._writer = None

    async def _finish(self, code: int, reason: str, last: str | None) -> None:
        writer = self._writer
        if writer is not None and not writer.done():
            writer.cancel()
            await asyncio.wait([writer], timeout=self._close_timeout)
        # a slow consumer gets longer: its close frame waits behind what it has not read yet
        grace = self.slow_close_timeout if code == CLOSE_SLOW else self._close_timeout
        try:
            async with asyncio.timeout(grace):
                if last is not None:
                    await self._transport.send(last)
                await self._transport.close(code, reason)
        except Exception as error:  # gone already, or too stuck to take a close frame
            log.debug("websocket close failed", connection=self.id, error=repr(error))
        reader = self._reader
        if reader is not None and self._reader_idle and not reader.done():
            self._stopping_reader = True
            reader.cancel()
