from __future__ import annotations

import pytest

from streamz.core.identity.entities import Account, Role
from tests.unit.team.support import TeamWorld


@pytest.fixture
def world() -> TeamWorld:
    return TeamWorld()


@pytest.fixture
async def owner(world: TeamWorld) -> Account:
    return await world.register("alice")


@pytest.fixture
async def bob(world: TeamWorld) -> Account:
    return await world.register("bob")


@pytest.fixture
async def carol(world: TeamWorld) -> Account:
    return await world.register("carol")


@pytest.fixture
async def boss(world: TeamWorld) -> Account:
    return await world.register("boss", role=Role.STAFF)
