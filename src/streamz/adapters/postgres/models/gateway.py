"""Websocket gateway tables: viewer samples and each channel's peak, for analytics.

Keyed by channel for now: livestreams arrive in a later issue, which will key samples by
livestream (and may move these rows under it)."""

from __future__ import annotations

import uuid
from datetime import datetime

from advanced_alchemy.base import DefaultBase
from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import ForeignKey, Integer, Uuid
from sqlalchemy.orm import Mapped, mapped_column


class ViewerSampleRow(DefaultBase):
    """A chatroom's viewers at one moment (one instance samples each room per interval)."""

    __tablename__ = "viewer_samples"

    channel_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("channels.id", ondelete="CASCADE"), primary_key=True
    )
    sampled_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True), primary_key=True)
    chatroom_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    viewers: Mapped[int] = mapped_column(Integer)  # users + anonymous
    users: Mapped[int] = mapped_column(Integer)  # unique signed-in accounts
    anonymous: Mapped[int] = mapped_column(Integer)  # anonymous connections
    peak: Mapped[int] = mapped_column(Integer)  # most viewers since the previous sample


class ViewerPeakRow(DefaultBase):
    """A channel's most viewers ever counted, and when."""

    __tablename__ = "viewer_peaks"

    channel_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("channels.id", ondelete="CASCADE"), primary_key=True
    )
    peak: Mapped[int] = mapped_column(Integer)
    peak_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
