"""The live directory in memory: stream info, listings, recommendation candidates and VODs,
over the tables of the ``MemoryUnit`` (rows replaced, never changed in place).

Tables: ``stream_info`` (channel id -> ``StreamInfo``), ``livestreams`` (id -> ``Livestream``),
``vods`` (id -> ``Vod``), ``categories`` (id -> ``Category``), ``channel_follows`` and
``category_follows`` ((account id, target id) -> ``Follow``), the same rows the other contexts'
memory adapters keep.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime

from streamz.adapters.memory.database import MemoryUnit
from streamz.core.errors import Conflict
from streamz.core.live.directory.entities import (
    Candidate,
    CandidatePool,
    Keyset,
    ListingFilters,
    ListingSort,
    SortKey,
    StreamCard,
)
from streamz.core.live.entities import Category, Livestream, StreamInfo, Vod
from streamz.core.social.entities import Follow

Key = tuple[uuid.UUID, uuid.UUID]


class MemoryStreamInfo:
    def __init__(self, unit: MemoryUnit) -> None:
        self._unit = unit
        self._rows: dict[uuid.UUID, StreamInfo] = unit.tables.table("stream_info")
        self._streams: dict[uuid.UUID, Livestream] = unit.tables.table("livestreams")

    async def get(self, channel_id: uuid.UUID, *, lock: bool = False) -> StreamInfo | None:
        return self._rows.get(channel_id)

    async def save(self, info: StreamInfo) -> None:
        # the foreign keys to channels and categories (Postgres refuses the row: Conflict)
        if info.channel_id not in self._unit.tables.channels:
            raise Conflict(f"no channel {info.channel_id} (foreign key)")
        categories = self._unit.tables.table("categories")
        if info.category_id is not None and info.category_id not in categories:
            raise Conflict(f"no category {info.category_id} (foreign key)")
        self._rows[info.channel_id] = info

    async def live(self, channel_id: uuid.UUID) -> Livestream | None:
        return next(
            (s for s in self._streams.values() if s.channel_id == channel_id and s.live), None
        )

    async def apply_to_live(self, info: StreamInfo) -> Livestream | None:
        current = await self.live(info.channel_id)
        if current is None:
            return None
        updated = replace(
            current,
            title=info.title,
            category_id=info.category_id,
            tags=info.tags,
            language=info.language,
            mature=info.mature,
        )
        self._streams[updated.id] = updated
        return updated


def _value(stream: Livestream, sort: ListingSort) -> tuple[int | datetime, uuid.UUID]:
    key: int | datetime = stream.viewers if sort.key == SortKey.VIEWERS else stream.started_at
    return key, stream.id


def _after(stream: Livestream, sort: ListingSort, after: Keyset | None) -> bool:
    if after is None:
        return True
    here: tuple[object, uuid.UUID] = _value(stream, sort)
    there: tuple[object, uuid.UUID] = (after.value, after.id)
    return here < there if sort.descending else here > there


class MemoryLivestreamListings:
    def __init__(self, unit: MemoryUnit) -> None:
        self._unit = unit
        self._streams: dict[uuid.UUID, Livestream] = unit.tables.table("livestreams")
        self._categories: dict[uuid.UUID, Category] = unit.tables.table("categories")
        self._follows: dict[Key, Follow] = unit.tables.table("channel_follows")
        self._category_follows: dict[Key, Follow] = unit.tables.table("category_follows")

    def _card(self, stream: Livestream) -> StreamCard:
        channel = self._unit.tables.channels[stream.channel_id]
        category = self._categories.get(stream.category_id) if stream.category_id else None
        return StreamCard(
            stream,
            channel.slug,
            channel.display_name,
            category.slug if category else None,
            category.name if category else None,
        )

    def _followed(self, account_id: uuid.UUID) -> list[Follow]:
        """The account's follows, newest first."""
        rows = [f for f in self._follows.values() if f.account_id == account_id]
        return sorted(rows, key=lambda f: f.id, reverse=True)

    async def live(
        self,
        filters: ListingFilters,
        sort: ListingSort,
        *,
        after: Keyset | None,
        limit: int,
        follower: uuid.UUID | None = None,
    ) -> list[StreamCard]:
        followed = None
        if follower is not None:
            followed = {f.target_id for f in self._followed(follower)}
        rows = [
            s
            for s in self._streams.values()
            if s.live
            and filters.matches(s)
            and (followed is None or s.channel_id in followed)
            and _after(s, sort, after)
        ]
        rows.sort(key=lambda s: _value(s, sort), reverse=sort.descending)
        return [self._card(s) for s in rows[:limit]]

    async def of_channel(
        self, channel_id: uuid.UUID, *, after: Keyset | None, limit: int
    ) -> list[StreamCard]:
        sort = ListingSort(SortKey.STARTED_AT, descending=True)
        rows = [
            s
            for s in self._streams.values()
            if s.channel_id == channel_id and _after(s, sort, after)
        ]
        rows.sort(key=lambda s: _value(s, sort), reverse=True)
        return [self._card(s) for s in rows[:limit]]

    async def candidates(
        self, viewer: uuid.UUID | None, filters: ListingFilters, pool: CandidatePool
    ) -> list[Candidate]:
        live = [s for s in self._streams.values() if s.live and filters.matches(s)]
        channels = self._unit.tables.channels
        by_viewers = sorted(live, key=lambda s: (s.viewers, s.id), reverse=True)
        by_start = sorted(live, key=lambda s: (s.started_at, s.id), reverse=True)
        newest = sorted(
            (
                s
                for s in live
                if channels[s.channel_id].created_at >= pool.new_since
                and channels[s.channel_id].followers_count < pool.small_followers
            ),
            key=lambda s: s.channel_id,
            reverse=True,
        )
        picked: dict[uuid.UUID, Livestream] = {}
        for group in (
            by_viewers[: pool.top_viewers],
            by_start[: pool.recent],
            newest[: pool.new_channels],
        ):
            picked.update((s.id, s) for s in group)
        peers: Counter[uuid.UUID] = Counter()
        followed_categories: set[uuid.UUID] = set()
        excluded: set[uuid.UUID] = set()
        if viewer is not None:
            peers = self._peers(viewer, pool)
            excluded = {f.target_id for f in self._followed(viewer)}
            excluded |= {c.id for c in channels.values() if c.account_id == viewer}
            followed_categories = {
                f.target_id for f in self._category_follows.values() if f.account_id == viewer
            }
            graph = sorted(
                (s for s in live if peers[s.channel_id] > 0 and s.channel_id not in excluded),
                key=lambda s: (peers[s.channel_id], s.id),
                reverse=True,
            )
            picked.update((s.id, s) for s in graph[: pool.graph])
            for category_id in followed_categories:
                in_category = [s for s in by_viewers if s.category_id == category_id]
                picked.update((s.id, s) for s in in_category[: pool.per_category])
        return [
            Candidate(
                self._card(s),
                channels[s.channel_id].followers_count,
                channels[s.channel_id].created_at,
                peers[s.channel_id],
                s.category_id in followed_categories,
            )
            for s in picked.values()
            if s.channel_id not in excluded
        ]

    def _peers(self, viewer: uuid.UUID, pool: CandidatePool) -> Counter[uuid.UUID]:
        """Channel -> how many sampled peers follow it (peers: other followers of the viewer's
        latest follows, the earliest ``peers_per_channel`` of each)."""
        mine = [f.target_id for f in self._followed(viewer)[: pool.followed_sample]]
        peers: set[uuid.UUID] = set()
        for channel_id in mine:
            others = sorted(
                (
                    f
                    for f in self._follows.values()
                    if f.target_id == channel_id and f.account_id != viewer
                ),
                key=lambda f: f.id,
            )
            peers.update(f.account_id for f in others[: pool.peers_per_channel])
        return Counter(f.target_id for f in self._follows.values() if f.account_id in peers)


class MemoryVodCatalog:
    def __init__(self, unit: MemoryUnit) -> None:
        self._rows: dict[uuid.UUID, Vod] = unit.tables.table("vods")

    async def get(self, vod_id: uuid.UUID) -> Vod | None:
        vod = self._rows.get(vod_id)
        return vod if vod is not None and vod.deleted_at is None else None

    async def list_for(
        self,
        channel_id: uuid.UUID,
        *,
        visibilities: tuple[str, ...],
        limit: int,
        before: uuid.UUID | None,
    ) -> list[Vod]:
        rows: Iterable[Vod] = (
            v
            for v in self._rows.values()
            if v.channel_id == channel_id
            and v.deleted_at is None
            and v.visibility in visibilities
            and (before is None or v.id < before)
        )
        return sorted(rows, key=lambda v: v.id, reverse=True)[:limit]

    async def update(self, vod: Vod) -> bool:
        current = self._rows.get(vod.id)
        if current is None or current.deleted_at is not None:
            return False
        self._rows[vod.id] = replace(
            current, title=vod.title, visibility=vod.visibility, updated_at=vod.updated_at
        )
        return True
