"""The gateway's collaborators in memory: a room's event log and history (the memory
adapters behind ``ReplayRoom``), a pub/sub stand-in, presence, stats, websocket transports."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from streamz.adapters.memory.database import MemoryDatabase, MemoryUnit
from streamz.adapters.memory.realtime import MemoryRealtime
from streamz.adapters.memory.room_events import MemoryRoomEvents
from streamz.core.chat.room_events import RoomEventWriter
from streamz.core.errors import StreamzError
from streamz.core.identity.entities import Principal
from streamz.core.realtime.events import RealtimeEvent
from streamz.core.realtime.gateway_stats import InstanceStats
from streamz.core.realtime.replay import Replay, ReplayRoom
from streamz.core.realtime.viewers import RoomPresence, Tally, ViewerSample
from streamz.core.shared.events import Event
from tests.unit.support import uow_of

T = datetime(2026, 1, 1, tzinfo=UTC)


class _NullOutbox:
    async def add(self, event: Event) -> None:
        return None


class RoomLog:
    """One chatroom's durable events in the memory log, with the recent history in
    ``MemoryRealtime`` (``publish`` puts events there, as the Redis publisher does)."""

    def __init__(self) -> None:
        self.chatroom_id = uuid.uuid4()
        self.topic = f"chatroom:{self.chatroom_id}"
        self.database = MemoryDatabase()
        self.recent = MemoryRealtime()
        self.fetches: list[int] = []
        self.fail = 0  # the next fetches that raise

    def _log(self) -> MemoryRoomEvents:
        return MemoryRoomEvents(MemoryUnit(self.database))

    async def append(self, count: int = 1, *, publish: bool = True) -> list[RealtimeEvent]:
        out: list[RealtimeEvent] = []
        for _ in range(count):
            unit = MemoryUnit(self.database)
            writer = RoomEventWriter(MemoryRoomEvents(unit), uow_of(unit))
            seq = await writer(self.chatroom_id, "chatroom.settings_updated", {"n": 1}, T)
            await unit.commit()
            event = self.event(seq)
            out.append(event)
            if publish:
                await self.recent.publish([event])
        return out

    def jump(self, count: int) -> None:
        """``count`` events happened that nobody will ask for (only the head moves)."""
        seqs = self.database.tables.table("chatroom_sequences")
        seqs[self.chatroom_id] = seqs.get(self.chatroom_id, 0) + count

    def event(self, seq: int) -> RealtimeEvent:
        data = {"chatroom_id": str(self.chatroom_id), "seq": seq, "n": 1}
        return RealtimeEvent(self.topic, "chatroom.settings_updated", data, seq)

    async def replay(
        self, after_seq: int, limit: int = 500, *, viewers: bool = False, bounded: bool = True
    ) -> Replay:
        self.fetches.append(after_seq)
        if self.fail:
            self.fail -= 1
            raise ConnectionError("history down")
        replay = ReplayRoom(self._log(), self.recent)
        return await replay(self.chatroom_id, after_seq, limit, viewers=viewers, bounded=bounded)

    async def head(self) -> int:
        return await self._log().last_seq(self.chatroom_id)


class Services:
    """The hub's use-case calls against ``RoomLog``s."""

    def __init__(self, *rooms: RoomLog) -> None:
        self.rooms = {room.chatroom_id: room for room in rooms}
        self.recorded: list[ViewerSample] = []
        self.replay_gate: asyncio.Event | None = None  # set: replays wait for it
        self.principals: dict[str, Principal | StreamzError] = {}  # token -> who it is now
        self.teams: set[tuple[uuid.UUID | None, uuid.UUID]] = set()  # (account, channel)

    async def replay(
        self,
        chatroom_id: uuid.UUID,
        after_seq: int,
        limit: int = 500,
        *,
        viewers: bool = False,
        bounded: bool = True,
    ) -> Replay:
        if self.replay_gate is not None:
            await self.replay_gate.wait()
        room = self.rooms[chatroom_id]
        return await room.replay(after_seq, limit, viewers=viewers, bounded=bounded)

    async def authenticate(self, token: str) -> Principal:
        found = self.principals[token]
        if isinstance(found, StreamzError):
            raise found
        return found

    async def team(self, principal: Principal, channel_id: uuid.UUID) -> bool:
        return principal.is_staff or (principal.account_id, channel_id) in self.teams

    async def head(self, chatroom_id: uuid.UUID) -> int:
        return await self.rooms[chatroom_id].head()

    async def record(self, samples: Sequence[ViewerSample]) -> None:
        self.recorded.extend(samples)


class Listener:
    """Pub/sub in one process: ``publish`` hands wire payloads to the hub."""

    def __init__(self) -> None:
        self.wanted: set[str] = set()
        self.on_message: Callable[[str, bytes], None] = lambda t, p: None
        self.on_resubscribed: Callable[[str], None] = lambda t: None
        self.connected = True

    def start(
        self, on_message: Callable[[str, bytes], None], on_resubscribed: Callable[[str], None]
    ) -> None:
        self.on_message = on_message
        self.on_resubscribed = on_resubscribed

    async def subscribe(self, topic: str) -> None:
        self.wanted.add(topic)

    def unsubscribe(self, topic: str) -> None:
        self.wanted.discard(topic)

    def publish(self, *events: RealtimeEvent) -> None:
        for event in events:
            if event.topic in self.wanted:
                self.on_message(event.topic, event.to_wire().encode())


class Presence:
    def __init__(self) -> None:
        self.reports: list[dict[str, RoomPresence]] = []
        self.tallies: dict[str, Tally] = {}
        self.left: list[Mapping[str, Sequence[str]]] = []

    async def report(self, instance: str, rooms: Mapping[str, RoomPresence], ttl: float) -> None:
        self.reports.append(dict(rooms))

    async def tally(
        self, instance: str, rooms: Sequence[str], every: float, sample_every: float
    ) -> dict[str, Tally]:
        return {room: self.tallies[room] for room in rooms if room in self.tallies}

    async def leave(self, instance: str, rooms: Mapping[str, Sequence[str]]) -> None:
        self.left.append(rooms)


class Stats:
    def __init__(self) -> None:
        self.records: dict[str, InstanceStats] = {}

    async def put(self, stats: InstanceStats, ttl: float) -> None:
        self.records[stats.instance] = stats

    async def remove(self, instance: str) -> None:
        self.records.pop(instance, None)

    async def all(self) -> list[InstanceStats]:
        return list(self.records.values())


class Transport:
    """A websocket that records what was sent; ``blocked`` makes sends wait (a slow client)."""

    def __init__(self) -> None:
        self.sent: list[str] = []
        self.closed: tuple[int, str] | None = None
        self.blocked = asyncio.Event()
        self.blocked.set()
        self.incoming: asyncio.Queue[str | bytes | None] = asyncio.Queue()

    async def send(self, text: str) -> None:
        await self.blocked.wait()
        self.sent.append(text)

    async def receive(self) -> str | bytes | None:
        return await self.incoming.get()

    async def close(self, code: int, reason: str) -> None:
        await self.blocked.wait()
        self.closed = (code, reason)

    def frames(self) -> list[dict[str, Any]]:
        return [json.loads(text) for text in self.sent]

    def seqs(self) -> list[int]:
        return [f["seq"] for f in self.frames() if f["type"] == "event" and "seq" in f]


async def settle(rounds: int = 5) -> None:
    """Let queued writers run."""
    for _ in range(rounds):
        await asyncio.sleep(0)
