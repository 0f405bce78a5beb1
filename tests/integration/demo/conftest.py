"""One `streamzctl dev` per test module of this package (see ``running.py``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from streamz.settings import Settings
from tests.integration.demo.running import Dev, running_dev


@pytest.fixture(scope="module")
def dev(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dev]:
    with running_dev(settings, tmp_path_factory.mktemp("dev")) as running:
        yield running
