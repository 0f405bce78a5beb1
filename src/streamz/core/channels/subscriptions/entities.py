"""A subscription of an account to a channel, tier 1-3, for a number of months."""

from __future__ import annotations

import calendar
import uuid
from dataclasses import dataclass
from datetime import datetime

TIERS = (1, 2, 3)
MAX_MONTHS = 120


@dataclass(frozen=True, slots=True)
class Subscription:
    id: uuid.UUID
    channel_id: uuid.UUID
    account_id: uuid.UUID
    tier: int
    started_at: datetime
    months: int  # cumulative: every grant adds its months
    gifted_by: uuid.UUID | None
    ends_at: datetime
    ended_at: datetime | None  # set when staff end it (or when a lapsed one is replaced)
    created_at: datetime
    updated_at: datetime

    def active_at(self, now: datetime) -> bool:
        """Not ended and not expired."""
        return self.ended_at is None and self.ends_at > now


def add_months(moment: datetime, months: int) -> datetime:
    """The same day and time ``months`` calendar months later (the month's last day if shorter)."""
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)
