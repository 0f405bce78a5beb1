"""Fixtures of the HTTP tests: the app's log, captured whatever earlier tests configured."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest
import structlog

from streamz.entrypoints.logging import configure_logging


@pytest.fixture
def console_log() -> Iterator[io.StringIO]:
    """The app's logging as configured in a terminal (key=value lines), written here."""
    configure_logging("INFO", json=False)
    [handler] = logging.getLogger().handlers
    assert isinstance(handler, logging.StreamHandler)
    written = io.StringIO()
    handler.setStream(written)
    yield written
    logging.getLogger().handlers[:] = []
    structlog.reset_defaults()
