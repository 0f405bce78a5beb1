"""What the HTTP API takes and shows of stream info, livestreams and VODs."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

import msgspec
from msgspec import UNSET, UnsetType

from streamz.core.live.directory.entities import RankedStream, StreamCard, StreamInfoView
from streamz.core.live.entities import Category, Livestream, Vod
from streamz.core.shared.pages import Page

__all__ = ["UNSET"]

# loose shapes: the use cases check the rules, each with its own problem type
Title = Annotated[str, msgspec.Meta(max_length=1000, description="at most 140 characters")]
Tag = Annotated[
    str,
    msgspec.Meta(
        max_length=100,
        description="2-24 of a-z, 0-9 and inner '-' once trimmed and lower-cased",
        examples=["speedrun", "no-commentary"],
    ),
]
Language = Annotated[
    str, msgspec.Meta(max_length=100, description="BCP 47", examples=["en", "pt-BR"])
]
CategoryIdentifier = Annotated[
    str, msgspec.Meta(min_length=1, max_length=64, description="category id or slug")
]


class LiveChannelRef(msgspec.Struct, frozen=True):
    id: uuid.UUID
    slug: str
    display_name: str


class CategoryRef(msgspec.Struct, frozen=True):
    id: uuid.UUID
    slug: str
    name: str

    @classmethod
    def of(cls, category: Category | None) -> CategoryRef | None:
        return cls(category.id, category.slug, category.name) if category else None


class LivestreamOut(msgspec.Struct, frozen=True):
    id: uuid.UUID
    channel: LiveChannelRef
    title: str
    category: CategoryRef | None
    tags: list[str]
    language: str
    mature: bool
    live: bool
    started_at: datetime
    ended_at: datetime | None
    viewers: int
    peak_viewers: int

    @classmethod
    def of(cls, card: StreamCard) -> LivestreamOut:
        s = card.livestream
        category = None
        if s.category_id is not None and card.category_slug is not None:
            category = CategoryRef(s.category_id, card.category_slug, card.category_name or "")
        return cls(
            id=s.id,
            channel=LiveChannelRef(s.channel_id, card.channel_slug, card.channel_name),
            title=s.title,
            category=category,
            tags=list(s.tags),
            language=s.language,
            mature=s.mature,
            live=s.live,
            started_at=s.started_at,
            ended_at=s.ended_at,
            viewers=s.viewers,
            peak_viewers=s.peak_viewers,
        )


class LivestreamPage(msgspec.Struct, frozen=True):
    data: list[LivestreamOut]
    next: str | None  # cursor of the next page (pass it as `after`)

    @classmethod
    def of(cls, page: Page[StreamCard]) -> LivestreamPage:
        return cls([LivestreamOut.of(c) for c in page.data], page.next)


class RecommendedOut(msgspec.Struct, frozen=True):
    livestream: LivestreamOut
    score: float  # higher first; see docs/recommendations.md
    reasons: list[str]  # popular, followed-by-similar-viewers, followed-category, ...

    @classmethod
    def of(cls, ranked: RankedStream) -> RecommendedOut:
        return cls(LivestreamOut.of(ranked.card), ranked.score, list(ranked.reasons))


class RecommendedPage(msgspec.Struct, frozen=True):
    data: list[RecommendedOut]
    next: str | None

    @classmethod
    def of(cls, page: Page[RankedStream]) -> RecommendedPage:
        return cls([RecommendedOut.of(r) for r in page.data], page.next)


class LiveNowOut(msgspec.Struct, frozen=True):
    id: uuid.UUID
    started_at: datetime
    viewers: int

    @classmethod
    def of(cls, stream: Livestream | None) -> LiveNowOut | None:
        return cls(stream.id, stream.started_at, stream.viewers) if stream else None


class StreamInfoOut(msgspec.Struct, frozen=True):
    channel_id: uuid.UUID
    title: str
    category: CategoryRef | None
    tags: list[str]
    language: str
    mature: bool
    updated_at: datetime | None  # null: never set (the defaults)
    live: LiveNowOut | None  # the livestream now, if the channel is live

    @classmethod
    def of(cls, view: StreamInfoView) -> StreamInfoOut:
        info = view.info
        return cls(
            channel_id=info.channel_id,
            title=info.title,
            category=CategoryRef.of(view.category),
            tags=list(info.tags),
            language=info.language,
            mature=info.mature,
            updated_at=info.updated_at,
            live=LiveNowOut.of(view.live),
        )


class UpdateStreamInfoIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Only the fields sent change; `category: null` clears the category."""

    title: Title | UnsetType = UNSET
    category: CategoryIdentifier | UnsetType | None = UNSET
    tags: Annotated[list[Tag], msgspec.Meta(max_length=50)] | UnsetType = UNSET
    language: Language | UnsetType = UNSET
    mature: bool | UnsetType = UNSET


class VodOut(msgspec.Struct, frozen=True):
    id: uuid.UUID
    channel_id: uuid.UUID
    livestream_id: uuid.UUID | None
    title: str
    visibility: str  # public | subscribers | private
    playback_url: str
    thumbnail_url: str | None
    duration_seconds: int
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, vod: Vod) -> VodOut:
        return cls(
            vod.id,
            vod.channel_id,
            vod.livestream_id,
            vod.title,
            vod.visibility,
            vod.playback_url,
            vod.thumbnail_url,
            vod.duration_seconds,
            vod.created_at,
            vod.updated_at,
        )


class VodPage(msgspec.Struct, frozen=True):
    data: list[VodOut]
    next: str | None

    @classmethod
    def of(cls, page: Page[Vod]) -> VodPage:
        return cls([VodOut.of(v) for v in page.data], page.next)


class UpdateVodIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    title: Title | UnsetType = UNSET
    visibility: (
        Annotated[str, msgspec.Meta(max_length=32, description="public | subscribers | private")]
        | UnsetType
    ) = UNSET
