"""Bans (permanent) and timeouts (until ``expires_at``) of accounts in a channel's chat."""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass
from datetime import datetime


class BanKind(enum.StrEnum):
    BAN = "ban"
    TIMEOUT = "timeout"


@dataclass(frozen=True, slots=True)
class Ban:
    id: uuid.UUID
    channel_id: uuid.UUID
    account_id: uuid.UUID
    kind: BanKind
    reason: str | None
    expires_at: datetime | None  # None for a ban; set for a timeout
    created_by: uuid.UUID | None  # None: the system
    created_at: datetime

    def active_at(self, now: datetime) -> bool:
        return self.expires_at is None or self.expires_at > now
