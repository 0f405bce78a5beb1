"""A blocked term of a channel's chatroom, as entered and as matched."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class BlockedTerm:
    id: uuid.UUID
    channel_id: uuid.UUID
    term: str  # as entered (trimmed)
    normalised: str  # the matching key: normalised text, ``*`` kept at either end
    created_by: uuid.UUID | None  # None: the system
    created_at: datetime


@dataclass(frozen=True, slots=True)
class BlockedTerms:
    """A channel's terms and the version of that set (bumped on every change; 0: never set)."""

    terms: list[BlockedTerm]
    version: int
