"""SAQ's before/after process hooks that count job outcomes (``streamz_jobs_total``) and time
them (``streamz_job_duration_seconds``); a job that failed for an outage also counts in
``streamz_dependency_errors_total``."""

from __future__ import annotations

import time
from typing import Any

from saq.job import Status

from streamz.adapters.prometheus.metrics import JOB_SECONDS, JOBS
from streamz.entrypoints.outages import as_unavailable, count_outage

_STARTED = "streamz_metrics_started"
_OUTCOMES = {
    Status.COMPLETE: "complete",
    Status.FAILED: "failed",
    Status.ABORTED: "aborted",
    Status.ABORTING: "aborted",
    Status.QUEUED: "retried",  # SAQ queued it again (retry, or cancelled by a shutdown)
}


async def job_started(ctx: dict[str, Any]) -> None:
    ctx[_STARTED] = time.perf_counter()


async def job_finished(ctx: dict[str, Any]) -> None:
    job = ctx.get("job")
    if job is None:
        return
    started = ctx.get(_STARTED)
    if started is not None:
        JOB_SECONDS.labels(job.function).observe(time.perf_counter() - started)
    outcome = _OUTCOMES.get(job.status) or str(getattr(job.status, "value", job.status))
    JOBS.labels(job.function, outcome).inc()
    error = ctx.get("exception")
    if isinstance(error, BaseException) and as_unavailable(error) is not None:
        count_outage(error)
