"""Bindings of search: Typesense (or memory) index, the Postgres source, Redis trending."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
from dishka import Provider, Scope, provide, provide_all
from redis.asyncio import Redis

from streamz.adapters.memory.search import (
    MemorySearchIndex,
    MemorySearchSource,
    MemoryTrendingQueries,
)
from streamz.adapters.postgres.search_source import PostgresSearchSource
from streamz.adapters.redis.trending import RedisTrendingQueries
from streamz.core.search.index_events import IndexSearchEvents
from streamz.core.search.reconcile import ReconcileSearch
from streamz.core.search.reindex import ReindexSearch
from streamz.core.search.search import Search
from streamz.core.search.suggest import SuggestSearch
from streamz.core.search.trending import TrendingSearches
from streamz.ports.search import SearchIndex, SearchSource, TrendingQueries
from streamz.settings import Settings, SettingsError
from streamz.shutdown import bounded_close


class PostgresBindings(Provider):
    """Typesense, Postgres and Redis adapters for this context's ports."""

    scope = Scope.REQUEST

    source = provide(PostgresSearchSource, provides=SearchSource)

    @provide(scope=Scope.APP)
    async def index(self, settings: Settings) -> AsyncIterator[SearchIndex]:
        # the Typesense client library loads when the index is first needed, not with the container
        from streamz.adapters.typesense.index import TypesenseSearchIndex, make_client

        if settings.search.url is None or settings.search.api_key is None:
            raise SettingsError("STREAMZ_TYPESENSE_URL is not set and no local services run")
        limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
        timeout = settings.search.timeout
        reads = httpx.AsyncClient(
            timeout=httpx.Timeout(timeout, connect=min(1.0, timeout)), limits=limits
        )
        writes = httpx.AsyncClient(timeout=httpx.Timeout(60.0, connect=1.0), limits=limits)
        nodes, key = settings.search.nodes, settings.search.api_key
        try:
            yield TypesenseSearchIndex(
                make_client(nodes, key, reads),
                make_client(nodes, key, writes),
                settings.search.prefix,
            )
        finally:
            await bounded_close("typesense client (reads)", reads.aclose())
            await bounded_close("typesense client (writes)", writes.aclose())

    @provide(scope=Scope.APP)
    async def trending(self, redis: Redis) -> AsyncIterator[TrendingQueries]:
        counter = RedisTrendingQueries(redis)
        yield counter
        # counts of the last second, best effort
        await bounded_close("trending counts", counter.flush(), 2.0)


class MemoryBindings(Provider):
    """In-memory adapters for this context's ports."""

    scope = Scope.REQUEST

    source = provide(MemorySearchSource, provides=SearchSource)
    index = provide(MemorySearchIndex, provides=SearchIndex, scope=Scope.APP)
    trending = provide(MemoryTrendingQueries, provides=TrendingQueries, scope=Scope.APP)


class UseCases(Provider):
    """This context's use cases (REQUEST scope)."""

    scope = Scope.REQUEST

    reads = provide_all(Search, SuggestSearch, TrendingSearches)
    writes = provide_all(IndexSearchEvents, ReindexSearch, ReconcileSearch)
