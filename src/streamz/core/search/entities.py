"""What the search context indexes and answers.

Three collections: channels, categories and livestreams (one document per live channel, whose
id is the channel's id, so a stream going offline deletes a known id). Every document carries a
fingerprint of its content (``fp``) so the reconcile job can compare Postgres with the index
cheaply.
"""

from __future__ import annotations

import enum
import hashlib
from dataclasses import dataclass, field
from typing import Any


class Kind(enum.StrEnum):
    CHANNELS = "channels"
    CATEGORIES = "categories"
    LIVESTREAMS = "livestreams"


class SortBy(enum.StrEnum):
    RELEVANCE = "relevance"  # text match, then live before offline, then followers/viewers
    VIEWERS = "viewers"
    FOLLOWERS = "followers"


@dataclass(frozen=True, slots=True)
class ChannelDocument:
    id: str
    username: str
    display_name: str
    bio: str
    followers: int
    is_live: bool
    viewers: int  # of the live stream; 0 offline
    category_id: str | None
    category_slug: str | None
    category: str | None  # the category's name
    language: str | None


@dataclass(frozen=True, slots=True)
class CategoryDocument:
    id: str
    name: str
    slug: str
    aliases: tuple[str, ...]
    followers: int
    live_viewers: int
    cover_url: str | None


@dataclass(frozen=True, slots=True)
class LivestreamDocument:
    id: str  # the channel's id: one live stream per channel
    livestream_id: str
    channel_username: str
    channel_display_name: str
    title: str
    tags: tuple[str, ...]
    category_id: str | None
    category_slug: str | None
    category: str | None
    language: str
    mature: bool
    viewers: int
    followers: int  # the channel's
    started_at: int  # unix seconds


Document = ChannelDocument | CategoryDocument | LivestreamDocument
KIND_OF: dict[type[Any], Kind] = {
    ChannelDocument: Kind.CHANNELS,
    CategoryDocument: Kind.CATEGORIES,
    LivestreamDocument: Kind.LIVESTREAMS,
}


def fields_of(document: Document) -> dict[str, Any]:
    """The document's fields (tuples as lists) with ``fp``, the fingerprint of its content."""
    values = [getattr(document, name) for name in document.__slots__]
    body = {
        name: list(value) if isinstance(value, tuple) else value
        for name, value in zip(document.__slots__, values, strict=True)
    }
    body["fp"] = fingerprint(values)
    return body


def fingerprint(values: list[Any]) -> str:
    """A short stable digest of a document's values (str, int, bool, None, tuples of str)."""
    return hashlib.blake2b(repr(values).encode(), digest_size=8).hexdigest()


@dataclass(frozen=True, slots=True)
class Filters:
    live: bool = False  # only live channels / categories with viewers (livestreams are live)
    category: str | None = None  # id or slug
    language: str | None = None
    tags: tuple[str, ...] = ()  # all of them (livestreams)


@dataclass(frozen=True, slots=True)
class SearchQuery:
    kind: Kind
    text: str
    filters: Filters = field(default_factory=Filters)
    sort: SortBy = SortBy.RELEVANCE
    page: int = 1
    per_page: int = 20


@dataclass(frozen=True, slots=True)
class Highlight:
    field: str
    snippet: str


@dataclass(frozen=True, slots=True)
class SearchHit:
    document: dict[str, Any]  # the stored fields (without ``fp``)
    highlights: tuple[Highlight, ...] = ()


@dataclass(frozen=True, slots=True)
class SearchPage:
    kind: Kind
    found: int
    page: int
    per_page: int
    hits: tuple[SearchHit, ...]

    @property
    def next_page(self) -> int | None:
        return self.page + 1 if self.page * self.per_page < self.found else None


@dataclass(frozen=True, slots=True)
class Suggestion:
    kind: Kind
    id: str
    name: str  # what to show and complete to
    slug: str  # username or category slug
    is_live: bool = False


@dataclass(frozen=True, slots=True)
class TrendingQuery:
    query: str
    count: int


@dataclass(frozen=True, slots=True)
class Changes:
    """What a batch of events touched: documents to re-read from the database."""

    channels: frozenset[str] = frozenset()
    categories: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.channels or self.categories)
