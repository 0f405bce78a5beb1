"""Realtime in one process: what was published (tests, the in-memory library), a recent history
per room, and local listeners (an in-process stand-in for Redis pub/sub)."""

from __future__ import annotations

import asyncio
import uuid
from collections import defaultdict
from collections.abc import Sequence

from streamz.core.realtime.events import RealtimeEvent


class MemoryRealtime:
    """The Redis publisher and history's rules: a room keeps its last ``keep * 2`` stored
    events, one per distinct encoding of a seq (the fast path and the outbox relay may publish
    an event twice), and a read gives one per seq (the smallest encoding, as Redis orders
    members of one score)."""

    keep = 1000

    def __init__(self) -> None:
        self.published: list[RealtimeEvent] = []
        self._history: dict[str, dict[tuple[int, str], RealtimeEvent]] = defaultdict(dict)
        self.listeners: list[asyncio.Queue[RealtimeEvent]] = []

    async def publish(self, events: Sequence[RealtimeEvent]) -> None:
        for event in events:
            self.published.append(event)
            if event.durable and event.seq is not None:
                room = self._history[event.topic]
                room[(event.seq, event.to_wire())] = event
                for old in sorted(room)[: max(0, len(room) - self.keep * 2)]:
                    del room[old]
            for queue in self.listeners:
                queue.put_nowait(event)

    async def since(self, topic: str, after_seq: int, limit: int) -> list[RealtimeEvent] | None:
        room = self._history.get(topic, {})
        if not room or min(room)[0] > after_seq + 1:
            return None
        later = [key for key in sorted(room) if key[0] > after_seq][: limit * 2]
        out: list[RealtimeEvent] = []
        for key in later:  # as Redis reads them: ``limit * 2`` stored events, one per seq
            if not out or out[-1].seq != key[0]:
                out.append(room[key])
        return out[:limit]


class MemoryRoomViewers:
    """Who is connected to which chatroom: set ``rooms`` in tests; nobody by default."""

    def __init__(self) -> None:
        self.rooms: dict[uuid.UUID, set[uuid.UUID]] = defaultdict(set)

    async def present(
        self, chatroom_id: uuid.UUID, account_ids: Sequence[uuid.UUID]
    ) -> set[uuid.UUID]:
        return self.rooms.get(chatroom_id, set()) & set(account_ids)
