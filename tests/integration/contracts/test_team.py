"""Contract of the team ports: ``ChannelRoleRepository`` (moderators, VIPs, OGs) and
``AuditLog`` (the moderation log)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from streamz.adapters.memory.repositories import MemoryAccounts, MemoryChannels
from streamz.adapters.memory.team import MemoryAuditLog, MemoryChannelRoles
from streamz.adapters.postgres.accounts import PostgresAccounts
from streamz.adapters.postgres.channels import PostgresChannels
from streamz.adapters.postgres.team import PostgresAuditLog, PostgresChannelRoles
from streamz.core.channels.audit import ActingAs, AuditEntry
from streamz.core.channels.entities import Channel
from streamz.core.channels.errors import RoleAlreadyGranted
from streamz.core.channels.roles import ALL_PERMISSIONS, ChannelRole, Permission, RoleGrant
from streamz.core.errors import Conflict
from streamz.core.identity.entities import Account, Role
from streamz.core.shared.ids import new_id

from .conftest import Backend

# the backend fixture asks for these while its loop runs: set them up before it
pytestmark = pytest.mark.usefixtures("settings", "clean")

T0 = datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)
MOD, VIP, OG = ChannelRole.MODERATOR, ChannelRole.VIP, ChannelRole.OG
BAN = frozenset({Permission.BAN, Permission.TIMEOUT})


def roles(backend: Backend, unit: Any) -> Any:
    return backend.pick(memory=MemoryChannelRoles, postgres=PostgresChannelRoles, unit=unit)


def audit(backend: Backend, unit: Any) -> Any:
    return backend.pick(memory=MemoryAuditLog, postgres=PostgresAuditLog, unit=unit)


async def finish(unit: Any) -> None:
    """Commit and give the unit's connection back (the test pool has 4)."""
    await unit.commit()
    await unit.rollback()


async def refused(unit: Any, write: Callable[[], Awaitable[None]], error: type[Exception]) -> None:
    async def attempt() -> None:
        await write()
        await unit.commit()

    with pytest.raises(error):
        await attempt()
    await unit.rollback()


async def people(backend: Backend, *names: str) -> tuple[Channel, list[Account]]:
    """The channel of the first name, and an account per name."""
    unit = backend.unit()
    accounts: Any = backend.pick(memory=MemoryAccounts, postgres=PostgresAccounts, unit=unit)
    found = []
    for name in names:
        account = Account(new_id(), f"ory-{name}", name, f"{name}@example.com", Role.USER, T0, T0)
        await accounts.add(account)
        found.append(account)
    channel = Channel(new_id(), found[0].id, names[0], names[0], "", False, 0, T0, T0)
    channels: Any = backend.pick(memory=MemoryChannels, postgres=PostgresChannels, unit=unit)
    await channels.add(channel)
    await finish(unit)
    return channel, found


def grant(channel: Channel, account: Account, role: ChannelRole, **changes: Any) -> RoleGrant:
    fields: dict[str, Any] = {
        "id": new_id(),
        "channel_id": channel.id,
        "account_id": account.id,
        "role": role,
        "permissions": BAN if role is MOD else frozenset(),
        "granted_by": channel.account_id,
        "created_at": T0,
    }
    return RoleGrant(**(fields | changes))


async def granted(backend: Backend, *grants: RoleGrant) -> None:
    unit = backend.unit()
    for g in grants:
        await roles(backend, unit).grant(g)
    await finish(unit)


async def test_a_grant_is_read_back_and_makes_the_membership(backend: Backend) -> None:
    channel, (owner, bob, cat) = await people(backend, "ada", "bob", "cat")
    mod, vip = grant(channel, bob, MOD), grant(channel, bob, VIP, granted_by=None)
    await granted(backend, mod, vip, grant(channel, cat, OG))

    repo = roles(backend, backend.unit())
    assert await repo.get(channel.id, bob.id, MOD) == mod
    assert await repo.get(channel.id, bob.id, VIP) == vip
    assert await repo.get(channel.id, bob.id, OG) is None
    member = await repo.membership(channel, bob.id)
    assert (member.is_owner, member.roles, member.permissions) == (False, {MOD, VIP}, BAN)
    boss = await repo.membership(channel, owner.id)
    assert (boss.is_owner, boss.roles, boss.permissions) == (True, frozenset(), ALL_PERMISSIONS)
    assert (await repo.membership(channel, cat.id)).roles == {OG}


async def test_a_role_is_granted_once_to_existing_accounts_and_channels(backend: Backend) -> None:
    channel, (_, bob) = await people(backend, "ada", "bob")
    await granted(backend, grant(channel, bob, VIP))

    unit = backend.unit()
    await refused(
        unit, lambda: roles(backend, unit).grant(grant(channel, bob, VIP)), RoleAlreadyGranted
    )
    stranger = Account(new_id(), "x", "x", "x@example.com", Role.USER, T0, T0)
    unit = backend.unit()
    await refused(unit, lambda: roles(backend, unit).grant(grant(channel, stranger, VIP)), Conflict)
    nowhere = Channel(new_id(), bob.id, "none", "none", "", False, 0, T0, T0)
    unit = backend.unit()
    await refused(unit, lambda: roles(backend, unit).grant(grant(nowhere, bob, VIP)), Conflict)
    assert await roles(backend, backend.unit()).count(channel.id, VIP) == 1


async def test_of_two_concurrent_grants_of_a_role_the_second_fails(backend: Backend) -> None:
    channel, (_, bob) = await people(backend, "ada", "bob")
    first, second = backend.unit(), backend.unit()
    await roles(backend, first).grant(grant(channel, bob, OG))
    pending = asyncio.create_task(roles(backend, second).grant(grant(channel, bob, OG)))
    await asyncio.sleep(0.05)
    await finish(first)

    async def attempt() -> None:
        await pending
        await second.commit()

    with pytest.raises(RoleAlreadyGranted):
        await attempt()
    await second.rollback()
    assert await roles(backend, backend.unit()).count(channel.id, OG) == 1


async def test_update_changes_permissions_only_and_revoke_removes(backend: Backend) -> None:
    channel, (_, bob, cat) = await people(backend, "ada", "bob", "cat")
    mod, og = grant(channel, bob, MOD), grant(channel, cat, OG)
    await granted(backend, mod, og)

    unit = backend.unit()
    everything = frozenset(Permission)
    await roles(backend, unit).update(grant(channel, cat, VIP, id=mod.id, permissions=everything))
    await roles(backend, unit).update(grant(channel, bob, VIP))  # no such grant: nothing
    await roles(backend, unit).revoke(og.id)
    await roles(backend, unit).revoke(new_id())  # no such grant: nothing
    await finish(unit)

    repo = roles(backend, backend.unit())
    assert await repo.get(channel.id, bob.id, MOD) == grant(
        channel, bob, MOD, id=mod.id, permissions=everything
    )
    assert await repo.get(channel.id, bob.id, VIP) is None
    assert await repo.get(channel.id, cat.id, OG) is None
    assert (await repo.membership(channel, cat.id)).roles == frozenset()


async def test_grants_list_newest_first_by_channel_and_role_in_pages(backend: Backend) -> None:
    channel, (_, *others) = await people(backend, "ada", "b1", "b2", "b3", "b4")
    elsewhere, (_, stray) = await people(backend, "zed", "z1")
    vips = [grant(channel, a, VIP) for a in others]
    await granted(backend, *vips, grant(channel, others[0], MOD), grant(elsewhere, stray, VIP))

    repo = roles(backend, backend.unit())
    newest = vips[::-1]
    page = await repo.list_for(channel.id, VIP, limit=3, before=None)
    assert page == newest[:3]
    assert await repo.list_for(channel.id, VIP, limit=3, before=page[-1].id) == newest[3:]
    assert await repo.list_for(channel.id, OG, limit=3, before=None) == []
    assert (await repo.count(channel.id, VIP), await repo.count(channel.id, MOD)) == (4, 1)
    assert await repo.count(channel.id, OG) == 0


def entry(channel: Channel, action: str, **changes: Any) -> AuditEntry:
    fields: dict[str, Any] = {
        "channel_id": channel.id,
        "actor_id": channel.account_id,
        "acting_as": ActingAs.OWNER,
        "action": action,
        "at": T0,
    }
    return AuditEntry(**(fields | changes))


async def test_the_audit_log_keeps_entries_whole_newest_first(backend: Backend) -> None:
    channel, (_, bob) = await people(backend, "ada", "bob")
    other, _ = await people(backend, "zed")
    entries = [
        entry(channel, "role.granted", target_account_id=bob.id, details={"role": "vip", "n": 2}),
        entry(channel, "chat.user_banned", actor_id=None, acting_as=ActingAs.SYSTEM, reason="spam"),
        entry(channel, "chat_settings.changed", at=T0 + timedelta(seconds=1)),
        entry(channel, "role.revoked", details={}),
    ]
    unit = backend.unit()
    for e in [*entries, entry(other, "role.granted")]:
        await audit(backend, unit).record(e)
    await finish(unit)

    log = audit(backend, backend.unit())
    newest = entries[::-1]
    everything = await log.list_for(channel.id, actions=None, limit=10, before=None)
    assert everything == newest
    assert everything[-1].details == {"role": "vip", "n": 2}
    assert await log.list_for(channel.id, actions=(), limit=10, before=None) == newest
    page = await log.list_for(channel.id, actions=None, limit=2, before=None)
    assert await log.list_for(channel.id, actions=None, limit=2, before=page[-1].id) == newest[2:]
    roles_only = await log.list_for(channel.id, actions=("role.",), limit=10, before=None)
    assert [e.action for e in roles_only] == ["role.revoked", "role.granted"]
    # a prefix is literal: "_" and "%" are not wildcards
    chat = await log.list_for(channel.id, actions=("chat_", "x%"), limit=10, before=None)
    assert [e.action for e in chat] == ["chat_settings.changed"]
    both = await log.list_for(channel.id, actions=("chat.", "role.g"), limit=10, before=None)
    assert [e.action for e in both] == ["chat.user_banned", "role.granted"]


async def test_an_audit_entry_needs_its_channel(backend: Backend) -> None:
    nowhere = Channel(new_id(), new_id(), "none", "none", "", False, 0, T0, T0)
    unit = backend.unit()
    await refused(
        unit, lambda: audit(backend, unit).record(entry(nowhere, "role.granted")), Conflict
    )
