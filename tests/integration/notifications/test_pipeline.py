"""The pipeline on real Postgres and Redis, an in-process SAQ worker and a fake FCM: batches,
idempotency under duplicate outbox delivery, retries on 429 and pruning of dead tokens."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime

import asyncpg
import pytest

from streamz.container import make_container
from streamz.core.identity.entities import Principal
from streamz.core.notifications.trigger import TriggerNotifications, TriggerNotificationsRequest
from streamz.core.shared.events import Event
from streamz.entrypoints.worker.main import build_worker
from streamz.settings import Settings
from streamz_dev.fcm import FakeFcm
from tests.integration.notifications.support import FakeProviders, seed_audience

SYSTEM = Principal.system()


@pytest.fixture
def fcm() -> Iterator[FakeFcm]:
    with FakeFcm() as fake:
        yield fake


@pytest.fixture
def worker_settings(settings: Settings) -> Settings:
    return replace(
        settings,
        notifications=replace(settings.notifications, page_size=500, lease_seconds=30),
    )


async def trigger(settings: Settings, fcm: FakeFcm, *events: Event) -> int:
    container = make_container(settings, FakeProviders(fcm.url))
    try:
        async with container() as request:
            use_case = await request.get(TriggerNotifications)
            return len((await use_case(TriggerNotificationsRequest(SYSTEM, list(events)))).created)
    finally:
        await container.close()


async def settled(db: asyncpg.Connection, expected: int) -> bool:
    row = await db.fetchrow(
        "SELECT count(*) AS total, count(*) FILTER (WHERE status IN ('pending', 'sending'))"
        " AS open FROM notification_deliveries"
    )
    assert row is not None
    return bool(row["total"] == expected and row["open"] == 0)


async def wait_until_settled(db: asyncpg.Connection, expected: int, seconds: float = 60) -> None:
    async with asyncio.timeout(seconds):
        while not await settled(db, expected):  # noqa: ASYNC110 - another process writes
            await asyncio.sleep(0.2)


def live(channel: uuid.UUID, event_id: uuid.UUID | None = None) -> Event:
    payload = {"channel_id": str(channel), "display_name": "Caster", "title": "Go!"}
    event = Event("notify.channel_live", str(channel), payload, datetime.now(UTC))
    return replace(event, id=event_id) if event_id else event


async def test_go_live_fans_out_in_batches_once_with_retries_and_pruning(
    worker_settings: Settings, db: asyncpg.Connection, fcm: FakeFcm
) -> None:
    channel, tokens = await seed_audience(db, 1200)
    fcm.state.add_faults({"unregistered": ["tok-7-0"], "next": [{"status": 429, "count": 3}]})
    container = make_container(worker_settings, FakeProviders(fcm.url))
    worker = build_worker(worker_settings.redis.url or "", container, relay=False)
    worker.SIGNALS = []
    task = asyncio.create_task(worker.start())
    try:
        event = live(channel)
        assert await trigger(worker_settings, fcm, event) == 1
        assert await trigger(worker_settings, fcm, event, event) == 0  # delivered again: no-op
        await wait_until_settled(db, 1200)
    finally:
        await worker.stop()
        await asyncio.gather(task, return_exceptions=True)
        await worker.queue.disconnect()
        await container.close()
    statuses = {
        r["status"]: r["count"]
        for r in await db.fetch(
            "SELECT status, count(*) FROM notification_deliveries GROUP BY status"
        )
    }
    assert statuses == {"sent": 1199, "pruned": 1}
    assert await db.fetchval("SELECT count(*) FROM push_devices WHERE token = 'tok-7-0'") == 0
    retried = await db.fetchval("SELECT count(*) FROM notification_deliveries WHERE attempts > 1")
    assert retried >= 1  # the 429s were retried, then sent
    assert await db.fetchval("SELECT count(*) FROM notifications") == 1
    assert await db.fetchval("SELECT count(*) FROM inbox_notifications") == 1200
    pages = await db.fetch(
        "SELECT payload FROM outbox WHERE topic = 'notification.created' ORDER BY id"
    )
    assert [len(json.loads(p["payload"])["account_ids"]) for p in pages] == [500, 500, 200]
    for token in tokens:
        got = fcm.state.sent(token)
        assert len(got) == (0 if token == "tok-7-0" else 1), token
    assert all(m["android"]["collapse_key"] == f"live:{channel}" for m in fcm.state.sent("tok-1-0"))
