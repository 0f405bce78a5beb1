"""Storage of the streams context: channel streams, livestream and VOD writes, Livepeer
deliveries, and the jobs that process them."""

import uuid
from datetime import datetime
from typing import Protocol

from streamz.core.live.entities import ChannelStream, Livestream, StreamInfo, Vod
from streamz.core.live.streams.entities import LivepeerDelivery


class ChannelStreamRepository(Protocol):
    async def lock(self, channel_id: uuid.UUID) -> None:
        """Serialise the stream work of one channel (creation, rotation, lifecycle events)
        until the transaction ends, without locking the channel's row."""
        ...

    async def get(self, channel_id: uuid.UUID) -> ChannelStream | None: ...

    async def save(self, stream: ChannelStream) -> None:
        """Insert or replace the channel's stream."""
        ...

    async def channel_of(self, livepeer_stream_id: str) -> uuid.UUID | None:
        """The channel of a Livepeer stream: the one whose current stream it is, else the one
        whose past livestreams used it (its key was rotated since)."""
        ...


class LivestreamWrites(Protocol):
    async def live(self, channel_id: uuid.UUID) -> Livestream | None:
        """The channel's livestream that has not ended."""
        ...

    async def covers(self, channel_id: uuid.UUID, at: datetime) -> bool:
        """Whether a livestream of the channel started at or after ``at``, or had not ended by
        ``at``: a start at ``at`` would be stale or a duplicate."""
        ...

    async def next_start(self, channel_id: uuid.UUID, at: datetime) -> datetime | None:
        """When the channel's first livestream that started after ``at`` started."""
        ...

    async def spanning(self, channel_id: uuid.UUID, at: datetime) -> Livestream | None:
        """The channel's ended livestream that started by ``at`` and ended after it."""
        ...

    async def add(self, livestream: Livestream) -> None: ...

    async def end(self, livestream_id: uuid.UUID, ended_at: datetime) -> Livestream:
        """Sets ``ended_at``; the peak keeps the highest viewer count seen. The ended row."""
        ...

    async def for_recording(
        self, channel_id: uuid.UUID, started: datetime, last_seen: datetime
    ) -> Livestream | None:
        """The channel's latest livestream that started by ``last_seen`` and had not ended
        before ``started`` (the recorded session overlaps it)."""
        ...

    async def set_session(self, livestream_id: uuid.UUID, session_id: str) -> None:
        """Record Livepeer's session id of the livestream (kept when already set)."""
        ...

    async def stream_info(self, channel_id: uuid.UUID) -> StreamInfo:
        """The channel's stream info (defaults when never written)."""
        ...

    async def set_channel_live(self, channel_id: uuid.UUID, live: bool) -> None:
        """``channels.is_live``."""
        ...


class VodWrites(Protocol):
    async def add(self, vod: Vod) -> bool:
        """False (and nothing written) when a VOD of the same Livepeer asset exists."""
        ...

    async def get(self, vod_id: uuid.UUID) -> Vod | None:
        """Deleted ones too."""
        ...

    async def soft_delete(self, vod_id: uuid.UUID, at: datetime) -> None: ...

    async def asset_deleted(self, vod_id: uuid.UUID, at: datetime) -> None: ...

    async def pending_asset_deletions(self, before: datetime, limit: int) -> list[uuid.UUID]:
        """Deleted (before ``before``) VODs whose Livepeer asset is not deleted yet."""
        ...


class LivepeerEventLog(Protocol):
    async def add(self, delivery: LivepeerDelivery) -> bool:
        """False (and nothing written) when a delivery with the same id exists."""
        ...

    async def get(self, event_id: str, *, lock: bool = False) -> LivepeerDelivery | None:
        """``lock``: until the transaction ends (one job processes a delivery at a time)."""
        ...

    async def done(self, event_id: str, at: datetime, error: str | None) -> None:
        """Mark processed; ``error`` says why it changed nothing (None: applied)."""
        ...

    async def first_after(
        self, livepeer_stream_id: str, event: str, at: datetime
    ) -> datetime | None:
        """When the stream's earliest processed ``event`` after ``at`` happened."""
        ...

    async def pending(self, before: datetime, limit: int) -> list[str]:
        """Ids of deliveries received before ``before`` and not processed yet, oldest first."""
        ...


class StreamJobs(Protocol):
    """Background jobs of the streams context (a job with the same key already waiting is not
    enqueued twice). Raises ``Unavailable`` when the queue cannot be reached."""

    async def process_event(self, event_id: str) -> None: ...

    async def delete_asset(self, vod_id: uuid.UUID) -> None: ...
