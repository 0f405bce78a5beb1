"""MessageRepository.sender_facts contract: a sender's ban, follow and subscription in one read,
the same on the memory and the Postgres adapter as the three reads it replaces."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import partial
from typing import Any

from streamz.adapters.memory.bans import MemoryBans
from streamz.adapters.memory.database import FixedClock
from streamz.adapters.memory.messages import MemoryMessages
from streamz.adapters.memory.social import MemoryChannelFollows
from streamz.adapters.memory.subscriptions import MemorySubscriptions
from streamz.adapters.postgres.bans import PostgresBans
from streamz.adapters.postgres.messages import PostgresMessages
from streamz.adapters.postgres.social import PostgresChannelFollows
from streamz.adapters.postgres.subscriptions import PostgresSubscriptions
from streamz.core.channels.entities import Channel
from streamz.core.channels.subscriptions.entities import Subscription
from streamz.core.chat.bans.entities import Ban, BanKind
from streamz.core.identity.entities import Account
from streamz.core.shared.ids import new_id
from streamz.core.social.entities import Follow
from streamz.ports.messages import MessageRepository, SenderFacts
from tests.integration.contracts.conftest import T0, Backend, on

MEMORY: Callable[[Any], MessageRepository] = MemoryMessages
POSTGRES: Callable[[Any], MessageRepository] = PostgresMessages
NOW = T0 + timedelta(days=10)
NOBODY = SenderFacts(None, None, None)
CLOCK = FixedClock(NOW)


def ban(channel: Channel, account: Account, kind: BanKind, **changes: Any) -> Ban:
    fields: dict[str, Any] = {
        "id": new_id(), "channel_id": channel.id, "account_id": account.id, "kind": kind,
        "reason": None, "expires_at": None, "created_by": None, "created_at": T0,
    }  # fmt: skip
    return Ban(**(fields | changes))


def sub(channel: Channel, account: Account, **changes: Any) -> Subscription:
    fields: dict[str, Any] = {
        "id": new_id(), "channel_id": channel.id, "account_id": account.id, "tier": 1,
        "started_at": T0, "months": 1, "gifted_by": None, "ends_at": NOW + timedelta(days=20),
        "ended_at": None, "created_at": T0, "updated_at": T0,
    }  # fmt: skip
    return Subscription(**(fields | changes))


async def test_sender_facts_are_the_ban_in_force_the_follow_and_the_active_subscription(
    backend: Backend,
) -> None:
    seeded = await backend.seed(accounts=6, channels=2)
    (_, ann, bob, cat, dan, eve), (channel, other) = seeded.accounts, seeded.channels
    # ann: banned, follows, subscribed; bob: timed out (in force), an ended subscription;
    # cat: a timeout that ran out, a lapsed subscription; dan: an ended ban, all in `other`;
    # eve: nothing
    banned = ban(channel, ann, BanKind.BAN)
    timed_out = ban(channel, bob, BanKind.TIMEOUT, expires_at=NOW + timedelta(minutes=5))
    ran_out = ban(channel, cat, BanKind.TIMEOUT, expires_at=NOW - timedelta(seconds=1))
    lifted = ban(channel, dan, BanKind.BAN)
    follow = Follow(new_id(), ann.id, channel.id, T0 + timedelta(minutes=3))
    subscribed = sub(channel, ann, tier=2, gifted_by=eve.id)
    ended = sub(channel, bob, ended_at=NOW - timedelta(days=1))
    lapsed = sub(channel, cat, ends_at=NOW)  # ends_at not later than now: not active
    elsewhere = (
        ban(other, dan, BanKind.BAN),
        Follow(new_id(), dan.id, other.id, T0),
        sub(other, dan),
    )
    unit = backend.unit()
    bans = on(backend, unit, MemoryBans, PostgresBans)
    for row in (banned, timed_out, ran_out, lifted, elsewhere[0]):
        await bans.add(row)
    await bans.end(lifted.id, NOW - timedelta(hours=1), None)
    follows = on(backend, unit, MemoryChannelFollows, PostgresChannelFollows)
    for made in (follow, elsewhere[1]):
        await follows.follow(made)
    subs = on(
        backend,
        unit,
        partial(MemorySubscriptions, clock=CLOCK),
        partial(PostgresSubscriptions, clock=CLOCK),
    )
    for made_sub in (subscribed, ended, lapsed, elsewhere[2]):
        await subs.add(made_sub)
    await unit.commit()

    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        facts = [await repo.sender_facts(channel.id, a.id, NOW) for a in seeded.accounts]
        assert facts[1] == SenderFacts(banned, follow, subscribed)
        assert facts[2] == SenderFacts(timed_out, None, None)
        assert facts[3] == NOBODY  # the timeout ran out, the subscription lapsed
        assert facts[4] == NOBODY  # the ban was lifted; the rest is in another channel
        assert facts[5] == NOBODY
        assert facts[0] == NOBODY  # the owner has no rows
        assert await repo.sender_facts(other.id, dan.id, NOW) == SenderFacts(*elsewhere)
        # at the end of the timeout it is no longer in force, nor the subscription at its end
        assert await repo.sender_facts(channel.id, bob.id, NOW + timedelta(minutes=5)) == NOBODY
        assert await repo.sender_facts(channel.id, ann.id, subscribed.ends_at) == SenderFacts(
            banned, follow, None
        )
