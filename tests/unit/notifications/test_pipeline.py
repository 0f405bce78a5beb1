"""Triggers, expansion in batches, preferences, quiet cap, idempotency, sending, retries."""

from __future__ import annotations

import pytest

from streamz.core.errors import Forbidden
from streamz.core.identity.entities import Account
from streamz.core.notifications.dead_letters import DeadLettersRequest
from streamz.core.notifications.entities import Medium, NotificationPolicy, Status
from streamz.core.notifications.expand import ExpandNotificationRequest
from streamz.core.notifications.send import SendDeliveriesRequest
from streamz.core.notifications.sweep import SweepNotificationsRequest
from streamz.core.notifications.trigger import TriggerNotificationsRequest
from streamz.core.shared.events import Event
from streamz.ports.notification_delivery import SendOutcome
from tests.unit.support import SYSTEM, T0, user

from .support import NotifyWorld, live_event

pytestmark = pytest.mark.anyio


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


async def test_go_live_reaches_every_follower_once_in_batches() -> None:
    world = NotifyWorld()  # pages of 3 recipients
    owner, fans = await audience(world, 7)
    await world.device(fans[0], "token-0-tablet")  # two devices: two pushes
    [notification_id] = await world.run_events(live_event(await world.channel_of(owner)))
    await world.drain()
    tokens = sorted(m.token for m in world.push.sent)
    assert tokens == sorted([f"token-{i}" for i in range(7)] + ["token-0-tablet"])
    assert {m.collapse_key for m in world.push.sent} == {f"live:{await world.channel_of(owner)}"}
    assert world.push.sent[0].title == "Caster is live"
    assert world.push.sent[0].body == "Speedrun"
    records = world.deliveries()
    assert {r.status for r in records} == {Status.SENT}
    assert all(r.provider_id and r.attempts == 1 for r in records)
    notification = world.tables.table("notifications")[notification_id]
    assert notification.expanded_at is not None
    # in-app: one inbox row each, one websocket event per page naming the page's accounts
    assert len(world.tables.table("inbox_notifications")) == 7
    created = [e for e in world.tables.outbox if e.topic == "notification.created"]
    assert [len(e.payload["account_ids"]) for e in created] == [3, 3, 1]


async def test_duplicate_outbox_delivery_and_duplicate_jobs_send_nothing_twice() -> None:
    world = NotifyWorld()
    owner, _ = await audience(world, 4)
    event = live_event(await world.channel_of(owner))
    [notification_id] = await world.run_events(event)
    assert await world.run_events(event) == []  # same event id again: nothing new
    # the first page's job runs twice (a retried job): the second is a no-op
    await world.expand()(ExpandNotificationRequest(SYSTEM, notification_id, None))
    again = await world.expand()(ExpandNotificationRequest(SYSTEM, notification_id, None))
    assert again.recipients == 0
    world.jobs.sends += list(world.jobs.sends)  # every send job queued twice
    await world.drain()
    assert sorted(m.token for m in world.push.sent) == [f"token-{i}" for i in range(4)]
    assert len(world.deliveries()) == 4


async def test_preferences_account_wide_and_per_channel() -> None:
    world = NotifyWorld()
    owner, fans = await audience(world, 4)
    channel = await world.channel_of(owner)
    await world.prefer(fans[0], {"push.channel_live": False})  # off everywhere
    await world.prefer(fans[1], {"push.channel_live": False}, channel)  # off for this channel
    await world.prefer(fans[2], {"push.channel_live": False})
    await world.prefer(fans[2], {"push.channel_live": True}, channel)  # ...but on here
    await world.run_events(live_event(channel))
    await world.drain()
    assert sorted(m.token for m in world.push.sent) == ["token-2", "token-3"]


async def test_quiet_cap_turns_excess_into_one_digest_then_collapses() -> None:
    world = NotifyWorld()  # cap 2 per hour
    owner, [_fan] = await audience(world, 1)
    channel = await world.channel_of(owner)
    for i in range(5):
        await world.run_events(live_event(channel, title=f"stream {i}"))
    await world.drain()
    keys = [m.collapse_key for m in world.push.sent]
    assert keys == [f"live:{channel}", f"live:{channel}", "digest"]
    assert world.push.sent[2].title == "More on Streamz"
    assert sorted(r.status for r in world.deliveries()).count(Status.COLLAPSED) == 2
    assert len(world.tables.table("inbox_notifications")) == 5  # in-app keeps them all


async def test_other_triggers_pick_their_recipient() -> None:
    world = NotifyWorld()
    owner = await world.register("caster")
    fan = await world.register("fan")
    await world.device(owner, "owner-phone")
    await world.device(fan, "fan-phone")
    channel = str(await world.channel_of(owner))
    follow = {"follower_id": str(fan.id), "channel_id": channel}
    own = {"follower_id": str(owner.id), "channel_id": channel}
    mention = {
        "channel_id": channel,
        "chatroom_id": channel,
        "mentions": [str(fan.id), str(owner.id)],
        "content": "hey @fan",
        "author": {"account_id": str(owner.id), "username": "caster"},
    }
    ban = {"channel_id": channel, "account_id": str(fan.id), "kind": "timeout",
           "duration_seconds": 600}  # fmt: skip
    created = await world.run_events(
        Event("channel.followed", channel, follow, T0),
        Event("channel.followed", channel, own, T0),  # following yourself: nobody
        Event("chat.message_sent", channel, mention, T0),
        Event("chat.user_banned", channel, ban, T0),
        Event("stream.online", channel, {"channel_id": channel}, T0),  # not a trigger
    )
    assert len(created) == 3
    await world.drain()
    sent = {(m.token, m.title) for m in world.push.sent}
    assert sent == {
        ("owner-phone", "New follower"),
        ("fan-phone", "caster mentioned you"),  # the author is not notified
        ("fan-phone", "You were timed out"),
    }


async def test_account_emails_welcome_and_email_changed() -> None:
    world = NotifyWorld()
    fan = await world.register("fan", email="fan@example.com")
    welcome = {"account_id": str(fan.id), "username": "fan"}
    changed = {"account_id": str(fan.id), "previous": "old@example.com", "email": "fan@example.com"}
    await world.run_events(
        Event("account.registered", str(fan.id), welcome, T0),
        Event("account.email_changed", str(fan.id), changed, T0),
    )
    await world.drain()
    mails = {(m.to, m.subject) for m in world.email.sent}
    assert mails == {
        ("fan@example.com", "Welcome to Streamz, fan"),
        ("old@example.com", "Your Streamz email address was changed"),
    }
    assert all("List-Unsubscribe" not in m.headers for m in world.email.sent)  # transactional
    assert "<b>fan@example.com</b>" in next(
        m.html for m in world.email.sent if m.to.startswith("old")
    )


async def test_only_the_system_runs_the_pipeline() -> None:
    world = NotifyWorld()
    fan = await world.register("fan")
    with pytest.raises(Forbidden):
        await world.trigger()(TriggerNotificationsRequest(user(fan), []))
    with pytest.raises(Forbidden):
        await world.sweep()(SweepNotificationsRequest(user(fan)))


async def test_invalid_tokens_are_pruned_and_never_retried() -> None:
    world = NotifyWorld()
    owner, _fans = await audience(world, 2)
    world.push.script["token-0"] = [SendOutcome.INVALID_TOKEN]
    await world.run_events(live_event(await world.channel_of(owner)))
    await world.drain()
    by_target = {r.target: r.status for r in world.deliveries()}
    assert by_target == {"token-0": Status.PRUNED, "token-1": Status.SENT}
    assert [d.token for d in world.tables.table("push_devices").values()] == ["token-1"]
    assert not world.jobs.sends


async def test_retries_back_off_with_jitter_then_dead_letter() -> None:
    world = NotifyWorld(NotificationPolicy(page_size=10, max_attempts=3))
    owner, _ = await audience(world, 2)
    world.push.script["token-0"] = [SendOutcome.RETRY, SendOutcome.RETRY]  # then sent
    world.push.script["token-1"] = [SendOutcome.RETRY] * 3  # gives up
    await world.run_events(live_event(await world.channel_of(owner)))
    await world.expand()(ExpandNotificationRequest(SYSTEM, *world.jobs.expansions.pop(0)))
    ids, _ = world.jobs.sends.pop(0)
    await world.send()(SendDeliveriesRequest(SYSTEM, ids))
    retry_ids, at = world.jobs.sends[0]
    assert sorted(retry_ids) == sorted(ids)
    assert at is not None
    assert 1.0 <= (at - T0).total_seconds() <= 2.0
    await world.drain()
    by_target = {r.target: (r.status, r.attempts) for r in world.deliveries()}
    assert by_target == {"token-0": (Status.SENT, 3), "token-1": (Status.DEAD, 3)}
    [dead] = await world.dead_letters()(DeadLettersRequest(SYSTEM))
    assert dead.target == "token-1"
    assert dead.error == "retry"
    assert ("fcm", False) in world.breaker.records


async def test_permanent_failure_is_not_retried() -> None:
    world = NotifyWorld()
    owner, _ = await audience(world, 1)
    world.push.script["token-0"] = [SendOutcome.FAILED]
    await world.run_events(live_event(await world.channel_of(owner)))
    await world.drain()
    [record] = world.deliveries()
    assert (record.status, record.attempts) == (Status.FAILED, 1)
    assert not world.push.sent


async def test_open_breaker_holds_the_batch_without_counting_an_attempt() -> None:
    world = NotifyWorld()
    owner, _ = await audience(world, 2)
    world.breaker.open.add("fcm")
    await world.run_events(live_event(await world.channel_of(owner)))
    await world.drain(rounds=2)  # expand, one send: held
    assert not world.push.calls
    assert {(r.status, r.attempts, r.error) for r in world.deliveries()} == {
        (Status.PENDING, 0, "circuit open")
    }
    world.breaker.open.clear()
    await world.drain()
    assert {r.status for r in world.deliveries()} == {Status.SENT}


async def test_rate_limit_is_asked_before_every_call_and_waited_for() -> None:
    world = NotifyWorld(NotificationPolicy(page_size=1000))
    owner, _ = await audience(world, 3)
    world.rate_limit.waits = [0.01, 0.01]  # told to wait twice, then given tokens
    await world.run_events(live_event(await world.channel_of(owner)))
    await world.drain()
    assert world.rate_limit.taken == [("fcm", 3)]
    assert world.push.calls == [3]


async def test_throttled_email_is_requeued_and_eventually_sent() -> None:
    world = NotifyWorld()
    fan = await world.register("fan", email="fan@example.com")
    world.email.script = [SendOutcome.RETRY, SendOutcome.RETRY]  # SES throttling drops it
    payload = {"account_id": str(fan.id), "username": "fan"}
    await world.run_events(Event("account.registered", str(fan.id), payload, T0))
    await world.drain()
    [mail] = world.email.sent
    assert mail.to == "fan@example.com"
    [record] = world.deliveries()
    assert (record.medium, record.status, record.attempts) == (Medium.EMAIL, Status.SENT, 3)


async def test_sweep_frees_expired_leases_and_requeues_lost_work() -> None:
    world = NotifyWorld(NotificationPolicy(page_size=1000, lease_seconds=60))
    owner, _ = await audience(world, 2)
    await world.run_events(live_event(await world.channel_of(owner)))
    world.jobs.expansions.clear()  # the expansion job was lost
    world.later(200)
    swept = await world.sweep()(SweepNotificationsRequest(SYSTEM))
    assert swept.expansions == 1
    await world.drain(rounds=1)  # expand only: sends are queued
    ids, _ = world.jobs.sends.pop(0)
    store, uow = world.store()
    await store.claim(ids, world.clock.current, world.clock.current)  # a worker took them...
    await uow.commit()
    # ...and died. Before the lease ends nothing is requeued; after it, all of them
    assert (await world.sweep()(SweepNotificationsRequest(SYSTEM))).deliveries == 0
    world.later(61)
    assert (await world.sweep()(SweepNotificationsRequest(SYSTEM))).deliveries == 2
    await world.drain()
    assert sorted(m.token for m in world.push.sent) == ["token-0", "token-1"]


async def test_replies_notify_the_replied_author_and_nobody_watching_the_room() -> None:
    from streamz.adapters.memory.database import MemoryUnit
    from streamz.adapters.memory.messages import MemoryMessages
    from streamz.core.chat.chat_identity.entities import ChatIdentity
    from streamz.core.chat.messages.entities import Message
    from streamz.core.shared.ids import new_id

    world = NotifyWorld()
    owner = await world.register("caster")
    fan = await world.register("fan")
    watcher = await world.register("watcher")
    for account, token in ((owner, "owner-phone"), (fan, "fan-phone"), (watcher, "w-phone")):
        await world.device(account, token)
    channel = await world.channel_of(owner)
    room = new_id()
    identity = ChatIdentity(owner.id, "caster", "#FFFFFF", False, ())
    earlier = Message(
        new_id(), room, channel, 0, owner.id, "hi all", (), (), None, None, identity, T0, T0
    )
    unit = MemoryUnit(world.db)
    await MemoryMessages(unit).append(earlier)
    await unit.commit()
    world.viewers.rooms[room] = {watcher.id}  # connected to the room: sees it live
    reply = {
        "channel_id": str(channel),
        "chatroom_id": str(room),
        "mentions": [str(watcher.id)],
        "reply_to": str(earlier.id),
        "content": "@watcher hello back",
        "author": {"account_id": str(fan.id), "username": "fan"},
    }

    created = await world.run_events(Event("chat.message_sent", str(channel), reply, T0))

    assert len(created) == 1
    await world.drain()
    assert [m.token for m in world.push.sent] == ["owner-phone"]  # not the watcher, not fan
