"""GrantRole: who may grant which role, input rules, and what one grant writes."""

from __future__ import annotations

import pytest

from streamz.core.channels.audit import ActingAs
from streamz.core.channels.errors import ChannelNotFound, OwnerCannotHoldRole, RoleAlreadyGranted
from streamz.core.channels.roles import DEFAULT_MODERATOR_PERMISSIONS, ChannelRole, Permission
from streamz.core.channels.team.grant_role import GrantRoleRequest
from streamz.core.errors import Forbidden, Invalid, Unauthenticated
from streamz.core.identity.entities import Account, Scope
from streamz.core.identity.errors import AccountNotFound
from tests.unit.support import ANONYMOUS, SYSTEM, T0, fails, user
from tests.unit.team.support import TeamWorld, staff, token

VIP, OG, MOD = ChannelRole.VIP, ChannelRole.OG, ChannelRole.MODERATOR


async def test_owner_grants_vip_with_audit_and_event_in_one_go(
    world: TeamWorld, owner: Account, bob: Account
) -> None:
    request = GrantRoleRequest(user(owner), "ALICE", VIP, "Bob", reason=" regular ")
    member = await world.grant_role()(request)

    assert member.account.id == bob.id
    grant = member.grant
    assert (grant.role, grant.permissions, grant.granted_by) == (VIP, frozenset(), owner.id)
    assert grant.created_at == T0
    assert world.grants() == [grant]
    (entry,) = world.audit()
    assert (entry.action, entry.acting_as, entry.actor_id) == (
        "role.granted",
        ActingAs.OWNER,
        owner.id,
    )
    assert (entry.target_account_id, entry.reason, entry.details) == (
        bob.id,
        "regular",
        {"role": "vip"},
    )
    event = world.tables.outbox[-1]
    assert event.topic == "channel.role_granted"
    assert event.payload["account_id"] == str(bob.id)
    assert event.payload["role"] == "vip"
    assert event.payload["acting_as"] == "owner"


async def test_moderator_gets_default_permissions(
    world: TeamWorld, owner: Account, bob: Account
) -> None:
    member = await world.grant_role()(GrantRoleRequest(user(owner), "alice", MOD, str(bob.id)))
    assert member.grant.permissions == DEFAULT_MODERATOR_PERMISSIONS
    assert world.audit()[0].details == {
        "role": "moderator",
        "permissions": ["ban", "delete_messages", "timeout"],
    }


async def test_moderator_with_chosen_permissions_duplicates_folded(
    world: TeamWorld, owner: Account, bob: Account
) -> None:
    request = GrantRoleRequest(user(owner), "alice", MOD, "bob", ["ban", "manage_roles", "ban"])
    member = await world.grant_role()(request)
    assert member.grant.permissions == {Permission.BAN, Permission.MANAGE_ROLES}


@pytest.mark.parametrize("role", [VIP, OG])
async def test_moderator_with_manage_roles_grants_vip_and_og(
    world: TeamWorld, owner: Account, bob: Account, carol: Account, role: ChannelRole
) -> None:
    await world.give("alice", MOD, "bob", ["manage_roles"])
    member = await world.grant_role()(GrantRoleRequest(user(bob), "alice", role, "carol"))
    assert member.grant.role is role
    assert world.audit()[-1].acting_as is ActingAs.MODERATOR


async def test_moderator_never_grants_moderator(
    world: TeamWorld, owner: Account, bob: Account, carol: Account
) -> None:
    await world.give("alice", MOD, "bob", [p.value for p in Permission])
    call = world.grant_role()(GrantRoleRequest(user(bob), "alice", MOD, "carol"))
    await fails(world, call, Forbidden, "forbidden")


async def test_moderator_without_manage_roles_cannot_grant(
    world: TeamWorld, owner: Account, bob: Account, carol: Account
) -> None:
    await world.give("alice", MOD, "bob")
    call = world.grant_role()(GrantRoleRequest(user(bob), "alice", VIP, "carol"))
    await fails(world, call, Forbidden, "forbidden")


async def test_vip_and_strangers_cannot_grant(
    world: TeamWorld, owner: Account, bob: Account, carol: Account
) -> None:
    await world.give("alice", VIP, "bob")
    for actor in (user(bob), user(carol)):
        call = world.grant_role()(GrantRoleRequest(actor, "alice", OG, "carol"))
        await fails(world, call, Forbidden, "forbidden")
    anonymous = world.grant_role()(GrantRoleRequest(ANONYMOUS, "alice", OG, "carol"))
    await fails(world, anonymous, Unauthenticated, "unauthenticated")


async def test_staff_and_system_grant_any_role_and_are_audited(
    world: TeamWorld, owner: Account, bob: Account, boss: Account
) -> None:
    await world.grant_role()(GrantRoleRequest(staff(boss), "alice", MOD, "bob"))
    await world.grant_role()(GrantRoleRequest(SYSTEM, "alice", OG, "bob"))
    staff_entry, system_entry = world.audit()
    assert (staff_entry.acting_as, staff_entry.actor_id) == (ActingAs.STAFF, boss.id)
    assert (system_entry.acting_as, system_entry.actor_id) == (ActingAs.SYSTEM, None)


async def test_staff_on_a_session_is_just_a_user(
    world: TeamWorld, owner: Account, bob: Account, boss: Account
) -> None:
    call = world.grant_role()(GrantRoleRequest(user(boss), "alice", VIP, "bob"))
    await fails(world, call, Forbidden, "forbidden")


async def test_api_tokens_need_moderation_write(
    world: TeamWorld, owner: Account, bob: Account
) -> None:
    call = world.grant_role()(GrantRoleRequest(token(owner, Scope.CHAT_WRITE), "alice", VIP, "bob"))
    await fails(world, call, Forbidden, "forbidden")
    scoped = token(owner, Scope.MODERATION_WRITE)
    member = await world.grant_role()(GrantRoleRequest(scoped, "alice", VIP, "bob"))
    assert member.grant.granted_by == owner.id


async def test_owner_cannot_hold_a_role(world: TeamWorld, owner: Account) -> None:
    call = world.grant_role()(GrantRoleRequest(SYSTEM, "alice", VIP, "alice"))
    await fails(world, call, OwnerCannotHoldRole, "owner-cannot-hold-role")


async def test_duplicate_is_a_conflict(world: TeamWorld, owner: Account, bob: Account) -> None:
    await world.give("alice", OG, "bob")
    call = world.grant_role()(GrantRoleRequest(user(owner), "alice", OG, "bob"))
    await fails(world, call, RoleAlreadyGranted, "role-already-granted")


async def test_an_account_may_hold_several_roles(
    world: TeamWorld, owner: Account, bob: Account
) -> None:
    for role in (VIP, OG, MOD):
        await world.give("alice", role, "bob")
    assert {g.role for g in world.grants()} == {VIP, OG, MOD}


async def test_unknown_channel_and_account(world: TeamWorld, owner: Account) -> None:
    nobody = world.grant_role()(GrantRoleRequest(user(owner), "alice", VIP, "nobody"))
    await fails(world, nobody, AccountNotFound, "account-not-found")
    nowhere = world.grant_role()(GrantRoleRequest(user(owner), "nowhere", VIP, "alice"))
    await fails(world, nowhere, ChannelNotFound, "channel-not-found")


async def test_bad_permissions_and_reason(world: TeamWorld, owner: Account, bob: Account) -> None:
    unknown = world.grant_role()(GrantRoleRequest(user(owner), "alice", MOD, "bob", ["fly"]))
    error = await fails(world, unknown, Invalid, "invalid")
    assert error.errors[0].field == "body.permissions"
    on_vip = world.grant_role()(GrantRoleRequest(user(owner), "alice", VIP, "bob", ["ban"]))
    await fails(world, on_vip, Invalid, "invalid")
    long = world.grant_role()(GrantRoleRequest(user(owner), "alice", VIP, "bob", reason="x" * 501))
    assert (await fails(world, long, Invalid, "invalid")).errors[0].field == "body.reason"
