from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from .support import IdentityWorld


@pytest.fixture
async def world() -> AsyncIterator[IdentityWorld]:
    w = IdentityWorld()
    yield w
    await w.streamz.close()
