"""Contract of the directory ports (``StreamInfoStore``, ``LivestreamListings``, ``VodCatalog``):
memory and Postgres list, filter, page and gather recommendation candidates the same way."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

import pytest

from streamz.adapters.memory.directory import (
    MemoryLivestreamListings,
    MemoryStreamInfo,
    MemoryVodCatalog,
)
from streamz.adapters.memory.repositories import MemoryChannels
from streamz.adapters.memory.social import (
    MemoryCategories,
    MemoryCategoryFollows,
    MemoryChannelFollows,
)
from streamz.adapters.memory.streams import MemoryLivestreamWrites, MemoryVodWrites
from streamz.adapters.postgres.categories import PostgresCategories
from streamz.adapters.postgres.channels import PostgresChannels
from streamz.adapters.postgres.directory import (
    PostgresLivestreamListings,
    PostgresStreamInfo,
    PostgresVodCatalog,
)
from streamz.adapters.postgres.social import PostgresCategoryFollows, PostgresChannelFollows
from streamz.adapters.postgres.streams import PostgresLivestreamWrites, PostgresVodWrites
from streamz.core.channels.entities import Channel
from streamz.core.errors import Conflict
from streamz.core.identity.entities import Account
from streamz.core.live.directory.entities import (
    CandidatePool,
    Keyset,
    ListingFilters,
    ListingSort,
    SortKey,
    StreamCard,
)
from streamz.core.live.entities import Category, Livestream, StreamInfo, Vod
from streamz.core.shared.ids import new_id
from streamz.core.social.entities import Follow
from streamz.ports.directory import LivestreamListings, StreamInfoStore, VodCatalog

from .conftest import T0, Backend, add_rows, on

H = timedelta(hours=1)
BY_VIEWERS = ListingSort(SortKey.VIEWERS, descending=True)


def info_store(backend: Backend, unit: Any) -> StreamInfoStore:
    store: StreamInfoStore = on(backend, unit, MemoryStreamInfo, PostgresStreamInfo)
    return store


async def listings(backend: Backend) -> LivestreamListings:
    await backend.release()
    repo: LivestreamListings = on(
        backend, backend.unit(), MemoryLivestreamListings, PostgresLivestreamListings
    )
    return repo


async def catalog(backend: Backend) -> VodCatalog:
    await backend.release()
    repo: VodCatalog = on(backend, backend.unit(), MemoryVodCatalog, PostgresVodCatalog)
    return repo


@dataclass
class World:
    backend: Backend
    accounts: list[Account]
    channels: list[Channel]

    async def stream(self, n: int, start: datetime, **changes: Any) -> Livestream:
        made = Livestream(
            id=new_id(),
            channel_id=self.channels[n].id,
            livepeer_stream_id=f"lp-{n}-{start.timestamp()}",
            title=f"Stream {n}",
            category_id=None,
            tags=(),
            language="en",
            mature=False,
            started_at=start,
        )
        made = replace(made, **changes)
        await self.backend.release()
        unit = self.backend.unit()
        await on(self.backend, unit, MemoryLivestreamWrites, PostgresLivestreamWrites).add(made)
        await unit.commit()
        return made

    async def category(self, slug: str) -> Category:
        made = Category(new_id(), None, slug.title(), slug, None, (), 0, 0, T0, T0)
        await self.backend.release()
        unit = self.backend.unit()
        await on(self.backend, unit, MemoryCategories, PostgresCategories).add(made)
        await unit.commit()
        return made

    async def follow(self, account: Account, target: Channel | Category) -> None:
        kinds: tuple[Any, Any] = (MemoryChannelFollows, PostgresChannelFollows)
        if isinstance(target, Category):
            kinds = (MemoryCategoryFollows, PostgresCategoryFollows)
        await self.backend.release()
        unit = self.backend.unit()
        follows = on(self.backend, unit, *kinds)
        assert await follows.follow(Follow(new_id(), account.id, target.id, T0))
        await unit.commit()

    def card(self, stream: Livestream, category: Category | None = None) -> StreamCard:
        channel = next(c for c in self.channels if c.id == stream.channel_id)
        return StreamCard(
            stream,
            channel.slug,
            channel.display_name,
            category.slug if category else None,
            category.name if category else None,
        )


async def world(backend: Backend, count: int, created: list[datetime] | None = None) -> World:
    """``count`` accounts with a channel each (``acc0``...), committed; the channels made at
    ``created`` (a time each) if given, else at ``T0``."""
    if created is None:
        seeded = await backend.seed(accounts=count, channels=count)
        return World(backend, seeded.accounts, seeded.channels)
    accounts = (await backend.seed(accounts=count, channels=0)).accounts
    channels = [
        Channel(new_id(), account.id, account.username, f"Acc {n}", "", False, 0, at, at)
        for n, (account, at) in enumerate(zip(accounts, created, strict=True))
    ]
    await add_rows(backend, *channels, memory=MemoryChannels, postgres=PostgresChannels)
    return World(backend, accounts, channels)


async def test_stream_info_is_saved_replaced_and_applied_to_the_live_stream(
    backend: Backend,
) -> None:
    w = await world(backend, 2)
    chess = await w.category("chess")
    await backend.release()
    unit = backend.unit()
    assert await info_store(backend, unit).get(w.channels[0].id) is None
    first = StreamInfo(w.channels[0].id, "First", None, ("a",), "en", False, T0)
    await info_store(backend, unit).save(first)
    second = StreamInfo(w.channels[0].id, "Second", chess.id, ("b", "c"), "de", True, T0 + H)
    await info_store(backend, unit).save(second)
    await unit.commit()

    ended = await w.stream(0, T0 - 3 * H, ended_at=T0 - 2 * H)
    live = await w.stream(0, T0, tags=("x",))
    await backend.release()
    unit = backend.unit()
    store = info_store(backend, unit)
    assert await store.get(w.channels[0].id, lock=True) == second
    assert await store.live(w.channels[0].id) == live
    assert await store.live(w.channels[1].id) is None
    applied = await store.apply_to_live(second)
    expected = replace(live, title="Second", category_id=chess.id, tags=("b", "c"))
    assert applied == replace(expected, language="de", mature=True)
    assert await store.apply_to_live(replace(second, channel_id=w.channels[1].id)) is None
    await unit.commit()

    cards = await (await listings(backend)).of_channel(w.channels[0].id, after=None, limit=5)
    assert cards == [w.card(applied, chess), w.card(ended)]  # the ended one kept its info


async def test_live_listing_sorts_then_pages_by_keyset(backend: Backend) -> None:
    w = await world(backend, 5)
    s0 = await w.stream(0, T0, viewers=50)
    s1 = await w.stream(1, T0 + H, viewers=50)
    s2 = await w.stream(2, T0 + 2 * H, viewers=90)
    s3 = await w.stream(3, T0 - H, viewers=10)
    await w.stream(4, T0 - 5 * H, viewers=999, ended_at=T0)  # ended: never listed
    tie = sorted([s0, s1], key=lambda s: s.id, reverse=True)

    repo = await listings(backend)
    everything = ListingFilters()
    page = await repo.live(everything, BY_VIEWERS, after=None, limit=3)
    assert page == [w.card(s) for s in (s2, *tie)]
    last = page[-1].livestream
    rest = await repo.live(everything, BY_VIEWERS, after=Keyset(last.viewers, last.id), limit=3)
    assert rest == [w.card(s3)]
    middle = await repo.live(everything, BY_VIEWERS, after=Keyset(50, tie[0].id), limit=3)
    assert [c.livestream for c in middle] == [tie[1], s3]

    oldest_first = ListingSort(SortKey.STARTED_AT, descending=False)
    page = await repo.live(everything, oldest_first, after=None, limit=2)
    assert [c.livestream for c in page] == [s3, s0]
    page = await repo.live(everything, oldest_first, after=Keyset(s0.started_at, s0.id), limit=5)
    assert [c.livestream for c in page] == [s1, s2]


async def test_live_listing_filters(backend: Backend) -> None:
    w = await world(backend, 6)
    chess = await w.category("chess")
    en = await w.stream(0, T0, viewers=6, language="en", tags=("speedrun", "pb"))
    gb = await w.stream(1, T0, viewers=5, language="en-GB", category_id=chess.id, mature=True)
    eng = await w.stream(2, T0, viewers=4, language="eng")
    br = await w.stream(3, T0, viewers=3, language="pt-BR", tags=("speedrun",))
    pt = await w.stream(4, T0, viewers=2, language="pt", category_id=chess.id)

    async def live(**filters: Any) -> list[Livestream]:
        repo = await listings(backend)
        page = await repo.live(ListingFilters(**filters), BY_VIEWERS, after=None, limit=10)
        return [c.livestream for c in page]

    assert await live() == [en, gb, eng, br, pt]
    assert await live(language="en") == [en, gb]
    assert await live(language="pt-BR") == [br]
    assert await live(language="pt") == [br, pt]
    assert await live(category_id=chess.id) == [gb, pt]
    assert await live(tags=("speedrun",)) == [en, br]
    assert await live(tags=("speedrun", "pb")) == [en]
    assert await live(mature=True) == [gb]
    assert await live(mature=False, category_id=chess.id) == [pt]
    cards = await (await listings(backend)).live(
        ListingFilters(category_id=chess.id), BY_VIEWERS, after=None, limit=1
    )
    assert cards == [w.card(gb, chess)]


async def test_live_listing_of_a_follower_shows_only_followed_channels(backend: Backend) -> None:
    w = await world(backend, 4)
    s1 = await w.stream(1, T0, viewers=1)
    await w.stream(2, T0, viewers=2)
    s3 = await w.stream(3, T0, viewers=3)
    await w.follow(w.accounts[0], w.channels[1])
    await w.follow(w.accounts[0], w.channels[3])

    repo = await listings(backend)
    page = await repo.live(
        ListingFilters(), BY_VIEWERS, after=None, limit=10, follower=w.accounts[0].id
    )
    assert [c.livestream for c in page] == [s3, s1]
    nobody = await repo.live(
        ListingFilters(), BY_VIEWERS, after=None, limit=10, follower=w.accounts[2].id
    )
    assert nobody == []


async def test_of_channel_lists_live_and_ended_newest_first(backend: Backend) -> None:
    w = await world(backend, 2)
    old = await w.stream(0, T0, ended_at=T0 + H)
    mid = await w.stream(0, T0 + 2 * H, ended_at=T0 + 3 * H)
    now = await w.stream(0, T0 + 4 * H)
    await w.stream(1, T0 + 5 * H)

    repo = await listings(backend)
    first = await repo.of_channel(w.channels[0].id, after=None, limit=2)
    assert first == [w.card(now), w.card(mid)]
    rest = await repo.of_channel(w.channels[0].id, after=Keyset(mid.started_at, mid.id), limit=2)
    assert rest == [w.card(old)]


async def test_candidates_gather_each_pool_once_with_their_signals(backend: Backend) -> None:
    # channels 0-4 created at T0, channel 5 (new) a day later; the viewer owns channel 6
    created = [T0] * 5 + [T0 + 24 * H, T0]
    w = await world(backend, 7, created)
    puzzles = await w.category("puzzles")
    top = await w.stream(0, T0, viewers=500)
    followed = await w.stream(1, T0 + H, viewers=300)
    recent = await w.stream(2, T0 + 2 * H, viewers=10, category_id=puzzles.id)
    peers_pick = await w.stream(3, T0 - H, viewers=5)
    await w.stream(4, T0 - 2 * H, viewers=4)  # in no pool
    newcomer = await w.stream(5, T0 - 3 * H, viewers=1)
    own = await w.stream(6, T0 - 4 * H, viewers=1000)
    viewer, peer = w.accounts[6], w.accounts[0]
    await w.follow(viewer, w.channels[1])
    await w.follow(peer, w.channels[1])
    await w.follow(peer, w.channels[3])
    await w.follow(viewer, puzzles)

    pool = CandidatePool(
        new_since=T0 + H, top_viewers=2, recent=1, new_channels=1, graph=5, per_category=1
    )
    repo = await listings(backend)
    anonymous = await repo.candidates(None, ListingFilters(), pool)
    signals = {
        c.card.livestream.id: (c.channel_followers, c.peers, c.followed_category) for c in anonymous
    }
    assert signals == {
        own.id: (0, 0, False),
        top.id: (0, 0, False),
        recent.id: (0, 0, False),
        newcomer.id: (0, 0, False),
    }
    by_id = {c.card.livestream.id: c for c in anonymous}
    assert by_id[recent.id].card == w.card(recent, puzzles)
    assert by_id[newcomer.id].channel_created_at == T0 + 24 * H

    mine = await repo.candidates(viewer.id, ListingFilters(), replace(pool, recent=0))
    signals = {
        c.card.livestream.id: (c.channel_followers, c.peers, c.followed_category) for c in mine
    }
    assert signals == {  # own and followed channels left out
        top.id: (0, 0, False),
        recent.id: (0, 0, True),  # the most watched of a followed category
        peers_pick.id: (1, 1, False),  # followed by the viewer's peer
        newcomer.id: (0, 0, False),
    }
    assert followed.id not in signals
    mature_only = await repo.candidates(viewer.id, ListingFilters(mature=True), pool)
    assert mature_only == []


def vod(channel: Channel, n: int, visibility: str = "public", **changes: Any) -> Vod:
    made = Vod(new_id(), channel.id, None, f"asset-{n}", f"Vod {n}", visibility,
               f"https://cdn.test/{n}.m3u8", None, 60 * n, T0, T0)  # fmt: skip
    return replace(made, **changes)


async def test_vod_catalog_hides_deleted_and_lists_newest_first(backend: Backend) -> None:
    w = await world(backend, 2)
    ch = w.channels[0]
    v1, v2, v3 = vod(ch, 1), vod(ch, 2, "subscribers"), vod(ch, 3, "private")
    v4 = vod(ch, 4)
    gone = vod(ch, 5, deleted_at=T0 + H)
    other = vod(w.channels[1], 6)
    await backend.release()
    unit = backend.unit()
    for made in (v1, v2, v3, v4, gone, other):
        assert await on(backend, unit, MemoryVodWrites, PostgresVodWrites).add(made)
    await unit.commit()

    repo = await catalog(backend)
    assert await repo.get(v1.id) == v1
    assert await repo.get(gone.id) is None
    assert await repo.get(new_id()) is None
    public = ("public",)
    assert await repo.list_for(ch.id, visibilities=public, limit=10, before=None) == [v4, v1]
    everyone = ("public", "subscribers", "private")
    assert await repo.list_for(ch.id, visibilities=everyone, limit=2, before=None) == [v4, v3]
    assert await repo.list_for(ch.id, visibilities=everyone, limit=5, before=v3.id) == [v2, v1]


async def test_vod_update_writes_title_visibility_and_time_unless_deleted(
    backend: Backend,
) -> None:
    w = await world(backend, 1)
    kept, gone = vod(w.channels[0], 1), vod(w.channels[0], 2, deleted_at=T0)
    await backend.release()
    unit = backend.unit()
    for made in (kept, gone):
        await on(backend, unit, MemoryVodWrites, PostgresVodWrites).add(made)
    await unit.commit()

    await backend.release()
    unit = backend.unit()
    repo: VodCatalog = on(backend, unit, MemoryVodCatalog, PostgresVodCatalog)
    edited = replace(kept, title="New", visibility="private", updated_at=T0 + H)
    assert await repo.update(replace(edited, duration_seconds=1, playback_url="ignored"))
    assert not await repo.update(replace(gone, title="Too late"))
    assert not await repo.update(vod(w.channels[0], 9))  # unknown
    await unit.commit()
    assert await (await catalog(backend)).get(kept.id) == edited


async def test_stream_info_of_an_unknown_channel_or_category_is_refused(backend: Backend) -> None:
    w = await world(backend, 1)
    for info in (
        StreamInfo(new_id(), "No channel", None, (), "en", False, T0),
        StreamInfo(w.channels[0].id, "No category", new_id(), (), "en", False, T0),
    ):
        await backend.release()
        with pytest.raises(Conflict):
            await info_store(backend, backend.unit()).save(info)
