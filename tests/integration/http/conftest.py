"""Fixtures of the HTTP tests: the app's log, captured whatever earlier tests configured."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest

from tests.integration.conftest import captured_log


@pytest.fixture
def console_log() -> Iterator[io.StringIO]:
    """The app's logging as configured in a terminal (key=value lines), written here."""
    with captured_log(json=False) as written:
        yield written
