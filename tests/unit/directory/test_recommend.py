"""Recommendations: each signal of the formula moves a stream up, exclusions, anonymous
diversity, determinism by seed, pages."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from streamz.core.errors import Invalid
from streamz.core.identity.entities import Account, Principal
from streamz.core.identity.errors import AccountNotFound
from streamz.core.live.directory.entities import Candidate, RankedStream, StreamCard
from streamz.core.live.directory.listing import ListingQuery
from streamz.core.live.directory.ranking import signals
from streamz.core.live.directory.recommend_livestreams import RecommendLivestreamsRequest
from streamz.core.live.entities import Livestream
from streamz.core.shared.pages import Page, encode_cursor
from tests.unit.directory.support import (
    Directory,
    add_category,
    add_stream,
    age_channel,
    follow,
    follow_category,
)
from tests.unit.support import ANONYMOUS, SYSTEM, T0, World, user


async def ranked(
    directory: Directory,
    actor: Principal = ANONYMOUS,
    *,
    seed: int = 7,
    language: str | None = None,
    query: ListingQuery | None = None,
) -> Page[RankedStream]:
    request = RecommendLivestreamsRequest(actor, query or ListingQuery(), seed, language)
    return await directory.recommended()(request)


def order(page: Page[RankedStream]) -> list[str]:
    return [r.card.channel_slug for r in page.data]


async def register(world: World, *names: str, old: bool = True) -> list[Account]:
    accounts = [await world.register(n) for n in names]
    if old:  # a year old with many followers: no new-creator boost
        for n in names:
            age_channel(world, n, days=365, followers=5000)
    return accounts


async def test_follow_graph_lifts_channels_your_peers_follow(
    world: World, directory: Directory
) -> None:
    (viewer,) = await register(world, "viewer")
    peer, other = await register(world, "peer", "other")
    await register(world, "liked", "graph", "plain")
    follow(world, viewer, "liked")
    follow(world, peer, "liked")  # peer shares a follow with the viewer...
    follow(world, peer, "graph")  # ...and follows this one
    follow(world, other, "plain")  # not a peer
    add_stream(world, "liked", viewers=500, category=add_category(world, "a"))
    add_stream(world, "graph", viewers=10, category=add_category(world, "b"))
    add_stream(world, "plain", viewers=10, category=add_category(world, "c"))
    add_stream(world, "viewer", viewers=10_000)  # the viewer's own channel
    page = await ranked(directory, user(viewer))
    assert order(page) == ["graph", "plain"]  # followed and own channels left out
    assert "followed-by-similar-viewers" in page.data[0].reasons
    # anonymous: the followed channel is back and the graph means nothing
    assert order(await ranked(directory))[:2] == ["viewer", "liked"]


async def test_followed_categories_and_language(world: World, directory: Directory) -> None:
    (viewer,) = await register(world, "viewer")
    await register(world, "gamer", "cooking", "german", "english")
    games, cooking = add_category(world, "g"), add_category(world, "c")
    add_stream(world, "gamer", viewers=100, category=games)
    add_stream(world, "cooking", viewers=100, category=cooking)
    follow_category(world, viewer, games)
    page = await ranked(directory, user(viewer))
    assert order(page) == ["gamer", "cooking"]
    assert page.data[0].reasons == ("popular", "followed-category")
    de, en = add_category(world, "d"), add_category(world, "e")
    add_stream(world, "german", viewers=40, category=de, language="de-AT")
    add_stream(world, "english", viewers=40, category=en, language="en")
    page = await ranked(directory, user(viewer), language="de")
    assert order(page).index("german") < order(page).index("english")
    page = await ranked(directory, user(viewer), language="en-GB")
    assert order(page).index("english") < order(page).index("german")


async def test_small_new_creators_get_a_boost(world: World, directory: Directory) -> None:
    (viewer,) = await register(world, "viewer")
    await register(world, "veteran")
    await register(world, "newbie", old=False)  # created now, no followers
    add_stream(world, "veteran", viewers=20, category=add_category(world, "a"))
    add_stream(world, "newbie", viewers=20, category=add_category(world, "b"))
    for actor in (ANONYMOUS, user(viewer)):
        page = await ranked(directory, actor)
        assert order(page) == ["newbie", "veteran"]
        assert "new-creator" in page.data[0].reasons


async def test_anonymous_ranking_is_popularity_with_diversity(
    world: World, directory: Directory
) -> None:
    await register(world, "aa1", "aa2", "aa3", "bb1")
    big, small = add_category(world, "big"), add_category(world, "small")
    for slug, viewers in (("aa1", 10_000), ("aa2", 1000), ("aa3", 500)):
        add_stream(world, slug, viewers=viewers, category=big)
    add_stream(world, "bb1", viewers=300, category=small)
    page = await ranked(directory)
    # without diversity bb1 would be last; the third stream of "big" is worth 0.7^2 of itself
    assert order(page)[0] == "aa1"
    assert order(page).index("bb1") < order(page).index("aa3")
    assert [r.score for r in page.data] == sorted((r.score for r in page.data), reverse=True)


async def test_same_seed_same_ranking_and_the_seed_shuffles_ties(
    world: World, directory: Directory
) -> None:
    names = [f"tie{n}" for n in range(8)]
    await register(world, *names)
    for name in names:
        add_stream(world, name, viewers=100, category=add_category(world, f"c-{name}"))
    first = await ranked(directory, seed=1)
    again = await ranked(directory, seed=1)
    assert order(first) == order(again)
    assert [r.score for r in first.data] == [r.score for r in again.data]
    orders = {tuple(order(await ranked(directory, seed=s))) for s in range(6)}
    assert len(orders) > 1


async def test_pages_follow_the_ranking_and_keep_the_seed(
    world: World, directory: Directory
) -> None:
    names = [f"str{n}" for n in range(7)]
    await register(world, *names)
    for n, name in enumerate(names):
        add_stream(world, name, viewers=10 * (n + 1), category=add_category(world, name))
    whole = order(await ranked(directory, seed=3, query=ListingQuery(limit=50)))
    walked: list[str] = []
    after = None
    while True:
        request = RecommendLivestreamsRequest(ANONYMOUS, ListingQuery(limit=3, after=after))
        page = await directory.recommended()(request)  # no seed: the cursor's
        if after is None:
            page = await ranked(directory, seed=3, query=ListingQuery(limit=3))
        walked += order(page)
        if page.next is None:
            break
        after = page.next
    assert walked == whole
    first = await ranked(directory, seed=3, query=ListingQuery(limit=3))
    assert first.next is not None
    with pytest.raises(Invalid, match="another seed"):
        await ranked(directory, seed=4, query=ListingQuery(limit=3, after=first.next))
    for bad in ("nope", encode_cursor(["rec", "3", "nan", names[0]])):
        with pytest.raises(Invalid):
            await ranked(directory, query=ListingQuery(after=bad))
    with pytest.raises(Invalid):
        await ranked(directory, seed=-1)


async def test_filters_system_caller_and_unknown_account(
    world: World, directory: Directory
) -> None:
    viewer, peer1, peer2 = await register(world, "viewer", "peer1", "peer2")
    await register(world, "xxx", "yyy", "zzz")
    games = add_category(world, "games")
    add_stream(world, "xxx", viewers=5, category=games, tags=("fps",))
    add_stream(world, "yyy", viewers=50)
    follow(world, viewer, "zzz")
    for peer in (peer1, peer2):
        follow(world, peer, "zzz")
        follow(world, peer, "xxx")
    page = await ranked(directory, query=ListingQuery(category="games"))
    assert order(page) == ["xxx"]
    page = await ranked(directory, query=ListingQuery(tags=("fps",), mature=False))
    assert order(page) == ["xxx"]
    request = RecommendLivestreamsRequest(SYSTEM, ListingQuery(), 1, None, viewer.id)
    page = await directory.recommended()(request)
    assert page.data[0].card.channel_slug == "xxx"  # the graph, for the named account
    ghost = RecommendLivestreamsRequest(SYSTEM, ListingQuery(), 1, None, uuid.uuid4())
    with pytest.raises(AccountNotFound):
        await directory.recommended()(ghost)


def test_signals_of_the_formula() -> None:
    now = T0
    channel = uuid.uuid4()
    stream = Livestream(uuid.uuid4(), channel, "lp", "", None, (), "pt-BR", False, now, None, 999)
    card = StreamCard(stream, "slug", "Name")
    fresh = Candidate(card, 0, now, peers=2, followed_category=True)
    found = signals(fresh, now=now, seed=1, viewer_language="pt")
    assert (found.popularity, found.graph, found.category, found.language) == (0.75, 0.5, 1, 1)
    assert found.new_creator == 1
    assert 0 <= found.jitter < 1
    assert found.jitter == signals(fresh, now=now, seed=1, viewer_language=None).jitter
    assert found.jitter != signals(fresh, now=now, seed=2, viewer_language=None).jitter
    old = Candidate(card, 100, now - timedelta(days=45))
    aged = signals(old, now=now, seed=1, viewer_language="en")
    assert aged.new_creator == pytest.approx(0.5 * 0.5)
    assert (aged.graph, aged.category, aged.language) == (0, 0, 0)
    big = Candidate(card, 10_000, now - timedelta(days=400))
    assert signals(big, now=now, seed=1, viewer_language=None).new_creator == 0
