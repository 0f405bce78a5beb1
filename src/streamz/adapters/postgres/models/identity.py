"""Identity tables: accounts, channels, chatrooms, API tokens, and the outbox."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from advanced_alchemy.base import UUIDv7Base
from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import (
    ARRAY,
    BigInteger,
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


class AccountRow(UUIDv7Base):
    __tablename__ = "accounts"
    __table_args__ = (
        UniqueConstraint("username", name="uq_accounts_username"),
        UniqueConstraint("identity_id", name="uq_accounts_identity_id"),
        CheckConstraint("username = lower(username)", name="username_lower"),
    )

    identity_id: Mapped[str] = mapped_column(String(128))
    username: Mapped[str] = mapped_column(String(25))
    email: Mapped[str] = mapped_column(String(254))
    role: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    email_verified_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))


class ChannelRow(UUIDv7Base):
    __tablename__ = "channels"
    __table_args__ = (
        UniqueConstraint("slug", name="uq_channels_slug"),
        UniqueConstraint("account_id", name="uq_channels_account_id"),
        CheckConstraint("followers_count >= 0", name="followers_count_nonneg"),
    )

    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    slug: Mapped[str] = mapped_column(String(25))
    display_name: Mapped[str] = mapped_column(String(50))
    bio: Mapped[str] = mapped_column(Text, server_default="")
    is_live: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    followers_count: Mapped[int] = mapped_column(BigInteger, server_default=text("0"))
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))


class ChatroomRow(UUIDv7Base):
    __tablename__ = "chatrooms"
    __table_args__ = (UniqueConstraint("channel_id", name="uq_chatrooms_channel_id"),)

    channel_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("channels.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))


class ApiTokenRow(UUIDv7Base):
    __tablename__ = "api_tokens"
    __table_args__ = (
        UniqueConstraint("token_hash", name="uq_api_tokens_token_hash"),
        Index("ix_api_tokens_account_id_id", "account_id", "id"),
    )

    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(64))
    prefix: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64))
    scopes: Mapped[list[str]] = mapped_column(ARRAY(String(32)))
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    expires_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))


class OutboxRow(UUIDv7Base):
    """Events to publish. ``published_at`` is set by the relay; unpublished rows are indexed."""

    __tablename__ = "outbox"
    __table_args__ = (
        Index(
            "ix_outbox_unpublished",
            "id",
            postgresql_where=text("published_at IS NULL"),
        ),
    )

    topic: Mapped[str] = mapped_column(String(64))
    key: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]] = mapped_column(JSONB)
    occurred_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    published_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    attempts: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    # the writer's W3C trace context (traceparent[ tracestate]); NULL when tracing is off
    trace_context: Mapped[str | None] = mapped_column(Text)
