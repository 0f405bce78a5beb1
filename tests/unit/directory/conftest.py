from __future__ import annotations

import pytest

from tests.unit.directory.support import Directory
from tests.unit.support import World


@pytest.fixture
def directory(world: World) -> Directory:
    return Directory(world)
