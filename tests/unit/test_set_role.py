from __future__ import annotations

from datetime import timedelta

import pytest

from streamz.core.errors import Forbidden, Unauthenticated
from streamz.core.identity.entities import Account, Principal, PrincipalKind, Role
from streamz.core.identity.errors import AccountNotFound
from streamz.core.identity.set_role import SetRoleRequest

from .support import ANONYMOUS, SYSTEM, T0, World, fails, user


@pytest.fixture
async def alice(world: World) -> Account:
    return await world.register("alice")


@pytest.fixture
async def staff(world: World) -> Account:
    return await world.register("boss", role=Role.STAFF)


async def test_staff_promotes_by_username_and_emits_event(
    world: World, alice: Account, staff: Account
) -> None:
    world.clock.current = T0 + timedelta(minutes=5)

    changed = await world.set_role()(SetRoleRequest(user(staff), " ALICE ", Role.PREMIUM))

    assert changed.role is Role.PREMIUM
    assert changed.updated_at == T0 + timedelta(minutes=5)
    assert world.tables.accounts[alice.id].role is Role.PREMIUM
    event = world.tables.outbox[-1]
    assert event.topic == "account.role_changed"
    assert event.key == str(alice.id)
    assert event.payload == {"account_id": str(alice.id), "from": "user", "to": "premium"}


async def test_system_sets_role_by_account_id(world: World, alice: Account) -> None:
    changed = await world.set_role()(SetRoleRequest(SYSTEM, str(alice.id), Role.STAFF))

    assert changed.role is Role.STAFF
    assert world.topics()[-1] == "account.role_changed"


async def test_system_may_demote_staff(world: World, staff: Account) -> None:
    changed = await world.set_role()(SetRoleRequest(SYSTEM, "boss", Role.USER))
    assert changed.role is Role.USER


async def test_staff_may_demote_other_staff(world: World, staff: Account) -> None:
    other = await world.register("other_boss", role=Role.STAFF)

    changed = await world.set_role()(SetRoleRequest(user(staff), "other_boss", Role.USER))

    assert changed.id == other.id
    assert changed.role is Role.USER


async def test_same_role_changes_nothing_and_emits_nothing(world: World, alice: Account) -> None:
    before = world.snapshot()

    result = await world.set_role()(SetRoleRequest(SYSTEM, "alice", Role.USER))

    assert result == alice
    assert world.tables == before
    assert "account.role_changed" not in world.topics()


@pytest.mark.parametrize("role", [Role.USER, Role.PREMIUM])
async def test_staff_cannot_demote_themselves(world: World, staff: Account, role: Role) -> None:
    await fails(
        world, world.set_role()(SetRoleRequest(user(staff), "boss", role)), Forbidden, "forbidden"
    )
    assert world.tables.accounts[staff.id].role is Role.STAFF


async def test_staff_setting_themselves_staff_is_a_no_op(world: World, staff: Account) -> None:
    before = world.snapshot()
    result = await world.set_role()(SetRoleRequest(user(staff), str(staff.id), Role.STAFF))
    assert result.role is Role.STAFF
    assert world.tables == before


@pytest.mark.parametrize("role", [Role.USER, Role.PREMIUM])
async def test_non_staff_are_forbidden(world: World, alice: Account, role: Role) -> None:
    actor = Principal(PrincipalKind.USER, alice.id, role)
    await fails(
        world, world.set_role()(SetRoleRequest(actor, "alice", Role.STAFF)), Forbidden, "forbidden"
    )


async def test_anonymous_is_forbidden(world: World, alice: Account) -> None:
    error = await fails(
        world, world.set_role()(SetRoleRequest(ANONYMOUS, "alice", Role.STAFF)), Forbidden,
        "forbidden",
    )  # fmt: skip
    assert not isinstance(error, Unauthenticated)


@pytest.mark.parametrize("identifier", ["nobody", "00000000-0000-7000-8000-000000000000"])
async def test_unknown_account_is_not_found(world: World, staff: Account, identifier: str) -> None:
    await fails(
        world,
        world.set_role()(SetRoleRequest(user(staff), identifier, Role.PREMIUM)),
        AccountNotFound,
        "account-not-found",
    )
