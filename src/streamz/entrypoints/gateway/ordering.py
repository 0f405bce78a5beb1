"""Each chatroom's durable events, delivered in ``seq`` order exactly once per process.

Events reach an instance twice (the writer's fast path after commit and the outbox relay) and,
across those paths, out of order. Per room, ``next`` is the seq to deliver next:

- ``seq < next``: a duplicate, dropped;
- ``seq == next``: delivered, then any held successors;
- ``seq > next``: held; if the hole is still open after ``hold`` seconds (its event was lost
  or is late), the room's history fills it (``ReplayRoom``: recent history in Redis, else
  PostgreSQL), retried until it succeeds. Room seqs commit in order (the sequence row is
  locked until commit), so a published seq means every smaller one is committed and
  replayable.
- Before ``start(head)`` (the room's committed head when this instance began watching it),
  everything is held; ``start`` drops what is at or below the head.

After the pub/sub connection comes back, ``catch_up`` replays whatever was published while it
was down. A room too far behind (more than ``ReplayRoom`` replays) jumps to the head and calls
``on_resync`` so subscribers are told to refetch over HTTP.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import structlog

from streamz.core.realtime.events import RealtimeEvent
from streamz.core.realtime.replay import Replay
from streamz.entrypoints.gateway.stats import Counters

log = structlog.get_logger("streamz.gateway")

Fetch = Callable[[int], Awaitable[Replay]]  # after_seq -> the room's events after it


class RoomOrder:
    __slots__ = (
        "_closed",
        "_counters",
        "_deliver",
        "_fetch",
        "_filling",
        "_hold",
        "_on_resync",
        "_retry",
        "_timer",
        "held",
        "next",
    )

    def __init__(
        self,
        deliver: Callable[[RealtimeEvent], None],
        fetch: Fetch,
        on_resync: Callable[[int], None],
        counters: Counters,
        *,
        hold: float = 0.2,
        retry: float = 0.5,
    ) -> None:
        self.next: int | None = None
        self.held: dict[int, RealtimeEvent] = {}
        self._deliver = deliver
        self._fetch = fetch
        self._on_resync = on_resync
        self._counters = counters
        self._hold = hold
        self._retry = retry
        self._timer: asyncio.TimerHandle | None = None
        self._filling: asyncio.Task[None] | None = None
        self._closed = False

    @property
    def delivered(self) -> int:
        """The last seq delivered (the head when started, if nothing came since)."""
        return (self.next or 1) - 1

    def start(self, head: int) -> None:
        self.next = head + 1
        for seq in [s for s in self.held if s <= head]:
            del self.held[seq]
        self._drain()

    def offer(self, event: RealtimeEvent) -> None:
        seq = event.seq
        assert seq is not None
        expected = self.next
        if expected is None:  # not started: hold everything
            self.held[seq] = event
            return
        if seq == expected:
            self.next = expected + 1
            self._deliver(event)
            if self.held:
                self._drain()
            return
        if seq < expected or seq in self.held:
            self._counters.duplicates += 1
            return
        self._counters.held += 1
        self.held[seq] = event
        self._arm()

    def catch_up(self) -> None:
        """Replay anything published while this instance was not listening."""
        if self._closed or self.next is None or self._filling is not None:
            return
        self._cancel_timer()
        self._filling = asyncio.create_task(self._fill(force=True), name="room-catch-up")

    def close(self) -> None:
        self._closed = True
        self._cancel_timer()
        if self._filling is not None:
            self._filling.cancel()
        self.held.clear()

    def _drain(self) -> None:
        held = self.held
        while self.next in held:
            event = held.pop(self.next)
            self.next += 1
            self._deliver(event)
        if not held:
            self._cancel_timer()

    def _arm(self) -> None:
        if self._timer is None and self._filling is None and not self._closed:
            loop = asyncio.get_running_loop()
            self._timer = loop.call_later(self._hold, self._expired)

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _expired(self) -> None:
        self._timer = None
        if self.held and not self._closed and self._filling is None:
            self._filling = asyncio.create_task(self._fill(), name="room-fill")

    async def _fill(self, *, force: bool = False) -> None:
        try:
            while not self._closed and self.next is not None and (force or self.held):
                force = False
                try:
                    replay = await self._fetch(self.next - 1)
                except Exception as error:  # history unavailable: keep holding, retry
                    log.warning("room history unavailable", error=repr(error))
                    await asyncio.sleep(self._retry)
                    force = True
                    continue
                if self._stopped():
                    return
                self._apply(replay)
                if not replay.complete:
                    force = True  # more pages to read
                    continue
                if self.held and min(self.held) > self.next:  # still a hole: try again
                    await asyncio.sleep(self._retry)
                    continue
                return
        finally:
            self._filling = None
            if self.held and not self._closed:
                self._arm()

    def _stopped(self) -> bool:
        return self._closed or self.next is None

    def _apply(self, replay: Replay) -> None:
        assert self.next is not None
        if replay.resync:
            if replay.last_seq >= self.next:
                self._counters.resyncs += 1
                self.next = replay.last_seq + 1
                for seq in [s for s in self.held if s < self.next]:
                    del self.held[seq]
                self._on_resync(replay.last_seq)
        else:
            filled = False
            for event in replay.events:
                if event.seq == self.next:
                    self.next += 1
                    self._deliver(event)
                    filled = True
            if filled:
                self._counters.fills += 1
            for seq in [s for s in self.held if s < self.next]:
                del self.held[seq]  # came live meanwhile, and from the history first
        self._drain()
