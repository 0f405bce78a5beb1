"""Structured logging: one JSON line per event (key=value in a terminal), request ids bound.

Our loggers use structlog; the standard library's (uvicorn, SAQ, Alembic, SQLAlchemy) go through
the same renderer, so every line has the same shape. Secrets never go in events.
"""

from __future__ import annotations

import logging
import re
import sys
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


def configure_logging(level: str = "INFO", *, json: bool = True) -> None:
    renderer: structlog.typing.Processor = (
        structlog.processors.JSONRenderer() if json else structlog.dev.ConsoleRenderer(colors=False)
    )
    structlog.configure(
        processors=[
            *_SHARED,
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level)),
        logger_factory=structlog.stdlib.LoggerFactory(),
        cache_logger_on_first_use=True,
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=_SHARED,
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            escape_controls,  # last, so that it sees everything the renderer writes
            renderer,
        ],
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter)
    handler.addFilter(OutageLogFilter())  # a dependency down: one warning line, no traceback
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "saq", "alembic", "granian"):
        logger = logging.getLogger(name)
        logger.handlers[:] = []
        logger.propagate = True
    for noisy in ("httpx", "httpcore", "uvicorn.access"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
