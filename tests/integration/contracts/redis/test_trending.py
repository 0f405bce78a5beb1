"""The trending searches' contract (queries counted per hour, the top of the last hours), on
the memory adapter and on Redis."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest

from streamz.adapters.memory.search import MemoryTrendingQueries
from streamz.adapters.redis.trending import RedisTrendingQueries
from streamz.core.search.entities import TrendingQuery
from streamz.ports.search import TrendingQueries

from .conftest import Store

NOW = datetime(2030, 1, 1, 12, 30, tzinfo=UTC)


@pytest.fixture
async def trending(store: Store) -> AsyncIterator[TrendingQueries]:
    made: TrendingQueries = store.pick(
        memory=lambda _: MemoryTrendingQueries(), redis=RedisTrendingQueries
    )
    yield made
    if isinstance(made, RedisTrendingQueries):
        await made.flush()


async def record(trending: TrendingQueries, query: str, times: int, at: datetime = NOW) -> None:
    for _ in range(times):
        await trending.record(query, at)


async def test_the_top_is_the_most_searched_first(trending: TrendingQueries) -> None:
    assert await trending.top(24, 10, NOW) == []
    await record(trending, "speedrun", 3)
    await record(trending, "chess", 5)
    await record(trending, "minecraft", 1)
    assert await trending.top(1, 10, NOW) == [
        TrendingQuery("chess", 5),
        TrendingQuery("speedrun", 3),
        TrendingQuery("minecraft", 1),
    ]
    assert await trending.top(1, 2, NOW) == [
        TrendingQuery("chess", 5),
        TrendingQuery("speedrun", 3),
    ]


async def test_ties_come_in_reverse_order_of_the_query(trending: TrendingQueries) -> None:
    for query in ("b", "a", "é", "c"):  # UTF-8 bytes: é after c
        await record(trending, query, 2)
    await record(trending, "z", 1)
    top = await trending.top(1, 10, NOW)
    assert [t.query for t in top] == ["é", "c", "b", "a", "z"]


async def test_the_top_sums_the_last_hours_only(trending: TrendingQueries) -> None:
    await record(trending, "chess", 2, NOW - timedelta(minutes=29))  # this hour (12:01)
    await record(trending, "chess", 1, NOW - timedelta(minutes=31))  # 11:59
    await record(trending, "chess", 4, NOW - timedelta(hours=2))  # 10:30
    await record(trending, "go", 3, NOW - timedelta(hours=1))
    assert await trending.top(1, 10, NOW) == [TrendingQuery("chess", 2)]
    # a tie: "go" sorts after "chess", so it comes first
    assert await trending.top(2, 10, NOW) == [TrendingQuery("go", 3), TrendingQuery("chess", 3)]
    assert await trending.top(3, 10, NOW) == [TrendingQuery("chess", 7), TrendingQuery("go", 3)]


async def test_a_long_query_counts_by_its_first_200_bytes(trending: TrendingQueries) -> None:
    stem = "a" * 199
    await record(trending, stem + "é-one", 1)  # é is 2 bytes: cut in its middle
    await record(trending, stem + "é-two", 1)
    await record(trending, "b" * 200 + "-three", 1)
    top = await trending.top(1, 10, NOW)
    assert top == [TrendingQuery(stem + "\ufffd", 2), TrendingQuery("b" * 200, 1)]
