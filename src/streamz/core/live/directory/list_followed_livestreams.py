from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from streamz.core.identity.acting import acting_account
from streamz.core.identity.entities import Principal, PrincipalKind
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
from streamz.ports.identity import AccountRepository


@dataclass(frozen=True, slots=True)
class ListFollowedLivestreamsRequest:
    actor: Principal
    query: ListingQuery = field(default_factory=ListingQuery)
    account_id: uuid.UUID | None = None  # the system names the account


@dataclass(frozen=True, slots=True)
class ListFollowedLivestreams:
    """The live streams of the channels an account follows.

    - A signed-in session for itself (the Private API), an API token for its owner (the Public
      API; reads need no scope), or the system for a named account; anonymous:
      ``Unauthenticated``; staff acting as staff: ``Forbidden``.
    - Filters, sorts and pages as the directory.
    """

    accounts: AccountRepository
    listings: LivestreamListings
    categories: CategoryRepository

    async def __call__(self, request: ListFollowedLivestreamsRequest) -> Page[StreamCard]:
        actor = request.actor
        if actor.kind is PrincipalKind.TOKEN and request.account_id is None:
            account_id = actor.require_account()
        else:
            account_id = await acting_account(self.accounts, actor, request.account_id)
        query = request.query
        limit, sort, after = checked_page(query)
        filters = await resolve_filters(self.categories, query)
        rows = await self.listings.live(
            filters, sort, after=after, limit=limit + 1, follower=account_id
        )
        return page_of(rows, limit, sort)
