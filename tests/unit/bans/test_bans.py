"""Bans and timeouts: ban, time out, replace, unban, list, fetch; every rule and who may."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import timedelta

import pytest

from streamz.adapters.memory.bans import MemoryBans
from streamz.adapters.memory.database import MemoryUnit
from streamz.adapters.memory.repositories import MemoryChannels
from streamz.adapters.memory.team import MemoryChannelRoles
from streamz.core.channels.audit import ActingAs
from streamz.core.channels.errors import ChannelNotFound
from streamz.core.channels.roles import ChannelRole, Permission, RoleGrant
from streamz.core.chat.bans.ban_user import BanUser, BanUserRequest
from streamz.core.chat.bans.entities import Ban, BanKind, BannedAccount
from streamz.core.chat.bans.errors import (
    BanConflict,
    BanNotFound,
    CannotBanModerator,
    CannotBanOwner,
    CannotBanSelf,
)
from streamz.core.chat.bans.get_ban import GetBan, GetBanRequest
from streamz.core.chat.bans.list_bans import ListBans, ListBansRequest
from streamz.core.chat.bans.unban_user import UnbanUser, UnbanUserRequest
from streamz.core.errors import Forbidden, Invalid, StreamzError, Unauthenticated
from streamz.core.identity.entities import Account, Principal, Scope
from streamz.core.identity.errors import AccountNotFound
from streamz.core.shared.ids import new_id
from streamz.core.shared.pages import Page
from tests.unit.about.support import audit_entries, grant_moderator, staff, token_of
from tests.unit.bans.support import bans, rows
from tests.unit.support import ANONYMOUS, SYSTEM, T0, World, fails, user

DAY = 86400


async def ban(
    world: World,
    actor: Principal,
    target: str,
    seconds: int | None = None,
    reason: str | None = None,
    channel: str = "alice",
) -> BannedAccount:
    return await bans(world, BanUser)(BanUserRequest(actor, channel, target, seconds, reason))


async def unban(
    world: World, actor: Principal, target: str, channel: str = "alice", reason: str | None = None
) -> BannedAccount:
    return await bans(world, UnbanUser)(UnbanUserRequest(actor, channel, target, reason))


async def listed(
    world: World, actor: Principal = SYSTEM, limit: int = 20, after: str | None = None
) -> Page[BannedAccount]:
    return await bans(world, ListBans)(ListBansRequest(actor, "alice", limit, after))


async def names(world: World) -> list[str]:
    return [b.account.username for b in (await listed(world)).data]


async def grant(world: World, owner: Account, account: Account, role: ChannelRole) -> None:
    unit = MemoryUnit(world.db)
    channel = await MemoryChannels(unit).by_account(owner.id)
    assert channel is not None
    row = RoleGrant(new_id(), channel.id, account.id, role, frozenset(), owner.id, T0)
    await MemoryChannelRoles(unit).grant(row)
    await unit.commit()


async def moderator(
    world: World, owner: Account, name: str, permissions: Iterable[Permission]
) -> Account:
    account = await world.register(name)
    await grant_moderator(world, owner, account, permissions)
    return account


def events(world: World, topic: str) -> list[dict[str, object]]:
    return [e.payload for e in world.tables.outbox if e.topic == topic]


async def test_ban_list_get_and_unban_with_audit_and_events(world: World) -> None:
    alice = await world.register("alice")
    bob = await world.register("bob")
    banned = await ban(world, user(alice), "BOB", reason="  spam  ")
    b = banned.ban
    assert (banned.account.id, b.kind, b.reason, b.expires_at) == (
        bob.id,
        BanKind.BAN,
        "spam",
        None,
    )
    assert (b.created_by, b.created_at, b.ended_at, b.duration_seconds) == (
        alice.id,
        T0,
        None,
        None,
    )
    assert [x.ban.id for x in (await listed(world, user(alice))).data] == [b.id]
    got = await bans(world, GetBan)(GetBanRequest(user(alice), "alice", str(bob.id)))
    assert got.ban == b
    lifted = await unban(world, user(alice), "bob", reason="appeal")
    assert (lifted.ban.id, lifted.ban.ended_at, lifted.ban.ended_by) == (b.id, T0, alice.id)
    assert await names(world) == []
    assert [(r.id, r.ended_at, r.ended_by) for r in rows(world)] == [(b.id, T0, alice.id)]
    entries = audit_entries(world)
    assert [(e.action, e.acting_as, e.target_account_id, e.reason) for e in entries] == [
        ("chat.ban", ActingAs.OWNER, bob.id, "spam"),
        ("chat.unban", ActingAs.OWNER, bob.id, "appeal"),
    ]
    assert entries[0].details == {
        "ban_id": str(b.id),
        "kind": "ban",
        "expires_at": None,
        "duration_seconds": None,
        "replaced_ban_id": None,
    }
    chatroom = next(iter(world.tables.chatrooms.values()))
    assert events(world, "chat.user_banned") == [
        {
            "chatroom_id": str(chatroom.id),
            "channel_id": str(b.channel_id),
            "account_id": str(bob.id),
            "username": "bob",
            "ban_id": str(b.id),
            "kind": "ban",
            "expires_at": None,
            "duration_seconds": None,
            "replaced_ban_id": None,
            "reason": "spam",
            "by": str(alice.id),
            "acting_as": "owner",
            "seq": 1,
        }
    ]
    [unbanned] = events(world, "chat.user_unbanned")
    assert (unbanned["account_id"], unbanned["ban_id"], unbanned["by"]) == (
        str(bob.id),
        str(b.id),
        str(alice.id),
    )
    assert (unbanned["kind"], unbanned["reason"]) == ("ban", "appeal")


async def test_timeouts_expire_on_their_own(world: World) -> None:
    alice = await world.register("alice")
    bob = await world.register("bob")
    timeout = (await ban(world, user(alice), "bob", 600)).ban
    assert (timeout.kind, timeout.expires_at, timeout.duration_seconds) == (
        BanKind.TIMEOUT,
        T0 + timedelta(seconds=600),
        600,
    )
    assert audit_entries(world)[0].action == "chat.timeout"
    payload = events(world, "chat.user_banned")[0]
    assert (payload["kind"], payload["duration_seconds"]) == ("timeout", 600)
    assert payload["expires_at"] == (T0 + timedelta(seconds=600)).isoformat()
    repo = MemoryBans(MemoryUnit(world.db))
    assert await repo.active(timeout.channel_id, bob.id, T0 + timedelta(seconds=599)) == timeout
    world.clock.current = T0 + timedelta(seconds=600)  # the moment it ends
    assert await repo.active(timeout.channel_id, bob.id, world.clock.current) is None
    assert await names(world) == []
    await fails(
        world,
        bans(world, GetBan)(GetBanRequest(user(alice), "alice", "bob")),
        BanNotFound,
        "ban-not-found",
    )
    await fails(world, unban(world, user(alice), "bob"), BanNotFound, "ban-not-found")
    # a new one closes the run-out row as of its expiry, by nobody
    again = (await ban(world, user(alice), "bob", 60)).ban
    first, second = rows(world)
    assert (first.id, first.ended_at, first.ended_by) == (timeout.id, timeout.expires_at, None)
    assert (second.id, second.ended_at) == (again.id, None)
    assert audit_entries(world)[-1].details["replaced_ban_id"] is None


async def test_a_new_ban_replaces_the_one_in_force(world: World) -> None:
    alice = await world.register("alice")
    await world.register("bob")
    first = (await ban(world, user(alice), "bob", 60)).ban
    world.clock.current = T0 + timedelta(seconds=10)
    second = (await ban(world, user(alice), "bob")).ban
    world.clock.current = T0 + timedelta(seconds=20)
    third = (await ban(world, user(alice), "bob", DAY, "cooling off")).ban
    history = rows(world)
    assert [(r.id, r.ended_at) for r in history] == [
        (first.id, T0 + timedelta(seconds=10)),
        (second.id, T0 + timedelta(seconds=20)),
        (third.id, None),
    ]
    assert [b.ban.id for b in (await listed(world)).data] == [third.id]
    details = [e.details["replaced_ban_id"] for e in audit_entries(world)]
    assert details == [None, str(first.id), str(second.id)]
    assert [e.action for e in audit_entries(world)] == ["chat.timeout", "chat.ban", "chat.timeout"]


@pytest.mark.parametrize("seconds", [0, -1, DAY * 14 + 1, 10**12])
async def test_bad_durations_are_invalid(world: World, seconds: int) -> None:
    alice = await world.register("alice")
    await world.register("bob")
    error = await fails(world, ban(world, user(alice), "bob", seconds), Invalid, "invalid")
    assert [e.field for e in error.errors] == ["body.duration_seconds"]


async def test_a_boolean_is_not_a_duration(world: World) -> None:
    alice = await world.register("alice")
    await world.register("bob")
    error = await fails(world, ban(world, user(alice), "bob", True), Invalid, "invalid")
    assert [e.field for e in error.errors] == ["body.duration_seconds"]


@pytest.mark.parametrize("seconds", [1, DAY * 14])
async def test_duration_bounds_are_allowed(world: World, seconds: int) -> None:
    alice = await world.register("alice")
    await world.register("bob")
    assert (await ban(world, user(alice), "bob", seconds)).ban.duration_seconds == seconds


async def test_reasons(world: World) -> None:
    alice = await world.register("alice")
    await world.register("bob")
    error = await fails(world, ban(world, user(alice), "bob", reason="x" * 501), Invalid, "invalid")
    assert [e.field for e in error.errors] == ["body.reason"]
    assert (await ban(world, user(alice), "bob", reason="   ")).ban.reason is None
    assert (await ban(world, user(alice), "bob", reason="x" * 500)).ban.reason == "x" * 500


async def test_who_cannot_be_banned(world: World) -> None:
    alice = await world.register("alice")
    boss = await world.register("boss")
    mod = await moderator(world, alice, "mod", [Permission.BAN, Permission.TIMEOUT])
    other_mod = await moderator(world, alice, "othermod", [Permission.BAN])
    error = await fails(world, ban(world, user(alice), "alice"), CannotBanSelf, "cannot-ban-self")
    assert [e.field for e in error.errors] == ["body.user"]
    await fails(world, ban(world, user(mod), "mod", 60), CannotBanSelf, "cannot-ban-self")
    await fails(world, ban(world, user(mod), "alice"), CannotBanOwner, "cannot-ban-owner")
    await fails(world, ban(world, staff(boss), "alice"), CannotBanOwner, "cannot-ban-owner")
    await fails(world, ban(world, SYSTEM, "alice", 60), CannotBanOwner, "cannot-ban-owner")
    await fails(
        world, ban(world, user(mod), "othermod"), CannotBanModerator, "cannot-ban-moderator"
    )
    await fails(
        world, ban(world, user(mod), "othermod", 5), CannotBanModerator, "cannot-ban-moderator"
    )
    # the owner, staff and the system may ban moderators
    assert (await ban(world, user(alice), "othermod", 60)).account.id == other_mod.id
    assert (await ban(world, staff(boss), "othermod")).ban.kind is BanKind.BAN
    assert (await ban(world, SYSTEM, "mod", 5)).ban.created_by is None


async def test_unknown_channel_and_user(world: World) -> None:
    alice = await world.register("alice")
    await fails(world, ban(world, user(alice), "nobody"), AccountNotFound, "account-not-found")
    await fails(
        world, ban(world, user(alice), str(uuid.uuid4())), AccountNotFound, "account-not-found"
    )
    await fails(world, ban(world, user(alice), ""), Invalid, "invalid")
    await fails(world, ban(world, user(alice), "x" * 65), Invalid, "invalid")
    await fails(
        world, ban(world, SYSTEM, "alice", channel="nowhere"), ChannelNotFound, "channel-not-found"
    )
    await fails(world, unban(world, user(alice), "nobody"), AccountNotFound, "account-not-found")
    await fails(world, unban(world, user(alice), "alice"), BanNotFound, "ban-not-found")


async def test_who_may_ban_and_time_out(world: World) -> None:
    alice = await world.register("alice")
    boss = await world.register("boss")
    other = await world.register("other")
    vip = await world.register("vip")
    await grant(world, alice, vip, ChannelRole.VIP)
    bans_only = await moderator(world, alice, "bansonly", [Permission.BAN])
    timeouts_only = await moderator(world, alice, "timeoutsonly", [Permission.TIMEOUT])
    neither = await moderator(world, alice, "neither", [Permission.DELETE_MESSAGES])
    for n in range(12):
        await world.register(f"target{n}")
    refused: list[tuple[Principal, int | None, type[StreamzError], str]] = [
        (ANONYMOUS, None, Unauthenticated, "unauthenticated"),
        (user(other), None, Forbidden, "forbidden"),
        (user(other), 60, Forbidden, "forbidden"),
        (user(vip), 60, Forbidden, "forbidden"),
        (user(bans_only), 60, Forbidden, "forbidden"),
        (user(timeouts_only), None, Forbidden, "forbidden"),
        (user(neither), None, Forbidden, "forbidden"),
        (user(neither), 60, Forbidden, "forbidden"),
        (token_of(alice, Scope.CHANNEL_WRITE), None, Forbidden, "forbidden"),
        (token_of(alice), 60, Forbidden, "forbidden"),
        (token_of(other, Scope.MODERATION_WRITE), None, Forbidden, "forbidden"),
    ]
    for actor, seconds, error, code in refused:
        await fails(world, ban(world, actor, "target0", seconds), error, code)
    allowed: list[tuple[Principal, int | None, ActingAs]] = [
        (user(alice), None, ActingAs.OWNER),
        (user(alice), 60, ActingAs.OWNER),
        (user(bans_only), None, ActingAs.MODERATOR),
        (user(timeouts_only), 60, ActingAs.MODERATOR),
        (token_of(alice, Scope.MODERATION_WRITE), None, ActingAs.OWNER),
        (token_of(bans_only, Scope.MODERATION_WRITE), None, ActingAs.MODERATOR),
        (staff(boss), None, ActingAs.STAFF),
        (staff(boss), 60, ActingAs.STAFF),
        (SYSTEM, None, ActingAs.SYSTEM),
        (SYSTEM, 60, ActingAs.SYSTEM),
    ]
    for n, (actor, seconds, acting_as) in enumerate(allowed, start=1):
        banned = await ban(world, actor, f"target{n}", seconds)
        assert banned.ban.created_by == actor.account_id
        assert audit_entries(world)[-1].acting_as is acting_as
    assert len(events(world, "chat.user_banned")) == len(allowed)


async def test_a_timeout_moderator_cannot_shorten_a_ban(world: World) -> None:
    alice = await world.register("alice")
    await world.register("bob")
    timeouts_only = await moderator(world, alice, "timeoutsonly", [Permission.TIMEOUT])
    both = await moderator(world, alice, "both", [Permission.TIMEOUT, Permission.BAN])
    await ban(world, user(alice), "bob")
    await fails(world, ban(world, user(timeouts_only), "bob", 60), Forbidden, "forbidden")
    await fails(world, unban(world, user(timeouts_only), "bob"), Forbidden, "forbidden")
    assert (await ban(world, user(both), "bob", 60)).ban.kind is BanKind.TIMEOUT
    # a timeout over a timeout, and lifting a timeout, only need ``timeout``
    assert (await ban(world, user(timeouts_only), "bob", 120)).ban.duration_seconds == 120
    lifted = await unban(world, user(timeouts_only), "bob")
    assert lifted.ban.ended_by == timeouts_only.id
    # after a run-out timeout, a ban no longer counts as in force either way
    await ban(world, user(alice), "bob", 5)
    world.clock.current = T0 + timedelta(seconds=6)
    assert (await ban(world, user(timeouts_only), "bob", 5)).ban.kind is BanKind.TIMEOUT


async def test_who_may_unban(world: World) -> None:
    alice = await world.register("alice")
    boss = await world.register("boss")
    other = await world.register("other")
    bans_only = await moderator(world, alice, "bansonly", [Permission.BAN])
    neither = await moderator(world, alice, "neither", [Permission.DELETE_MESSAGES])
    await world.register("bob")
    await ban(world, user(alice), "bob", 60)
    for actor, error, code in [
        (ANONYMOUS, Unauthenticated, "unauthenticated"),
        (user(other), Forbidden, "forbidden"),
        (user(neither), Forbidden, "forbidden"),
        (token_of(alice, Scope.CHAT_WRITE), Forbidden, "forbidden"),
    ]:
        await fails(world, unban(world, actor, "bob"), error, code)
    for actor, acting_as in [
        (user(bans_only), ActingAs.MODERATOR),  # ``ban`` lifts timeouts too
        (token_of(alice, Scope.MODERATION_WRITE), ActingAs.OWNER),
        (staff(boss), ActingAs.STAFF),
        (SYSTEM, ActingAs.SYSTEM),
    ]:
        await ban(world, SYSTEM, "bob")
        await unban(world, actor, "bob")
        assert audit_entries(world)[-1].acting_as is acting_as
    assert await names(world) == []


async def test_who_may_read(world: World) -> None:
    alice = await world.register("alice")
    boss = await world.register("boss")
    other = await world.register("other")
    vip = await world.register("vip")
    await grant(world, alice, vip, ChannelRole.VIP)
    neither = await moderator(world, alice, "neither", [Permission.DELETE_MESSAGES])
    await world.register("bob")
    await ban(world, user(alice), "bob")
    readers = [
        user(alice),
        user(neither),
        token_of(alice),
        token_of(neither, Scope.CHAT_WRITE),
        staff(boss),
        SYSTEM,
    ]
    for actor in readers:
        assert [b.account.username for b in (await listed(world, actor)).data] == ["bob"]
        got = await bans(world, GetBan)(GetBanRequest(actor, "alice", "bob"))
        assert got.account.username == "bob"
    for actor, error, code in [
        (ANONYMOUS, Unauthenticated, "unauthenticated"),
        (user(other), Forbidden, "forbidden"),
        (user(vip), Forbidden, "forbidden"),
        (token_of(other, Scope.MODERATION_WRITE), Forbidden, "forbidden"),
    ]:
        await fails(world, listed(world, actor), error, code)
        await fails(world, bans(world, GetBan)(GetBanRequest(actor, "alice", "bob")), error, code)
    await fails(
        world,
        bans(world, ListBans)(ListBansRequest(SYSTEM, "nowhere")),
        ChannelNotFound,
        "channel-not-found",
    )


async def test_pages_newest_first_and_only_in_force(world: World) -> None:
    alice = await world.register("alice")
    for n in range(6):
        await world.register(f"user{n}")
    for n in range(6):
        world.clock.current = T0 + timedelta(seconds=n)
        await ban(world, user(alice), f"user{n}", 100 if n == 2 else None)
    await unban(world, user(alice), "user4")
    world.clock.current = T0 + timedelta(seconds=102)  # user2's timeout ran out
    seen = []
    after = None
    while True:
        page = await listed(world, limit=2, after=after)
        seen.append([b.account.username for b in page.data])
        if page.next is None:
            break
        after = page.next
    assert seen == [["user5", "user3"], ["user1", "user0"]]
    await fails(world, listed(world, limit=0), Invalid, "invalid")
    await fails(world, listed(world, limit=101), Invalid, "invalid")
    await fails(world, listed(world, after="garbage!"), Invalid, "invalid")


async def test_the_repository_keeps_one_open_row(world: World) -> None:
    alice = await world.register("alice")
    bob = await world.register("bob")
    first = (await ban(world, user(alice), "bob")).ban
    repo = MemoryBans(MemoryUnit(world.db))
    second = Ban(new_id(), first.channel_id, bob.id, BanKind.BAN, None, None, None, T0)
    with pytest.raises(BanConflict) as info:
        await repo.add(second)
    assert info.value.code == "ban-conflict"


def test_ban_entity() -> None:
    channel, account = uuid.uuid4(), uuid.uuid4()
    forever = Ban(new_id(), channel, account, BanKind.BAN, None, None, None, T0)
    assert forever.active_at(T0 + timedelta(days=10_000))
    assert forever.duration_seconds is None
    later = T0 + timedelta(seconds=30)
    timeout = Ban(new_id(), channel, account, BanKind.TIMEOUT, None, later, None, T0)
    assert timeout.duration_seconds == 30
    assert timeout.active_at(T0 + timedelta(seconds=29))
    assert not timeout.active_at(later)
    lifted = Ban(new_id(), channel, account, BanKind.BAN, None, None, None, T0, T0, None)
    assert not lifted.active_at(T0)
