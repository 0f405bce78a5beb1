"""The SAQ worker relays committed outbox events to the Redis stream, once each."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable

import asyncpg
from redis.asyncio import Redis
from saq import Queue

from streamz.adapters.redis.events import EVENTS_STREAM
from streamz.container import make_container
from streamz.entrypoints.worker.main import QUEUE_NAME, build_worker
from streamz.settings import Settings
from tests.fakes.ory import FakeOry
from tests.integration.conftest import Client, register


async def wait_for(condition: Callable[[], Awaitable[bool]]) -> None:
    """Poll ``condition`` (another process changes what it reads) for up to 10 s."""
    async with asyncio.timeout(10):
        while not await condition():  # noqa: ASYNC110 - polling Redis, nothing to wait on
            await asyncio.sleep(0.05)


async def test_worker_relays_outbox_events_to_redis(
    settings: Settings,
    client: Client,
    ory: FakeOry,
    db: asyncpg.Connection,
) -> None:
    container = make_container(settings)
    worker = build_worker(settings.redis.url or "", container)
    worker.SIGNALS = []
    task = asyncio.create_task(worker.start())
    redis = Redis.from_url(settings.redis.url or "")
    try:
        alice = await register(client, ory, "alice")
        await register(client, ory, "bob")

        async def relayed() -> bool:
            return bool(await redis.xlen(EVENTS_STREAM) >= 2)

        await wait_for(relayed)
        entries: list[tuple[bytes, dict[bytes, bytes]]] = await redis.xrange(EVENTS_STREAM)  # type: ignore[assignment]
        topics = [fields[b"topic"].decode() for _, fields in entries]
        assert topics == ["account.registered", "account.registered"]
        first = json.loads(entries[0][1][b"payload"])
        assert first["account_id"] == alice.account_id
        assert first["username"] == "alice"

        async def marked() -> bool:  # after the stream, consumers get theirs, then the mark
            sql = "SELECT count(*) FROM outbox WHERE published_at IS NULL"
            return bool(await db.fetchval(sql) == 0)

        await wait_for(marked)
        await asyncio.sleep(0.5)  # the relay keeps polling: nothing is published twice
        assert await redis.xlen(EVENTS_STREAM) == 2
    finally:
        await worker.stop()
        await asyncio.gather(task, return_exceptions=True)
        await worker.queue.disconnect()
        await container.close()
        await redis.aclose()


async def test_relay_job_can_be_enqueued(
    settings: Settings,
    client: Client,
    ory: FakeOry,
) -> None:
    await register(client, ory, "carol")
    container = make_container(settings)
    worker = build_worker(settings.redis.url or "", container, relay=False)
    worker.SIGNALS = []
    task = asyncio.create_task(worker.start())
    queue = Queue.from_url(settings.redis.url or "", name=QUEUE_NAME)
    try:
        relayed = await queue.apply("relay_outbox", timeout=10)
        assert relayed == 1
        again = await queue.apply("relay_outbox", timeout=10)
        assert again == 0
    finally:
        await worker.stop()
        await asyncio.gather(task, return_exceptions=True)
        await worker.queue.disconnect()
        await queue.disconnect()
        await container.close()
