from __future__ import annotations

from dataclasses import dataclass

from streamz.core.channels.access import find_channel
from streamz.core.identity.entities import Principal
from streamz.core.live.directory.entities import ListingSort, SortKey, StreamCard
from streamz.core.live.directory.listing import decode_keyset, page_of
from streamz.core.shared.pages import Page, check_limit
from streamz.ports.channels import ChannelRepository
from streamz.ports.directory import LivestreamListings

NEWEST = ListingSort(SortKey.STARTED_AT, descending=True)


@dataclass(frozen=True, slots=True)
class ListChannelLivestreamsRequest:
    actor: Principal
    channel: str  # channel id or slug
    limit: int = 20
    after: str | None = None


@dataclass(frozen=True, slots=True)
class ListChannelLivestreams:
    """A channel's livestreams, for anyone: the live one (if any) then the ended ones, newest
    start first (then id); keyset cursor pagination.

    - Unknown channel: ``ChannelNotFound``.
    """

    channels: ChannelRepository
    listings: LivestreamListings

    async def __call__(self, request: ListChannelLivestreamsRequest) -> Page[StreamCard]:
        limit = check_limit(request.limit)
        after = decode_keyset(request.after, NEWEST) if request.after is not None else None
        channel = await find_channel(self.channels, request.channel)
        rows = await self.listings.of_channel(channel.id, after=after, limit=limit + 1)
        return page_of(rows, limit, NEWEST)
