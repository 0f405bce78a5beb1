"""Bindings of the live directory: stream info, livestream listings and recommendations, VOD
reads and updates (issue 6)."""

from __future__ import annotations

from dishka import Provider, Scope, provide, provide_all

from streamz.adapters.memory.directory import (
    MemoryLivestreamListings,
    MemoryStreamInfo,
    MemoryVodCatalog,
)
from streamz.adapters.postgres.directory import (
    PostgresLivestreamListings,
    PostgresStreamInfo,
    PostgresVodCatalog,
)
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
from streamz.ports.directory import LivestreamListings, StreamInfoStore, VodCatalog


class PostgresBindings(Provider):
    """Postgres adapters for this context's ports (REQUEST scope)."""

    scope = Scope.REQUEST

    stream_info = provide(PostgresStreamInfo, provides=StreamInfoStore)
    listings = provide(PostgresLivestreamListings, provides=LivestreamListings)
    vods = provide(PostgresVodCatalog, provides=VodCatalog)


class MemoryBindings(Provider):
    """In-memory adapters for this context's ports (REQUEST scope)."""

    scope = Scope.REQUEST

    stream_info = provide(MemoryStreamInfo, provides=StreamInfoStore)
    listings = provide(MemoryLivestreamListings, provides=LivestreamListings)
    vods = provide(MemoryVodCatalog, provides=VodCatalog)


class UseCases(Provider):
    """This context's use cases (REQUEST scope)."""

    scope = Scope.REQUEST

    info = provide_all(GetStreamInfo, UpdateStreamInfo)
    listings = provide_all(
        ListLivestreams,
        ListCategoryLivestreams,
        ListChannelLivestreams,
        ListFollowedLivestreams,
        RecommendLivestreams,
    )
    vods = provide_all(VodAccess, ListChannelVods, GetVod, UpdateVod)
