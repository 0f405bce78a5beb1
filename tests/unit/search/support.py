"""Search use cases over the memory index and a memory database."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

from streamz.adapters.memory.database import FixedClock, MemoryDatabase, MemoryUnit
from streamz.adapters.memory.search import (
    MemorySearchIndex,
    MemorySearchSource,
    MemoryTrendingQueries,
)
from streamz.core.channels.entities import Channel
from streamz.core.live.entities import Category, Livestream
from streamz.core.search.entities import CategoryDocument, ChannelDocument, Kind

T0 = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)


def channel_doc(
    name: str, *, live: bool = False, followers: int = 0, **extra: object
) -> ChannelDocument:
    values: dict[str, object] = {
        "id": f"c-{name}",
        "username": name,
        "display_name": name.title(),
        "bio": "",
        "followers": followers,
        "is_live": live,
        "viewers": 0,
        "category_id": None,
        "category_slug": None,
        "category": None,
        "language": None,
    }
    values.update(extra)
    return ChannelDocument(**values)  # type: ignore[arg-type]


def category_doc(name: str, *, viewers: int = 0) -> CategoryDocument:
    slug = name.lower().replace(" ", "-")
    return CategoryDocument(f"k-{slug}", name, slug, (), 0, viewers, None)


@dataclass
class SearchWorld:
    index: MemorySearchIndex = field(default_factory=MemorySearchIndex)
    trending: MemoryTrendingQueries = field(default_factory=MemoryTrendingQueries)
    clock: FixedClock = field(default_factory=lambda: FixedClock(T0))
    database: MemoryDatabase = field(default_factory=MemoryDatabase)

    def source(self) -> MemorySearchSource:
        return MemorySearchSource(MemoryUnit(self.database))

    def add_channel(self, slug: str, *, followers: int = 0, live: bool = False) -> Channel:
        channel = Channel(
            uuid.uuid4(), uuid.uuid4(), slug, slug.title(), "", live, followers, T0, T0
        )
        self.database.tables.channels[channel.id] = channel
        return channel

    def add_category(self, name: str) -> Category:
        category = Category(uuid.uuid4(), None, name, name.lower(), None, (), 0, 0, T0, T0)
        self.database.tables.table("categories")[category.id] = category
        return category

    def go_live(self, channel: Channel, title: str, category: Category | None = None) -> Livestream:
        stream = Livestream(
            id=uuid.uuid4(),
            channel_id=channel.id,
            livepeer_stream_id="s",
            title=title,
            category_id=category.id if category else None,
            tags=("fps",),
            language="en",
            mature=False,
            started_at=T0,
            ended_at=None,
        )
        self.database.tables.table("livestreams")[stream.id] = stream
        return stream

    def ids(self, kind: Kind) -> set[str]:
        return set(self.index.collections[kind])
