from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from streamz.core.errors import NotFound, Unauthenticated
from streamz.core.identity.entities import Account
from streamz.core.identity.errors import TokenNotFound
from streamz.core.identity.revoke_api_token import RevokeApiTokenRequest

from .support import ANONYMOUS, T0, World, fails, user


@pytest.fixture
async def alice(world: World) -> Account:
    return await world.register("alice")


async def test_revokes_own_token(world: World, alice: Account) -> None:
    token = (await world.token(alice)).token
    world.clock.current = T0 + timedelta(minutes=1)

    revoked = await world.revoke_api_token()(RevokeApiTokenRequest(user(alice), token.id))

    assert revoked.revoked_at == T0 + timedelta(minutes=1)
    assert revoked.id == token.id
    assert world.tables.api_tokens[token.id] == revoked
    assert not revoked.usable_at(world.clock.now())


async def test_revoking_twice_keeps_the_first_time(world: World, alice: Account) -> None:
    token = (await world.token(alice)).token
    first = await world.revoke_api_token()(RevokeApiTokenRequest(user(alice), token.id))
    world.clock.current = T0 + timedelta(days=1)
    before = world.snapshot()

    second = await world.revoke_api_token()(RevokeApiTokenRequest(user(alice), token.id))

    assert second == first
    assert second.revoked_at == T0
    assert world.tables == before


async def test_someone_elses_token_is_not_found(world: World, alice: Account) -> None:
    bob = await world.register("bob")
    token = (await world.token(bob)).token

    error = await fails(
        world,
        world.revoke_api_token()(RevokeApiTokenRequest(user(alice), token.id)),
        TokenNotFound,
        "token-not-found",
    )
    assert isinstance(error, NotFound)
    assert world.tables.api_tokens[token.id].revoked_at is None


async def test_unknown_token_is_not_found(world: World, alice: Account) -> None:
    await fails(
        world,
        world.revoke_api_token()(RevokeApiTokenRequest(user(alice), uuid.uuid4())),
        TokenNotFound,
        "token-not-found",
    )


async def test_needs_a_signed_in_account(world: World, alice: Account) -> None:
    token = (await world.token(alice)).token
    await fails(
        world,
        world.revoke_api_token()(RevokeApiTokenRequest(ANONYMOUS, token.id)),
        Unauthenticated,
        "unauthenticated",
    )
