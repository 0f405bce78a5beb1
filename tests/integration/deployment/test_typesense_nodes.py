"""Several Typesense nodes in STREAMZ_TYPESENSE_URL: the client tries the next node when one is
unreachable, and the readiness check is ok while one node answers. The suite's Typesense is the
live node; a closed port on loopback is the dead one."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from streamz.adapters.typesense.health import TypesenseHealth
from streamz.adapters.typesense.index import TypesenseSearchIndex, make_client
from streamz.core.errors import Unavailable
from streamz.core.search.entities import Kind
from streamz.settings import Settings
from tests.integration.gateway.support import free_port


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=httpx.Timeout(2.0, connect=0.5)) as client:
        yield client


def _nodes(settings: Settings) -> tuple[str, str]:
    assert settings.search.url is not None
    return f"http://127.0.0.1:{free_port()}", settings.search.url  # dead, live


async def test_a_dead_node_first_in_the_list_is_skipped(
    settings: Settings, http: httpx.AsyncClient
) -> None:
    dead, live = _nodes(settings)
    key = settings.search.api_key or ""
    client = make_client([dead, live], key, http)
    index = TypesenseSearchIndex(client, client, prefix="nodes_test")
    for _ in range(3):  # round robin would hit the dead node first at least once
        assert await index.current(Kind.CHANNELS) is None  # answered, by the live node
    alone = TypesenseSearchIndex(make_client(dead, key, http), make_client(dead, key, http))
    with pytest.raises(Unavailable):
        await alone.current(Kind.CHANNELS)


async def test_ready_while_one_node_answers(settings: Settings, http: httpx.AsyncClient) -> None:
    dead, live = _nodes(settings)
    await TypesenseHealth([dead, live], http).check()
    await TypesenseHealth(live, http).check()
    with pytest.raises(RuntimeError, match="no Typesense node is healthy"):
        await TypesenseHealth([dead, f"http://127.0.0.1:{free_port()}"], http).check()
    with pytest.raises(httpx.TransportError):  # one node: its own error, as before
        await TypesenseHealth([dead], http).check()


def test_settings_split_the_node_list() -> None:
    settings = Settings.from_env(
        {
            "STREAMZ_DATABASE_URL": "postgresql://db/streamz",
            "STREAMZ_REDIS_URL": "redis://cache:6379/0",
            "STREAMZ_TYPESENSE_URL": "http://ts1:8108, http://ts2:8108/",
            "STREAMZ_TYPESENSE_API_KEY": "key",
        }
    )
    assert settings.search.nodes == ("http://ts1:8108", "http://ts2:8108")
