"""The streams integration tests: the app and the worker pointed at a fake Livepeer."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import replace
from typing import Any

import asyncpg
import pytest
from saq import Worker

from streamz.container import make_container
from streamz.entrypoints.worker.main import build_worker
from streamz.settings import Settings
from tests.fakes.livepeer import FakeLivepeer


@pytest.fixture(scope="session")
def livepeer() -> Iterator[FakeLivepeer]:
    fake = FakeLivepeer().start()
    yield fake
    fake.stop()


@pytest.fixture(scope="session")
def settings(settings: Settings, livepeer: FakeLivepeer) -> Settings:
    """The suite's settings, with Livepeer at the fake (every fixture of this package uses
    these: ``client``, ``db``, ``cli_env``...)."""
    return replace(
        settings,
        livepeer=replace(
            settings.livepeer,
            url=livepeer.url,
            api_key=livepeer.api_key,
            webhook_secret=livepeer.webhook_secret,
        ),
    )


@pytest.fixture(autouse=True)
def fresh_livepeer(livepeer: FakeLivepeer) -> None:
    livepeer.reset()


@pytest.fixture
async def worker(settings: Settings, db: asyncpg.Connection) -> AsyncIterator[Worker[Any]]:
    """The SAQ worker in this process (no outbox relay: tests read the outbox table)."""
    container = make_container(settings)
    runner = build_worker(settings.redis.url or "", container, relay=False)
    runner.SIGNALS = []
    # the upkeep loops sleep for up to a minute: cancel them at once when the test is over
    runner._shutdown_grace_period_s = 1
    task = asyncio.create_task(runner.start())
    try:
        yield runner
    finally:
        await runner.stop()
        await asyncio.gather(task, return_exceptions=True)
        await runner.queue.disconnect()
        await container.close()


async def eventually(condition: Callable[[], Awaitable[bool]], seconds: float = 15) -> None:
    """Poll ``condition`` (the worker changes what it reads) until true, at most ``seconds``."""
    async with asyncio.timeout(seconds):
        while not await condition():  # noqa: ASYNC110 - polling another task's writes
            await asyncio.sleep(0.05)


async def processed(db: asyncpg.Connection, event_id: str) -> asyncpg.Record:
    """Wait for the worker to process a delivery; its row."""

    async def done() -> bool:
        value = await db.fetchval(
            "SELECT processed_at IS NOT NULL FROM livepeer_events WHERE id = $1", event_id
        )
        return bool(value)

    await eventually(done)
    row = await db.fetchrow("SELECT * FROM livepeer_events WHERE id = $1", event_id)
    assert row is not None
    return row


async def channel_id(db: asyncpg.Connection, slug: str) -> uuid.UUID:
    value = await db.fetchval("SELECT id FROM channels WHERE slug = $1", slug)
    assert isinstance(value, uuid.UUID)
    return value


async def written(db: asyncpg.Connection) -> dict[str, int]:
    """Rows of every table this context writes (to check nothing was written)."""
    counts = {}
    for table in (
        "channel_streams",
        "livestreams",
        "vods",
        "livepeer_events",
        "outbox",
        "channel_audit_log",
    ):
        counts[table] = int(await db.fetchval(f"SELECT count(*) FROM {table}"))  # noqa: S608
    return counts
