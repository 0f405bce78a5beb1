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
from collections.abc import Iterator

from sqlalchemy.exc import DBAPIError

from streamz.adapters.postgres.unit import UNREACHABLE as POSTGRES_UNREACHABLE
from streamz.adapters.prometheus.metrics import DEPENDENCY_ERRORS
from streamz.adapters.redis.client import UNREACHABLE as REDIS_UNREACHABLE
from streamz.core.errors import Unavailable

RETRY_AFTER_SECONDS = 2  # what a 503 tells clients to wait before trying again
_UNREACHABLE = (*POSTGRES_UNREACHABLE, *REDIS_UNREACHABLE)
_DEPTH = 8  # causes followed at most
# a module (or its package) in a traceback, or an error's own module, to the dependency it talks to
_DEPENDENCIES = {
    "asyncpg": "postgres",
    "sqlalchemy": "postgres",
    "streamz.adapters.postgres": "postgres",
    "redis": "redis",
    "saq": "redis",
    "streamz.adapters.redis": "redis",
    "typesense": "typesense",
    "streamz.adapters.typesense": "typesense",
}


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
            unavailable = Unavailable(f"a dependency is unreachable ({type(current).__name__})")
            unavailable.__cause__ = current  # which dependency: see outage_fields
            return unavailable
        cause = current.orig if isinstance(current, DBAPIError) else None
        current = cause if isinstance(cause, BaseException) else current.__cause__
    return None


def _chain(error: BaseException) -> Iterator[BaseException]:
    """``error``, then what caused it, outermost first."""
    current: BaseException | None = error
    for _ in range(_DEPTH):
        if current is None:
            return
        yield current
        orig = current.orig if isinstance(current, DBAPIError) else None
        cause = orig if isinstance(orig, BaseException) else None
        current = cause or current.__cause__ or current.__context__


def _dependency_named(module: str) -> str | None:
    while module:
        if module in _DEPENDENCIES:
            return _DEPENDENCIES[module]
        module = module.rpartition(".")[0]
    return None


def outage_fields(error: BaseException) -> dict[str, str]:
    """``dependency`` (postgres, redis, typesense; ``unknown`` if nothing tells) and ``error``,
    the class of the innermost error: what an outage's log line says instead of a traceback."""
    dependency = "unknown"
    innermost = error
    for current in _chain(error):
        innermost = current
        traceback = current.__traceback__
        while traceback is not None:  # the deepest frame that names a dependency tells
            named = _dependency_named(str(traceback.tb_frame.f_globals.get("__name__", "")))
            dependency = named or dependency
            traceback = traceback.tb_next
        dependency = _dependency_named(type(current).__module__) or dependency
    return {"dependency": dependency, "error": type(innermost).__name__}


class OutageLogFilter(logging.Filter):
    """A log record carrying an outage's traceback (asyncpg's pool maintenance, asyncio's
    unretrieved task errors, a server's own error lines...) is written as one warning line with
    the ``dependency`` and the ``error`` class, without the traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        unavailable = as_unavailable(error) if error is not None else None
        if error is None or unavailable is None:
            return True
        if isinstance(record.msg, str):
            record.msg = f"{record.getMessage()} ({unavailable.detail})"
            record.args = None
        for name, value in outage_fields(error).items():
            setattr(record, name, value)
        record.exc_info = None
        record.exc_text = None
        if record.levelno > logging.WARNING:
            record.levelno = logging.WARNING
            record.levelname = "WARNING"
        return True


def count_outage(error: BaseException) -> None:
    """One outage answered at an edge (a 503, a websocket error frame, a failed job), counted
    by the dependency that was down: ``streamz_dependency_errors_total{dependency}``."""
    DEPENDENCY_ERRORS.labels(outage_fields(error)["dependency"]).inc()
