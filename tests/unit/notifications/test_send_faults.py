"""A provider's answer is never lost to failing bookkeeping, so an accepted send is never
repeated: the breaker's ``record`` failing, the outcome write failing (retried, then kept for
the sweep), a guard failing half-way through a batch."""

from __future__ import annotations

import pytest

from streamz.core.identity.entities import Account
from streamz.core.notifications.entities import Medium, NotificationPolicy, Status
from streamz.core.notifications.send import SendDeliveriesRequest
from streamz.core.notifications.sweep import SweepNotificationsRequest
from streamz.core.shared.events import Event
from tests.unit.support import SYSTEM, T0

from .support import NotifyWorld, live_event

pytestmark = pytest.mark.anyio

LEASE = 60
FAST = NotificationPolicy(page_size=1000, lease_seconds=LEASE, record_retry_delays=(0.0, 0.0))


async def audience(world: NotifyWorld, n: int) -> tuple[Account, list[Account]]:
    owner = await world.register("caster")
    channel = await world.channel_of(owner)
    fans = []
    for i in range(n):
        fan = await world.register(f"fan{i}")
        await world.follow(fan, channel)
        await world.device(fan, f"token-{i}")
        fans.append(fan)
    return owner, fans


async def go_live(world: NotifyWorld, fans: int) -> list[str]:
    owner, _ = await audience(world, fans)
    await world.run_events(live_event(await world.channel_of(owner)))
    return [f"token-{i}" for i in range(fans)]


async def after_the_lease(world: NotifyWorld) -> None:
    """The lease ends, the sweep runs, whatever it queued runs."""
    world.later(LEASE + 1)
    await world.sweep()(SweepNotificationsRequest(SYSTEM))
    await world.drain()


def pushes_per_token(world: NotifyWorld) -> dict[str, int]:
    out: dict[str, int] = {}
    for message in world.push.sent:
        out[message.token] = out.get(message.token, 0) + 1
    return out


async def test_breaker_record_failing_neither_fails_the_job_nor_repeats_a_send() -> None:
    world = NotifyWorld(FAST)
    tokens = await go_live(world, 3)
    world.breaker.broken = True
    await world.drain()
    assert [r.status for r in world.deliveries()] == [Status.SENT] * 3
    await after_the_lease(world)
    assert pushes_per_token(world) == dict.fromkeys(tokens, 1)


async def test_outcome_write_failing_is_tried_again_not_the_send() -> None:
    world = NotifyWorld(FAST)
    tokens = await go_live(world, 3)
    world.record_failures = 2  # as many as the pauses: the last try succeeds
    await world.drain()
    assert world.record_failures == 0
    records = world.deliveries()
    assert [(r.status, r.attempts) for r in records] == [(Status.SENT, 1)] * 3
    assert all(r.provider_id for r in records)
    assert world.outcomes.kept == {}  # kept after the first failure, forgotten once written
    await after_the_lease(world)
    assert pushes_per_token(world) == dict.fromkeys(tokens, 1)


async def test_outcome_write_failing_every_try_is_recorded_by_the_sweep_not_sent_again() -> None:
    world = NotifyWorld(FAST)
    tokens = await go_live(world, 3)
    world.record_failures = 1000
    await world.drain(rounds=1)  # the expansion
    ids, _ = world.jobs.sends.pop(0)
    with pytest.raises(ConnectionError):
        await world.send()(SendDeliveriesRequest(SYSTEM, ids))
    assert [r.status for r in world.deliveries()] == [Status.SENDING] * 3
    assert sorted(u.status for u in world.outcomes.kept.values()) == [Status.SENT] * 3
    world.later(LEASE + 1)
    with pytest.raises(ConnectionError):  # the database still refuses: nothing is freed
        await world.sweep()(SweepNotificationsRequest(SYSTEM))
    assert [r.status for r in world.deliveries()] == [Status.SENDING] * 3
    world.record_failures = 0  # it recovers
    swept = await world.sweep()(SweepNotificationsRequest(SYSTEM))
    assert (swept.settled, swept.deliveries) == (3, 0)
    await world.drain()
    records = world.deliveries()
    assert [r.status for r in records] == [Status.SENT] * 3
    assert {r.provider_id for r in records} == {
        f"projects/x/messages/{n}" for n in (1, 2, 3)
    }  # the provider's ids, from the kept answers
    assert world.outcomes.kept == {}
    await after_the_lease(world)
    assert pushes_per_token(world) == dict.fromkeys(tokens, 1)


async def test_only_the_database_and_redis_both_failing_every_try_sends_again() -> None:
    """The documented limit of the guarantee: with nowhere to keep the answer, the lease ends
    and the batch is sent again (the collapse key makes the device show it once)."""
    world = NotifyWorld(FAST)
    tokens = await go_live(world, 2)
    world.record_failures = 1000
    world.outcomes.broken = True
    await world.drain(rounds=1)
    ids, _ = world.jobs.sends.pop(0)
    with pytest.raises(ConnectionError):
        await world.send()(SendDeliveriesRequest(SYSTEM, ids))
    world.record_failures = 0
    await after_the_lease(world)
    assert [r.status for r in world.deliveries()] == [Status.SENT] * 2
    assert pushes_per_token(world) == dict.fromkeys(tokens, 2)


async def test_a_guard_failing_half_way_records_what_was_sent_and_holds_the_rest() -> None:
    world = NotifyWorld(FAST)
    owner = await world.register("caster")
    fan = await world.register("fan")
    await world.device(owner, "owner-phone")
    channel = await world.channel_of(owner)
    payload = {"channel_id": str(channel), "account_id": str(fan.id), "username": "fan"}
    await world.run_events(Event("channel.subscribed", str(channel), payload, T0))
    await world.drain(rounds=1)
    ids = [i for job, _ in world.jobs.sends for i in job]  # the owner's push and email...
    world.jobs.sends.clear()
    assert len(ids) == 2  # ...in one job, as the sweep may queue them
    world.breaker.allows_left = 1  # the push goes; asking about the email, Redis fails
    report = await world.send()(SendDeliveriesRequest(SYSTEM, ids))
    assert report.by_status == {"sent": 1, "pending": 1}
    by_medium = {r.medium: r for r in world.deliveries()}
    assert (by_medium[Medium.PUSH].status, by_medium[Medium.PUSH].attempts) == (Status.SENT, 1)
    held = by_medium[Medium.EMAIL]
    assert (held.status, held.attempts) == (Status.PENDING, 0)  # not an attempt
    assert held.error == "not attempted: ConnectionError"
    world.breaker.allows_left = None
    await world.drain()  # its retry job, at the breaker's pause
    await after_the_lease(world)
    assert [m.token for m in world.push.sent] == ["owner-phone"]
    assert [m.to for m in world.email.sent] == ["caster@example.com"]
    assert {r.status for r in world.deliveries()} == {Status.SENT}


async def test_email_outcome_write_failing_sends_the_email_once() -> None:
    world = NotifyWorld(FAST)
    fan = await world.register("fan")
    payload = {"account_id": str(fan.id), "username": "fan"}
    await world.run_events(Event("account.registered", str(fan.id), payload, T0))
    world.record_failures = 2
    world.breaker.broken = True
    await world.drain()
    await after_the_lease(world)
    assert [m.to for m in world.email.sent] == ["fan@example.com"]
    [record] = world.deliveries()
    assert (record.status, record.attempts) == (Status.SENT, 1)
