"""Contract suites: one per port, each test run against the memory adapter and the Postgres
adapter, so the in-memory fakes cannot drift from the real thing.

A test takes ``backend`` and builds the adapters it checks with ``backend.pick(memory=...,
postgres=...)`` on a unit from ``backend.unit()`` (one transaction, as one request has).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import asyncpg
import pytest

from streamz.adapters.memory.database import MemoryDatabase, MemoryUnit
from streamz.adapters.postgres.unit import PostgresUnit, create_pool
from streamz.settings import Settings

T = TypeVar("T")


@dataclass
class Backend:
    name: str  # "memory" or "postgres"
    _open: Callable[[], Any]
    units: list[Any] = field(default_factory=list)

    def unit(self) -> Any:
        """A new unit of work on this backend (``MemoryUnit`` or ``PostgresUnit``)."""
        opened = self._open()
        self.units.append(opened)
        return opened

    def pick(self, *, memory: Callable[[Any], T], postgres: Callable[[Any], T], unit: Any) -> T:
        """The adapter of this backend, built on ``unit``."""
        return memory(unit) if self.name == "memory" else postgres(unit)


@pytest.fixture(params=["memory", "postgres"])
async def backend(request: pytest.FixtureRequest) -> AsyncIterator[Backend]:
    if request.param == "memory":
        database = MemoryDatabase()
        yield Backend("memory", lambda: MemoryUnit(database))
        return
    settings: Settings = request.getfixturevalue("settings")
    request.getfixturevalue("clean")
    assert settings.database.url is not None
    pool: asyncpg.Pool[asyncpg.Record] = await create_pool(settings.database.url, 4)
    backend = Backend("postgres", lambda: PostgresUnit(pool))
    try:
        yield backend
    finally:
        for unit in backend.units:
            await unit.close()
        await pool.close()
