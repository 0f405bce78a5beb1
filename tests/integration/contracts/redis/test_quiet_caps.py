"""The quiet caps' contract (pushes counted per account and hour), on the memory adapter and
on Redis."""

from __future__ import annotations

import asyncio
import uuid

from streamz.adapters.memory.notifications import MemoryQuietCaps
from streamz.adapters.redis.notification_caps import RedisQuietCaps
from streamz.ports.notifications import QuietCaps

from .conftest import Store


def caps_of(store: Store) -> QuietCaps:
    caps: QuietCaps = store.pick(memory=lambda _: MemoryQuietCaps(), redis=RedisQuietCaps)
    return caps


async def test_each_call_adds_one_per_account_and_gives_the_counts(store: Store) -> None:
    caps = caps_of(store)
    first, second, third = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    assert await caps.count([first, second], "2030-01-01T10") == [1, 1]
    assert await caps.count([second, third, first], "2030-01-01T10") == [2, 1, 2]
    assert await caps.count([], "2030-01-01T10") == []
    # an account twice in one call counts twice, in the order given
    assert await caps.count([third, third], "2030-01-01T10") == [2, 3]


async def test_every_hour_counts_from_zero(store: Store) -> None:
    caps = caps_of(store)
    account = uuid.uuid4()
    assert await caps.count([account, account], "2030-01-01T10") == [1, 2]
    assert await caps.count([account], "2030-01-01T11") == [1]
    assert await caps.count([account], "2030-01-01T10") == [3]


async def test_concurrent_counts_are_all_added(store: Store) -> None:
    caps = caps_of(store)
    account = uuid.uuid4()
    counts = await asyncio.gather(*(caps.count([account], "h") for _ in range(20)))
    assert sorted(c[0] for c in counts) == list(range(1, 21))
