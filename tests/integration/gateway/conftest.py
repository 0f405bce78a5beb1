"""Two gateway instances sharing the test PostgreSQL and Redis, and chat users."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest

from streamz.settings import Settings
from tests.fakes.ory import FakeOry
from tests.integration.conftest import Client as HttpClient
from tests.integration.conftest import User, register
from tests.integration.gateway.support import Instance


@pytest.fixture
async def a(settings: Settings, clean: None) -> AsyncIterator[Instance]:
    instance = await Instance(settings, name="a").start()
    yield instance
    await instance.stop()


@pytest.fixture
async def b(settings: Settings, clean: None) -> AsyncIterator[Instance]:
    instance = await Instance(settings, name="b").start()
    yield instance
    await instance.stop()


@dataclass(frozen=True)
class People:
    owner: User  # owns the channel (and chatroom) "owner"
    fan: User
    other: User


@pytest.fixture
async def people(client: HttpClient, ory: FakeOry) -> People:
    return People(
        await register(client, ory, "owner"),
        await register(client, ory, "fan"),
        await register(client, ory, "other"),
    )
