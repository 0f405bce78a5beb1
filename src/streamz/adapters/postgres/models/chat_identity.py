"""chat_identity tables: the colour an account chose for its name in a channel's chat."""

from __future__ import annotations

import uuid
from datetime import datetime

from advanced_alchemy.base import UUIDv7Base
from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column


class ChatIdentityColourRow(UUIDv7Base):
    __tablename__ = "chat_identity_colours"
    __table_args__ = (
        UniqueConstraint(
            "channel_id", "account_id", name="uq_chat_identity_colours_channel_id_account_id"
        ),
        Index("ix_chat_identity_colours_account_id", "account_id"),
    )

    channel_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("channels.id", ondelete="CASCADE"))
    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    colour: Mapped[str] = mapped_column(String(7))  # "#RRGGBB", upper-case
    updated_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
