"""Trending searches: what people searched most in the last hour or day."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from streamz.core.errors import Invalid
from streamz.core.identity.entities import Principal
from streamz.core.search import rules
from streamz.core.search.entities import TrendingQuery
from streamz.ports.clock import Clock
from streamz.ports.search import TrendingQueries

WINDOWS = {"hour": 1, "day": 24}
log = logging.getLogger("streamz.search")


async def count_query(trending: TrendingQueries, text: str, at: datetime) -> None:
    """Count a search for trending; a failure (Redis down) must not fail the search."""
    query = rules.normalise(text)
    if len(query) < 2:
        return
    try:
        await trending.record(query, at)
    except Exception as error:
        log.warning("trending count failed: %r", error)


@dataclass(frozen=True, slots=True)
class TrendingSearchesRequest:
    actor: Principal
    window: str = "hour"  # hour or day
    limit: int = 10


@dataclass(frozen=True, slots=True)
class TrendingSearches:
    """The most searched queries of the last hour or day, most searched first.

    - Anyone may read them.
    - Queries are counted normalised (trimmed, lower case); ones under 2 characters are not.
    - ``limit`` 1..50.
    """

    trending: TrendingQueries
    clock: Clock

    async def __call__(self, request: TrendingSearchesRequest) -> list[TrendingQuery]:
        if request.window not in WINDOWS:
            raise Invalid.field("query.window", "hour or day")
        limit = rules.limit(request.limit)
        return await self.trending.top(WINDOWS[request.window], limit, self.clock.now())
