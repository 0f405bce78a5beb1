"""Social tables (follows, notification preferences) and categories (the live context)."""

from __future__ import annotations

import uuid
from datetime import datetime

from advanced_alchemy.base import UUIDv7Base
from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import (
    ARRAY,
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column


class CategoryRow(UUIDv7Base):
    __tablename__ = "categories"
    __table_args__ = (
        UniqueConstraint("slug", name="uq_categories_slug"),
        UniqueConstraint("igdb_id", name="uq_categories_igdb_id"),
        CheckConstraint("slug = lower(slug)", name="slug_lower"),
        CheckConstraint("followers_count >= 0", name="followers_count_nonneg"),
        Index("ix_categories_name_id", "name", "id"),
    )

    igdb_id: Mapped[int | None] = mapped_column(BigInteger)
    name: Mapped[str] = mapped_column(String(128))
    slug: Mapped[str] = mapped_column(String(64))
    cover_url: Mapped[str | None] = mapped_column(Text)
    genres: Mapped[list[str]] = mapped_column(ARRAY(String(64)), server_default=text("'{}'"))
    followers_count: Mapped[int] = mapped_column(BigInteger, server_default=text("0"))
    live_viewers: Mapped[int] = mapped_column(BigInteger, server_default=text("0"))
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    deleted_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    aliases: Mapped[list[str]] = mapped_column(ARRAY(String(128)), server_default=text("'{}'"))
    igdb_updated_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))


class ChannelFollowRow(UUIDv7Base):
    __tablename__ = "channel_follows"
    __table_args__ = (
        UniqueConstraint("account_id", "channel_id", name="uq_channel_follows"),
        Index("ix_channel_follows_account_id_id", "account_id", "id"),
        Index("ix_channel_follows_channel_id", "channel_id"),
    )

    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    channel_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("channels.id", ondelete="CASCADE"))
    followed_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))


class CategoryFollowRow(UUIDv7Base):
    __tablename__ = "category_follows"
    __table_args__ = (
        UniqueConstraint("account_id", "category_id", name="uq_category_follows"),
        Index("ix_category_follows_account_id_id", "account_id", "id"),
        Index("ix_category_follows_category_id", "category_id"),
    )

    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    category_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("categories.id", ondelete="CASCADE"))
    followed_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))


class NotificationPreferenceRow(UUIDv7Base):
    """Account-wide choices, sparse: ``{"push.marketing": true}``; defaults fill the rest."""

    __tablename__ = "notification_preferences"
    __table_args__ = (
        UniqueConstraint("account_id", name="uq_notification_preferences_account_id"),
    )

    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    settings: Mapped[dict[str, bool]] = mapped_column(JSONB, server_default=text("'{}'"))
    updated_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))


class ChannelNotificationPreferenceRow(UUIDv7Base):
    """Overrides for one channel, sparse like ``notification_preferences.settings``."""

    __tablename__ = "channel_notification_preferences"
    __table_args__ = (
        UniqueConstraint("account_id", "channel_id", name="uq_channel_notification_preferences"),
        Index("ix_channel_notification_preferences_channel_id", "channel_id"),
    )

    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    channel_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("channels.id", ondelete="CASCADE"))
    settings: Mapped[dict[str, bool]] = mapped_column(JSONB, server_default=text("'{}'"))
    updated_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
