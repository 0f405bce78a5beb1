"""Chatrooms: every channel has exactly one."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Chatroom:
    id: uuid.UUID
    channel_id: uuid.UUID
    created_at: datetime
