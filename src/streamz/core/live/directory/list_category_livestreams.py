from __future__ import annotations

from dataclasses import dataclass, field

from streamz.core.identity.entities import Principal
from streamz.core.live.directory.entities import StreamCard
from streamz.core.live.directory.listing import (
    ListingQuery,
    checked_page,
    page_of,
    resolve_filters,
)
from streamz.core.live.lookup import find_category
from streamz.core.shared.pages import Page
from streamz.ports.categories import CategoryRepository
from streamz.ports.directory import LivestreamListings


@dataclass(frozen=True, slots=True)
class ListCategoryLivestreamsRequest:
    actor: Principal
    category: str  # category id or slug
    query: ListingQuery = field(default_factory=ListingQuery)


@dataclass(frozen=True, slots=True)
class ListCategoryLivestreams:
    """The live streams of one category, for anyone.

    - Unknown or deleted category: ``category-not-found``.
    - Filters, sorts and pages as the directory (``query.category`` is ignored).
    """

    listings: LivestreamListings
    categories: CategoryRepository

    async def __call__(self, request: ListCategoryLivestreamsRequest) -> Page[StreamCard]:
        query = request.query
        limit, sort, after = checked_page(query)
        category = await find_category(self.categories, request.category)
        filters = await resolve_filters(self.categories, query, category_id=category.id)
        rows = await self.listings.live(filters, sort, after=after, limit=limit + 1)
        return page_of(rows, limit, sort)
