"""Channel subscriptions: grant, renew, end, list, and the reader port (memory adapters)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from streamz.core.channels.audit import ActingAs
from streamz.core.channels.errors import (
    ChannelNotFound,
    OwnSubscription,
    SubscriptionNotFound,
)
from streamz.core.channels.subscriptions.end_subscription import EndSubscriptionRequest
from streamz.core.channels.subscriptions.entities import add_months
from streamz.core.channels.subscriptions.grant_subscription import GrantSubscriptionRequest
from streamz.core.channels.subscriptions.list_subscriptions import ListSubscriptionsRequest
from streamz.core.errors import Forbidden, Invalid
from streamz.core.identity.entities import Account
from streamz.core.identity.errors import AccountNotFound
from tests.unit.support import SYSTEM, T0, fails, user
from tests.unit.team.support import TeamWorld, staff


def test_add_months_keeps_the_day_or_takes_the_last() -> None:
    assert add_months(datetime(2025, 1, 31, tzinfo=UTC), 1) == datetime(2025, 2, 28, tzinfo=UTC)
    assert add_months(datetime(2025, 11, 15, tzinfo=UTC), 3) == datetime(2026, 2, 15, tzinfo=UTC)


async def test_staff_grants_a_gift_with_audit_and_event(
    world: TeamWorld, owner: Account, bob: Account, carol: Account, boss: Account
) -> None:
    request = GrantSubscriptionRequest(
        staff(boss), "alice", "bob", tier=2, months=3, gifted_by="carol"
    )
    sub = await world.grant_subscription()(request)

    assert (sub.tier, sub.months, sub.gifted_by, sub.started_at) == (2, 3, carol.id, T0)
    assert sub.ends_at == add_months(T0, 3)
    assert world.subscription_rows() == [sub]
    entry = world.audit()[-1]
    assert (entry.action, entry.acting_as, entry.target_account_id) == (
        "subscription.granted",
        ActingAs.STAFF,
        bob.id,
    )
    event = world.tables.outbox[-1]
    assert event.topic == "channel.subscribed"
    assert event.payload["gifted_by"] == str(carol.id)
    reader = world.subscriptions()
    assert await reader.active(sub.channel_id, bob.id) == sub
    assert await reader.months(sub.channel_id, bob.id) == 3


async def test_regrant_to_an_active_subscriber_extends(
    world: TeamWorld, owner: Account, bob: Account
) -> None:
    first = await world.grant_subscription()(GrantSubscriptionRequest(SYSTEM, "alice", "bob"))
    world.clock.current = T0 + timedelta(days=10)
    again = await world.grant_subscription()(
        GrantSubscriptionRequest(SYSTEM, "alice", "bob", tier=3, months=2)
    )
    assert again.id == first.id
    assert (again.tier, again.months) == (3, 3)
    assert again.ends_at == add_months(first.ends_at, 2)
    assert "gifted_by" not in world.tables.outbox[-1].payload
    assert world.tables.outbox[-1].payload["renewed"] is True


async def test_expired_is_not_active_and_a_new_grant_starts_over(
    world: TeamWorld, owner: Account, bob: Account
) -> None:
    first = await world.grant_subscription()(GrantSubscriptionRequest(SYSTEM, "alice", "bob"))
    world.clock.current = T0 + timedelta(days=40)
    reader = world.subscriptions()
    assert await reader.active(first.channel_id, bob.id) is None
    listed = await world.list_subscriptions()(ListSubscriptionsRequest(SYSTEM, "alice"))
    assert listed.data == []
    end = world.end_subscription()(EndSubscriptionRequest(SYSTEM, "alice", "bob"))
    await fails(world, end, SubscriptionNotFound, "subscription-not-found")

    second = await world.grant_subscription()(GrantSubscriptionRequest(SYSTEM, "alice", "bob"))
    assert second.id != first.id
    old, new = world.subscription_rows()
    assert old.ended_at == first.ends_at
    assert new.started_at == world.clock.current
    assert await world.subscriptions().months(first.channel_id, bob.id) == 2


async def test_end_then_not_active(world: TeamWorld, owner: Account, bob: Account) -> None:
    sub = await world.grant_subscription()(GrantSubscriptionRequest(SYSTEM, "alice", "bob"))
    ended = await world.end_subscription()(
        EndSubscriptionRequest(SYSTEM, "alice", "bob", reason="refund")
    )
    assert ended.ended_at == T0
    assert world.topics()[-1] == "channel.subscription_ended"
    assert world.audit()[-1].reason == "refund"
    assert await world.subscriptions().active(sub.channel_id, bob.id) is None
    again = world.end_subscription()(EndSubscriptionRequest(SYSTEM, "alice", "bob"))
    await fails(world, again, SubscriptionNotFound, "subscription-not-found")


@pytest.mark.usefixtures("tick_ids")
async def test_owner_and_staff_list_subscribers(
    world: TeamWorld, owner: Account, bob: Account, carol: Account, boss: Account
) -> None:
    for name in ("bob", "carol"):
        await world.grant_subscription()(GrantSubscriptionRequest(SYSTEM, "alice", name))
    for reader in (user(owner), staff(boss)):
        page = await world.list_subscriptions()(ListSubscriptionsRequest(reader, "alice", 1))
        assert [s.account.username for s in page.data] == ["carol"]
        rest = await world.list_subscriptions()(
            ListSubscriptionsRequest(reader, "alice", 1, page.next)
        )
        assert [s.account.username for s in rest.data] == ["bob"]
    for other in (user(bob), user(boss)):
        call = world.list_subscriptions()(ListSubscriptionsRequest(other, "alice"))
        await fails(world, call, Forbidden, "forbidden")


async def test_only_staff_and_system_grant_and_end(
    world: TeamWorld, owner: Account, bob: Account, boss: Account
) -> None:
    for actor in (user(owner), user(boss)):
        grant = world.grant_subscription()(GrantSubscriptionRequest(actor, "alice", "bob"))
        await fails(world, grant, Forbidden, "forbidden")
        end = world.end_subscription()(EndSubscriptionRequest(actor, "alice", "bob"))
        await fails(world, end, Forbidden, "forbidden")


async def test_grant_bad_input_writes_nothing(
    world: TeamWorld, owner: Account, bob: Account
) -> None:
    cases = [
        (
            GrantSubscriptionRequest(SYSTEM, "alice", "alice"),
            OwnSubscription,
            "own-channel-subscription",
        ),
        (GrantSubscriptionRequest(SYSTEM, "alice", "bob", tier=4), Invalid, "invalid"),
        (GrantSubscriptionRequest(SYSTEM, "alice", "bob", months=0), Invalid, "invalid"),
        (GrantSubscriptionRequest(SYSTEM, "alice", "bob", gifted_by="bob"), Invalid, "invalid"),
        (
            GrantSubscriptionRequest(SYSTEM, "alice", "bob", gifted_by="x"),
            AccountNotFound,
            "account-not-found",
        ),
        (GrantSubscriptionRequest(SYSTEM, "alice", "nobody"), AccountNotFound, "account-not-found"),
        (GrantSubscriptionRequest(SYSTEM, "nowhere", "bob"), ChannelNotFound, "channel-not-found"),
    ]
    for request, error, code in cases:
        await fails(world, world.grant_subscription()(request), error, code)
