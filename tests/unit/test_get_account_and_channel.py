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


def _token(account: Account, *scopes: Scope) -> Principal:
    return Principal(PrincipalKind.TOKEN, account.id, account.role, frozenset(scopes))


async def test_email_visible_to_self_staff_and_system(world: World, alice: Account) -> None:
    staff = await world.register("boss", role=Role.STAFF)
    own_token = _token(alice, Scope.CHAT_WRITE, Scope.ACCOUNTS_READ)
    staff_token = _token(staff, Scope.ACCOUNTS_READ)

    for actor in (user(alice), own_token, user(staff), staff_token, SYSTEM):
        profile = await world.get_account()(GetAccountRequest(actor, "alice"))
        assert profile.email_visible is True, actor


async def test_email_hidden_from_others(world: World, alice: Account) -> None:
    bob = await world.register("bob")
    premium = await world.register("rich", role=Role.PREMIUM)

    for actor in (ANONYMOUS, user(bob), user(premium), _token(bob, Scope.ACCOUNTS_READ)):
        profile = await world.get_account()(GetAccountRequest(actor, "alice"))
        assert profile.email_visible is False, actor


async def test_tokens_without_accounts_read_see_no_email_even_of_staff(
    world: World, alice: Account
) -> None:
    """A staff account's token is bounded by its scopes on reads as on writes; and a token
    shows even its own account's email only with ``accounts:read``."""
    staff = await world.register("boss", role=Role.STAFF)
    every_other_scope = [s for s in Scope if s is not Scope.ACCOUNTS_READ]
    for actor, identifier in (
        (_token(staff, *every_other_scope), "alice"),
        (_token(staff, Scope.CHAT_WRITE), "boss"),
        (_token(alice, *every_other_scope), "alice"),
    ):
        profile = await world.get_account()(GetAccountRequest(actor, identifier))
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
