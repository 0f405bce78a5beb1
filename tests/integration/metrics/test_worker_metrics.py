"""The worker's own /metrics (a real SAQ worker and its endpoint on a port): job outcomes and
durations after jobs ran, the queue's depth and the outbox's lag read at scrape time."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
from saq.queue.redis import RedisQueue

from streamz.adapters.redis.client import connect
from streamz.container import make_container
from streamz.entrypoints.metrics import serve_metrics
from streamz.entrypoints.worker.main import QUEUE_NAME, build_worker
from streamz.settings import Settings
from tests.integration.conftest import streamz_env
from tests.integration.gateway.support import free_port
from tests.integration.metrics.support import value


async def test_worker_endpoint_serves_job_outcomes(settings: Settings, clean: None) -> None:
    assert settings.redis.url is not None
    container = make_container(settings)
    worker = build_worker(settings.redis.url, container, relay=False)
    worker.SIGNALS = []
    task = asyncio.create_task(worker.start())
    port = free_port()
    server = await serve_metrics("127.0.0.1", port, container)
    queue = RedisQueue(connect(settings.redis.url, timeout=2.0), name=QUEUE_NAME)
    http = httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=10)
    try:
        before = (await http.get("/metrics")).text
        complete = value(before, "streamz_jobs_total", function="relay_outbox", outcome="complete")
        failed = value(before, "streamz_jobs_total", function="delete_vod_asset", outcome="failed")
        await queue.enqueue("relay_outbox")
        await queue.enqueue("delete_vod_asset", vod_id="not-a-uuid", retries=1)
        async with asyncio.timeout(20):
            while True:
                response = await http.get("/metrics")
                text = response.text
                done = value(
                    text, "streamz_jobs_total", function="relay_outbox", outcome="complete"
                )
                broken = value(
                    text, "streamz_jobs_total", function="delete_vod_asset", outcome="failed"
                )
                if done > complete and broken > failed:
                    break
                await asyncio.sleep(0.1)
        assert response.headers["content-type"].startswith("text/plain")
        assert value(text, "streamz_job_duration_seconds_count", function="relay_outbox") >= 1
        assert value(text, "streamz_outbox_lag_seconds") >= 0
        assert value(text, "streamz_saq_jobs", state="queued") >= 0
        assert 'streamz_saq_jobs{state="incomplete"}' in text
        assert value(text, "streamz_dependency_up", dependency="redis") == 1
        assert value(text, "streamz_probe_failed", probe="outbox") == 0
        assert value(text, "streamz_probe_failed", probe="breakers") == 0
        assert value(text, "streamz_breaker_state", provider="fcm") == 0
        assert (await http.get("/other")).status_code == 404
    finally:
        await http.aclose()
        server.close()
        worker._shutdown_grace_period_s = 0  # nothing runs by now: no need to wait for it
        await worker.stop()
        await asyncio.wait([task], timeout=10)
        await queue.disconnect()
        await container.close()


def test_streamzctl_worker_serves_metrics_on_its_port(settings: Settings, tmp_path: Path) -> None:
    """STREAMZ_WORKER_METRICS_PORT: `streamzctl worker` (a real process) answers /metrics there,
    and stops with it on SIGINT."""
    port = free_port()
    with streamz_env(settings, tmp_path) as values:
        env = {
            **os.environ,
            **values,
            "STREAMZ_WORKER_METRICS_PORT": str(port),
            "STREAMZ_LOG_LEVEL": "WARNING",
        }
    streamzctl = Path(sys.executable).parent / "streamzctl"
    process = subprocess.Popen([str(streamzctl), "worker"], env=env)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, "streamzctl worker exited"
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=5)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "no /metrics on the worker's port"
                time.sleep(0.2)
        assert response.status_code == 200
        assert "# HELP streamz_jobs_total" in response.text
        assert value(response.text, "streamz_dependency_up", dependency="postgres") == 1
        assert value(response.text, "streamz_outbox_lag_seconds") >= 0
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            raise AssertionError("streamzctl worker did not stop within 30 s of SIGINT") from None
    assert process.returncode == 0
