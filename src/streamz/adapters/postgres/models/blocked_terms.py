"""Chat blocked-terms tables: the terms, and one version counter per channel's term set."""

from __future__ import annotations

import uuid
from datetime import datetime

from advanced_alchemy.base import UUIDv7Base
from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import BigInteger, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column


class ChatBlockedTermRow(UUIDv7Base):
    __tablename__ = "chat_blocked_terms"
    __table_args__ = (
        UniqueConstraint(
            "channel_id", "normalised", name="uq_chat_blocked_terms_channel_id_normalised"
        ),
        Index("ix_chat_blocked_terms_channel_id_created_at", "channel_id", "created_at"),
    )

    channel_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("channels.id", ondelete="CASCADE"))
    term: Mapped[str] = mapped_column(String(500))
    normalised: Mapped[str] = mapped_column(String(2002))  # key and its wildcards
    created_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))


class ChatBlockedTermsVersionRow(UUIDv7Base):
    __tablename__ = "chat_blocked_terms_versions"
    __table_args__ = (
        UniqueConstraint("channel_id", name="uq_chat_blocked_terms_versions_channel_id"),
    )

    channel_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("channels.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(BigInteger)
