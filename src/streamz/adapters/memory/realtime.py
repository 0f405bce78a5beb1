"""Realtime in one process: what was published (tests, the in-memory library), a recent history
per room, and local listeners (an in-process stand-in for Redis pub/sub)."""

from __future__ import annotations

import asyncio
import uuid
from collections import defaultdict
from collections.abc import Sequence

from streamz.core.realtime.events import RealtimeEvent


class MemoryRealtime:
    keep = 1000  # durable events kept per room

    def __init__(self) -> None:
        self.published: list[RealtimeEvent] = []
        self._history: dict[str, dict[int, RealtimeEvent]] = defaultdict(dict)
        self.listeners: list[asyncio.Queue[RealtimeEvent]] = []

    async def publish(self, events: Sequence[RealtimeEvent]) -> None:
        for event in events:
            self.published.append(event)
            if event.durable and event.seq is not None:
                room = self._history[event.topic]
                room[event.seq] = event
                for old in sorted(room)[: max(0, len(room) - self.keep)]:
                    del room[old]
            for queue in self.listeners:
                queue.put_nowait(event)

    async def since(self, topic: str, after_seq: int, limit: int) -> list[RealtimeEvent] | None:
        room = self._history.get(topic, {})
        if not room or min(room) > after_seq + 1:
            return None
        return [room[s] for s in sorted(room) if s > after_seq][:limit]


class MemoryRoomViewers:
    """Who is connected to which chatroom: set ``rooms`` in tests; nobody by default."""

    def __init__(self) -> None:
        self.rooms: dict[uuid.UUID, set[uuid.UUID]] = defaultdict(set)

    async def present(
        self, chatroom_id: uuid.UUID, account_ids: Sequence[uuid.UUID]
    ) -> set[uuid.UUID]:
        return self.rooms.get(chatroom_id, set()) & set(account_ids)
