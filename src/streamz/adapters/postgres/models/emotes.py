"""emotes tables: ``chat_emotes`` (their images live in the object store)."""

from __future__ import annotations

import uuid
from datetime import datetime

from advanced_alchemy.base import UUIDv7Base
from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column


class ChatEmoteRow(UUIDv7Base):
    __tablename__ = "chat_emotes"
    __table_args__ = (
        # codes differing only by case are one code; also the index of the per-channel set
        UniqueConstraint("channel_id", "code_key", name="uq_chat_emotes_channel_id_code_key"),
        CheckConstraint("code ~ '^[A-Za-z0-9]{2,25}$'", name="code_format"),
        CheckConstraint("code_key = lower(code)", name="code_key_lower"),
    )

    channel_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("channels.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(25))  # as typed in chat (case-sensitive)
    code_key: Mapped[str] = mapped_column(String(25))  # lower(code): uniqueness and order
    image_key: Mapped[str] = mapped_column(String(512))
    content_type: Mapped[str] = mapped_column(String(32))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    subscriber_only: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    created_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
