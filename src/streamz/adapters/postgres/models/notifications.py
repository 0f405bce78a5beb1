"""Notification tables: push devices, notifications, their deliveries, the in-app inbox."""

from __future__ import annotations

import uuid
from datetime import datetime

from advanced_alchemy.base import UUIDv7Base
from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import (
    ARRAY,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from streamz.adapters.postgres.models.social import ChannelFollowRow

# Expansion pages through a channel's followers in id order (keyset): this index serves it.
Index(
    "ix_channel_follows_channel_id_id",
    ChannelFollowRow.__table__.c.channel_id,
    ChannelFollowRow.__table__.c.id,
)


class PushDeviceRow(UUIDv7Base):
    __tablename__ = "push_devices"
    __table_args__ = (
        UniqueConstraint("token", name="uq_push_devices_token"),
        Index("ix_push_devices_account_id", "account_id"),
    )

    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    platform: Mapped[str] = mapped_column(String(16))
    token: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))


class NotificationRow(UUIDv7Base):
    __tablename__ = "notifications"
    __table_args__ = (
        UniqueConstraint("event_id", name="uq_notifications_event_id"),
        Index(
            "ix_notifications_unfinished",
            "updated_at",
            postgresql_where=text("expanded_at IS NULL"),
        ),
    )

    event_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    kind: Mapped[str] = mapped_column(String(32))
    audience: Mapped[str] = mapped_column(String(16))
    channel_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    account_ids: Mapped[list[uuid.UUID]] = mapped_column(ARRAY(Uuid), server_default=text("'{}'"))
    payload: Mapped[dict[str, object]] = mapped_column(JSONB, server_default=text("'{}'"))
    cursor: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    expanded_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))


class NotificationDeliveryRow(UUIDv7Base):
    """One (notification, recipient, medium, target): the idempotency key is unique."""

    __tablename__ = "notification_deliveries"
    __table_args__ = (
        UniqueConstraint(
            "notification_id", "account_id", "medium", "target", name="uq_notification_deliveries"
        ),
        Index("ix_notification_deliveries_notification_id_status", "notification_id", "status"),
        Index(
            "ix_notification_deliveries_due",
            "next_attempt_at",
            postgresql_where=text("status IN ('pending', 'sending')"),
        ),
        Index("ix_notification_deliveries_updated_at", "updated_at"),
        Index(
            "ix_notification_deliveries_dead",
            "id",
            postgresql_where=text("status = 'dead'"),
        ),
    )

    notification_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("notifications.id", ondelete="CASCADE")
    )
    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    medium: Mapped[str] = mapped_column(String(8))
    target: Mapped[str] = mapped_column(Text)
    locale: Mapped[str] = mapped_column(String(16), server_default="en")
    digest: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    status: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    next_attempt_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    lease_until: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    provider_id: Mapped[str | None] = mapped_column(Text)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))


class InboxNotificationRow(UUIDv7Base):
    __tablename__ = "inbox_notifications"
    __table_args__ = (
        UniqueConstraint("account_id", "notification_id", name="uq_inbox_notifications"),
        Index("ix_inbox_notifications_account_id_id", "account_id", "id"),
        Index(
            "ix_inbox_notifications_unread",
            "account_id",
            postgresql_where=text("read_at IS NULL"),
        ),
    )

    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    notification_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("notifications.id", ondelete="CASCADE")
    )
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    read_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))
