"""SAQ jobs under the worker's logging: one JSON line per job outcome (function, key, status,
ms, attempts), SAQ's repr lines out of INFO, an outage one warning line without a traceback, a
bug its traceback inside its one line."""

from __future__ import annotations

import asyncio
import io
import json
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
from redis.exceptions import ConnectionError as RedisConnectionError
from saq import Worker
from saq.queue.redis import RedisQueue

from streamz.entrypoints.worker.job_log import log_job_outcome
from streamz_dev.localservices import ServiceUrls
from tests.integration.conftest import captured_log

pytestmark = pytest.mark.timeout(60)


async def fine(ctx: dict[str, Any]) -> int:
    return 1


async def outage(ctx: dict[str, Any]) -> None:
    raise RedisConnectionError("Error 111 connecting to 127.0.0.1:6399. Connection refused.")


async def bug(ctx: dict[str, Any]) -> None:
    raise ValueError("a bug")


@pytest.fixture
async def queue(services: ServiceUrls) -> AsyncIterator[RedisQueue]:
    queue = RedisQueue.from_url(services.redis_url, name=f"logs-{uuid.uuid4().hex[:8]}")
    yield queue
    await queue.disconnect()


def lines(log: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in log.getvalue().splitlines()]


async def run_jobs(queue: RedisQueue) -> tuple[list[dict[str, Any]], dict[str, list[Any]]]:
    """A worker with the job-outcome hook runs three jobs: one that completes, one that hits
    an outage (tried twice), one with a bug; the lines written and each job's lines."""
    with captured_log(json=True) as log:
        worker: Worker[Any] = Worker(
            queue, functions=[fine, outage, bug], after_process=[log_job_outcome]
        )
        worker.SIGNALS = []
        running = asyncio.create_task(worker.start())
        try:
            async with asyncio.timeout(20):
                # its first sweep done (at start): a job dequeued meanwhile would be swept
                while not await queue.redis.exists(queue.namespace("sweep")):  # noqa: ASYNC110
                    await asyncio.sleep(0.02)
                jobs = {
                    "fine": await queue.enqueue("fine"),
                    "outage": await queue.enqueue("outage", retries=2, retry_delay=0.0),
                    "bug": await queue.enqueue("bug", retries=1),
                }
                keys = {job.key: name for name, job in jobs.items() if job}
                # outage: retrying, then failed; the others once
                while sum(1 for line in lines(log) if line.get("key") in keys) < 4:  # noqa: ASYNC110
                    await asyncio.sleep(0.05)
        finally:
            await worker.stop()
            running.cancel()
            await asyncio.gather(running, return_exceptions=True)
    written = lines(log)
    by_job: dict[str, list[Any]] = {name: [] for name in jobs}
    for line in written:
        if line.get("key") in keys:
            by_job[keys[line["key"]]].append(line)
    return written, by_job


async def test_one_line_per_job_outcome(queue: RedisQueue) -> None:
    written, by_job = await run_jobs(queue)
    assert all({"timestamp", "level", "event", "logger"} <= line.keys() for line in written)
    [complete] = by_job["fine"]
    assert complete["event"] == "job"
    assert complete["function"] == "fine"
    assert complete["status"] == "complete"
    assert complete["attempts"] == 1
    assert complete["level"] == "info"
    assert isinstance(complete["ms"], int)
    assert "error" not in complete
    first, last = by_job["outage"]
    assert (first["status"], first["attempts"]) == ("retrying", 1)
    assert (last["status"], last["attempts"]) == ("failed", 2)
    for line in (first, last):
        assert line["level"] == "warning"  # an outage, not a bug
        assert line["dependency"] == "redis"
        assert line["error"] == "ConnectionError"
        assert "exception" not in line
    [broken] = by_job["bug"]
    assert broken["status"] == "failed"
    assert broken["level"] == "error"
    assert broken["error"] == "ValueError"
    assert "ValueError: a bug" in broken["exception"]
    # SAQ's own lines about these jobs (reprs, "Error processing job") are not written at INFO
    saq = [line["event"] for line in written if line["logger"] == "saq"]
    assert [event for event in saq if "Job<" in event or "Error processing" in event] == []
    assert sum(line.get("exception", "").count("Traceback") for line in written) == 1  # the bug's
