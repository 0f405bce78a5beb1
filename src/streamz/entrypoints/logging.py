"""Structured logging: one JSON line per event on stderr, in every mode, request ids bound.

Our loggers use structlog; the standard library's (granian, uvicorn, SAQ, Alembic, asyncpg,
SQLAlchemy) go through the same renderer, so every line has the same shape: ``timestamp``,
``level``, ``logger``, ``event`` and fields. ``STREAMZ_LOG_JSON=false`` writes key=value console
lines instead (opt-in). Secrets never go in events; an outage is one warning line, never a
traceback (``OutageLogFilter``).
"""

from __future__ import annotations

import logging
import logging.config
import re
from collections.abc import MutableMapping
from typing import Any

import structlog

from streamz.entrypoints.outages import OutageLogFilter

# a token in a URL (`/ws?token=…`, as servers log websocket upgrades), a bearer header, the
# signed token of an unsubscribe link (`/unsubscribe/<token>`, in access lines), an API token
# anywhere
_SECRETS = re.compile(
    r"((?:[?&]token=)|(?:[Bb]earer\s+)|(?:/unsubscribe/))[^\s&?/\"']+|stz_[A-Za-z0-9_\-]+"
)


def _hide(match: re.Match[str]) -> str:
    return f"{match.group(1)}[redacted]" if match.group(1) else "stz_[redacted]"


def redact_secrets(
    logger: Any, method: str, event_dict: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    """Tokens never reach the logs, whoever logs them (uvicorn logs websocket URLs)."""
    for key, value in event_dict.items():
        if isinstance(value, str) and (
            "token" in value or "stz_" in value or "earer" in value or "unsubscribe/" in value
        ):
            event_dict[key] = _SECRETS.sub(_hide, value)
    return event_dict


# C0 and C1 controls and DEL: from a URL (`/x%1b%5b2J`) they would drive an operator's terminal
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROLS_BUT_LINES = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_MULTILINE = frozenset({"exception", "stack"})  # tracebacks keep their lines and indents


def _escape(match: re.Match[str]) -> str:
    return f"\\x{ord(match.group()):02x}"


def escape_controls(
    logger: Any, method: str, event_dict: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    """Control characters in any string value are written as ``\\x1b``-style escapes."""
    for key, value in event_dict.items():
        if isinstance(value, str):
            pattern = _CONTROLS_BUT_LINES if key in _MULTILINE else _CONTROLS
            if pattern.search(value):
                event_dict[key] = pattern.sub(_escape, value)
    return event_dict


_SHARED: list[structlog.typing.Processor] = [
    redact_secrets,
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
]
# fields other libraries' records carry (`extra=`), and what OutageLogFilter adds
_FOREIGN_FIELDS = ("dependency", "error", "job_id", "function", "key")

# SAQ writes one INFO line per job step, each the repr of the job (kwargs, timestamps...), and
# a repr line at start, stop and each cron tick: DEBUG here. The worker writes one structured
# line per job outcome instead (entrypoints/worker/job_log.py), with the error if there was one,
# so SAQ's "Error processing job" line (a repr and a traceback) is left out.
_SAQ_DEBUG = frozenset(
    {
        "Worker starting: %s",
        "Working shutting down",
        "Scheduled %s",
        "Enqueuing %s",
        "Processing %s",
        "Finished %s",
        "Retrying %s",
    }
)
_SAQ_REPLACED = frozenset({"Error processing job %s"})
_SAQ_SWEPT = "Sweeping job %s"  # a job found stuck or lost: "job swept" with its function and key
_SAQ_JOB = re.compile(r"function: (?P<function>[^,>]+).*?key: (?P<key>[^,>]+)")


class SaqLines(logging.Filter):
    """SAQ's per-job repr lines go to DEBUG; its job error line is replaced by our job line."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name != "saq" or not isinstance(record.msg, str):
            return True
        if record.msg in _SAQ_REPLACED:
            return False
        if record.msg == _SAQ_SWEPT and isinstance(record.args, tuple) and record.args:
            found = _SAQ_JOB.search(str(record.args[0]))
            record.msg, record.args = "job swept", None
            if found:
                record.function, record.key = found["function"], found["key"]
            return True
        if record.msg in _SAQ_DEBUG and record.levelno == logging.INFO:
            record.levelno, record.levelname = logging.DEBUG, "DEBUG"
            return logging.getLogger("saq").isEnabledFor(logging.DEBUG)
        return True


def formatter(*, json: bool = True) -> logging.Formatter:
    """Every record, ours (structlog) or another library's, as one JSON line (or, with
    ``json=False``, one key=value console line)."""
    renderer: structlog.typing.Processor = (
        structlog.processors.JSONRenderer() if json else structlog.dev.ConsoleRenderer(colors=False)
    )
    return structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=[*_SHARED, structlog.stdlib.ExtraAdder(allow=_FOREIGN_FIELDS)],
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            escape_controls,  # last, so that it sees everything the renderer writes
            renderer,
        ],
    )


# other libraries' loggers: no handler of their own, so their lines reach ours (granian's are
# `_granian` and `granian.access`)
_FOREIGN = ("uvicorn", "uvicorn.error", "saq", "alembic", "_granian", "granian", "granian.access")
_QUIET = ("httpx", "httpcore", "uvicorn.access")  # their INFO lines repeat our access line


def logging_config(level: str = "INFO", *, json: bool = True) -> dict[str, Any]:
    """The standard library's logging as a ``dictConfig``: one handler on the root logger, on
    stderr, through ``formatter``. ``configure_logging`` applies it; granian gets it too, so
    its own lines (parent process and workers) come out the same way."""
    loggers: dict[str, Any] = {name: {"handlers": [], "propagate": True} for name in _FOREIGN}
    loggers.update({name: {"level": "WARNING"} for name in _QUIET})
    loggers["_granian"]["level"] = level  # granian sets it again from its own log level
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"streamz": {"()": formatter, "json": json}},
        "filters": {
            "outages": {"()": OutageLogFilter},  # a dependency down: one warning, no traceback
            "saq": {"()": SaqLines},
        },
        "handlers": {
            "streamz": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stderr",
                "formatter": "streamz",
                "filters": ["saq", "outages"],  # saq first: it reads SAQ's own message
            }
        },
        "loggers": loggers,
        "root": {"level": level, "handlers": ["streamz"]},
    }


def configure_logging(level: str = "INFO", *, json: bool = True) -> None:
    """Our structlog loggers and every standard library logger write through one handler."""
    structlog.configure(
        processors=[
            *_SHARED,
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level)),
        logger_factory=structlog.stdlib.LoggerFactory(),
        cache_logger_on_first_use=True,
    )
    logging.config.dictConfig(logging_config(level, json=json))
