"""Channels: every account owns exactly one, whose slug is the username."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Channel:
    id: uuid.UUID
    account_id: uuid.UUID
    slug: str
    display_name: str
    bio: str
    is_live: bool
    followers_count: int
    created_at: datetime
    updated_at: datetime
