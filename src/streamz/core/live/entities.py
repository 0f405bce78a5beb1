"""Categories: what a livestream is about (a game, "Just Chatting"), filled by IGDB later."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Category:
    id: uuid.UUID
    igdb_id: int | None
    name: str
    slug: str
    cover_url: str | None
    genres: tuple[str, ...]
    followers_count: int
    live_viewers: int
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None = None
