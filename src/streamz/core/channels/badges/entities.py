from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from streamz.core.media.entities import ImageRules

# Months of subscription a badge can mark. A subscriber shows the badge of the highest
# threshold they reached; a channel has at most one badge per threshold.
THRESHOLDS = (1, 2, 3, 6, 9, 12, 18, 24, 30, 36, 48, 60, 72, 84, 96, 108, 120)

# Badges: PNG, GIF or WebP, at most 256 KiB, square, 18x18 to 512x512 px.
BADGE_IMAGES = ImageRules(max_bytes=256 * 1024, min_side=18, max_side=512, square=True)

UPDATED = "channel.badges_updated"


@dataclass(frozen=True, slots=True)
class Badge:
    id: uuid.UUID
    channel_id: uuid.UUID
    months: int
    image_key: str
    content_type: str
    width: int
    height: int
    created_at: datetime


@dataclass(frozen=True, slots=True)
class ShownBadge:
    """A badge with the public URL of its image."""

    badge: Badge
    image_url: str
