from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

import msgspec
from litestar.datastructures import UploadFile

from streamz.core.channels.badges.entities import ShownBadge


@dataclass
class BadgeForm:
    """``multipart/form-data``: the months threshold and the image file."""

    months: Annotated[int, msgspec.Meta(ge=1, le=120, description="1, 2, 3, 6, 9, 12 ... 120")]
    image: UploadFile


class BadgeOut(msgspec.Struct, frozen=True):
    id: uuid.UUID
    months: int
    image_url: str
    width: int
    height: int
    content_type: str
    created_at: datetime

    @classmethod
    def of(cls, shown: ShownBadge) -> BadgeOut:
        badge = shown.badge
        return cls(
            id=badge.id,
            months=badge.months,
            image_url=shown.image_url,
            width=badge.width,
            height=badge.height,
            content_type=badge.content_type,
            created_at=badge.created_at,
        )


class BadgeList(msgspec.Struct, frozen=True):
    """Every badge of the channel, by months ascending (at most one per threshold)."""

    data: list[BadgeOut]
