"""Search routes (Public and Private): all types at once, one type, suggestions, trending."""

from __future__ import annotations

from typing import Annotated

from dishka import FromDishka
from dishka.integrations.litestar import inject
from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.params import QueryParameter

from streamz.core.identity.entities import Principal
from streamz.core.search.entities import Kind
from streamz.core.search.search import Search, SearchRequest, SearchResults
from streamz.core.search.suggest import SuggestSearch, SuggestSearchRequest
from streamz.core.search.trending import TrendingSearches, TrendingSearchesRequest
from streamz.entrypoints.http.problems import problem_responses
from streamz.entrypoints.http.search.params import SEARCH_QUERY, After, SearchParams
from streamz.entrypoints.http.search.views import (
    CategoryResults,
    ChannelResults,
    LivestreamResults,
    SearchAllOut,
    SuggestionOut,
    SuggestionsOut,
    TrendingPage,
)

ERRORS = problem_responses(401, 403, 422, 429, 503)
FEATURES = (
    "Typo tolerant; the last word matches as a prefix. `sort`: `relevance` (live channels "
    "before offline ones for equally good matches), `viewers` or `followers`. Filters: `live`, "
    "`category` (id or slug), `language`, `tags` (live streams). Matches are highlighted with "
    "`<mark>`. Answers 503 at once when the search engine is unreachable."
)


def _request(
    principal: Principal, params: SearchParams, kinds: tuple[Kind, ...], after: str | None
) -> SearchRequest:
    return SearchRequest(
        principal, params.q, kinds, params.filters, params.sort, params.limit, after
    )


async def _one(
    use_case: Search, principal: Principal, params: SearchParams, kind: Kind, after: str | None
) -> SearchResults:
    return await use_case(_request(principal, params, (kind,), after))


class SearchController(Controller):
    path = "/search"
    tags = ["search"]

    @get(
        "/",
        summary="Search channels, categories and live streams at once",
        description=FEATURES + " The first page of each type; page with the per-type routes.",
        dependencies=SEARCH_QUERY,
        responses=ERRORS,
    )
    @inject
    async def search(
        self,
        params: NamedDependency[SearchParams],
        principal: NamedDependency[Principal],
        use_case: FromDishka[Search],
    ) -> SearchAllOut:
        results = await use_case(_request(principal, params, tuple(Kind), None))
        return SearchAllOut.of(results)

    @get(
        "/channels",
        summary="Search channels",
        description=FEATURES,
        dependencies=SEARCH_QUERY,
        responses=ERRORS,
    )
    @inject
    async def search_channels(
        self,
        params: NamedDependency[SearchParams],
        principal: NamedDependency[Principal],
        use_case: FromDishka[Search],
        after: After = None,
    ) -> ChannelResults:
        results = await _one(use_case, principal, params, Kind.CHANNELS, after)
        return ChannelResults.of(results.pages[0])

    @get(
        "/categories",
        summary="Search categories (names and aliases)",
        description=FEATURES,
        dependencies=SEARCH_QUERY,
        responses=ERRORS,
    )
    @inject
    async def search_categories(
        self,
        params: NamedDependency[SearchParams],
        principal: NamedDependency[Principal],
        use_case: FromDishka[Search],
        after: After = None,
    ) -> CategoryResults:
        results = await _one(use_case, principal, params, Kind.CATEGORIES, after)
        return CategoryResults.of(results.pages[0])

    @get(
        "/livestreams",
        summary="Search live streams (title, channel, category, tags)",
        description=FEATURES,
        dependencies=SEARCH_QUERY,
        responses=ERRORS,
    )
    @inject
    async def search_livestreams(
        self,
        params: NamedDependency[SearchParams],
        principal: NamedDependency[Principal],
        use_case: FromDishka[Search],
        after: After = None,
    ) -> LivestreamResults:
        results = await _one(use_case, principal, params, Kind.LIVESTREAMS, after)
        return LivestreamResults.of(results.pages[0])

    @get(
        "/suggest",
        summary="Autocomplete: channel and category names completing `q`",
        responses=ERRORS,
    )
    @inject
    async def suggest_search(
        self,
        principal: NamedDependency[Principal],
        use_case: FromDishka[SuggestSearch],
        q: Annotated[str, QueryParameter(max_length=1000, description="what is typed so far")],
        limit: Annotated[int, QueryParameter(ge=1, le=20)] = 8,
    ) -> SuggestionsOut:
        """Autocomplete: channel and category names that complete `q`, best first. Anyone may read.
        422 for a `q` over 1,000 characters, 503 at once when the search engine is unreachable.
        """
        found = await use_case(SuggestSearchRequest(principal, q, limit))
        return SuggestionsOut([SuggestionOut.of(s) for s in found])

    @get(
        "/trending",
        summary="The most searched queries of the last hour or day",
        responses=ERRORS,
    )
    @inject
    async def list_trending_searches(
        self,
        principal: NamedDependency[Principal],
        use_case: FromDishka[TrendingSearches],
        window: Annotated[
            str, QueryParameter(max_length=16, description="`hour` or `day`")
        ] = "hour",
        limit: Annotated[int, QueryParameter(ge=1, le=50)] = 10,
    ) -> TrendingPage:
        """The most searched queries of the last hour or day, with how often each was searched.
        Anyone may read. 503 when Redis is unreachable.
        """
        rows = await use_case(TrendingSearchesRequest(principal, window, limit))
        return TrendingPage.of(window, rows)
