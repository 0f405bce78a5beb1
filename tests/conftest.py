"""Fixtures of every test."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

# The longest files, started first: the suite runs them on two workers a file at a time
# (`--dist loadfile --no-loadscope-reorder` in cli/test), so none of them is left running alone
# at the end while the other worker idles
SLOW_FIRST = (
    "tests/integration/test_openapi_contract.py",
    "tests/integration/notifications/test_crash.py",
    "tests/integration/test_walkthrough.py",
    "tests/integration/test_openapi_client.py",
    "tests/integration/notifications/test_bookkeeping_faults.py",
    "tests/integration/deployment/test_multi_instance.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {path: place for place, path in enumerate(SLOW_FIRST)}
    items.sort(key=lambda item: rank.get(item.nodeid.partition("::")[0], len(rank)))


@pytest.fixture(autouse=True)
def _unfreeze() -> Iterator[None]:
    """Hand what the test's apps froze back to the garbage collector.

    Each app's lifespan calls ``gc.freeze()`` (its startup objects live as long as the
    process); in tests apps come and go, and what they froze, the app included (~9 MB each),
    would never be collected."""
    yield
    gc.unfreeze()
