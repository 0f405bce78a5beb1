"""Live listings: directory, category, channel, followed; filters, sorts, keyset pages."""

from __future__ import annotations

from datetime import timedelta

import pytest

from streamz.core.channels.errors import ChannelNotFound
from streamz.core.errors import Invalid, Unauthenticated
from streamz.core.identity.entities import Scope
from streamz.core.live.directory.entities import StreamCard
from streamz.core.live.directory.list_category_livestreams import ListCategoryLivestreamsRequest
from streamz.core.live.directory.list_channel_livestreams import ListChannelLivestreamsRequest
from streamz.core.live.directory.list_followed_livestreams import (
    ListFollowedLivestreamsRequest,
)
from streamz.core.live.directory.list_livestreams import ListLivestreamsRequest
from streamz.core.live.directory.listing import ListingQuery
from streamz.core.live.errors import CategoryNotFound
from streamz.core.shared.pages import Page, encode_cursor
from tests.unit.about.support import token_of
from tests.unit.directory.support import Directory, add_category, add_stream, follow
from tests.unit.support import ANONYMOUS, SYSTEM, T0, World, user

NAMES = ("ann", "ben", "cat", "dan", "eve", "fay")


async def channels(world: World) -> None:
    for name in NAMES:
        await world.register(name)


def slugs(page: Page[StreamCard]) -> list[str]:
    return [c.channel_slug for c in page.data]


async def walk(directory: Directory, query: ListingQuery) -> list[str]:
    """Every page of the directory for ``query``, in order."""
    out: list[str] = []
    after = None
    for _ in range(20):
        page = await directory.directory()(
            ListLivestreamsRequest(
                ANONYMOUS,
                ListingQuery(
                    query.category,
                    query.language,
                    query.tags,
                    query.mature,
                    query.sort,
                    query.order,
                    query.limit,
                    after,
                ),
            )
        )
        out += slugs(page)
        if page.next is None:
            return out
        after = page.next
    raise AssertionError("no last page")


@pytest.fixture
async def arranged(world: World) -> None:
    await channels(world)
    games = add_category(world, "games")
    music = add_category(world, "music")
    add_stream(world, "ann", viewers=50, minutes_ago=30, category=games, tags=("fps", "pro"))
    add_stream(world, "ben", viewers=50, minutes_ago=10, category=games, language="en-GB")
    add_stream(world, "cat", viewers=900, minutes_ago=50, category=music, language="pt-BR")
    add_stream(world, "dan", viewers=7, minutes_ago=5, tags=("fps",), mature=True)
    add_stream(world, "eve", viewers=300, minutes_ago=20, category=games, language="de")
    add_stream(world, "fay", viewers=1000, ended=True, minutes_ago=90)  # not live


async def test_directory_sorts_and_pages(
    world: World, directory: Directory, arranged: None
) -> None:
    by_viewers = ["cat", "eve", "ben", "ann", "dan"]  # ann/ben tie on 50: later id first
    assert await walk(directory, ListingQuery(limit=2)) == by_viewers
    assert await walk(directory, ListingQuery(limit=1, order="asc")) == by_viewers[::-1]
    newest = ["dan", "ben", "eve", "ann", "cat"]
    assert await walk(directory, ListingQuery(sort="started_at", limit=3)) == newest
    assert (
        await walk(directory, ListingQuery(sort="started_at", order="asc", limit=2)) == newest[::-1]
    )
    first = await directory.directory()(ListLivestreamsRequest(ANONYMOUS, ListingQuery(limit=5)))
    assert first.next is None
    assert first.data[0].category_slug == "music"
    assert first.data[-1].category_slug is None


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (ListingQuery(category="games"), ["eve", "ben", "ann"]),
        (ListingQuery(language="en"), ["ben", "ann", "dan"]),
        (ListingQuery(language="EN-gb"), ["ben"]),
        (ListingQuery(language="pt"), ["cat"]),
        (ListingQuery(tags=("FPS",)), ["ann", "dan"]),
        (ListingQuery(tags=("fps", "pro")), ["ann"]),
        (ListingQuery(mature=True), ["dan"]),
        (ListingQuery(mature=False, category="games", language="en"), ["ben", "ann"]),
        (ListingQuery(tags=("none",)), []),
    ],
)
async def test_directory_filters(
    directory: Directory, arranged: None, query: ListingQuery, expected: list[str]
) -> None:
    for limit in (1, 20):
        paged = ListingQuery(query.category, query.language, query.tags, query.mature, limit=limit)
        assert await walk(directory, paged) == expected


async def test_category_listing(world: World, directory: Directory, arranged: None) -> None:
    page = await directory.category()(
        ListCategoryLivestreamsRequest(ANONYMOUS, "games", ListingQuery(sort="started_at"))
    )
    assert slugs(page) == ["ben", "eve", "ann"]
    page = await directory.category()(
        ListCategoryLivestreamsRequest(ANONYMOUS, "games", ListingQuery(language="de"))
    )
    assert slugs(page) == ["eve"]
    add_category(world, "gone", deleted=True)
    for missing in ("gone", "nothing"):
        with pytest.raises(CategoryNotFound):
            await directory.category()(ListCategoryLivestreamsRequest(ANONYMOUS, missing))


async def test_channel_listing_live_then_recent(world: World, directory: Directory) -> None:
    await world.register("ann")
    old = [add_stream(world, "ann", ended=True, minutes_ago=m) for m in (300, 200, 100)]
    live = add_stream(world, "ann", viewers=3, minutes_ago=1)
    ids = []
    after = None
    while True:
        page = await directory.channel()(
            ListChannelLivestreamsRequest(ANONYMOUS, "ann", limit=3, after=after)
        )
        ids += [c.livestream.id for c in page.data]
        if page.next is None:
            break
        after = page.next
    assert ids == [live.id, old[2].id, old[1].id, old[0].id]
    with pytest.raises(ChannelNotFound):
        await directory.channel()(ListChannelLivestreamsRequest(ANONYMOUS, "ghost"))


async def test_followed_listing(world: World, directory: Directory, arranged: None) -> None:
    zed = await world.register("zed")
    for slug in ("ann", "cat", "fay"):
        follow(world, zed, slug)
    page = await directory.followed()(ListFollowedLivestreamsRequest(user(zed)))
    assert slugs(page) == ["cat", "ann"]  # fay is not live
    page = await directory.followed()(
        ListFollowedLivestreamsRequest(user(zed), ListingQuery(tags=("fps",)))
    )
    assert slugs(page) == ["ann"]
    page = await directory.followed()(
        ListFollowedLivestreamsRequest(SYSTEM, ListingQuery(limit=1), account_id=zed.id)
    )
    assert (slugs(page), page.next is not None) == (["cat"], True)
    with pytest.raises(Unauthenticated):
        await directory.followed()(ListFollowedLivestreamsRequest(ANONYMOUS))
    by_token = await directory.followed()(
        ListFollowedLivestreamsRequest(token_of(zed, Scope.CHANNEL_WRITE))
    )
    assert slugs(by_token) == slugs(
        await directory.followed()(ListFollowedLivestreamsRequest(SYSTEM, account_id=zed.id))
    )


@pytest.mark.parametrize(
    ("query", "code", "field"),
    [
        (ListingQuery(sort="title"), "livestream-sort-invalid", "query.sort"),
        (ListingQuery(order="up"), "livestream-sort-invalid", "query.order"),
        (ListingQuery(limit=0), "invalid", "query.limit"),
        (ListingQuery(limit=101), "invalid", "query.limit"),
        (ListingQuery(after="garbage!"), "invalid", "query.after"),
        (
            ListingQuery(after=encode_cursor(["started_at", "desc", T0.isoformat(), "x"])),
            "invalid",
            "query.after",
        ),
        (
            ListingQuery(
                sort="viewers",
                after=encode_cursor(["started_at", "desc", T0.isoformat(), str(T0.year)]),
            ),
            "invalid",
            "query.after",
        ),
        (ListingQuery(language="english"), "stream-language-invalid", "query.language"),
        (ListingQuery(tags=("a",)), "stream-tags-invalid", "query.tags"),
        (ListingQuery(category="nope"), "stream-category-unknown", "query.category"),
    ],
)
async def test_bad_queries(
    directory: Directory, arranged: None, query: ListingQuery, code: str, field: str
) -> None:
    with pytest.raises(Invalid) as info:
        await directory.directory()(ListLivestreamsRequest(ANONYMOUS, query))
    assert info.value.code == code
    assert [e.field for e in info.value.errors] == [field]


async def test_a_cursor_of_one_order_is_refused_by_another(
    directory: Directory, arranged: None
) -> None:
    page = await directory.directory()(ListLivestreamsRequest(ANONYMOUS, ListingQuery(limit=1)))
    assert page.next is not None
    with pytest.raises(Invalid, match="another sort"):
        await directory.directory()(
            ListLivestreamsRequest(ANONYMOUS, ListingQuery(order="asc", after=page.next))
        )


async def test_start_times_round_trip_through_cursors(world: World, directory: Directory) -> None:
    await world.register("ann")
    await world.register("ben")
    start = T0 - timedelta(minutes=3, microseconds=123)
    add_stream(world, "ann", started=start)
    add_stream(world, "ben", started=start)
    assert await walk(directory, ListingQuery(sort="started_at", limit=1)) == ["ben", "ann"]
