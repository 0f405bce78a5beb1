"""An app's teardown cannot hang: a finalizer that never returns is cut after its bound (and
logged), and the database pool is terminated when a connection is never given back."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import asyncpg
import pytest
from dishka import Provider, Scope, provide
from litestar.testing import AsyncTestClient

from streamz import shutdown
from streamz.container import make_container
from streamz.entrypoints.http.app import create_app
from streamz.settings import Settings
from tests.unit.test_shutdown import Recorder

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def log(monkeypatch: pytest.MonkeyPatch) -> Recorder:
    recorder = Recorder()
    monkeypatch.setattr(shutdown, "log", recorder)
    return recorder


class Stuck:
    """Something whose close never returns."""


class StuckProvider(Provider):
    @provide(scope=Scope.APP)
    async def stuck(self) -> AsyncIterator[Stuck]:
        yield Stuck()
        await asyncio.Event().wait()


async def test_an_app_teardown_with_a_finalizer_that_never_returns_ends(
    settings: Settings, log: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shutdown, "CONTAINER_SECONDS", 1.0)
    container = make_container(settings, StuckProvider())
    app = create_app(settings, container)
    client = AsyncTestClient(app, base_url="http://127.0.0.1")
    await client.__aenter__()
    assert (await client.get("/ready")).status_code == 200  # the pool and clients are open
    await container.get(Stuck)

    started = time.monotonic()
    async with asyncio.timeout(10):  # before: the lifespan waited for it forever
        await client.__aexit__(None, None, None)
    assert time.monotonic() - started < 5
    cut = [f["step"] for level, event, f in log.lines if event == "shutdown step cut short"]
    assert cut == ["API container"]
    async with asyncio.timeout(10):
        await container.close()  # what was left: the pool and clients close normally


async def test_the_pool_is_terminated_when_a_connection_is_never_released(
    settings: Settings, log: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shutdown, "STEP_SECONDS", 0.5)
    container = make_container(settings)
    pool = await container.get(asyncpg.Pool)
    held = await pool.acquire()  # a stuck request's connection

    started = time.monotonic()
    async with asyncio.timeout(10):  # before: pool.close() waited for it forever
        await container.close()
    assert time.monotonic() - started < 5
    [(level, event, fields)] = [line for line in log.lines if line[2]["step"] == "database pool"]
    assert (level, event, fields["fallback"]) == ("warning", "shutdown step cut short", "done")
    assert pool.is_closing()
    with pytest.raises(asyncpg.InterfaceError):  # terminated, not left open
        await held.fetchval("SELECT 1")
