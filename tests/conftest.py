"""Fixtures of every test."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def _unfreeze() -> Iterator[None]:
    """Hand what the test's apps froze back to the garbage collector.

    Each app's lifespan calls ``gc.freeze()`` (its startup objects live as long as the
    process); in tests apps come and go, and what they froze, the app included (~9 MB each),
    would never be collected."""
    yield
    gc.unfreeze()
