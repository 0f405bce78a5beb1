"""Search, suggest and trending over the memory index: the use cases' rules."""

from __future__ import annotations

from datetime import timedelta

import pytest

from streamz.core.errors import Invalid, Unavailable
from streamz.core.identity.entities import Principal
from streamz.core.search.entities import Filters, Kind
from streamz.core.search.search import Search, SearchRequest
from streamz.core.search.suggest import SuggestSearch, SuggestSearchRequest
from streamz.core.search.trending import TrendingSearches, TrendingSearchesRequest

from .support import SearchWorld, category_doc, channel_doc

ANON = Principal.anonymous()


@pytest.fixture
async def world() -> SearchWorld:
    w = SearchWorld()
    await w.index.upsert(
        Kind.CHANNELS,
        [
            channel_doc("gamer_one", followers=50),
            channel_doc("gamer_two", live=True, followers=10, language="fr"),
            channel_doc("painter", followers=99),
        ],
    )
    await w.index.upsert(
        Kind.CATEGORIES, [category_doc("Minecraft", viewers=5), category_doc("Chess")]
    )
    return w


def _search(w: SearchWorld) -> Search:
    return Search(w.index, w.trending, w.clock)


async def test_all_kinds_in_one_call_and_live_first(world: SearchWorld) -> None:
    results = await _search(world)(SearchRequest(ANON, "gamer"))
    channels = results.page(Kind.CHANNELS)
    assert channels is not None
    assert [h.document["username"] for h in channels.hits] == ["gamer_two", "gamer_one"]
    assert [p.kind for p in results.pages] == [Kind.CHANNELS, Kind.CATEGORIES, Kind.LIVESTREAMS]


async def test_typo_and_prefix(world: SearchWorld) -> None:
    typo = await _search(world)(SearchRequest(ANON, "paintr", (Kind.CHANNELS,)))
    assert [h.document["username"] for h in typo.pages[0].hits] == ["painter"]
    prefix = await _search(world)(SearchRequest(ANON, "mine", (Kind.CATEGORIES,)))
    assert [h.document["name"] for h in prefix.pages[0].hits] == ["Minecraft"]


async def test_filters_and_sort(world: SearchWorld) -> None:
    live = await _search(world)(SearchRequest(ANON, "", (Kind.CHANNELS,), Filters(live=True)))
    assert [h.document["username"] for h in live.pages[0].hits] == ["gamer_two"]
    french = await _search(world)(
        SearchRequest(ANON, "gamer", (Kind.CHANNELS,), Filters(language="fr"))
    )
    assert french.pages[0].found == 1
    by_followers = await _search(world)(SearchRequest(ANON, "", (Kind.CHANNELS,), sort="followers"))
    assert by_followers.pages[0].hits[0].document["username"] == "painter"


async def test_pagination(world: SearchWorld) -> None:
    first = await _search(world)(SearchRequest(ANON, "", (Kind.CHANNELS,), limit=2))
    assert first.pages[0].next_page == 2
    second = await _search(world)(SearchRequest(ANON, "", (Kind.CHANNELS,), limit=2, after="2"))
    assert len(second.pages[0].hits) == 1
    assert second.pages[0].next_page is None


@pytest.mark.parametrize(
    ("request_args", "field"),
    [
        ({"text": "x" * 101}, "query.q"),
        ({"text": "a", "limit": 0}, "query.limit"),
        ({"text": "a", "sort": "newest"}, "query.sort"),
        ({"text": "a", "after": "abc"}, "query.after"),
        ({"text": "a", "after": "2"}, "query.after"),  # a cursor with three kinds
        ({"text": "a", "kinds": ()}, "query.type"),
    ],
)
async def test_bad_input(world: SearchWorld, request_args: dict[str, object], field: str) -> None:
    with pytest.raises(Invalid) as caught:
        await _search(world)(SearchRequest(ANON, **request_args))  # type: ignore[arg-type]
    assert caught.value.errors[0].field == field


async def test_index_down_is_unavailable_and_writes_nothing(world: SearchWorld) -> None:
    world.index.down = True
    with pytest.raises(Unavailable):
        await _search(world)(SearchRequest(ANON, "gamer"))
    assert world.trending.hours == {}


async def test_suggest(world: SearchWorld) -> None:
    found = await SuggestSearch(world.index)(SuggestSearchRequest(ANON, "gam"))
    assert [s.slug for s in found] == ["gamer_two", "gamer_one"]
    with pytest.raises(Invalid):
        await SuggestSearch(world.index)(SuggestSearchRequest(ANON, "  "))


async def test_trending_counts_normalised_queries(world: SearchWorld) -> None:
    search = _search(world)
    for text in ["Gamer", "gamer ", "GAMER", "chess", "x"]:
        await search(SearchRequest(ANON, text))
    world.clock.current += timedelta(hours=2)
    await search(SearchRequest(ANON, "chess"))
    trending = TrendingSearches(world.trending, world.clock)
    hour = await trending(TrendingSearchesRequest(ANON, "hour"))
    assert [(t.query, t.count) for t in hour] == [("chess", 1)]
    day = await trending(TrendingSearchesRequest(ANON, "day"))
    assert [(t.query, t.count) for t in day] == [("gamer", 3), ("chess", 2)]
    with pytest.raises(Invalid):
        await trending(TrendingSearchesRequest(ANON, "week"))


async def test_library_call_in_memory() -> None:
    from streamz.library import Streamz

    async with Streamz.in_memory() as streamz:
        results = await streamz.call(Search, SearchRequest(ANON, "anything"))
    assert [p.found for p in results.pages] == [0, 0, 0]
