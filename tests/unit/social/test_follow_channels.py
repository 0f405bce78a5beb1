from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from streamz.core.channels.errors import ChannelNotFound
from streamz.core.errors import Forbidden, Invalid, Unauthenticated
from streamz.core.identity.entities import Account
from streamz.core.identity.errors import AccountNotFound
from streamz.core.social.check_following_channel import (
    CheckFollowingChannel,
    CheckFollowingChannelRequest,
)
from streamz.core.social.errors import CannotFollowSelf
from streamz.core.social.follow_channel import FollowChannel, FollowChannelRequest
from streamz.core.social.list_followed_channels import (
    ListFollowedChannels,
    ListFollowedChannelsRequest,
)
from streamz.core.social.unfollow_channel import UnfollowChannel, UnfollowChannelRequest
from tests.unit.social.support import followers, make, rows, staff, token
from tests.unit.support import ANONYMOUS, SYSTEM, T0, World, fails, user


@pytest.fixture
async def alice(world: World) -> Account:
    return await world.register("alice")


@pytest.fixture
async def bob(world: World) -> Account:
    return await world.register("bob")


async def follow(world: World, who: Account, channel: str) -> object:
    return await make(world, FollowChannel)(FollowChannelRequest(user(who), channel))


async def test_follow_counts_and_emits_once(world: World, alice: Account, bob: Account) -> None:
    bobs = next(c for c in world.tables.channels.values() if c.account_id == bob.id)
    first = await make(world, FollowChannel)(FollowChannelRequest(user(alice), "BOB"))
    assert (first.following, first.since, first.changed) == (True, T0, True)
    world.clock.current = T0 + timedelta(hours=1)
    again = await make(world, FollowChannel)(FollowChannelRequest(user(alice), str(bobs.id)))
    assert (again.following, again.since, again.changed) == (True, T0, False)
    assert followers(world, "channels", bobs.id) == 1
    assert rows(world, "channel_follows") == 1
    events = [e for e in world.tables.outbox if e.topic == "channel.followed"]
    assert len(events) == 1
    assert events[0].payload == {
        "follower_id": str(alice.id),
        "channel_id": str(bobs.id),
        "followed_at": T0.isoformat(),
    }


async def test_unfollow_uncounts_and_is_idempotent(
    world: World, alice: Account, bob: Account
) -> None:
    await follow(world, alice, "bob")
    gone = await make(world, UnfollowChannel)(UnfollowChannelRequest(user(alice), "bob"))
    assert (gone.following, gone.changed) == (False, True)
    again = await make(world, UnfollowChannel)(UnfollowChannelRequest(user(alice), "bob"))
    assert (again.following, again.changed) == (False, False)
    bobs = next(c for c in world.tables.channels.values() if c.account_id == bob.id)
    assert followers(world, "channels", bobs.id) == 0
    assert rows(world, "channel_follows") == 0
    assert world.topics().count("channel.unfollowed") == 1


async def test_cannot_follow_own_channel_or_unknown(world: World, alice: Account) -> None:
    await fails(world, follow(world, alice, "alice"), CannotFollowSelf, "cannot-follow-self")
    await fails(world, follow(world, alice, "nobody"), ChannelNotFound, "channel-not-found")
    unfollow = make(world, UnfollowChannel)(UnfollowChannelRequest(user(alice), "nobody"))
    await fails(world, unfollow, ChannelNotFound, "channel-not-found")


async def test_check(world: World, alice: Account, bob: Account) -> None:
    check = CheckFollowingChannelRequest(user(alice), "bob")
    before = await make(world, CheckFollowingChannel)(check)
    assert (before.following, before.since) == (False, None)
    await follow(world, alice, "bob")
    after = await make(world, CheckFollowingChannel)(check)
    assert (after.following, after.since) == (True, T0)


@pytest.mark.usefixtures("tick_ids")
async def test_list_newest_first_in_pages(world: World, alice: Account) -> None:
    names = [f"streamer{i}" for i in range(5)]
    for name in names:
        await world.register(name)
        await follow(world, alice, name)
    seen: list[str] = []
    after = None
    while True:
        page = await make(world, ListFollowedChannels)(
            ListFollowedChannelsRequest(user(alice), limit=2, after=after)
        )
        seen += [f.channel.slug for f in page.data]
        assert all(f.channel.followers_count == 1 for f in page.data)
        if page.next is None:
            break
        after = page.next
    assert seen == names[::-1]
    bad = make(world, ListFollowedChannels)(ListFollowedChannelsRequest(user(alice), after="%"))
    await fails(world, bad, Invalid, "invalid")


async def test_system_acts_for_a_named_account(world: World, alice: Account, bob: Account) -> None:
    done = await make(world, FollowChannel)(FollowChannelRequest(SYSTEM, "bob", alice.id))
    assert done.changed
    check = await make(world, CheckFollowingChannel)(
        CheckFollowingChannelRequest(SYSTEM, "bob", alice.id)
    )
    assert check.following
    no_account = make(world, FollowChannel)(FollowChannelRequest(SYSTEM, "bob"))
    await fails(world, no_account, Invalid, "invalid")
    unknown = make(world, FollowChannel)(FollowChannelRequest(SYSTEM, "bob", uuid.uuid4()))
    await fails(world, unknown, AccountNotFound, "account-not-found")


async def test_only_sessions_and_the_system(world: World, alice: Account, bob: Account) -> None:
    cases = [
        (ANONYMOUS, Unauthenticated, "unauthenticated"),
        (token(alice), Forbidden, "forbidden"),
        (staff(alice), Forbidden, "forbidden"),
    ]
    for actor, error, code in cases:
        call = make(world, FollowChannel)(FollowChannelRequest(actor, "bob"))
        await fails(world, call, error, code)
    other = make(world, FollowChannel)(FollowChannelRequest(user(alice), "bob", bob.id))
    await fails(world, other, Forbidden, "forbidden")
