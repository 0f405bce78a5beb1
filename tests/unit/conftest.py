from __future__ import annotations

import itertools
from types import SimpleNamespace

import pytest

from streamz.core.shared import ids

from .support import World


@pytest.fixture
def world() -> World:
    return World()


@pytest.fixture
def tick_ids(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each ``new_id()`` falls in a later millisecond, so creation order is id order."""
    millis = itertools.count(1_735_732_800_000)
    monkeypatch.setattr(ids, "time", SimpleNamespace(time_ns=lambda: next(millis) * 1_000_000))
