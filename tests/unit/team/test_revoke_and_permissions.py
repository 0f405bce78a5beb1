"""RevokeRole and SetModeratorPermissions."""

from __future__ import annotations

from streamz.core.channels.audit import ActingAs
from streamz.core.channels.errors import RoleNotFound
from streamz.core.channels.roles import ChannelRole, Permission
from streamz.core.channels.team.revoke_role import RevokeRoleRequest
from streamz.core.channels.team.set_permissions import SetModeratorPermissionsRequest
from streamz.core.errors import Forbidden, Invalid
from streamz.core.identity.entities import Account, Scope
from streamz.core.identity.errors import AccountNotFound
from tests.unit.support import SYSTEM, fails, user
from tests.unit.team.support import TeamWorld, staff, token

VIP, OG, MOD = ChannelRole.VIP, ChannelRole.OG, ChannelRole.MODERATOR


async def test_owner_removes_a_moderator_with_audit_and_event(
    world: TeamWorld, owner: Account, bob: Account
) -> None:
    await world.give("alice", MOD, "bob")
    request = RevokeRoleRequest(user(owner), "alice", MOD, "bob", reason="inactive")
    removed = await world.revoke_role()(request)

    assert removed.grant.role is MOD
    assert world.grants() == []
    entry = world.audit()[-1]
    assert (entry.action, entry.acting_as, entry.reason) == (
        "role.revoked",
        ActingAs.OWNER,
        "inactive",
    )
    assert entry.details["role"] == "moderator"
    assert world.topics()[-1] == "channel.role_revoked"


async def test_moderator_with_manage_roles_removes_vip_and_og_not_moderators(
    world: TeamWorld, owner: Account, bob: Account, carol: Account
) -> None:
    await world.give("alice", MOD, "bob", ["manage_roles"])
    await world.give("alice", VIP, "carol")
    await world.give("alice", MOD, "carol")
    await world.revoke_role()(RevokeRoleRequest(user(bob), "alice", VIP, "carol"))
    call = world.revoke_role()(RevokeRoleRequest(user(bob), "alice", MOD, "carol"))
    await fails(world, call, Forbidden, "forbidden")
    assert [g.role for g in world.grants()] == [MOD, MOD]


async def test_removing_a_missing_role(world: TeamWorld, owner: Account, bob: Account) -> None:
    call = world.revoke_role()(RevokeRoleRequest(user(owner), "alice", OG, "bob"))
    await fails(world, call, RoleNotFound, "role-not-found")
    nobody = world.revoke_role()(RevokeRoleRequest(user(owner), "alice", OG, "nobody"))
    await fails(world, nobody, AccountNotFound, "account-not-found")


async def test_others_cannot_remove(world: TeamWorld, owner: Account, bob: Account) -> None:
    await world.give("alice", VIP, "bob")
    for actor in (user(bob), token(owner, Scope.CHANNEL_WRITE)):
        call = world.revoke_role()(RevokeRoleRequest(actor, "alice", VIP, "bob"))
        await fails(world, call, Forbidden, "forbidden")


async def test_staff_removes_and_is_audited(
    world: TeamWorld, owner: Account, bob: Account, boss: Account
) -> None:
    await world.give("alice", OG, "bob")
    await world.revoke_role()(RevokeRoleRequest(staff(boss), "alice", OG, str(bob.id)))
    assert world.audit()[-1].acting_as is ActingAs.STAFF


async def test_owner_changes_permissions(world: TeamWorld, owner: Account, bob: Account) -> None:
    await world.give("alice", MOD, "bob")
    request = SetModeratorPermissionsRequest(user(owner), "alice", "bob", ["manage_roles"])
    changed = await world.set_permissions()(request)

    assert changed.grant.permissions == {Permission.MANAGE_ROLES}
    assert world.grants()[0].permissions == {Permission.MANAGE_ROLES}
    entry = world.audit()[-1]
    assert entry.action == "role.permissions_changed"
    assert entry.details == {
        "role": "moderator",
        "from": ["ban", "delete_messages", "timeout"],
        "to": ["manage_roles"],
    }
    assert world.topics()[-1] == "channel.role_permissions_changed"


async def test_same_permissions_write_nothing(
    world: TeamWorld, owner: Account, bob: Account
) -> None:
    await world.give("alice", MOD, "bob", ["ban"])
    before = world.snapshot()
    request = SetModeratorPermissionsRequest(SYSTEM, "alice", "bob", ["ban", "ban"])
    await world.set_permissions()(request)
    assert world.tables == before


async def test_only_owner_and_staff_change_permissions(
    world: TeamWorld, owner: Account, bob: Account, carol: Account, boss: Account
) -> None:
    await world.give("alice", MOD, "bob", [p.value for p in Permission])
    await world.give("alice", MOD, "carol")
    call = world.set_permissions()(SetModeratorPermissionsRequest(user(bob), "alice", "carol", []))
    await fails(world, call, Forbidden, "forbidden")
    request = SetModeratorPermissionsRequest(staff(boss), "alice", "carol", [])
    assert (await world.set_permissions()(request)).grant.permissions == frozenset()
    assert world.audit()[-1].acting_as is ActingAs.STAFF


async def test_permissions_of_a_non_moderator_or_unknown_names(
    world: TeamWorld, owner: Account, bob: Account
) -> None:
    await world.give("alice", VIP, "bob")
    not_mod = world.set_permissions()(SetModeratorPermissionsRequest(SYSTEM, "alice", "bob", []))
    await fails(world, not_mod, RoleNotFound, "role-not-found")
    bad = world.set_permissions()(SetModeratorPermissionsRequest(SYSTEM, "alice", "bob", ["x"]))
    await fails(world, bad, Invalid, "invalid")
