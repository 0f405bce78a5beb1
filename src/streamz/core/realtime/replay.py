"""What a resuming client missed in a chatroom: recent history from Redis, else PostgreSQL, a
page at a time."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from streamz.core.errors import Unavailable
from streamz.core.realtime.audience import held_until, message_id, tombstone
from streamz.core.realtime.events import CHATROOM, RealtimeEvent, topic
from streamz.ports.realtime import RecentHistory
from streamz.ports.room_events import RoomEventLog

MAX_REPLAY = 5000  # further back: the client refetches over HTTP
PAGE = 500  # events read per call


@dataclass(frozen=True, slots=True)
class Replay:
    events: list[RealtimeEvent]  # seq after_seq+1 ... in order, one per seq, at most a page
    last_seq: int  # the room's head when read
    resync: bool = False  # too far back: refetch history over HTTP, then resume from last_seq

    @property
    def complete(self) -> bool:
        """Nothing more to read up to ``last_seq``."""
        return self.resync or not self.events or self.events[-1].seq == self.last_seq


@dataclass(frozen=True, slots=True)
class ReplayRoom:
    """``await replay(chatroom_id, after_seq, limit, viewers=...)``: the room's durable events
    after ``after_seq``, gap-free and in order, at most ``limit`` (a page: call again from the
    last one for more). A hole in the recent history falls back to PostgreSQL.

    - More than ``MAX_REPLAY`` behind the head: ``resync`` (no events), unless ``bounded`` is
      False (a catch-up already accepted goes on to the head, however far it moved since).
    - ``viewers``: messages deleted during their chat delay come as tombstones (their
      ``views``); the caller gives viewers nothing later than what it released to them.
    """

    log: RoomEventLog
    recent: RecentHistory

    async def __call__(
        self,
        chatroom_id: uuid.UUID,
        after_seq: int,
        limit: int = PAGE,
        *,
        viewers: bool = False,
        bounded: bool = True,
    ) -> Replay:
        last = await self.log.last_seq(chatroom_id)
        missed = last - after_seq
        if missed <= 0:
            return Replay([], last)
        if bounded and missed > MAX_REPLAY:
            return Replay([], last, resync=True)
        wanted = min(missed, limit)
        name = topic(CHATROOM, chatroom_id)
        recent: list[RealtimeEvent] | None = None
        try:
            recent = await self.recent.since(name, after_seq, wanted)
        except Unavailable:
            recent = None
        if recent is not None and _complete(recent, after_seq, after_seq + wanted):
            events = recent
        else:
            rows = await self.log.since(chatroom_id, after_seq, wanted)
            events = [RealtimeEvent(name, r.topic, r.payload, r.seq) for r in rows]
            events = [e for e in events if e.seq is not None and e.seq <= last]
        if viewers:
            await self._hide_deleted_in_delay(chatroom_id, events)
        return Replay(events, last)

    async def _hide_deleted_in_delay(
        self, chatroom_id: uuid.UUID, events: list[RealtimeEvent]
    ) -> None:
        delayed = {
            ident: event
            for event in events
            if held_until(event) is not None and (ident := message_id(event)) is not None
        }
        if not delayed:
            return
        ids = [uuid.UUID(i) for i in delayed]
        for hidden in await self.log.deleted_before_visible(chatroom_id, ids):
            tombstone(delayed[str(hidden)])


def _complete(events: list[RealtimeEvent], after_seq: int, last: int) -> bool:
    seqs = [e.seq for e in events]
    return seqs == list(range(after_seq + 1, last + 1))
