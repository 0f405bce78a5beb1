"""Query parameters of the search routes, gathered into the use case's request parts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from litestar.di import Provide
from litestar.params import QueryParameter

from streamz.core.search.entities import Filters

Q = Annotated[
    str,
    QueryParameter(
        max_length=1000,
        description="what to look for (typos forgiven, the last word is a prefix); "
        "empty: everything",
    ),
]
Limit = Annotated[int, QueryParameter(ge=1, le=50, description="hits per page (and per type)")]
After = Annotated[str | None, QueryParameter(max_length=64, description="cursor from `next`")]
Sort = Annotated[
    str, QueryParameter(max_length=32, description="`relevance` (default), `viewers`, `followers`")
]
Live = Annotated[
    bool,
    QueryParameter(description="only live channels / categories with viewers (streams are live)"),
]
CategoryFilter = Annotated[
    str | None, QueryParameter(max_length=100, description="only this category (id or slug)")
]
LanguageFilter = Annotated[
    str | None, QueryParameter(max_length=100, description="only this language (BCP 47)")
]
TagsFilter = Annotated[
    str | None,
    QueryParameter(max_length=512, description="live streams with all these tags (`a,b`)"),
]


@dataclass(frozen=True, slots=True)
class SearchParams:
    q: str
    filters: Filters
    sort: str
    limit: int


def search_params(
    q: Q = "",
    live: Live = False,
    category: CategoryFilter = None,
    language: LanguageFilter = None,
    tags: TagsFilter = None,
    sort: Sort = "relevance",
    limit: Limit = 20,
) -> SearchParams:
    tag_list = tuple(t.strip() for t in (tags or "").split(",") if t.strip())
    filters = Filters(live, category or None, language or None, tag_list)
    return SearchParams(q, filters, sort, limit)


SEARCH_QUERY = {"params": Provide(search_params, sync_to_thread=False)}
