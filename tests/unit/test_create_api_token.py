from __future__ import annotations

from datetime import timedelta

import pytest

from streamz.core.errors import Invalid, Unauthenticated
from streamz.core.identity.create_api_token import CreateApiTokenRequest
from streamz.core.identity.entities import Account, Principal, PrincipalKind, Scope
from streamz.core.identity.tokens import TOKEN_PREFIX, hash_secret

from .support import ANONYMOUS, SYSTEM, T0, World, fails, user


@pytest.fixture
async def alice(world: World) -> Account:
    return await world.register("alice")


def create(
    actor: Principal,
    name: str = "ci",
    scopes: list[str] | None = None,
    days: int | None = None,
) -> CreateApiTokenRequest:
    return CreateApiTokenRequest(actor, name, ["chat:write"] if scopes is None else scopes, days)


async def test_creates_token_and_keeps_only_the_hash(world: World, alice: Account) -> None:
    created = await world.create_api_token()(create(user(alice), " deploy bot ", ["chat:write"]))

    token = created.token
    assert created.secret.startswith(TOKEN_PREFIX)
    assert len(created.secret) > len(TOKEN_PREFIX) + 40
    assert token.account_id == alice.id
    assert token.name == "deploy bot"
    assert token.scopes == frozenset({Scope.CHAT_WRITE})
    assert token.prefix == created.secret[len(TOKEN_PREFIX) : len(TOKEN_PREFIX) + 6]
    assert token.token_hash == hash_secret(created.secret)
    assert (token.created_at, token.expires_at, token.revoked_at) == (T0, None, None)
    assert world.tables.api_tokens == {token.id: token}
    assert created.secret not in repr(world.tables)


async def test_duplicate_scopes_are_folded(world: World, alice: Account) -> None:
    scopes = ["chat:write", "stream:write", "chat:write"]

    created = await world.create_api_token()(create(user(alice), scopes=scopes))

    assert created.token.scopes == frozenset({Scope.CHAT_WRITE, Scope.STREAM_WRITE})


@pytest.mark.parametrize("days", [1, 30, 365])
async def test_expiry_in_days(world: World, alice: Account, days: int) -> None:
    created = await world.create_api_token()(create(user(alice), days=days))
    assert created.token.expires_at == T0 + timedelta(days=days)


async def test_each_token_gets_a_new_secret(world: World, alice: Account) -> None:
    a = await world.create_api_token()(create(user(alice)))
    b = await world.create_api_token()(create(user(alice)))

    assert a.secret != b.secret
    assert a.token.id != b.token.id
    assert len(world.tables.api_tokens) == 2


@pytest.mark.parametrize(
    ("name", "scopes", "days", "fields"),
    [
        ("", ["chat:write"], None, ["body.name"]),
        ("   ", ["chat:write"], None, ["body.name"]),
        ("x" * 65, ["chat:write"], None, ["body.name"]),
        ("ci", [], None, ["body.scopes"]),
        ("ci", ["chat:write", "admin"], None, ["body.scopes"]),
        ("ci", ["chat:write"], 0, ["body.expires_in_days"]),
        ("ci", ["chat:write"], 366, ["body.expires_in_days"]),
        ("ci", ["chat:write"], -1, ["body.expires_in_days"]),
        ("", ["nope"], 400, ["body.name", "body.scopes", "body.expires_in_days"]),
    ],
)
async def test_bad_requests_name_each_bad_field(
    world: World,
    alice: Account,
    name: str,
    scopes: list[str],
    days: int | None,
    fields: list[str],
) -> None:
    error = await fails(
        world,
        world.create_api_token()(create(user(alice), name, scopes, days)),
        Invalid,
        "invalid",
    )
    assert [e.field for e in error.errors] == fields


async def test_name_of_64_characters_is_accepted(world: World, alice: Account) -> None:
    created = await world.create_api_token()(create(user(alice), "x" * 64))
    assert created.token.name == "x" * 64


async def test_unknown_scopes_are_named(world: World, alice: Account) -> None:
    error = await fails(
        world,
        world.create_api_token()(create(user(alice), scopes=["zeta", "alpha", "chat:write"])),
        Invalid,
        "invalid",
    )
    assert "alpha, zeta" in error.errors[0].message


async def test_a_token_cannot_mint_tokens(world: World, alice: Account) -> None:
    actor = Principal(PrincipalKind.TOKEN, alice.id, alice.role, frozenset(Scope))
    error = await fails(world, world.create_api_token()(create(actor)), Invalid, "invalid")
    assert [e.field for e in error.errors] == ["authorization"]


@pytest.mark.parametrize("actor", [ANONYMOUS, SYSTEM], ids=["anonymous", "system"])
async def test_needs_a_signed_in_account(world: World, actor: Principal) -> None:
    await fails(world, world.create_api_token()(create(actor)), Unauthenticated, "unauthenticated")
