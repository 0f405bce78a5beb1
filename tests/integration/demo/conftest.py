"""One `streamzctl dev` for the tests of this package (per test process; see ``running.py``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from streamz.settings import Settings
from tests.integration.demo.running import Dev, running_dev


@pytest.fixture(scope="package")
def dev(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dev]:
    with running_dev(settings, tmp_path_factory.mktemp("dev")) as running:
        yield running
