"""The live directory's storage: stream info, livestream listings, VODs."""

import uuid
from typing import Protocol

from streamz.core.live.directory.entities import (
    Candidate,
    CandidatePool,
    Keyset,
    ListingFilters,
    ListingSort,
    StreamCard,
)
from streamz.core.live.entities import Livestream, StreamInfo, Vod


class StreamInfoStore(Protocol):
    """``stream_info`` rows and the channel's live ``livestreams`` row they apply to."""

    async def get(self, channel_id: uuid.UUID, *, lock: bool = False) -> StreamInfo | None:
        """None when never written. ``lock``: also lock the channel's info until the
        transaction ends, so concurrent updates queue up."""
        ...

    async def save(self, info: StreamInfo) -> None:
        """Insert or replace the channel's info."""
        ...

    async def live(self, channel_id: uuid.UUID) -> Livestream | None:
        """The channel's livestream that has not ended, if any."""
        ...

    async def apply_to_live(self, info: StreamInfo) -> Livestream | None:
        """Copy title, category, tags, language and mature onto the channel's live stream;
        the updated livestream, None when the channel is not live."""
        ...


class LivestreamListings(Protocol):
    async def live(
        self,
        filters: ListingFilters,
        sort: ListingSort,
        *,
        after: Keyset | None,
        limit: int,
        follower: uuid.UUID | None = None,
    ) -> list[StreamCard]:
        """Live streams matching ``filters`` in ``sort`` order (then id, same direction),
        those after ``after``; ``follower``: only channels that account follows."""
        ...

    async def of_channel(
        self, channel_id: uuid.UUID, *, after: Keyset | None, limit: int
    ) -> list[StreamCard]:
        """The channel's livestreams, live or ended, newest start first (then id)."""
        ...

    async def candidates(
        self, viewer: uuid.UUID | None, filters: ListingFilters, pool: CandidatePool
    ) -> list[Candidate]:
        """What the recommender ranks for ``viewer`` (None: anonymous), gathered as ``pool``
        says; each live stream once."""
        ...


class VodCatalog(Protocol):
    async def get(self, vod_id: uuid.UUID) -> Vod | None:
        """The VOD unless it is unknown or deleted."""
        ...

    async def list_for(
        self,
        channel_id: uuid.UUID,
        *,
        visibilities: tuple[str, ...],
        limit: int,
        before: uuid.UUID | None,
    ) -> list[Vod]:
        """Not deleted, with one of ``visibilities``, newest first (by id), older than
        ``before``."""
        ...

    async def update(self, vod: Vod) -> bool:
        """Write title, visibility and updated_at; False when the VOD was deleted meanwhile."""
        ...
