"""The identity cache: hits, expiry, and every writer dropping what it changed."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import timedelta

from streamz.adapters.memory.chat_identity import MemoryIdentityCache
from streamz.adapters.memory.database import FixedClock
from streamz.core.channels.badges.create_badge import CreateBadge, CreateBadgeRequest
from streamz.core.channels.badges.delete_badge import DeleteBadge, DeleteBadgeRequest
from streamz.core.channels.roles import ChannelRole
from streamz.core.channels.subscriptions.end_subscription import (
    EndSubscription,
    EndSubscriptionRequest,
)
from streamz.core.channels.subscriptions.entities import add_months
from streamz.core.channels.subscriptions.grant_subscription import (
    GrantSubscription,
    GrantSubscriptionRequest,
)
from streamz.core.channels.team.grant_role import GrantRole, GrantRoleRequest
from streamz.core.channels.team.revoke_role import RevokeRole, RevokeRoleRequest
from streamz.core.chat.chat_identity.cache import NO_IDENTITY_CACHE
from streamz.core.chat.chat_identity.entities import BadgeKind, ChatBadge, ChatIdentity
from streamz.core.chat.chat_identity.identities import UNKNOWN
from streamz.core.identity.entities import Role
from streamz.core.identity.set_role import SetRole, SetRoleRequest
from tests.unit.media.images import png
from tests.unit.support import SYSTEM, T0

from .support import IdentityWorld

VIP = ChannelRole.VIP


def kinds(identity: ChatIdentity) -> list[str]:
    return [str(b.kind) for b in identity.badges]


async def test_a_second_read_is_a_hit_that_skips_the_database(world: IdentityWorld) -> None:
    await world.register("alice")
    bob = await world.register("bob")
    cache = await world.cache()
    first = await world.identity("alice", "bob")
    assert (cache.reads, cache.hits) == (1, 0)
    # change an input behind the cache's back (no writer): a hit does not see it
    tables = await world.tables()
    tables.accounts[bob.id] = replace(bob, role=Role.STAFF)
    assert await world.identity("alice", "bob") == first
    assert (cache.reads, cache.hits) == (2, 1)
    # ten minutes later the entry has expired and the identity is recomputed
    world.later(seconds=600)
    assert kinds(await world.identity("alice", "bob")) == ["staff"]
    assert cache.hits == 1


async def test_the_message_path_reads_through_the_cache(world: IdentityWorld) -> None:
    await world.register("alice")
    bob = await world.register("bob")
    channel = await world.channel("alice")
    cache = await world.cache()
    assert await world.of(channel, bob) == await world.of(channel, bob)
    assert (cache.reads, cache.hits) == (2, 1)


async def test_an_unknown_account_shows_as_unknown_and_is_not_cached(
    world: IdentityWorld,
) -> None:
    await world.register("alice")
    channel = await world.channel("alice")
    ghost = uuid.uuid4()
    seen = await world.of(channel, ghost)
    assert (seen.username, seen.badges, seen.colour_chosen) == (UNKNOWN, (), False)
    await world.of(channel, ghost)
    assert (await world.cache()).hits == 0


async def test_role_changes_drop_that_account_in_that_channel(world: IdentityWorld) -> None:
    await world.register("alice")
    await world.register("bob")
    await world.register("carol")
    assert kinds(await world.identity("alice", "bob")) == []
    carol_before = await world.identity("alice", "carol")
    await world.call(GrantRole, GrantRoleRequest(SYSTEM, "alice", VIP, "bob"))
    assert kinds(await world.identity("alice", "bob")) == ["vip"]
    await world.call(RevokeRole, RevokeRoleRequest(SYSTEM, "alice", VIP, "bob"))
    assert kinds(await world.identity("alice", "bob")) == []
    cache = await world.cache()
    hits = cache.hits
    assert await world.identity("alice", "carol") == carol_before  # others kept theirs
    assert cache.hits == hits + 1


async def test_subscriptions_granted_and_ended_drop_the_identity(world: IdentityWorld) -> None:
    await world.register("alice")
    await world.register("bob")
    assert kinds(await world.identity("alice", "bob")) == []
    grant = GrantSubscriptionRequest(SYSTEM, "alice", "bob", months=1)
    await world.call(GrantSubscription, grant)
    assert (await world.identity("alice", "bob")).badges == (
        ChatBadge(BadgeKind.SUBSCRIBER, 1, None),
    )
    await world.call(EndSubscription, EndSubscriptionRequest(SYSTEM, "alice", "bob"))
    assert kinds(await world.identity("alice", "bob")) == []


async def test_an_entry_never_outlives_the_subscription(world: IdentityWorld) -> None:
    await world.register("alice")
    await world.register("bob")
    await world.call(GrantSubscription, GrantSubscriptionRequest(SYSTEM, "alice", "bob"))
    ends = add_months(T0, 1)
    world.clock.current = ends - timedelta(minutes=2)
    assert kinds(await world.identity("alice", "bob")) == ["subscriber"]  # cached for 2 min
    world.later(seconds=119)
    assert kinds(await world.identity("alice", "bob")) == ["subscriber"]
    hits = (await world.cache()).hits
    world.later(seconds=1)  # the subscription ended: no badge, without any writer
    assert kinds(await world.identity("alice", "bob")) == []
    assert (await world.cache()).hits == hits


async def test_badge_changes_drop_the_whole_channel(world: IdentityWorld) -> None:
    await world.register("alice")
    await world.register("dave")
    for name in ("bob", "carol"):
        await world.register(name)
        await world.call(
            GrantSubscription, GrantSubscriptionRequest(SYSTEM, "alice", name, months=3)
        )
        await world.call(GrantSubscription, GrantSubscriptionRequest(SYSTEM, "dave", name))
        assert (await world.identity("alice", name)).badges[0].image_url is None
        await world.identity("dave", name)
    await world.call(CreateBadge, CreateBadgeRequest(SYSTEM, "alice", 2, png(32)))
    for name in ("bob", "carol"):
        shown = (await world.identity("alice", name)).badges[0]
        assert shown.months == 2
        assert shown.image_url is not None
    cache = await world.cache()
    hits = cache.hits
    await world.identity("dave", "bob")  # another channel's entries stay
    assert cache.hits == hits + 1
    await world.call(DeleteBadge, DeleteBadgeRequest(SYSTEM, "alice", 2))
    assert (await world.identity("alice", "carol")).badges == (
        ChatBadge(BadgeKind.SUBSCRIBER, 3, None),
    )


async def test_the_staff_role_drops_the_account_in_every_channel(world: IdentityWorld) -> None:
    await world.register("alice")
    await world.register("bob")
    assert kinds(await world.identity("alice", "bob")) == []
    assert kinds(await world.identity("bob", "bob")) == ["owner"]
    await world.call(SetRole, SetRoleRequest(SYSTEM, "bob", Role.STAFF))
    assert kinds(await world.identity("alice", "bob")) == ["staff"]
    assert kinds(await world.identity("bob", "bob")) == ["staff", "owner"]
    await world.call(SetRole, SetRoleRequest(SYSTEM, "bob", Role.USER))
    assert kinds(await world.identity("alice", "bob")) == []


async def test_an_identity_computed_before_a_forget_is_never_served() -> None:
    clock = FixedClock(T0)
    cache = MemoryIdentityCache(clock)
    channel, account, other = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    stale = ChatIdentity(account, "bob", "#FF4500", False, ())
    for forget in ("pair", "channel", "account"):
        miss = await cache.get(channel, account)
        assert miss.identity is None
        assert miss.stamp is not None
        # a writer committed while the reader was computing
        if forget == "pair":
            await cache.forget(channel, account)
        elif forget == "channel":
            await cache.forget_channel(channel)
        else:
            await cache.forget_account(account)
        await cache.put(channel, account, stale, miss.stamp, 600)
        assert (await cache.get(channel, account)).identity is None
    fresh = await cache.get(channel, account)
    assert fresh.stamp is not None
    await cache.put(channel, account, stale, fresh.stamp, 600)
    assert (await cache.get(channel, account)).identity == stale
    await cache.forget(channel, other)  # another pair: untouched
    assert (await cache.get(channel, account)).identity == stale


async def test_use_cases_built_by_hand_keep_no_cache() -> None:
    lookup = await NO_IDENTITY_CACHE.get(uuid.uuid4(), uuid.uuid4())
    assert (lookup.identity, lookup.stamp) == (None, None)
