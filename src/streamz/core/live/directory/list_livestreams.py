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
from streamz.core.shared.pages import Page
from streamz.ports.categories import CategoryRepository
from streamz.ports.directory import LivestreamListings


@dataclass(frozen=True, slots=True)
class ListLivestreamsRequest:
    actor: Principal
    query: ListingQuery = field(default_factory=ListingQuery)


@dataclass(frozen=True, slots=True)
class ListLivestreams:
    """The directory: every live stream, for anyone.

    - Filters: category (id or slug; unknown: ``stream-category-unknown``), language (``en``
      also matches ``en-US``), tags (all of them), mature. Bad ones: their field's problem.
    - Sort by ``viewers`` (default) or ``started_at``, ``desc`` (default) or ``asc``, then by
      id; keyset cursor pagination (a cursor of another order: ``invalid``).
    """

    listings: LivestreamListings
    categories: CategoryRepository

    async def __call__(self, request: ListLivestreamsRequest) -> Page[StreamCard]:
        query = request.query
        limit, sort, after = checked_page(query)
        filters = await resolve_filters(self.categories, query)
        rows = await self.listings.live(filters, sort, after=after, limit=limit + 1)
        return page_of(rows, limit, sort)
