"""Idempotency keys of HTTP requests: what the first request with a key asked for and what it
was answered, for 24 hours (see ``streamz.core.idempotency.keys``)."""

from __future__ import annotations

import uuid
from datetime import datetime

from advanced_alchemy.base import DefaultBase
from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import Index, Integer, LargeBinary, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column


class IdempotencyKeyRow(DefaultBase):
    """Reserved in the transaction of the work itself (no ``status`` yet), answered after."""

    __tablename__ = "idempotency_keys"
    __table_args__ = (
        # the sweep of expired keys
        Index("ix_idempotency_keys_expires_at", "expires_at"),
    )

    id: Mapped[str] = mapped_column(Text, primary_key=True)  # hash of account, operation, key
    account_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    fingerprint: Mapped[str] = mapped_column(Text)
    status: Mapped[int | None] = mapped_column(Integer)
    answer: Mapped[bytes | None] = mapped_column(LargeBinary)  # sealed with the caller's key
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
