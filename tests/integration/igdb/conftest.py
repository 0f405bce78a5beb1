"""IGDB tests: the app with a webhook secret, and the fake IGDB sending to it."""

from __future__ import annotations

from dataclasses import replace

import pytest

from streamz.settings import Settings
from tests.fakes.igdb import FakeIgdb
from tests.integration.conftest import Client

SECRET = "test-igdb-webhook-secret"


@pytest.fixture(scope="session")
def settings(settings: Settings) -> Settings:
    """The suite's settings with an IGDB webhook secret (``client`` and ``db`` use these)."""
    return replace(settings, igdb=replace(settings.igdb, webhook_secret=SECRET))


@pytest.fixture
def igdb(client: Client) -> FakeIgdb:
    return FakeIgdb(client, SECRET)
