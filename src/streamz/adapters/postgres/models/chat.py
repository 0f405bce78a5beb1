"""chat tables: ``chatroom_settings`` (one row per chatroom once written; defaults otherwise)."""

from __future__ import annotations

import uuid
from datetime import datetime

from advanced_alchemy.base import DefaultBase
from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import ARRAY, Boolean, CheckConstraint, ForeignKey, Integer, Text, text
from sqlalchemy.orm import Mapped, mapped_column


class ChatroomSettingsRow(DefaultBase):
    __tablename__ = "chatroom_settings"
    __table_args__ = (
        CheckConstraint("slow_mode_seconds BETWEEN 0 AND 3600", name="slow_mode_range"),
        CheckConstraint("followers_only BETWEEN 0 AND 129600", name="followers_only_range"),
        CheckConstraint("min_account_age_minutes BETWEEN 0 AND 525600", name="account_age_range"),
        CheckConstraint("non_moderator_delay_seconds BETWEEN 0 AND 10", name="delay_range"),
        CheckConstraint("cardinality(rules) <= 20", name="rules_max"),
        CheckConstraint("rate_limit_messages BETWEEN 1 AND 1000", name="rate_limit_range"),
        CheckConstraint(
            "moderator_rate_limit_messages BETWEEN 1 AND 1000", name="moderator_rate_limit_range"
        ),
        CheckConstraint("rate_limit_window_seconds BETWEEN 1 AND 3600", name="rate_window_range"),
    )

    chatroom_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("chatrooms.id", ondelete="CASCADE"), primary_key=True
    )
    slow_mode_seconds: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    followers_only: Mapped[int | None] = mapped_column(Integer)
    subscribers_only: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    emote_only: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    unique_chat: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    min_account_age_minutes: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    verified_email_required: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    non_moderator_delay_seconds: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    links_allowed: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))
    rate_limit_messages: Mapped[int] = mapped_column(Integer, server_default=text("20"))
    moderator_rate_limit_messages: Mapped[int] = mapped_column(Integer, server_default=text("100"))
    rate_limit_window_seconds: Mapped[int] = mapped_column(Integer, server_default=text("30"))
    rules: Mapped[list[str]] = mapped_column(ARRAY(Text), server_default=text("'{}'"))
    updated_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
