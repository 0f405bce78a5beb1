"""The matrices' app on an in-memory container, with the personas registered once."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from litestar.testing import AsyncTestClient

from streamz.adapters.memory.database import MemoryDatabase
from streamz.container import make_memory_container
from streamz.entrypoints.http.app import create_app
from streamz.settings import Settings
from tests.integration.authz.matrix import MemoryMatrix
from tests.integration.authz.personas import memory_personas


@pytest.fixture(scope="session")
async def memory_matrix(settings: Settings) -> AsyncIterator[MemoryMatrix]:
    container = make_memory_container()
    app = create_app(settings, container)
    async with AsyncTestClient(app, base_url="http://127.0.0.1") as client:
        tables = (await container.get(MemoryDatabase)).tables
        who = await memory_personas(client, tables)
        yield MemoryMatrix(client, who, tables.copy())
