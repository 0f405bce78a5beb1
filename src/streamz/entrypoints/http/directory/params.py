"""Query parameters of the live listings, gathered into the use cases' ``ListingQuery`` by
dependencies (so each handler declares them once, and the OpenAPI document lists them)."""

from __future__ import annotations

from typing import Annotated

from litestar.di import Provide
from litestar.params import HeaderParameter, QueryParameter

from streamz.core.live.directory.listing import ListingQuery
from streamz.core.live.directory.rules import canonical_language

Limit = Annotated[int, QueryParameter(ge=1, le=100, description="page size")]
After = Annotated[str | None, QueryParameter(max_length=512, description="cursor from `next`")]
CategoryFilter = Annotated[
    str | None,
    QueryParameter(min_length=1, max_length=64, description="only this category (id or slug)"),
]
LanguageFilter = Annotated[
    str | None,
    QueryParameter(
        max_length=64, description="BCP 47 tag; `en` also matches `en-US`, `pt-BR` only itself"
    ),
]
TagsFilter = Annotated[
    str | None,
    QueryParameter(
        max_length=512,
        description="only streams with every one of these tags, comma-separated (`fps,pro`)",
    ),
]
MatureFilter = Annotated[
    bool | None, QueryParameter(description="true: only mature streams; false: none")
]
Sort = Annotated[str, QueryParameter(max_length=32, description="`viewers` or `started_at`")]
Order = Annotated[str, QueryParameter(max_length=8, description="`desc` (default) or `asc`")]
Seed = Annotated[
    int | None,
    QueryParameter(
        ge=0, le=2**31 - 1, description="ranking seed (default: the day's); the cursor keeps it"
    ),
]
AcceptLanguage = Annotated[
    str | None,
    HeaderParameter(
        name="Accept-Language",
        required=False,
        max_length=512,
        description="the first well-formed tag counts as the viewer's language",
    ),
]


def _tags(value: str | None) -> tuple[str, ...]:
    return tuple(t for t in (value or "").split(",") if t.strip())


def live_query(
    category: CategoryFilter = None,
    language: LanguageFilter = None,
    tags: TagsFilter = None,
    mature: MatureFilter = None,
    sort: Sort = "viewers",
    order: Order = "desc",
    limit: Limit = 20,
    after: After = None,
) -> ListingQuery:
    return ListingQuery(category, language, _tags(tags), mature, sort, order, limit, after)


def category_query(
    language: LanguageFilter = None,
    tags: TagsFilter = None,
    mature: MatureFilter = None,
    sort: Sort = "viewers",
    order: Order = "desc",
    limit: Limit = 20,
    after: After = None,
) -> ListingQuery:
    return ListingQuery(None, language, _tags(tags), mature, sort, order, limit, after)


def ranked_query(
    category: CategoryFilter = None,
    language: LanguageFilter = None,
    tags: TagsFilter = None,
    mature: MatureFilter = None,
    limit: Limit = 20,
    after: After = None,
) -> ListingQuery:
    return ListingQuery(category, language, _tags(tags), mature, limit=limit, after=after)


def first_language(header: str | None) -> str | None:
    """The first well-formed tag of an ``Accept-Language`` header (``*`` and junk skipped)."""
    for part in (header or "").split(","):
        tag = canonical_language(part.split(";", 1)[0])
        if tag is not None:
            return tag
    return None


LIVE_QUERY = {"listing": Provide(live_query, sync_to_thread=False)}
CATEGORY_QUERY = {"listing": Provide(category_query, sync_to_thread=False)}
RANKED_QUERY = {"listing": Provide(ranked_query, sync_to_thread=False)}
