"""Live tables: each channel's Livepeer stream and stream info, livestreams (indexed for the
directory listings), VODs, and the Livepeer webhook deliveries (deduplicated by id)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from advanced_alchemy.base import DefaultBase, UUIDv7Base
from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import (
    ARRAY,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column


class ChannelStreamRow(DefaultBase):
    __tablename__ = "channel_streams"
    __table_args__ = (
        UniqueConstraint("livepeer_stream_id", name="uq_channel_streams_livepeer_stream_id"),
    )

    channel_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("channels.id", ondelete="CASCADE"), primary_key=True
    )
    livepeer_stream_id: Mapped[str] = mapped_column(String(64))
    stream_key: Mapped[str] = mapped_column(String(128))
    playback_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    key_rotated_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))


class StreamInfoRow(DefaultBase):
    __tablename__ = "stream_info"
    __table_args__ = (
        CheckConstraint("char_length(title) <= 140", name="title_length"),
        CheckConstraint("cardinality(tags) <= 10", name="tags_max"),
    )

    channel_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("channels.id", ondelete="CASCADE"), primary_key=True
    )
    title: Mapped[str] = mapped_column(Text, server_default="")
    category_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("categories.id", ondelete="SET NULL")
    )
    tags: Mapped[list[str]] = mapped_column(ARRAY(String(32)), server_default=text("'{}'"))
    language: Mapped[str] = mapped_column(String(35), server_default="en")
    mature: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    updated_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))


class LivestreamRow(UUIDv7Base):
    __tablename__ = "livestreams"
    __table_args__ = (
        # one live stream per channel
        Index(
            "uq_livestreams_channel_id_live",
            "channel_id",
            unique=True,
            postgresql_where=text("ended_at IS NULL"),
        ),
        Index("ix_livestreams_channel_id_started_at", "channel_id", "started_at"),
        # deliveries of a stream whose key was rotated since find their channel
        Index("ix_livestreams_livepeer_stream_id", "livepeer_stream_id", "started_at"),
        # the directory: live streams by viewers / by start, per category and overall
        Index(
            "ix_livestreams_live_viewers",
            "viewers",
            "id",
            postgresql_where=text("ended_at IS NULL"),
        ),
        Index(
            "ix_livestreams_live_started_at",
            "started_at",
            "id",
            postgresql_where=text("ended_at IS NULL"),
        ),
        Index(
            "ix_livestreams_live_category_viewers",
            "category_id",
            "viewers",
            "id",
            postgresql_where=text("ended_at IS NULL"),
        ),
        CheckConstraint("char_length(title) <= 140", name="title_length"),
    )

    channel_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("channels.id", ondelete="CASCADE"))
    livepeer_stream_id: Mapped[str] = mapped_column(String(64))
    livepeer_session_id: Mapped[str | None] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(Text, server_default="")
    category_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("categories.id", ondelete="SET NULL")
    )
    tags: Mapped[list[str]] = mapped_column(ARRAY(String(32)), server_default=text("'{}'"))
    language: Mapped[str] = mapped_column(String(35), server_default="en")
    mature: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    started_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    ended_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    viewers: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    peak_viewers: Mapped[int] = mapped_column(Integer, server_default=text("0"))


class VodRow(UUIDv7Base):
    __tablename__ = "vods"
    __table_args__ = (
        UniqueConstraint("livepeer_asset_id", name="uq_vods_livepeer_asset_id"),
        Index(
            "ix_vods_channel_id_id",
            "channel_id",
            "id",
            postgresql_where=text("deleted_at IS NULL"),
        ),
        CheckConstraint(
            "visibility IN ('public', 'subscribers', 'private')", name="visibility_known"
        ),
        CheckConstraint("char_length(title) <= 140", name="title_length"),
        # deleted VODs whose Livepeer asset is still to delete (the sweep re-enqueues them)
        Index(
            "ix_vods_asset_pending",
            "deleted_at",
            postgresql_where=text("deleted_at IS NOT NULL AND asset_deleted_at IS NULL"),
        ),
    )

    channel_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("channels.id", ondelete="CASCADE"))
    livestream_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("livestreams.id", ondelete="SET NULL")
    )
    livepeer_asset_id: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(Text, server_default="")
    visibility: Mapped[str] = mapped_column(String(16), server_default="public")
    playback_url: Mapped[str] = mapped_column(Text)
    thumbnail_url: Mapped[str | None] = mapped_column(Text)
    duration_seconds: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    deleted_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    asset_deleted_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))


class LivepeerEventRow(DefaultBase):
    """Every Livepeer webhook delivery once, by its payload ``id``; unknown events kept too.
    ``occurred_at``: when Livepeer says it happened (``createdAt``); ``error``: why a processed
    delivery changed nothing (NULL: applied)."""

    __tablename__ = "livepeer_events"
    __table_args__ = (
        # what the sweep re-enqueues
        Index(
            "ix_livepeer_events_pending",
            "received_at",
            postgresql_where=text("processed_at IS NULL"),
        ),
        # out-of-order deliveries look for the same stream's starts and idles received before
        Index("ix_livepeer_events_stream_id_event", "stream_id", "event", "occurred_at"),
    )

    id: Mapped[str] = mapped_column(String(128), primary_key=True)
    event: Mapped[str] = mapped_column(String(64))
    stream_id: Mapped[str | None] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]] = mapped_column(JSONB)
    occurred_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    received_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    processed_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    error: Mapped[str | None] = mapped_column(Text)
