"""Chat bans and timeouts: one open row per channel and account, ended rows kept as history."""

from __future__ import annotations

import uuid
from datetime import datetime

from advanced_alchemy.base import UUIDv7Base
from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import CheckConstraint, ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column


class ChatBanRow(UUIDv7Base):
    __tablename__ = "chat_bans"
    __table_args__ = (
        CheckConstraint("kind IN ('ban', 'timeout')", name="kind"),
        CheckConstraint("(kind = 'ban') = (expires_at IS NULL)", name="timeouts_expire"),
        # the one open row of an account in a channel; ``active`` reads through it
        Index(
            "uq_chat_bans_open",
            "channel_id",
            "account_id",
            unique=True,
            postgresql_where=text("ended_at IS NULL"),
        ),
        # who is banned now, newest first
        Index(
            "ix_chat_bans_open_channel_id_id",
            "channel_id",
            "id",
            postgresql_where=text("ended_at IS NULL"),
        ),
        Index("ix_chat_bans_account_id", "account_id"),
    )

    channel_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("channels.id", ondelete="CASCADE"))
    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(String(500))
    expires_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    created_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    ended_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    ended_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL")
    )
