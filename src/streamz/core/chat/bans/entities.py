"""Bans (permanent) and timeouts (until ``expires_at``) of accounts in a channel's chat.

A channel has at most one open row per account (``ended_at`` unset). A new ban or timeout ends
the open one and takes its place; an unban ends it. Ended rows stay as the moderation history.
A timeout needs no job to expire: it is in force only while ``expires_at`` is in the future
(the worker's ``ExpireTimeouts`` then ends the row and tells the room).
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass
from datetime import datetime

from streamz.core.identity.entities import Account

MIN_TIMEOUT_SECONDS = 1
MAX_TIMEOUT_SECONDS = 14 * 24 * 3600  # 14 days


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
    ended_at: datetime | None = None  # lifted, or replaced by a newer ban or timeout
    ended_by: uuid.UUID | None = None  # who lifted or replaced it (None: the system)

    def active_at(self, now: datetime) -> bool:
        if self.ended_at is not None and self.ended_at <= now:
            return False
        return self.expires_at is None or self.expires_at > now

    @property
    def duration_seconds(self) -> int | None:
        """A timeout's length as given; None for a ban."""
        if self.expires_at is None:
            return None
        return round((self.expires_at - self.created_at).total_seconds())


@dataclass(frozen=True, slots=True)
class BannedAccount:
    """A ban or timeout with the account it applies to."""

    ban: Ban
    account: Account
