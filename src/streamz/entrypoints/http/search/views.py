"""What the search API shows: hits per kind with highlights, pages, suggestions, trending."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import msgspec

from streamz.core.search.entities import SearchHit, SearchPage, Suggestion, TrendingQuery
from streamz.core.search.search import SearchResults


class HighlightOut(msgspec.Struct, frozen=True):
    field: str
    snippet: str  # matched words wrapped in <mark>...</mark>


def _highlights(hit: SearchHit) -> list[HighlightOut]:
    return [HighlightOut(h.field, h.snippet) for h in hit.highlights]


def _opt(d: dict[str, Any], key: str) -> str | None:
    value = d.get(key)
    return None if value is None else str(value)


class ChannelHit(msgspec.Struct, frozen=True):
    id: str
    username: str
    display_name: str
    bio: str
    followers: int
    is_live: bool
    viewers: int
    category_id: str | None
    category_slug: str | None
    category: str | None
    language: str | None
    highlights: list[HighlightOut]

    @classmethod
    def of(cls, hit: SearchHit) -> ChannelHit:
        d = hit.document
        return cls(
            str(d["id"]),
            str(d["username"]),
            str(d["display_name"]),
            str(d.get("bio") or ""),
            int(d.get("followers", 0)),
            bool(d.get("is_live", False)),
            int(d.get("viewers", 0)),
            _opt(d, "category_id"),
            _opt(d, "category_slug"),
            _opt(d, "category"),
            _opt(d, "language"),
            _highlights(hit),
        )


class CategoryHit(msgspec.Struct, frozen=True):
    id: str
    name: str
    slug: str
    aliases: list[str]
    followers: int
    live_viewers: int
    cover_url: str | None
    highlights: list[HighlightOut]

    @classmethod
    def of(cls, hit: SearchHit) -> CategoryHit:
        d = hit.document
        return cls(
            str(d["id"]),
            str(d["name"]),
            str(d["slug"]),
            [str(a) for a in d.get("aliases") or []],
            int(d.get("followers", 0)),
            int(d.get("live_viewers", 0)),
            _opt(d, "cover_url"),
            _highlights(hit),
        )


class LivestreamHit(msgspec.Struct, frozen=True):
    channel_id: str
    livestream_id: str
    channel_username: str
    channel_display_name: str
    title: str
    tags: list[str]
    category_id: str | None
    category_slug: str | None
    category: str | None
    language: str
    mature: bool
    viewers: int
    followers: int  # the channel's
    started_at: datetime
    highlights: list[HighlightOut]

    @classmethod
    def of(cls, hit: SearchHit) -> LivestreamHit:
        d = hit.document
        return cls(
            str(d["id"]),
            str(d.get("livestream_id") or ""),
            str(d["channel_username"]),
            str(d["channel_display_name"]),
            str(d.get("title") or ""),
            [str(t) for t in d.get("tags") or []],
            _opt(d, "category_id"),
            _opt(d, "category_slug"),
            _opt(d, "category"),
            str(d.get("language") or ""),
            bool(d.get("mature", False)),
            int(d.get("viewers", 0)),
            int(d.get("followers", 0)),
            datetime.fromtimestamp(int(d.get("started_at", 0)), UTC),
            _highlights(hit),
        )


def _next(page: SearchPage) -> str | None:
    return None if page.next_page is None else str(page.next_page)


class ChannelResults(msgspec.Struct, frozen=True):
    data: list[ChannelHit]
    found: int
    next: str | None  # pass as `after` for the next page

    @classmethod
    def of(cls, page: SearchPage) -> ChannelResults:
        return cls([ChannelHit.of(h) for h in page.hits], page.found, _next(page))


class CategoryResults(msgspec.Struct, frozen=True):
    data: list[CategoryHit]
    found: int
    next: str | None

    @classmethod
    def of(cls, page: SearchPage) -> CategoryResults:
        return cls([CategoryHit.of(h) for h in page.hits], page.found, _next(page))


class LivestreamResults(msgspec.Struct, frozen=True):
    data: list[LivestreamHit]
    found: int
    next: str | None

    @classmethod
    def of(cls, page: SearchPage) -> LivestreamResults:
        return cls([LivestreamHit.of(h) for h in page.hits], page.found, _next(page))


class SearchAllOut(msgspec.Struct, frozen=True):
    query: str
    channels: ChannelResults
    categories: CategoryResults
    livestreams: LivestreamResults

    @classmethod
    def of(cls, results: SearchResults) -> SearchAllOut:
        channels, categories, livestreams = results.pages
        return cls(
            results.query,
            ChannelResults.of(channels),
            CategoryResults.of(categories),
            LivestreamResults.of(livestreams),
        )


class SuggestionOut(msgspec.Struct, frozen=True):
    type: str  # channels or categories
    id: str
    name: str
    slug: str
    is_live: bool  # a live channel, or a category with live viewers

    @classmethod
    def of(cls, s: Suggestion) -> SuggestionOut:
        return cls(s.kind.value, s.id, s.name, s.slug, s.is_live)


class SuggestionsOut(msgspec.Struct, frozen=True):
    data: list[SuggestionOut]


class TrendingOut(msgspec.Struct, frozen=True):
    query: str
    count: int


class TrendingPage(msgspec.Struct, frozen=True):
    window: str
    data: list[TrendingOut]

    @classmethod
    def of(cls, window: str, rows: list[TrendingQuery]) -> TrendingPage:
        return cls(window, [TrendingOut(r.query, r.count) for r in rows])
