"""Outages at the edges: a dependency down, restarting, frozen or unreachable.

Adapters translate their infrastructure's errors into ``Unavailable`` where they happen (the
Postgres unit of work, the Redis adapters). What still escapes them (a pool that cannot be
created, a library call outside an adapter) is caught at each edge by ``as_unavailable``: the
HTTP problems, the websocket frames, the CLI's error decorator and the log handler (SAQ's and
asyncpg's own error lines). Either way it is answered like any ``Unavailable`` (503
problem+json with ``Retry-After``, the same code in websocket error frames, one CLI line) and
logged as one warning line, never as a traceback.
"""

from __future__ import annotations

import logging

from sqlalchemy.exc import DBAPIError

from streamz.adapters.postgres.unit import UNREACHABLE as POSTGRES_UNREACHABLE
from streamz.adapters.redis.client import UNREACHABLE as REDIS_UNREACHABLE
from streamz.core.errors import Unavailable

RETRY_AFTER_SECONDS = 2  # what a 503 tells clients to wait before trying again
_UNREACHABLE = (*POSTGRES_UNREACHABLE, *REDIS_UNREACHABLE)
_DEPTH = 8  # causes followed at most


def as_unavailable(error: BaseException) -> Unavailable | None:
    """The ``Unavailable`` that ``error`` (or what caused it) stands for; ``None`` for anything
    else, which stays a bug (500)."""
    current: BaseException | None = error
    for _ in range(_DEPTH):
        if current is None:
            return None
        if isinstance(current, Unavailable):
            return current
        if isinstance(current, _UNREACHABLE) or (
            isinstance(current, DBAPIError) and current.connection_invalidated
        ):
            return Unavailable(f"a dependency is unreachable ({type(current).__name__})")
        cause = current.orig if isinstance(current, DBAPIError) else None
        current = cause if isinstance(cause, BaseException) else current.__cause__
    return None


class OutageLogFilter(logging.Filter):
    """A log record carrying an outage's traceback (SAQ's "Error processing job", asyncpg's pool
    maintenance...) is written as one warning line naming the error, without the traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        unavailable = as_unavailable(error) if error is not None else None
        if unavailable is None:
            return True
        if isinstance(record.msg, str):
            record.msg = f"{record.getMessage()} ({unavailable.detail})"
            record.args = None
        record.exc_info = None
        record.exc_text = None
        if record.levelno > logging.WARNING:
            record.levelno = logging.WARNING
            record.levelname = "WARNING"
        return True
