from __future__ import annotations

from datetime import timedelta

import pytest

from streamz.core.errors import Forbidden, Invalid
from streamz.core.identity.change_email import ChangeEmailRequest
from streamz.core.identity.entities import Account, Principal, Role
from streamz.core.identity.errors import AccountNotFound, UsernameImmutable

from .support import ANONYMOUS, SYSTEM, T0, World, fails, user


@pytest.fixture
async def alice(world: World) -> Account:
    return await world.register("alice", email="alice@example.com")


def change(
    email: str,
    *,
    identity_id: str = "identity-alice",
    username: str | None = None,
    actor: Principal = SYSTEM,
) -> ChangeEmailRequest:
    return ChangeEmailRequest(actor, identity_id, email, username)


async def test_changes_email_and_emits_event_with_previous(world: World, alice: Account) -> None:
    world.clock.current = T0 + timedelta(hours=1)

    changed = await world.change_email()(change("new@Example.org", username="Alice"))

    assert changed.email == "new@example.org"
    assert changed.updated_at == T0 + timedelta(hours=1)
    assert changed.created_at == alice.created_at
    assert world.tables.accounts[alice.id] == changed
    event = world.tables.outbox[-1]
    assert event.topic == "account.email_changed"
    assert event.key == str(alice.id)
    assert event.payload == {
        "account_id": str(alice.id),
        "previous": "alice@example.com",
        "email": "new@example.org",
    }


async def test_same_email_changes_nothing_and_emits_nothing(world: World, alice: Account) -> None:
    before = world.snapshot()

    result = await world.change_email()(change(" alice@EXAMPLE.com "))

    assert result == alice
    assert world.tables == before
    assert world.topics() == ["account.registered"]


async def test_identity_id_is_trimmed(world: World, alice: Account) -> None:
    changed = await world.change_email()(change("b@example.com", identity_id=" identity-alice "))
    assert changed.id == alice.id


async def test_unknown_identity_is_account_not_found(world: World, alice: Account) -> None:
    await fails(
        world,
        world.change_email()(change("b@example.com", identity_id="nobody")),
        AccountNotFound,
        "account-not-found",
    )


async def test_a_different_username_is_rejected(world: World, alice: Account) -> None:
    error = await fails(
        world,
        world.change_email()(change("b@example.com", username="alice2")),
        UsernameImmutable,
        "username-immutable",
    )
    assert isinstance(error, Invalid)
    assert [e.field for e in error.errors] == ["identity.traits.username"]
    assert world.tables.accounts[alice.id].email == "alice@example.com"


@pytest.mark.parametrize("email", ["", "not-an-email", "a@b", "x y@example.com"])
async def test_bad_email_is_invalid(world: World, alice: Account, email: str) -> None:
    error = await fails(world, world.change_email()(change(email)), Invalid, "invalid")
    assert [e.field for e in error.errors] == ["email"]


@pytest.mark.parametrize("kind", ["anonymous", "self", "staff"])
async def test_only_the_system_may_change_email(world: World, alice: Account, kind: str) -> None:
    staff = await world.register("boss", role=Role.STAFF)
    actor = {"anonymous": ANONYMOUS, "self": user(alice), "staff": user(staff)}[kind]

    await fails(
        world, world.change_email()(change("b@example.com", actor=actor)), Forbidden, "forbidden"
    )
