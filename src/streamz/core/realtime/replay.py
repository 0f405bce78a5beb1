"""What a resuming client missed in a chatroom: recent history from Redis, else PostgreSQL."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from streamz.core.errors import Unavailable
from streamz.core.realtime.events import CHATROOM, RealtimeEvent, topic
from streamz.ports.realtime import RecentHistory
from streamz.ports.room_events import RoomEventLog

MAX_REPLAY = 5000  # further back: the client refetches over HTTP


@dataclass(frozen=True, slots=True)
class Replay:
    events: list[RealtimeEvent]  # seq after_seq+1 ... last_seq, in order, one per seq
    last_seq: int
    resync: bool = False  # too far back: refetch history over HTTP, then resume from last_seq


class ReplayRoom:
    """``await replay(chatroom_id, after_seq)``: every durable event of the room after
    ``after_seq``, gap-free (a hole in the recent history falls back to PostgreSQL)."""

    def __init__(self, log: RoomEventLog, recent: RecentHistory) -> None:
        self._log = log
        self._recent = recent

    async def __call__(self, chatroom_id: uuid.UUID, after_seq: int) -> Replay:
        last = await self._log.last_seq(chatroom_id)
        missed = last - after_seq
        if missed <= 0:
            return Replay([], last)
        if missed > MAX_REPLAY:
            return Replay([], last, resync=True)
        name = topic(CHATROOM, chatroom_id)
        recent: list[RealtimeEvent] | None = None
        try:
            recent = await self._recent.since(name, after_seq, missed)
        except Unavailable:
            recent = None
        if recent is not None and _complete(recent, after_seq, last):
            return Replay(recent, last)
        rows = await self._log.since(chatroom_id, after_seq, missed)
        events = [RealtimeEvent(name, r.topic, r.payload, r.seq) for r in rows]
        return Replay([e for e in events if e.seq is not None and e.seq <= last], last)


def _complete(events: list[RealtimeEvent], after_seq: int, last: int) -> bool:
    seqs = [e.seq for e in events]
    return seqs == list(range(after_seq + 1, last + 1))
