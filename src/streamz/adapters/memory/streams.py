"""The streams context in memory (tables of the ``MemoryUnit``), an in-memory Livepeer and a
job queue that only records what was queued."""

from __future__ import annotations

import itertools
import uuid
from dataclasses import replace
from datetime import datetime

from streamz.adapters.memory.database import MemoryUnit
from streamz.core.channels.entities import Channel
from streamz.core.errors import Conflict, Unavailable
from streamz.core.live.entities import ChannelStream, Livestream, StreamInfo, Vod
from streamz.core.live.streams.entities import LivepeerDelivery, ProviderStream
from streamz.core.live.streams.errors import LivepeerUnavailable


def _channel_exists(unit: MemoryUnit, channel_id: uuid.UUID) -> None:
    """The foreign key to ``channels`` (Postgres refuses the row: Conflict)."""
    if channel_id not in unit.tables.channels:
        raise Conflict(f"no channel {channel_id} (foreign key)")


class MemoryChannelStreams:
    def __init__(self, unit: MemoryUnit) -> None:
        self._unit = unit
        self._rows: dict[uuid.UUID, ChannelStream] = unit.tables.table("channel_streams")
        self._livestreams: dict[uuid.UUID, Livestream] = unit.tables.table("livestreams")

    async def lock(self, channel_id: uuid.UUID) -> None:
        return None  # one unit at a time in memory

    async def get(self, channel_id: uuid.UUID) -> ChannelStream | None:
        return self._rows.get(channel_id)

    async def save(self, stream: ChannelStream) -> None:
        _channel_exists(self._unit, stream.channel_id)
        for other in self._rows.values():
            if (
                other.channel_id != stream.channel_id
                and other.livepeer_stream_id == stream.livepeer_stream_id
            ):
                raise Conflict("uq_channel_streams_livepeer_stream_id")
        self._rows[stream.channel_id] = stream

    async def channel_of(self, livepeer_stream_id: str) -> uuid.UUID | None:
        for stream in self._rows.values():
            if stream.livepeer_stream_id == livepeer_stream_id:
                return stream.channel_id
        past = [
            ls for ls in self._livestreams.values() if ls.livepeer_stream_id == livepeer_stream_id
        ]
        return max(past, key=lambda ls: ls.started_at).channel_id if past else None


class MemoryLivestreamWrites:
    def __init__(self, unit: MemoryUnit) -> None:
        self._unit = unit
        self._rows: dict[uuid.UUID, Livestream] = unit.tables.table("livestreams")
        self._info: dict[uuid.UUID, StreamInfo] = unit.tables.table("stream_info")

    def _of(self, channel_id: uuid.UUID) -> list[Livestream]:
        return [ls for ls in self._rows.values() if ls.channel_id == channel_id]

    async def live(self, channel_id: uuid.UUID) -> Livestream | None:
        return next((ls for ls in self._of(channel_id) if ls.ended_at is None), None)

    async def covers(self, channel_id: uuid.UUID, at: datetime) -> bool:
        return any(
            ls.started_at == at
            or (ls.started_at < at and (ls.ended_at is None or ls.ended_at > at))
            for ls in self._of(channel_id)
        )

    async def next_start(self, channel_id: uuid.UUID, at: datetime) -> datetime | None:
        later = [ls.started_at for ls in self._of(channel_id) if ls.started_at > at]
        return min(later) if later else None

    async def spanning(self, channel_id: uuid.UUID, at: datetime) -> Livestream | None:
        found = [
            ls
            for ls in self._of(channel_id)
            if ls.ended_at is not None and ls.started_at <= at < ls.ended_at
        ]
        return max(found, key=lambda ls: ls.started_at) if found else None

    async def add(self, livestream: Livestream) -> None:
        _channel_exists(self._unit, livestream.channel_id)
        if livestream.ended_at is None and await self.live(livestream.channel_id):
            raise Conflict("one live livestream per channel (uq_livestreams_channel_id_live)")
        self._rows[livestream.id] = livestream

    async def end(self, livestream_id: uuid.UUID, ended_at: datetime) -> Livestream:
        current = self._rows.get(livestream_id)
        if current is None:
            raise LookupError(f"no livestream {livestream_id}")
        ended = replace(
            current, ended_at=ended_at, peak_viewers=max(current.peak_viewers, current.viewers)
        )
        self._rows[livestream_id] = ended
        return ended

    async def for_recording(
        self, channel_id: uuid.UUID, started: datetime, last_seen: datetime
    ) -> Livestream | None:
        found = [
            ls
            for ls in self._of(channel_id)
            if ls.started_at <= last_seen and (ls.ended_at is None or ls.ended_at >= started)
        ]
        return max(found, key=lambda ls: ls.started_at) if found else None

    async def set_session(self, livestream_id: uuid.UUID, session_id: str) -> None:
        current = self._rows.get(livestream_id)
        if current is not None and current.livepeer_session_id is None:
            self._rows[livestream_id] = replace(current, livepeer_session_id=session_id[:64])

    async def stream_info(self, channel_id: uuid.UUID) -> StreamInfo:
        return self._info.get(channel_id) or StreamInfo(channel_id)

    async def set_channel_live(self, channel_id: uuid.UUID, live: bool) -> None:
        channels: dict[uuid.UUID, Channel] = self._unit.tables.channels
        channel = channels.get(channel_id)
        if channel is not None and channel.is_live != live:
            channels[channel_id] = replace(channel, is_live=live)


class MemoryVodWrites:
    def __init__(self, unit: MemoryUnit) -> None:
        self._unit = unit
        self._rows: dict[uuid.UUID, Vod] = unit.tables.table("vods")
        self._livestreams: dict[uuid.UUID, Livestream] = unit.tables.table("livestreams")

    async def add(self, vod: Vod) -> bool:
        _channel_exists(self._unit, vod.channel_id)
        if vod.livestream_id is not None and vod.livestream_id not in self._livestreams:
            raise Conflict(f"no livestream {vod.livestream_id} (foreign key)")
        if any(v.livepeer_asset_id == vod.livepeer_asset_id for v in self._rows.values()):
            return False
        self._rows[vod.id] = vod
        return True

    async def get(self, vod_id: uuid.UUID) -> Vod | None:
        return self._rows.get(vod_id)

    async def soft_delete(self, vod_id: uuid.UUID, at: datetime) -> None:
        vod = self._rows.get(vod_id)
        if vod is not None and vod.deleted_at is None:
            self._rows[vod_id] = replace(vod, deleted_at=at, updated_at=at)

    async def asset_deleted(self, vod_id: uuid.UUID, at: datetime) -> None:
        vod = self._rows.get(vod_id)
        if vod is not None and vod.asset_deleted_at is None:
            self._rows[vod_id] = replace(vod, asset_deleted_at=at)

    async def pending_asset_deletions(self, before: datetime, limit: int) -> list[uuid.UUID]:
        pending = sorted(
            (
                v
                for v in self._rows.values()
                if v.deleted_at is not None and v.asset_deleted_at is None and v.deleted_at < before
            ),
            key=lambda v: v.deleted_at or before,
        )
        return [v.id for v in pending[:limit]]


class MemoryLivepeerEvents:
    def __init__(self, unit: MemoryUnit) -> None:
        self._rows: dict[str, LivepeerDelivery] = unit.tables.table("livepeer_events")

    async def add(self, delivery: LivepeerDelivery) -> bool:
        if delivery.id in self._rows:
            return False
        self._rows[delivery.id] = delivery
        return True

    async def get(self, event_id: str, *, lock: bool = False) -> LivepeerDelivery | None:
        return self._rows.get(event_id)

    async def done(self, event_id: str, at: datetime, error: str | None) -> None:
        delivery = self._rows.get(event_id)
        if delivery is not None:
            self._rows[event_id] = replace(delivery, processed_at=at, error=error)

    async def first_after(
        self, livepeer_stream_id: str, event: str, at: datetime
    ) -> datetime | None:
        times = [
            d.occurred_at
            for d in self._rows.values()
            if d.stream_id == livepeer_stream_id
            and d.event == event
            and d.occurred_at > at
            and d.processed_at is not None
        ]
        return min(times) if times else None

    async def pending(self, before: datetime, limit: int) -> list[str]:
        waiting = sorted(
            (d for d in self._rows.values() if d.processed_at is None and d.received_at < before),
            key=lambda d: d.received_at,
        )
        return [d.id for d in waiting[:limit]]


class MemoryStreamJobs:
    """Records queued jobs, once per key while waiting (as SAQ does); tests run them."""

    def __init__(self) -> None:
        self.events: list[str] = []
        self.assets: list[uuid.UUID] = []
        self.unavailable = False  # True: every enqueue fails as if Redis were down

    async def process_event(self, event_id: str) -> None:
        self._check()
        if event_id not in self.events:
            self.events.append(event_id)

    async def delete_asset(self, vod_id: uuid.UUID) -> None:
        self._check()
        if vod_id not in self.assets:
            self.assets.append(vod_id)

    def _check(self) -> None:
        if self.unavailable:
            raise Unavailable("the job queue is unreachable (memory)")


class MemoryLivepeer:
    """An in-memory Livepeer Studio: streams and assets, calls counted, failures on demand."""

    def __init__(self) -> None:
        self.streams: dict[str, ProviderStream] = {}
        self.assets: set[str] = set()
        self.deleted_assets: list[str] = []
        self.deleted_streams: list[str] = []
        self.failing: dict[str, int] = {}  # call name -> how many of its next calls fail
        self.calls: list[str] = []
        self._ids = itertools.count(1)

    def fail(self, name: str, times: int = 1) -> None:
        """The next ``times`` calls of ``name`` (``create_stream``...) raise
        ``LivepeerUnavailable``, as a 503 or a timeout would."""
        self.failing[name] = times

    def _call(self, name: str) -> None:
        self.calls.append(name)
        if self.failing.get(name, 0) > 0:
            self.failing[name] -= 1
            raise LivepeerUnavailable("Livepeer answered 503 (memory)")

    async def create_stream(self, name: str) -> ProviderStream:
        self._call("create_stream")
        n = next(self._ids)
        stream = ProviderStream(f"stream-{n}", f"key-{n}-{uuid.uuid4().hex[:12]}", f"play-{n}")
        self.streams[stream.id] = stream
        return stream

    async def get_stream(self, stream_id: str) -> ProviderStream | None:
        self._call("get_stream")
        return self.streams.get(stream_id)

    async def delete_stream(self, stream_id: str) -> None:
        self._call("delete_stream")
        if self.streams.pop(stream_id, None) is not None:
            self.deleted_streams.append(stream_id)

    async def delete_asset(self, asset_id: str) -> None:
        self._call("delete_asset")
        self.deleted_assets.append(asset_id)
        self.assets.discard(asset_id)
