"""Contract suites of the Redis-backed ports: each test runs against the memory adapter and the
Redis adapter (on the suite's Redis, through the client factory the app uses), so the
in-memory fakes cannot drift from the real thing.

A test takes ``store`` and builds the adapter it checks with ``store.pick(memory=...,
redis=...)``. Time: the memory adapters read ``store.clock`` (a clock moved by hand), the Redis
ones Redis' own time; ``await store.wait(s)`` moves the first and sleeps for the second, so
keep waits short and few.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from redis.asyncio import Redis

from streamz.adapters.memory.database import FixedClock
from streamz.adapters.redis.client import connect
from streamz.settings import Settings


@dataclass
class Store:
    name: str  # "memory" or "redis"
    clock: FixedClock  # what the memory adapters read
    client: Redis | None  # the Redis side's client (None on memory)

    def pick(
        self, *, memory: Callable[[FixedClock], object], redis: Callable[[Redis], object]
    ) -> Any:
        """The adapter of this side: ``memory(clock)`` or ``redis(client)`` (typed by the
        caller: give it the port's type)."""
        if self.client is None:
            return memory(self.clock)
        return redis(self.client)

    async def wait(self, seconds: float) -> None:
        """Let ``seconds`` pass: the memory clock moves, the Redis side sleeps."""
        if self.client is None:
            self.clock.current += timedelta(seconds=seconds)
        else:
            await asyncio.sleep(seconds)


@pytest.fixture(params=["memory", "redis"])
def side(request: pytest.FixtureRequest) -> Settings | None:
    """The suite's settings on the Redis side (Redis flushed before and after), else None.

    Not async: the session's services start with ``asyncio.run`` (migrations), which cannot
    run inside the loop of an async fixture."""
    if request.param == "memory":
        return None
    settings: Settings = request.getfixturevalue("settings")
    request.getfixturevalue("clean")
    return settings


@pytest.fixture
async def store(side: Settings | None) -> AsyncIterator[Store]:
    clock = FixedClock(datetime.now(UTC))
    if side is None:
        yield Store("memory", clock, None)
        return
    assert side.redis.url is not None
    client = connect(side.redis.url, timeout=side.redis.timeout)
    try:
        yield Store("redis", clock, client)
    finally:
        await client.aclose()
