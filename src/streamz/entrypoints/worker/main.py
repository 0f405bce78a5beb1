"""The SAQ worker: background jobs on Redis, plus the outbox relay loop.

Its queue's Redis client reconnects by itself after a Redis restart (one retry on a broken
connection, health checks: ``adapters/redis/client.py``), so no job fails for a stale
connection; Redis or PostgreSQL down makes a job fail and SAQ retry it, logged as one warning
line (``entrypoints/worker/job_log.py``).
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import structlog
from dishka import AsyncContainer
from saq import CronJob, Worker
from saq.queue.redis import RedisQueue

from streamz.adapters.redis.client import connect
from streamz.adapters.saq import QUEUE_NAME

__all__ = ["QUEUE_NAME", "build_worker", "relay_once"]
from streamz.core.chat.bans.expire_timeouts import ExpireTimeouts, ExpireTimeoutsRequest
from streamz.core.chat.messages.expire_pins import ExpirePins, ExpirePinsRequest
from streamz.core.events.relay_outbox import RelayOutbox, RelayOutboxRequest
from streamz.core.idempotency.sweep_keys import (
    SweepIdempotencyKeys,
    SweepIdempotencyKeysRequest,
)
from streamz.core.identity.entities import Principal
from streamz.core.live.streams.delete_vod_asset import DeleteVodAsset, DeleteVodAssetRequest
from streamz.core.live.streams.process_event import (
    ProcessLivepeerEvent,
    ProcessLivepeerEventRequest,
)
from streamz.core.live.streams.sweep import SweepStreamWork, SweepStreamWorkRequest
from streamz.entrypoints import tracing
from streamz.entrypoints.worker import notifications as notification_jobs
from streamz.entrypoints.worker import search as search_jobs
from streamz.entrypoints.worker.job_log import log_job_outcome
from streamz.entrypoints.worker.metrics import job_finished, job_started
from streamz.shutdown import stop_tasks

IDLE_SLEEP = 0.2
log = structlog.get_logger("streamz.worker")


async def relay_once(container: AsyncContainer, batch: int = 200) -> int:
    async with container() as request:
        relay = await request.get(RelayOutbox)
        return await relay(RelayOutboxRequest(Principal.system(), batch))


async def expire_once(container: AsyncContainer, batch: int = 100) -> int:
    async with container() as request:
        expire = await request.get(ExpireTimeouts)
        return await expire(ExpireTimeoutsRequest(Principal.system(), batch))


async def expire_pins_once(container: AsyncContainer, batch: int = 100) -> int:
    async with container() as request:
        expire = await request.get(ExpirePins)
        return await expire(ExpirePinsRequest(Principal.system(), batch))


async def repeat(
    name: str, step: Callable[[], Awaitable[int]], *, idle: float = IDLE_SLEEP
) -> None:
    """Run ``step`` continuously (again at once while it finds work, else after ``idle``); back
    off on errors (Redis or Postgres down)."""
    backoff = idle
    while True:
        try:
            done = await step()
            backoff = idle
        except asyncio.CancelledError:
            raise
        except Exception as error:
            task = asyncio.current_task()
            if task is not None and task.cancelling():
                # cancelled while closing its request scope, which raised an error of its own
                # instead (dishka's ExitError): stop all the same, or shutdown waits forever
                raise asyncio.CancelledError from error
            log.warning(f"{name} failed", error=repr(error))
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, 10.0)
            continue
        if done == 0:
            await asyncio.sleep(idle)


async def relay_forever(container: AsyncContainer) -> None:
    """Drain the outbox continuously."""
    await repeat("outbox relay", lambda: relay_once(container))


async def expire_forever(container: AsyncContainer) -> None:
    """Announce timeouts that ran out, within about a second."""
    await repeat("timeout expiry", lambda: expire_once(container), idle=1.0)


async def expire_pins_forever(container: AsyncContainer) -> None:
    """Take down and announce pins whose time ran out, within about a second."""
    await repeat("pin expiry", lambda: expire_pins_once(container), idle=1.0)


async def relay_outbox(ctx: dict[str, Any], *, batch: int = 500) -> int:
    """SAQ job: drain the outbox now (staff can enqueue it; the loop does it anyway)."""
    container: AsyncContainer = ctx["container"]
    total = 0
    while sent := await relay_once(container, batch):
        total += sent
    return total


async def sweep_idempotency_keys(ctx: dict[str, Any]) -> int:
    """SAQ cron job (every 10 minutes): forget idempotency keys past their 24 hours."""
    container: AsyncContainer = ctx["container"]
    total = 0
    while True:
        async with container() as request:
            sweep = await request.get(SweepIdempotencyKeys)
            gone = await sweep(SweepIdempotencyKeysRequest(Principal.system()))
        total += gone
        if gone == 0:
            return total


async def process_livepeer_event(ctx: dict[str, Any], *, event_id: str) -> str:
    """SAQ job: apply one stored Livepeer delivery (idempotent); its outcome word."""
    container: AsyncContainer = ctx["container"]
    async with container() as request:
        use_case = await request.get(ProcessLivepeerEvent)
        outcome = await use_case(ProcessLivepeerEventRequest(Principal.system(), event_id))
    log.info(
        "livepeer event processed",
        event_id=outcome.event_id,
        livepeer_event=outcome.event,
        outcome=outcome.outcome,
    )
    return outcome.outcome


async def delete_vod_asset(ctx: dict[str, Any], *, vod_id: str) -> bool:
    """SAQ job: delete a deleted VOD's asset at Livepeer; raises (and SAQ retries) while
    Livepeer fails."""
    container: AsyncContainer = ctx["container"]
    async with container() as request:
        use_case = await request.get(DeleteVodAsset)
        return await use_case(DeleteVodAssetRequest(Principal.system(), uuid.UUID(vod_id)))


async def sweep_streams(ctx: dict[str, Any]) -> dict[str, int]:
    """SAQ cron job (every minute): queue again Livepeer deliveries and asset deletions that a
    lost job left undone."""
    container: AsyncContainer = ctx["container"]
    async with container() as request:
        use_case = await request.get(SweepStreamWork)
        result = await use_case(SweepStreamWorkRequest(Principal.system()))
    return {"events": result.events, "assets": result.assets}


def build_worker(
    redis_url: str, container: AsyncContainer, *, relay: bool = True, redis_timeout: float = 1.0
) -> Worker[Any]:
    # reads unbounded: the workers block on BLMOVE; connects give up after redis_timeout
    queue = RedisQueue(connect(redis_url, timeout=redis_timeout, blocking=True), name=QUEUE_NAME)
    tasks: list[asyncio.Task[None]] = []

    async def startup(ctx: dict[str, Any]) -> None:
        ctx["container"] = container
        if relay:
            tasks.append(asyncio.create_task(relay_forever(container), name="outbox-relay"))
            tasks.append(asyncio.create_task(expire_forever(container), name="timeout-expiry"))
            tasks.append(asyncio.create_task(expire_pins_forever(container), name="pin-expiry"))
        log.info("worker started", queue=QUEUE_NAME)

    async def shutdown(ctx: dict[str, Any]) -> None:
        await stop_tasks("worker loops", tasks)
        log.info("worker stopped")

    worker: Worker[Any] = Worker(
        queue,
        functions=[
            relay_outbox,
            process_livepeer_event,
            delete_vod_asset,
            *search_jobs.FUNCTIONS,
            *notification_jobs.FUNCTIONS,
        ],
        cron_jobs=[
            CronJob(sweep_streams, cron="* * * * *", timeout=60),
            CronJob(sweep_idempotency_keys, cron="*/10 * * * *", timeout=300),
            *search_jobs.CRON_JOBS,
            *notification_jobs.CRON_JOBS,
        ],
        startup=startup,
        shutdown=shutdown,
        before_process=[job_started],
        # one log line per job outcome; streamz_jobs_total and streamz_job_duration_seconds
        after_process=[log_job_outcome, job_finished],
        concurrency=10,
        shutdown_grace_period_s=5,
    )
    tracing.trace_jobs(worker)  # a span per job when tracing is on
    return worker
