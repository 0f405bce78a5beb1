"""Full-text search over channels, categories and live streams."""

from __future__ import annotations

from dataclasses import dataclass, field

from streamz.core.errors import Invalid
from streamz.core.identity.entities import Principal
from streamz.core.search import rules
from streamz.core.search.entities import Filters, Kind, SearchPage, SearchQuery, SortBy
from streamz.core.search.trending import count_query
from streamz.ports.clock import Clock
from streamz.ports.search import SearchIndex, TrendingQueries

ALL_KINDS = (Kind.CHANNELS, Kind.CATEGORIES, Kind.LIVESTREAMS)


@dataclass(frozen=True, slots=True)
class SearchRequest:
    actor: Principal
    text: str  # empty: everything (filters and sort still apply)
    kinds: tuple[Kind, ...] = ALL_KINDS
    filters: Filters = field(default_factory=Filters)
    sort: str = SortBy.RELEVANCE.value
    limit: int = 20
    after: str | None = None  # ``next`` of the previous page (one kind only)


@dataclass(frozen=True, slots=True)
class SearchResults:
    query: str
    pages: tuple[SearchPage, ...]

    def page(self, kind: Kind) -> SearchPage | None:
        return next((p for p in self.pages if p.kind is kind), None)


@dataclass(frozen=True, slots=True)
class Search:
    """Search one kind or all three in one round trip to the index.

    - Anyone may search (anonymous included).
    - Typo tolerant, prefix matching on the last word; empty text lists everything.
    - ``sort``: ``relevance`` (text match, then live before offline, then popularity),
      ``viewers`` or ``followers``.
    - Filters: ``live`` only, ``category`` (id or slug), ``language``, ``tags`` (all of them).
    - Pagination: ``limit`` per kind (1..50); ``after`` (a page cursor) only for one kind.
    - Non-empty queries are counted for trending searches; counting never delays or fails the
      answer (Redis down or frozen: the results come from the index all the same).
    - The index unreachable: ``unavailable`` (503), quickly.
    """

    index: SearchIndex
    trending: TrendingQueries
    clock: Clock

    async def __call__(self, request: SearchRequest) -> SearchResults:
        text = rules.query_text(request.text)
        limit = rules.limit(request.limit)
        page = rules.page_of(request.after)
        if not request.kinds:
            raise Invalid.field("query.type", "name at least one kind")
        if page > 1 and len(request.kinds) > 1:
            raise Invalid.field("query.after", "a cursor applies to one kind")
        try:
            sort = SortBy(request.sort)
        except ValueError:
            raise Invalid.field("query.sort", "relevance, viewers or followers") from None
        filters = request.filters
        if filters.language is not None and not (1 <= len(filters.language) <= 35):
            raise Invalid.field("query.language", "a BCP 47 tag")
        if filters.category is not None and not (1 <= len(filters.category) <= 64):
            raise Invalid.field("query.category", "a category id or slug")
        if len(filters.tags) > 10 or any(not 1 <= len(t) <= 32 for t in filters.tags):
            raise Invalid.field("query.tags", "at most 10 tags of 1 to 32 characters")
        queries = [
            SearchQuery(kind, text, filters, sort, page, limit)
            for kind in dict.fromkeys(request.kinds)
        ]
        pages = await self.index.search(queries)
        if text:
            await count_query(self.trending, text, self.clock.now())
        return SearchResults(text, tuple(pages))
