"""ListRoles (public, paginated) and ReadModerationLog (owner, moderators, staff)."""

from __future__ import annotations

import pytest

from streamz.core.channels.errors import ChannelNotFound
from streamz.core.channels.roles import ChannelRole
from streamz.core.channels.team.list_roles import ListRolesRequest
from streamz.core.channels.team.moderation_log import ReadModerationLogRequest
from streamz.core.channels.team.revoke_role import RevokeRoleRequest
from streamz.core.errors import Forbidden, Invalid, Unauthenticated
from streamz.core.identity.entities import Account
from tests.unit.support import ANONYMOUS, SYSTEM, fails, user
from tests.unit.team.support import TeamWorld, staff

VIP, OG, MOD = ChannelRole.VIP, ChannelRole.OG, ChannelRole.MODERATOR


@pytest.mark.usefixtures("tick_ids")
async def test_anyone_lists_newest_first_in_pages(world: TeamWorld, owner: Account) -> None:
    names = [f"user{i}" for i in range(5)]
    for name in names:
        await world.register(name)
        await world.give("alice", VIP, name)
    await world.give("alice", MOD, "user0", ["ban"])

    first = await world.list_roles()(ListRolesRequest(ANONYMOUS, "alice", VIP, limit=3))
    assert [m.account.username for m in first.data] == ["user4", "user3", "user2"]
    assert first.next is not None
    second = await world.list_roles()(ListRolesRequest(ANONYMOUS, "alice", VIP, 3, first.next))
    assert [m.account.username for m in second.data] == ["user1", "user0"]
    assert second.next is None
    mods = await world.list_roles()(ListRolesRequest(ANONYMOUS, "alice", MOD))
    assert [(m.account.username, set(m.grant.permissions)) for m in mods.data] == [
        ("user0", {"ban"})
    ]
    ogs = await world.list_roles()(ListRolesRequest(ANONYMOUS, "alice", OG))
    assert ogs.data == []


async def test_list_bad_input(world: TeamWorld, owner: Account) -> None:
    with pytest.raises(ChannelNotFound):
        await world.list_roles()(ListRolesRequest(ANONYMOUS, "nowhere", VIP))
    with pytest.raises(Invalid):
        await world.list_roles()(ListRolesRequest(ANONYMOUS, "alice", VIP, after="garbage!"))
    with pytest.raises(Invalid):
        await world.list_roles()(ListRolesRequest(ANONYMOUS, "alice", VIP, limit=0))


@pytest.mark.usefixtures("tick_ids")
async def test_log_readers_and_order(
    world: TeamWorld, owner: Account, bob: Account, carol: Account, boss: Account
) -> None:
    await world.give("alice", MOD, "bob", [])  # a moderator without any permission still reads
    await world.give("alice", VIP, "carol")
    await world.revoke_role()(RevokeRoleRequest(SYSTEM, "alice", VIP, "carol"))

    for reader in (user(owner), user(bob), staff(boss), SYSTEM):
        page = await world.moderation_log()(ReadModerationLogRequest(reader, "alice", limit=2))
        assert [e.action for e in page.data] == ["role.revoked", "role.granted"]
        assert page.next is not None
    rest = await world.moderation_log()(ReadModerationLogRequest(SYSTEM, "alice", 2, page.next))
    assert [e.action for e in rest.data] == ["role.granted"]


async def test_log_is_closed_to_others(
    world: TeamWorld, owner: Account, bob: Account, carol: Account, boss: Account
) -> None:
    await world.give("alice", VIP, "carol")
    for actor in (user(bob), user(carol), user(boss)):
        call = world.moderation_log()(ReadModerationLogRequest(actor, "alice"))
        await fails(world, call, Forbidden, "forbidden")
    call = world.moderation_log()(ReadModerationLogRequest(ANONYMOUS, "alice"))
    await fails(world, call, Unauthenticated, "unauthenticated")
    nowhere = world.moderation_log()(ReadModerationLogRequest(SYSTEM, "nowhere"))
    await fails(world, nowhere, ChannelNotFound, "channel-not-found")
