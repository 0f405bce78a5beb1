"""Panels and social links of a channel. ``position`` orders them (server-managed)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from streamz.core.channels.about.platforms import Platform, platform_of


@dataclass(frozen=True, slots=True)
class Panel:
    id: uuid.UUID
    channel_id: uuid.UUID
    title: str
    body: str  # markdown
    image_url: str | None
    link_url: str | None
    position: int
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class SocialLink:
    id: uuid.UUID
    channel_id: uuid.UUID
    url: str
    label: str | None
    position: int
    created_at: datetime
    updated_at: datetime

    @property
    def platform(self) -> Platform:
        """Derived from the URL's host; never stored."""
        return platform_of(self.url)
