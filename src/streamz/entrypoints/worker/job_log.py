"""One structured log line per SAQ job outcome (SAQ's own per-job lines are DEBUG: see
``entrypoints/logging.py``).

``{"event": "job", "function": ..., "key": ..., "status": "complete"|"retrying"|"failed"|
"aborted", "ms": ..., "attempts": ...}``: INFO when it completed, WARNING when it will be tried
again or was aborted, ERROR when it failed for good. A job that raised carries the ``error``
class; an outage (a dependency down) its ``dependency`` and no traceback, any other error its
traceback (``exception``, in the same line).
"""

from __future__ import annotations

import logging
from typing import Any

import structlog
from saq.job import Job, Status
from saq.utils import now

from streamz.entrypoints.outages import as_unavailable, outage_fields

log = structlog.get_logger("streamz.worker.jobs")

_OUTCOMES = {
    Status.COMPLETE: ("complete", logging.INFO),
    Status.QUEUED: ("retrying", logging.WARNING),  # SAQ put it back in the queue
    Status.FAILED: ("failed", logging.ERROR),
    Status.ABORTED: ("aborted", logging.WARNING),
}


async def log_job_outcome(ctx: dict[str, Any]) -> None:
    """SAQ ``after_process`` hook: the job's outcome, once it is recorded."""
    job: Job | None = ctx.get("job")
    if job is None:
        return
    status, level = _OUTCOMES.get(job.status, (job.status.value, logging.WARNING))
    fields: dict[str, Any] = {
        "function": job.function,
        "key": job.key,
        "status": status,
        "ms": max(now() - job.started, 0) if job.started else 0,
        "attempts": job.attempts,
    }
    error = ctx.get("exception")
    if isinstance(error, BaseException):
        if as_unavailable(error) is not None:
            fields.update(outage_fields(error))
            level = min(level, logging.WARNING)  # an outage: retried, not a bug
        else:
            fields["error"] = type(error).__name__
            fields["exc_info"] = error
    elif job.status is Status.QUEUED:
        fields["error"] = "cancelled"  # stopped with the worker: it runs again
    await log.alog(level, "job", **fields)
