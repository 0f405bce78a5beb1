"""Categories: what a livestream is about (a game, "Just Chatting"), filled by IGDB later."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Category:
    id: uuid.UUID
    igdb_id: int | None
    name: str
    slug: str
    cover_url: str | None
    genres: tuple[str, ...]
    followers_count: int
    live_viewers: int
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None = None
    aliases: tuple[str, ...] = ()  # other names (IGDB alternative names), for search
    igdb_updated_at: datetime | None = None  # IGDB's updated_at of the last applied sync


@dataclass(frozen=True, slots=True)
class StreamInfo:
    """What a channel's stream is about; applies to the live stream and to the next one."""

    channel_id: uuid.UUID
    title: str = ""  # at most 140 characters
    category_id: uuid.UUID | None = None
    tags: tuple[str, ...] = ()  # at most 10, normalised (lower-case, trimmed, [a-z0-9-])
    language: str = "en"  # BCP 47
    mature: bool = False
    updated_at: datetime | None = None  # None: never written (defaults)


@dataclass(frozen=True, slots=True)
class ChannelStream:
    """The channel's stream at Livepeer, created on first need. ``stream_key`` is secret: only
    the owner ever sees it."""

    channel_id: uuid.UUID
    livepeer_stream_id: str
    stream_key: str
    playback_id: str
    created_at: datetime
    key_rotated_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Livestream:
    """One broadcast: from Livepeer's ``stream.started`` to ``stream.idle``."""

    id: uuid.UUID
    channel_id: uuid.UUID
    livepeer_stream_id: str
    title: str
    category_id: uuid.UUID | None
    tags: tuple[str, ...]
    language: str
    mature: bool
    started_at: datetime
    ended_at: datetime | None = None  # None: live now
    viewers: int = 0
    peak_viewers: int = 0
    livepeer_session_id: str | None = None

    @property
    def live(self) -> bool:
        return self.ended_at is None

    @property
    def duration_seconds(self) -> int | None:
        """Whole seconds from start to end; None while live."""
        if self.ended_at is None:
            return None
        return max(0, int((self.ended_at - self.started_at).total_seconds()))


class VodVisibility:
    PUBLIC = "public"
    SUBSCRIBERS = "subscribers"
    PRIVATE = "private"  # the owner (and staff) only
    ALL = (PUBLIC, SUBSCRIBERS, PRIVATE)


@dataclass(frozen=True, slots=True)
class Vod:
    """A recording of a livestream (Livepeer ``recording.ready``)."""

    id: uuid.UUID
    channel_id: uuid.UUID
    livestream_id: uuid.UUID | None
    livepeer_asset_id: str
    title: str
    visibility: str  # VodVisibility
    playback_url: str
    thumbnail_url: str | None
    duration_seconds: int
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None = None
    asset_deleted_at: datetime | None = None  # Livepeer deleted the asset (after deleted_at)
