from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from streamz.core.errors import Unauthenticated
from streamz.core.identity.authenticate import AuthenticateRequest
from streamz.core.identity.entities import Account, PrincipalKind, Role, Scope
from streamz.core.identity.errors import InvalidToken, UnknownIdentity
from streamz.core.identity.revoke_api_token import RevokeApiTokenRequest

from .support import T0, World, fails, user


@pytest.fixture
async def alice(world: World) -> Account:
    return await world.register("alice")


def public(bearer: str | None) -> AuthenticateRequest:
    return AuthenticateRequest(bearer, allow_api_token=True)


def private(bearer: str | None) -> AuthenticateRequest:
    return AuthenticateRequest(bearer, allow_api_token=False)


@pytest.mark.parametrize("bearer", [None, ""])
async def test_no_credential_is_anonymous(world: World, bearer: str | None) -> None:
    principal = await world.authenticate()(private(bearer))

    assert principal.kind is PrincipalKind.ANONYMOUS
    assert principal.account_id is None
    assert principal.role is None


async def test_session_of_a_registered_identity(world: World, alice: Account) -> None:
    principal = await world.authenticate()(private("session:identity-alice"))

    assert principal.kind is PrincipalKind.USER
    assert principal.account_id == alice.id
    assert principal.role is Role.USER
    assert principal.scopes is None


async def test_session_carries_the_current_role(world: World) -> None:
    staff = await world.register("boss", role=Role.STAFF)

    principal = await world.authenticate()(public("session:identity-boss"))

    assert principal.account_id == staff.id
    assert principal.role is Role.STAFF


async def test_session_of_an_unknown_identity(world: World, alice: Account) -> None:
    error = await fails(
        world,
        world.authenticate()(private("session:identity-nobody")),
        UnknownIdentity,
        "unknown-identity",
    )
    assert isinstance(error, Unauthenticated)


@pytest.mark.parametrize("bearer", ["garbage", "session:", " "])
async def test_bad_session_token(world: World, alice: Account, bearer: str) -> None:
    await fails(world, world.authenticate()(private(bearer)), InvalidToken, "invalid-token")


async def test_valid_api_token(world: World, alice: Account) -> None:
    created = await world.token(alice, ["chat:write", "stream:write"], days=30)

    principal = await world.authenticate()(public(created.secret))

    assert principal.kind is PrincipalKind.TOKEN
    assert principal.account_id == alice.id
    assert principal.role is Role.USER
    assert principal.scopes == frozenset({Scope.CHAT_WRITE, Scope.STREAM_WRITE})


async def test_api_token_carries_the_owners_current_role(world: World, alice: Account) -> None:
    created = await world.token(alice)
    r = world.open()
    await r.accounts.update(replace(alice, role=Role.PREMIUM))
    await r.unit.commit()

    principal = await world.authenticate()(public(created.secret))

    assert principal.role is Role.PREMIUM


async def test_api_token_not_allowed_on_this_tier(world: World, alice: Account) -> None:
    created = await world.token(alice)
    await fails(world, world.authenticate()(private(created.secret)), InvalidToken, "invalid-token")


async def test_unknown_api_token(world: World, alice: Account) -> None:
    created = await world.token(alice)
    await fails(
        world,
        world.authenticate()(public(created.secret + "x")),
        InvalidToken,
        "invalid-token",
    )


async def test_revoked_api_token(world: World, alice: Account) -> None:
    created = await world.token(alice)
    await world.revoke_api_token()(RevokeApiTokenRequest(user(alice), created.token.id))

    await fails(world, world.authenticate()(public(created.secret)), InvalidToken, "invalid-token")


async def test_api_token_expires_at_its_expiry_time(world: World, alice: Account) -> None:
    created = await world.token(alice, days=1)

    world.clock.current = T0 + timedelta(days=1) - timedelta(microseconds=1)
    principal = await world.authenticate()(public(created.secret))
    assert principal.account_id == alice.id

    world.clock.current = T0 + timedelta(days=1)
    await fails(world, world.authenticate()(public(created.secret)), InvalidToken, "invalid-token")

    world.clock.current = T0 + timedelta(days=400)
    await fails(world, world.authenticate()(public(created.secret)), InvalidToken, "invalid-token")


async def test_token_without_expiry_keeps_working(world: World, alice: Account) -> None:
    created = await world.token(alice)
    world.clock.current = T0 + timedelta(days=3650)

    principal = await world.authenticate()(public(created.secret))

    assert principal.kind is PrincipalKind.TOKEN
