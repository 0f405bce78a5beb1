from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from dishka import AsyncContainer

from streamz.adapters.memory.repositories import MemoryEventPublisher
from streamz.core.channels.get_channel import GetChannel, GetChannelRequest
from streamz.core.errors import Invalid
from streamz.core.events.relay_outbox import RelayOutbox, RelayOutboxRequest
from streamz.core.identity.authenticate import Authenticate, AuthenticateRequest
from streamz.core.identity.entities import PrincipalKind
from streamz.core.identity.get_account import GetAccount, GetAccountRequest
from streamz.core.identity.register_account import RegisterAccount, RegisterAccountRequest

from .support import ANONYMOUS, SYSTEM

# Importing the composition root loads SQLAlchemy and advanced-alchemy, whose mixins emit
# deprecation warnings at import time; import it lazily, inside this filter.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
async def container() -> AsyncIterator[AsyncContainer]:
    from streamz.container import make_memory_container

    container = make_memory_container()
    yield container
    await container.close()


async def test_register_then_read_across_requests(container: AsyncContainer) -> None:
    async with container() as r:
        register = await r.get(RegisterAccount)
        reg = await register(RegisterAccountRequest(SYSTEM, "id-1", "Alice", "a@example.com"))
    assert reg.created

    async with container() as r:
        profile = await (await r.get(GetAccount))(GetAccountRequest(ANONYMOUS, "alice"))
        channel = await (await r.get(GetChannel))(GetChannelRequest(ANONYMOUS, "ALICE"))
        principal = await (await r.get(Authenticate))(AuthenticateRequest("session:id-1", False))
    assert profile.account == reg.account
    assert channel.channel == reg.channel
    assert principal.kind is PrincipalKind.USER
    assert principal.account_id == reg.account.id


async def test_replay_and_relay_share_one_database(container: AsyncContainer) -> None:
    request = RegisterAccountRequest(SYSTEM, "id-1", "alice", "a@example.com")
    async with container() as r:
        await (await r.get(RegisterAccount))(request)
    async with container() as r:
        replay = await (await r.get(RegisterAccount))(request)
    assert replay.created is False

    async with container() as r:
        published = await (await r.get(RelayOutbox))(RelayOutboxRequest(SYSTEM))
    publisher = await container.get(MemoryEventPublisher)
    assert published == 1
    assert [e.topic for e in publisher.events] == ["account.registered"]


async def test_each_request_gets_its_own_use_case(container: AsyncContainer) -> None:
    async with container() as first, container() as second:
        assert await first.get(RegisterAccount) is not await second.get(RegisterAccount)


async def test_a_failed_request_writes_nothing(container: AsyncContainer) -> None:
    async with container() as r:
        register = await r.get(RegisterAccount)
        with pytest.raises(Invalid):
            await register(RegisterAccountRequest(SYSTEM, "id-1", "x", "a@example.com"))

    async with container() as r:
        assert await (await r.get(RelayOutbox))(RelayOutboxRequest(SYSTEM)) == 0
