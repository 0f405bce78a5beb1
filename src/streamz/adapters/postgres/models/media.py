"""Media tables: subscriber badges (their images live in the object store)."""

from __future__ import annotations

import uuid
from datetime import datetime

from advanced_alchemy.base import UUIDv7Base
from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import ForeignKey, Integer, SmallInteger, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column


class ChannelBadgeRow(UUIDv7Base):
    __tablename__ = "channel_badges"
    __table_args__ = (
        # also the index of the one-query badge set (channel_id, ordered by months)
        UniqueConstraint("channel_id", "months", name="uq_channel_badges_months"),
    )

    channel_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("channels.id", ondelete="CASCADE"))
    months: Mapped[int] = mapped_column(SmallInteger)
    image_key: Mapped[str] = mapped_column(String(512))
    content_type: Mapped[str] = mapped_column(String(32))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
