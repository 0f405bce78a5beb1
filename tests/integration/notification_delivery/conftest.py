"""The fake FCM and a local SES (moto) for this package's tests, and the adapters on them."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator

import pytest
from redis.asyncio import Redis

from streamz.adapters.fcm.push import FcmPushSender
from streamz.adapters.ses.email import SesEmailSender, open_ses_sender
from streamz.settings import Settings
from tests.fakes.fcm import FakeFcmServer
from tests.fakes.ses import FakeSes


@pytest.fixture(scope="session")
def fcm_server() -> Iterator[FakeFcmServer]:
    with FakeFcmServer() as server:
        yield server


@pytest.fixture
def fcm(fcm_server: FakeFcmServer) -> Iterator[FakeFcmServer]:
    fcm_server.reset()
    yield fcm_server
    fcm_server.reset()


@pytest.fixture
async def push_sender(fcm: FakeFcmServer) -> AsyncIterator[FcmPushSender]:
    sender = FcmPushSender(project_id=fcm.project, url=fcm.url, timeout=30.0)
    yield sender
    await sender.aclose()


@pytest.fixture(scope="session")
def ses_server() -> Iterator[FakeSes]:
    with FakeSes() as server:
        yield server


@pytest.fixture
def ses(ses_server: FakeSes) -> FakeSes:
    ses_server.clear()
    return ses_server


@pytest.fixture
async def email_sender(ses: FakeSes) -> AsyncIterator[SesEmailSender]:
    async with open_ses_sender(
        region=ses.region,
        endpoint_url=ses.url,
        from_address=f"Streamz <{ses.sender}>",
        configuration_set="streamz-transactional",
    ) as sender:
        yield sender


@pytest.fixture
async def redis(settings: Settings) -> AsyncIterator[Redis]:
    client = Redis.from_url(settings.redis.url or "")
    yield client
    await client.aclose()


@pytest.fixture
def provider() -> str:
    """A provider name of its own per test, so buckets and breakers never leak between tests."""
    return f"test-{uuid.uuid4().hex[:8]}"
