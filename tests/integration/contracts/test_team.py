"""Contract of the team ports: ``ChannelRoleRepository`` (moderators, VIPs, OGs) and
``AuditLog`` (the moderation log)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from streamz.adapters.memory.team import MemoryAuditLog, MemoryChannelRoles
from streamz.adapters.postgres.team import PostgresAuditLog, PostgresChannelRoles
from streamz.core.channels.audit import ActingAs, AuditEntry
from streamz.core.channels.entities import Channel
from streamz.core.channels.errors import RoleAlreadyGranted
from streamz.core.channels.roles import ALL_PERMISSIONS, ChannelRole, Permission, RoleGrant
from streamz.core.errors import Conflict
from streamz.core.identity.entities import Account, Role
from streamz.core.shared.ids import new_id
from streamz.ports.team import AuditLog, ChannelRoleRepository

from .conftest import T0_US, Backend, granted, refused, second_loses

MEMORY: Callable[[Any], ChannelRoleRepository] = MemoryChannelRoles
POSTGRES: Callable[[Any], ChannelRoleRepository] = PostgresChannelRoles
MEMORY_AUDIT: Callable[[Any], AuditLog] = MemoryAuditLog
POSTGRES_AUDIT: Callable[[Any], AuditLog] = PostgresAuditLog
MOD, VIP, OG = ChannelRole.MODERATOR, ChannelRole.VIP, ChannelRole.OG
BAN = frozenset({Permission.BAN, Permission.TIMEOUT})


def grant(channel: Channel, account: Account, role: ChannelRole, **changes: Any) -> RoleGrant:
    fields: dict[str, Any] = {
        "id": new_id(),
        "channel_id": channel.id,
        "account_id": account.id,
        "role": role,
        "permissions": BAN if role is MOD else frozenset(),
        "granted_by": channel.account_id,
        "created_at": T0_US,
    }
    return RoleGrant(**(fields | changes))


async def test_a_grant_is_read_back_and_makes_the_membership(backend: Backend) -> None:
    seeded = await backend.seed(accounts=3)
    (owner, bob, cat), (channel,) = seeded.accounts, seeded.channels
    mod, vip = grant(channel, bob, MOD), grant(channel, bob, VIP, granted_by=None)
    await granted(backend, mod, vip, grant(channel, cat, OG))

    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        assert await repo.get(channel.id, bob.id, MOD) == mod
        assert await repo.get(channel.id, bob.id, VIP) == vip
        assert await repo.get(channel.id, bob.id, OG) is None
        member = await repo.membership(channel, bob.id)
        assert (member.is_owner, member.roles, member.permissions) == (
            False,
            frozenset({MOD, VIP}),
            BAN,
        )
        boss = await repo.membership(channel, owner.id)
        assert (boss.is_owner, boss.roles, boss.permissions) == (True, frozenset(), ALL_PERMISSIONS)
        assert (await repo.membership(channel, cat.id)).roles == {OG}


async def test_a_role_is_granted_once_to_existing_accounts_and_channels(backend: Backend) -> None:
    seeded = await backend.seed(accounts=2)
    (_, bob), (channel,) = seeded.accounts, seeded.channels
    await granted(backend, grant(channel, bob, VIP))

    again = grant(channel, bob, VIP)
    await refused(
        backend, RoleAlreadyGranted, lambda r: r.grant(again), memory=MEMORY, postgres=POSTGRES
    )
    stranger = Account(new_id(), "x", "x", "x@example.com", Role.USER, T0_US, T0_US)
    to_stranger = grant(channel, stranger, VIP)
    await refused(
        backend, Conflict, lambda r: r.grant(to_stranger), memory=MEMORY, postgres=POSTGRES
    )
    nowhere = Channel(new_id(), bob.id, "none", "none", "", False, 0, T0_US, T0_US)
    in_nowhere = grant(nowhere, bob, VIP)
    await refused(
        backend, Conflict, lambda r: r.grant(in_nowhere), memory=MEMORY, postgres=POSTGRES
    )
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        assert await repo.count(channel.id, VIP) == 1


async def test_of_two_concurrent_grants_of_a_role_the_second_fails(backend: Backend) -> None:
    seeded = await backend.seed(accounts=2)
    (_, bob), (channel,) = seeded.accounts, seeded.channels
    winner, loser = grant(channel, bob, OG), grant(channel, bob, OG)
    await second_loses(
        backend,
        RoleAlreadyGranted,
        lambda r: r.grant(winner),
        lambda r: r.grant(loser),
        memory=MEMORY,
        postgres=POSTGRES,
    )
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        assert await repo.count(channel.id, OG) == 1


async def test_update_changes_permissions_only_and_revoke_removes(backend: Backend) -> None:
    seeded = await backend.seed(accounts=3)
    (_, bob, cat), (channel,) = seeded.accounts, seeded.channels
    mod, og = grant(channel, bob, MOD), grant(channel, cat, OG)
    await granted(backend, mod, og)

    everything = frozenset(Permission)
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (unit, repo):
        await repo.update(grant(channel, cat, VIP, id=mod.id, permissions=everything))
        await repo.update(grant(channel, bob, VIP))  # no such grant: nothing
        await repo.revoke(og.id)
        await repo.revoke(new_id())  # no such grant: nothing
        await unit.commit()

    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        assert await repo.get(channel.id, bob.id, MOD) == grant(
            channel, bob, MOD, id=mod.id, permissions=everything
        )
        assert await repo.get(channel.id, bob.id, VIP) is None
        assert await repo.get(channel.id, cat.id, OG) is None
        assert (await repo.membership(channel, cat.id)).roles == frozenset()


async def test_grants_list_newest_first_by_channel_and_role_in_pages(backend: Backend) -> None:
    # the channel of acc0 with four others, and the channel of acc1 with one of its own
    seeded = await backend.seed(accounts=7, channels=2)
    (_, _, *others, stray), (channel, elsewhere) = seeded.accounts, seeded.channels
    vips = [grant(channel, a, VIP) for a in others]
    await granted(backend, *vips, grant(channel, others[0], MOD), grant(elsewhere, stray, VIP))

    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
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
        "at": T0_US,
    }
    return AuditEntry(**(fields | changes))


async def test_the_audit_log_keeps_entries_whole_newest_first(backend: Backend) -> None:
    seeded = await backend.seed(accounts=3, channels=2)
    (_, _, bob), (channel, other) = seeded.accounts, seeded.channels
    entries = [
        entry(channel, "role.granted", target_account_id=bob.id, details={"role": "vip", "n": 2}),
        entry(channel, "chat.user_banned", actor_id=None, acting_as=ActingAs.SYSTEM, reason="spam"),
        entry(channel, "chat_settings.changed", at=T0_US + timedelta(seconds=1)),
        entry(channel, "role.revoked", details={}),
    ]
    async with backend.opened(memory=MEMORY_AUDIT, postgres=POSTGRES_AUDIT) as (unit, log):
        for e in [*entries, entry(other, "role.granted")]:
            await log.record(e)
        await unit.commit()

    async with backend.opened(memory=MEMORY_AUDIT, postgres=POSTGRES_AUDIT) as (_, log):
        newest = entries[::-1]
        everything = await log.list_for(channel.id, actions=None, limit=10, before=None)
        assert everything == newest
        assert everything[-1].details == {"role": "vip", "n": 2}
        assert await log.list_for(channel.id, actions=(), limit=10, before=None) == newest
        page = await log.list_for(channel.id, actions=None, limit=2, before=None)
        rest = await log.list_for(channel.id, actions=None, limit=2, before=page[-1].id)
        assert rest == newest[2:]
        roles_only = await log.list_for(channel.id, actions=("role.",), limit=10, before=None)
        assert [e.action for e in roles_only] == ["role.revoked", "role.granted"]
        # a prefix is literal: "_" and "%" are not wildcards
        chat = await log.list_for(channel.id, actions=("chat_", "x%"), limit=10, before=None)
        assert [e.action for e in chat] == ["chat_settings.changed"]
        both = await log.list_for(channel.id, actions=("chat.", "role.g"), limit=10, before=None)
        assert [e.action for e in both] == ["chat.user_banned", "role.granted"]


async def test_an_audit_entry_needs_its_channel(backend: Backend) -> None:
    nowhere = Channel(new_id(), new_id(), "none", "none", "", False, 0, T0_US, T0_US)
    lost = entry(nowhere, "role.granted")
    await refused(
        backend, Conflict, lambda r: r.record(lost), memory=MEMORY_AUDIT, postgres=POSTGRES_AUDIT
    )
