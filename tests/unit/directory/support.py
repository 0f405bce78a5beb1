"""Directory use cases on the unit-test ``World`` (each on a fresh unit of work), and rows
arranged directly in its tables: categories, livestreams, follows, VODs, subscriptions."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import datetime, timedelta

from streamz.adapters.memory.database import MemoryUnit
from streamz.adapters.memory.directory import (
    MemoryLivestreamListings,
    MemoryStreamInfo,
    MemoryVodCatalog,
)
from streamz.adapters.memory.repositories import MemoryAccounts, MemoryChannels
from streamz.adapters.memory.social import MemoryCategories
from streamz.adapters.memory.subscriptions import MemorySubscriptions
from streamz.adapters.memory.team import MemoryAuditLog, MemoryChannelRoles
from streamz.core.channels.entities import Channel
from streamz.core.channels.subscriptions.entities import Subscription
from streamz.core.identity.entities import Account
from streamz.core.live.directory.get_stream_info import GetStreamInfo
from streamz.core.live.directory.get_vod import GetVod
from streamz.core.live.directory.list_category_livestreams import ListCategoryLivestreams
from streamz.core.live.directory.list_channel_livestreams import ListChannelLivestreams
from streamz.core.live.directory.list_channel_vods import ListChannelVods
from streamz.core.live.directory.list_followed_livestreams import ListFollowedLivestreams
from streamz.core.live.directory.list_livestreams import ListLivestreams
from streamz.core.live.directory.recommend_livestreams import RecommendLivestreams
from streamz.core.live.directory.update_stream_info import UpdateStreamInfo
from streamz.core.live.directory.update_vod import UpdateVod
from streamz.core.live.directory.vod_access import VodAccess
from streamz.core.live.entities import Category, Livestream, StreamInfo, Vod
from streamz.core.shared.ids import new_id
from streamz.core.social.entities import Follow
from tests.unit.support import T0, World, uow_of


class Directory:
    """Factories of the directory's use cases, each on a new unit of work."""

    def __init__(self, world: World) -> None:
        self.world = world

    def _unit(self) -> MemoryUnit:
        return MemoryUnit(self.world.db)

    def get_info(self) -> GetStreamInfo:
        unit = self._unit()
        return GetStreamInfo(MemoryChannels(unit), MemoryStreamInfo(unit), MemoryCategories(unit))

    def update_info(self) -> UpdateStreamInfo:
        unit = self._unit()
        return UpdateStreamInfo(
            MemoryChannels(unit),
            MemoryChannelRoles(unit),
            MemoryStreamInfo(unit),
            MemoryCategories(unit),
            MemoryAuditLog(unit),
            uow_of(unit),
            self.world.clock,
        )

    def directory(self) -> ListLivestreams:
        unit = self._unit()
        return ListLivestreams(MemoryLivestreamListings(unit), MemoryCategories(unit))

    def category(self) -> ListCategoryLivestreams:
        unit = self._unit()
        return ListCategoryLivestreams(MemoryLivestreamListings(unit), MemoryCategories(unit))

    def channel(self) -> ListChannelLivestreams:
        unit = self._unit()
        return ListChannelLivestreams(MemoryChannels(unit), MemoryLivestreamListings(unit))

    def followed(self) -> ListFollowedLivestreams:
        unit = self._unit()
        return ListFollowedLivestreams(
            MemoryAccounts(unit), MemoryLivestreamListings(unit), MemoryCategories(unit)
        )

    def recommended(self) -> RecommendLivestreams:
        unit = self._unit()
        return RecommendLivestreams(
            MemoryAccounts(unit),
            MemoryLivestreamListings(unit),
            MemoryCategories(unit),
            self.world.clock,
        )

    def _access(self, unit: MemoryUnit) -> VodAccess:
        return VodAccess(
            MemoryChannels(unit),
            MemoryChannelRoles(unit),
            MemorySubscriptions(unit, self.world.clock),
            MemoryVodCatalog(unit),
        )

    def vods(self) -> ListChannelVods:
        return ListChannelVods(self._access(self._unit()))

    def vod(self) -> GetVod:
        return GetVod(self._access(self._unit()))

    def update_vod(self) -> UpdateVod:
        unit = self._unit()
        return UpdateVod(
            self._access(unit),
            MemoryChannels(unit),
            MemoryChannelRoles(unit),
            MemoryAuditLog(unit),
            uow_of(unit),
            self.world.clock,
        )


# ---------------------------------------------------------------- arrangements


def channel_of(world: World, slug: str) -> Channel:
    return next(c for c in world.tables.channels.values() if c.slug == slug)


def _put(world: World, table: str, key: object, row: object) -> None:
    """Write a committed row, as if arranged by another context."""
    world.db.tables.table(table)[key] = row


def add_category(
    world: World, slug: str, *, name: str | None = None, deleted: bool = False
) -> Category:
    category = Category(
        id=new_id(),
        igdb_id=None,
        name=name or slug.title(),
        slug=slug,
        cover_url=None,
        genres=(),
        followers_count=0,
        live_viewers=0,
        created_at=T0,
        updated_at=T0,
        deleted_at=T0 if deleted else None,
    )
    _put(world, "categories", category.id, category)
    return category


def add_stream(
    world: World,
    slug: str,
    *,
    viewers: int = 0,
    started: datetime | None = None,
    minutes_ago: int = 10,
    category: Category | None = None,
    tags: tuple[str, ...] = (),
    language: str = "en",
    mature: bool = False,
    title: str = "",
    ended: bool = False,
) -> Livestream:
    channel = channel_of(world, slug)
    start = started or T0 - timedelta(minutes=minutes_ago)
    stream = Livestream(
        id=new_id(),
        channel_id=channel.id,
        livepeer_stream_id=f"lp-{slug}",
        title=title or f"{slug} live",
        category_id=category.id if category else None,
        tags=tags,
        language=language,
        mature=mature,
        started_at=start,
        ended_at=start + timedelta(minutes=5) if ended else None,
        viewers=viewers,
        peak_viewers=viewers,
    )
    _put(world, "livestreams", stream.id, stream)
    return stream


def set_info(world: World, info: StreamInfo) -> None:
    _put(world, "stream_info", info.channel_id, info)


def follow(world: World, account: Account, slug: str) -> None:
    channel = channel_of(world, slug)
    row = Follow(new_id(), account.id, channel.id, T0)
    _put(world, "channel_follows", (account.id, channel.id), row)


def follow_category(world: World, account: Account, category: Category) -> None:
    row = Follow(new_id(), account.id, category.id, T0)
    _put(world, "category_follows", (account.id, category.id), row)


def age_channel(world: World, slug: str, *, days: int, followers: int = 0) -> None:
    channel = channel_of(world, slug)
    world.db.tables.channels[channel.id] = replace(
        channel, created_at=T0 - timedelta(days=days), followers_count=followers
    )


def add_vod(world: World, slug: str, visibility: str, *, title: str = "") -> Vod:
    channel = channel_of(world, slug)
    vod = Vod(
        id=new_id(),
        channel_id=channel.id,
        livestream_id=None,
        livepeer_asset_id=f"asset-{uuid.uuid4().hex[:12]}",
        title=title or f"{visibility} vod",
        visibility=visibility,
        playback_url="https://cdn.example/hls/index.m3u8",
        thumbnail_url=None,
        duration_seconds=60,
        created_at=T0,
        updated_at=T0,
    )
    _put(world, "vods", vod.id, vod)
    return vod


def subscribe(world: World, account: Account, slug: str, *, active: bool = True) -> None:
    channel = channel_of(world, slug)
    ends = T0 + timedelta(days=30) if active else T0 - timedelta(days=1)
    sub = Subscription(
        new_id(), channel.id, account.id, 1, T0 - timedelta(days=60), 1, None, ends, None, T0, T0
    )
    _put(world, "channel_subscriptions", sub.id, sub)
