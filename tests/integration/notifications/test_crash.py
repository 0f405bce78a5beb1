"""kill -9 of a real worker process (``streamzctl worker``) in the middle of a fan-out, then a
new worker: every recipient gets its push, and each device shows one notification.

A push the fake FCM accepted just before the kill, but whose result was not recorded yet, is
sent again after the lease ends (at-least-once at the provider): the collapse key makes the
device show it once. So the test counts *distinct notifications* per token at the fake (must
be exactly 1 for every token), and bounds the raw duplicates by the batches in flight.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import asyncpg
import pytest

from streamz.container import make_container
from streamz.core.identity.entities import Principal
from streamz.core.notifications.sweep import SweepNotifications, SweepNotificationsRequest
from streamz.settings import Settings
from streamz_dev.fcm import FakeFcm
from tests.integration.notifications.support import ROOT, FakeProviders, seed_audience
from tests.integration.notifications.test_pipeline import live, trigger

FOLLOWERS = 1000
LEASE = 45  # longer than a batch takes to send on a busy 2-core machine
PAGE = 250
CONCURRENCY = 10  # the worker's (build_worker): batches that may be in flight at once


@pytest.fixture
def fcm() -> Iterator[FakeFcm]:
    with FakeFcm() as fake:
        yield fake


def start_worker(settings: Settings, fcm: FakeFcm, data_dir: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "STREAMZ_DATABASE_URL": settings.database.url or "",
        "STREAMZ_REDIS_URL": settings.redis.url or "",
        "STREAMZ_TYPESENSE_URL": settings.search.url or "",
        "STREAMZ_TYPESENSE_API_KEY": settings.search.api_key or "",
        "STREAMZ_DATA_DIR": str(data_dir),
        "STREAMZ_NOTIFICATIONS_PAGE_SIZE": str(PAGE),
        "STREAMZ_NOTIFICATIONS_LEASE_SECONDS": str(LEASE),
        "STREAMZ_NOTIFICATIONS_STALE_SECONDS": str(LEASE),
        "STREAMZ_LOG_LEVEL": "WARNING",
        "STREAMZ_FCM_URL": fcm.url,  # the real FCM adapter, pointed at the fake
    }
    return subprocess.Popen(
        [str(Path(sys.executable).parent / "streamzctl"), "worker"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


async def sweep(settings: Settings, fcm: FakeFcm) -> None:
    container = make_container(settings, FakeProviders(fcm.url))
    try:
        async with container() as request:
            use_case = await request.get(SweepNotifications)
            await use_case(SweepNotificationsRequest(Principal.system()))
    finally:
        await container.close()


@pytest.mark.timeout(420)  # its own waits add up to 6 minutes on a loaded machine
async def test_kill_9_mid_fan_out_loses_nothing_and_shows_each_push_once(
    settings: Settings, db: asyncpg.Connection, fcm: FakeFcm, tmp_path: Path
) -> None:
    crash_settings = replace(
        settings,
        notifications=replace(settings.notifications, lease_seconds=LEASE, stale_seconds=LEASE),
    )
    channel, tokens = await seed_audience(db, FOLLOWERS)
    worker = start_worker(settings, fcm, tmp_path)
    try:
        assert await trigger(crash_settings, fcm, live(channel)) == 1
        async with asyncio.timeout(120):
            while fcm.state.count < PAGE // 2:  # noqa: ASYNC110 - another process sends
                await asyncio.sleep(0.05)
        worker.send_signal(signal.SIGKILL)  # mid fan-out: no cleanup of any kind
        worker.wait(10)
        sent_before_restart = fcm.state.count
        assert sent_before_restart < FOLLOWERS  # it really died in the middle
        worker = start_worker(settings, fcm, tmp_path)
        await asyncio.sleep(LEASE)  # the killed worker's leases end
        async with asyncio.timeout(240):
            while True:
                await asyncio.sleep(2)
                await sweep(crash_settings, fcm)  # the cron's work, without waiting a minute
                open_rows = await db.fetchval(
                    "SELECT count(*) FROM notification_deliveries"
                    " WHERE status IN ('pending', 'sending')"
                )
                total = await db.fetchval("SELECT count(*) FROM notification_deliveries")
                if total == FOLLOWERS and open_rows == 0:
                    break
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
    assert {
        r["status"]: r["count"]
        for r in await db.fetch(
            "SELECT status, count(*) FROM notification_deliveries GROUP BY status"
        )
    } == {"sent": FOLLOWERS}
    for token in tokens:
        notifications = {m["data"]["notification_id"] for m in fcm.state.sent(token)}
        assert len(notifications) == 1, token  # every recipient, one notification each
        keys = {m["android"]["collapse_key"] for m in fcm.state.sent(token)}
        assert keys == {f"live:{channel}"}
    duplicates = fcm.state.count - FOLLOWERS
    assert 0 <= duplicates <= CONCURRENCY * PAGE
    print(f"kill -9 at {sent_before_restart} pushes; duplicates at the provider: {duplicates}")
