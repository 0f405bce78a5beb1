from __future__ import annotations

import uuid

import pytest

from streamz.core.channels.errors import ChannelNotFound
from streamz.core.channels.get_channel import GetChannelRequest
from streamz.core.errors import NotFound
from streamz.core.identity.entities import Account, Principal, PrincipalKind, Role, Scope
from streamz.core.identity.errors import AccountNotFound
from streamz.core.identity.get_account import GetAccountRequest

from .support import ANONYMOUS, SYSTEM, World, fails, user


@pytest.fixture
async def alice(world: World) -> Account:
    return await world.register("alice")


# GetAccount


@pytest.mark.parametrize("identifier", ["alice", "ALICE", "  Alice  "])
async def test_account_by_username_case_insensitive(
    world: World, alice: Account, identifier: str
) -> None:
    profile = await world.get_account()(GetAccountRequest(ANONYMOUS, identifier))

    assert profile.account == alice
    assert profile.channel.account_id == alice.id
    assert profile.channel.slug == "alice"


async def test_account_by_id(world: World, alice: Account) -> None:
    profile = await world.get_account()(GetAccountRequest(ANONYMOUS, str(alice.id)))
    assert profile.account == alice


@pytest.mark.parametrize("identifier", ["bob", str(uuid.UUID(int=7)), ""])
async def test_unknown_account_is_not_found(world: World, alice: Account, identifier: str) -> None:
    error = await fails(
        world,
        world.get_account()(GetAccountRequest(ANONYMOUS, identifier)),
        AccountNotFound,
        "account-not-found",
    )
    assert isinstance(error, NotFound)


async def test_account_id_of_a_channel_is_not_an_account(world: World, alice: Account) -> None:
    channel = next(iter(world.tables.channels.values()))
    await fails(
        world,
        world.get_account()(GetAccountRequest(ANONYMOUS, str(channel.id))),
        AccountNotFound,
        "account-not-found",
    )


async def test_email_visible_to_self_staff_and_system(world: World, alice: Account) -> None:
    staff = await world.register("boss", role=Role.STAFF)
    own_token = Principal(PrincipalKind.TOKEN, alice.id, Role.USER, frozenset({Scope.CHAT_WRITE}))

    for actor in (user(alice), own_token, user(staff), SYSTEM):
        profile = await world.get_account()(GetAccountRequest(actor, "alice"))
        assert profile.email_visible is True, actor


async def test_email_hidden_from_others(world: World, alice: Account) -> None:
    bob = await world.register("bob")
    premium = await world.register("rich", role=Role.PREMIUM)

    for actor in (ANONYMOUS, user(bob), user(premium)):
        profile = await world.get_account()(GetAccountRequest(actor, "alice"))
        assert profile.email_visible is False, actor


# GetChannel


@pytest.mark.parametrize("identifier", ["alice", "Alice", " ALICE "])
async def test_channel_by_slug_case_insensitive(
    world: World, alice: Account, identifier: str
) -> None:
    profile = await world.get_channel()(GetChannelRequest(ANONYMOUS, identifier))

    assert profile.channel.slug == "alice"
    assert profile.owner == alice


async def test_channel_by_id(world: World, alice: Account) -> None:
    channel = next(iter(world.tables.channels.values()))

    profile = await world.get_channel()(GetChannelRequest(user(alice), str(channel.id)))

    assert profile.channel == channel
    assert profile.owner == alice


@pytest.mark.parametrize("identifier", ["bob", str(uuid.UUID(int=7)), ""])
async def test_unknown_channel_is_not_found(world: World, alice: Account, identifier: str) -> None:
    await fails(
        world,
        world.get_channel()(GetChannelRequest(ANONYMOUS, identifier)),
        ChannelNotFound,
        "channel-not-found",
    )


async def test_an_account_id_is_not_a_channel_id(world: World, alice: Account) -> None:
    await fails(
        world,
        world.get_channel()(GetChannelRequest(ANONYMOUS, str(alice.id))),
        ChannelNotFound,
        "channel-not-found",
    )
