"""Emotes: a channel's images used in chat by their code (``Kappa``), some for subscribers."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Emote:
    id: uuid.UUID
    channel_id: uuid.UUID
    code: str  # [A-Za-z0-9]{2,25}, unique per channel (case-sensitive, as typed in chat)
    image_key: str  # ObjectStore key (content-addressed, never reused)
    content_type: str
    width: int
    height: int
    subscriber_only: bool
    created_by: uuid.UUID | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class ShownEmote:
    """An emote with the public URL of its image."""

    emote: Emote
    image_url: str
