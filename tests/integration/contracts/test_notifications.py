"""Contract of the notifications ports (``NotificationStore``, ``PushDevices``, ``Inbox``):
memory and Postgres expand audiences, claim, record and revive deliveries, keep devices and
the inbox the same way."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

import pytest

from streamz.adapters.memory.notifications import (
    MemoryInbox,
    MemoryNotificationStore,
    MemoryPushDevices,
)
from streamz.adapters.memory.social import MemoryChannelFollows, MemoryNotificationPreferences
from streamz.adapters.postgres.notifications import (
    PostgresInbox,
    PostgresNotificationStore,
    PostgresPushDevices,
)
from streamz.adapters.postgres.social import (
    PostgresChannelFollows,
    PostgresNotificationPreferences,
)
from streamz.core.channels.entities import Channel
from streamz.core.errors import Conflict
from streamz.core.identity.entities import Account
from streamz.core.notifications.entities import (
    Audience,
    Delivery,
    DeliveryRecord,
    DeliveryUpdate,
    Kind,
    Medium,
    NewDelivery,
    Notification,
    Recipient,
    Status,
)
from streamz.core.shared.ids import new_id
from streamz.core.social.entities import Follow
from streamz.ports.notifications import Inbox, NotificationStore, PushDevices

from .conftest import T0, Backend, on

M = timedelta(minutes=1)


@dataclass
class Scene:
    backend: Backend
    accounts: list[Account]
    channel: Channel  # owned by accounts[0]
    unit: Any = None

    async def store(self) -> NotificationStore:
        """The store on a fresh unit (``self.unit``: commit it to keep its writes)."""
        await self.backend.release()
        self.unit = self.backend.unit()
        made: NotificationStore = on(
            self.backend, self.unit, MemoryNotificationStore, PostgresNotificationStore
        )
        return made

    async def notification(self, **changes: Any) -> Notification:
        made = Notification(new_id(), new_id(), Kind.CHANNEL_LIVE, Audience.FOLLOWERS,
                            self.channel.id, (), {"title": "Live!", "n": 1}, T0)  # fmt: skip
        made = replace(made, **changes)
        store = await self.store()
        assert await store.create(made)
        await self.unit.commit()
        return made

    async def deliveries(self, notification: Notification, *targets: str) -> list[NewDelivery]:
        """A pending push delivery per target (to accounts[1]), due at T0."""
        to = self.accounts[1].id
        made = [
            NewDelivery(new_id(), notification.id, to, Medium.PUSH, target, Status.PENDING, T0,
                        "pt", target == "digest")
            for target in targets
        ]  # fmt: skip
        store = await self.store()
        assert await store.add_deliveries(made) == [d.id for d in made]
        await self.unit.commit()
        return made


async def scene(backend: Backend, people: int = 4) -> Scene:
    seeded = await backend.seed(accounts=people)
    return Scene(backend, seeded.accounts, seeded.channels[0])


async def test_a_notification_is_created_once_per_event(backend: Backend) -> None:
    s = await scene(backend)
    first = await s.notification(account_ids=(s.accounts[1].id, s.accounts[2].id))
    store = await s.store()
    assert not await store.create(replace(first, id=new_id(), kind=Kind.TEST))
    assert await store.get(first.id) == first
    assert await store.lock(first.id) == first
    assert await store.get(new_id()) is None
    assert await store.channel_owner(s.channel.id) == s.accounts[0].id
    assert await store.channel_owner(new_id()) is None


async def test_followers_are_recipients_in_follow_order_with_merged_preferences(
    backend: Backend,
) -> None:
    s = await scene(backend)
    await backend.release()
    unit = backend.unit()
    follows = on(backend, unit, MemoryChannelFollows, PostgresChannelFollows)
    made = [Follow(new_id(), a.id, s.channel.id, T0) for a in s.accounts[1:]]
    for follow in made:
        await follows.follow(follow)
    prefs = on(backend, unit, MemoryNotificationPreferences, PostgresNotificationPreferences)
    await prefs.merge_account(s.accounts[1].id, {"push.live": False, "email.live": True}, T0)
    await prefs.merge_channel(s.accounts[1].id, s.channel.id, {"push.live": True}, [], T0)
    await unit.commit()
    live = await s.notification()

    store = await s.store()
    first = await store.recipients(live, None, 2)
    assert first == [
        Recipient(str(made[0].id), s.accounts[1].id, "acc1@x.test",
                  {"push.live": True, "email.live": True}),  # the channel's choice wins
        Recipient(str(made[1].id), s.accounts[2].id, "acc2@x.test", {}),
    ]  # fmt: skip
    rest = await store.recipients(live, first[-1].key, 2)
    assert [r.account_id for r in rest] == [s.accounts[3].id]
    assert await store.recipients(live, rest[-1].key, 2) == []


async def test_listed_accounts_are_recipients_by_id_once_each(backend: Backend) -> None:
    s = await scene(backend)
    a1, a2, a3 = (a.id for a in s.accounts[1:])
    listed = await s.notification(
        audience=Audience.ACCOUNTS, channel_id=None, account_ids=(a3, a1, new_id(), a1, a2)
    )
    store = await s.store()
    page = await store.recipients(listed, None, 10)
    assert [r.account_id for r in page] == sorted([a1, a2, a3])
    assert [r.key for r in page] == [str(r.account_id) for r in page]
    assert await store.recipients(listed, str(page[0].account_id), 1) == [page[1]]


async def test_deliveries_are_added_once_per_key_and_counted_by_status(backend: Backend) -> None:
    s = await scene(backend)
    live = await s.notification()
    made = await s.deliveries(live, "tok-1", "tok-2")
    store = await s.store()
    again = replace(made[0], id=new_id())
    other = replace(made[0], id=new_id(), medium=Medium.EMAIL, target="acc1@x.test")
    twin = replace(other, id=new_id())  # the same key twice in one batch
    assert await store.add_deliveries([again, other, twin]) == [other.id]
    await s.unit.commit()
    assert await (await s.store()).progress(live.id) == {"pending": 3}


async def test_claim_takes_due_pending_deliveries_once(backend: Backend) -> None:
    s = await scene(backend)
    live = await s.notification()
    due, later, _ = await s.deliveries(live, "tok-1", "digest", "tok-3")
    store = await s.store()
    await store.record([DeliveryUpdate(later.id, Status.PENDING, next_attempt_at=T0 + 9 * M,
                                       attempted=False)], T0)  # fmt: skip
    claimed = await store.claim([due.id, later.id, new_id()], T0 + M, T0 + 5 * M)
    assert claimed == [
        Delivery(
            due.id,
            live.id,
            s.accounts[1].id,
            Medium.PUSH,
            "tok-1",
            0,
            Kind.CHANNEL_LIVE,
            {"title": "Live!", "n": 1},
            "pt",
            False,
        ),
    ]
    assert await store.claim([due.id], T0 + M, T0 + 5 * M) == []  # sending now
    await s.unit.commit()
    store = await s.store()
    assert await store.progress(live.id) == {"pending": 2, "sending": 1}
    assert await store.recent_stats(T0 + M) == [("push", "sending", 1)]  # claimed at T0 + M


async def test_record_writes_outcomes_and_counts_attempts(backend: Backend) -> None:
    s = await scene(backend)
    live = await s.notification()
    one, two = await s.deliveries(live, "tok-1", "tok-2")
    store = await s.store()
    await store.record([DeliveryUpdate(one.id, Status.PENDING, "p-1", "timeout", T0 + M)], T0)
    await store.record(
        [
            DeliveryUpdate(one.id, Status.DEAD, None, "gave up"),  # provider id and time kept
            DeliveryUpdate(two.id, Status.DEAD, "p-2", "held", attempted=False),
            DeliveryUpdate(new_id(), Status.SENT),  # unknown: nothing happens
        ],
        T0 + 2 * M,
    )
    await s.unit.commit()
    dead = await (await s.store()).dead_letters(None, 10)
    assert dead == [
        DeliveryRecord(one.id, live.id, s.accounts[1].id, Medium.PUSH, "tok-1", Status.DEAD, 2,
                       "p-1", "gave up", T0 + 2 * M),
        DeliveryRecord(two.id, live.id, s.accounts[1].id, Medium.PUSH, "tok-2", Status.DEAD, 0,
                       "p-2", "held", T0 + 2 * M),
    ]  # fmt: skip
    assert await (await s.store()).dead_letters(one.id, 10) == dead[1:]
    assert await (await s.store()).dead_letters(None, 1) == dead[:1]


async def test_ended_leases_are_settled_or_freed_and_lost_jobs_found(backend: Backend) -> None:
    s = await scene(backend)
    live = await s.notification()
    a, b, c, d = await s.deliveries(live, "a", "b", "c", "d")
    store = await s.store()
    assert len(await store.claim([a.id, b.id], T0, T0 + M)) == 2
    assert len(await store.claim([c.id], T0, T0 + 9 * M)) == 1
    await s.unit.commit()

    store = await s.store()
    assert sorted(await store.leases_ended(T0 + 2 * M, 10)) == sorted([a.id, b.id])
    sent = [DeliveryUpdate(a.id, Status.SENT, "p-a"), DeliveryUpdate(c.id, Status.SENT, "p-c")]
    assert await store.settle(sent, T0 + 2 * M) == 1  # c's lease has not ended
    assert await store.settle([], T0 + 2 * M) == 0
    await s.unit.commit()

    store = await s.store()
    # b's lease ended: back to pending; d was due long ago: its job was lost
    assert sorted(await store.stale(T0 + 2 * M, T0 + M, 10)) == sorted([b.id, d.id])
    await s.unit.commit()
    store = await s.store()
    assert await store.progress(live.id) == {"sent": 1, "sending": 1, "pending": 2}
    assert await store.recent_stats(T0 + 2 * M) == [("push", "pending", 1), ("push", "sent", 1)]
    assert [x.id for x in await store.claim([b.id], T0 + 3 * M, T0 + 4 * M)] == [b.id]


async def test_dead_deliveries_are_revived_per_notification_or_all(backend: Backend) -> None:
    s = await scene(backend)
    first, second = await s.notification(), await s.notification()
    one, two = [await s.deliveries(n, "tok") for n in (first, second)]
    store = await s.store()
    dead = [DeliveryUpdate(x[0].id, Status.DEAD, error="5 tries") for x in (one, two)]
    await store.record(dead, T0)
    assert await store.revive_dead(first.id, T0 + M) == [one[0].id]
    await s.unit.commit()

    store = await s.store()
    assert await store.recent_stats(T0 + M) == [("push", "pending", 1)]
    (claimed,) = await store.claim([one[0].id], T0 + M, T0 + 2 * M)
    assert claimed.attempts == 0
    assert await store.revive_dead(None, T0 + M) == [two[0].id]


async def test_unfinished_expansions_are_those_not_moved_since(backend: Backend) -> None:
    s = await scene(backend)
    old = await s.notification(created_at=T0)
    moved = await s.notification(created_at=T0 + M)
    done = await s.notification(created_at=T0 + 2 * M)
    store = await s.store()
    await store.advance(moved.id, "cursor-1", T0 + 10 * M)
    await store.advance(done.id, None, T0 + 11 * M)
    await s.unit.commit()

    store = await s.store()
    assert await store.get(moved.id) == replace(moved, cursor="cursor-1")
    assert await store.get(done.id) == replace(done, expanded_at=T0 + 11 * M)
    assert await store.unfinished(T0 + 5 * M, 10) == [old]
    assert await store.unfinished(T0 + 20 * M, 10) == [old, replace(moved, cursor="cursor-1")]
    assert await store.unfinished(T0 + 20 * M, 1) == [old]


async def test_devices_register_move_list_and_prune(backend: Backend) -> None:
    s = await scene(backend)
    u1, u2 = s.accounts[1].id, s.accounts[2].id
    await backend.release()
    unit = backend.unit()
    devices: PushDevices = on(backend, unit, MemoryPushDevices, PostgresPushDevices)
    phone = await devices.register(u1, "ios", "tok-1", T0)
    tablet = await devices.register(u1, "android", "tok-2", T0)
    assert await devices.register(u1, "ipados", "tok-1", T0 + M) == replace(
        phone, platform="ipados"
    )
    moved = await devices.register(u2, "ios", "tok-2", T0 + 2 * M)
    assert moved == replace(tablet, account_id=u2, platform="ios", created_at=T0 + 2 * M)
    await unit.commit()

    await backend.release()
    unit = backend.unit()
    devices = on(backend, unit, MemoryPushDevices, PostgresPushDevices)
    assert await devices.list(u1) == [replace(phone, platform="ipados")]
    assert not await devices.remove(u1, moved.id)  # not u1's
    store: NotificationStore = on(backend, unit, MemoryNotificationStore, PostgresNotificationStore)
    assert await store.devices([u1, u2, s.accounts[3].id]) == {
        u1: [replace(phone, platform="ipados")],
        u2: [moved],
    }
    assert await store.prune_devices(["tok-2", "tok-unknown"]) == 1
    assert await devices.remove(u1, phone.id)
    assert await devices.list(u1) == []
    assert await store.devices([u1, u2]) == {}


async def test_the_inbox_keeps_one_item_per_notification_newest_first(backend: Backend) -> None:
    s = await scene(backend)
    u1, u2 = s.accounts[1].id, s.accounts[2].id
    first = await s.notification(kind=Kind.MENTION, payload={"by": "u3"})
    second = await s.notification()
    store = await s.store()
    assert await store.add_inbox(first, [u1, u2, u1], T0) == 2
    assert await store.add_inbox(first, [u1], T0) == 0
    assert await store.add_inbox(second, [u1], T0 + M) == 1
    await s.unit.commit()

    await backend.release()
    unit = backend.unit()
    inbox: Inbox = on(backend, unit, MemoryInbox, PostgresInbox)
    items = await inbox.list(u1, None, 10)
    assert [(i.notification_id, i.kind, i.payload, i.created_at) for i in items] == [
        (second.id, Kind.CHANNEL_LIVE, {"title": "Live!", "n": 1}, T0 + M),
        (first.id, Kind.MENTION, {"by": "u3"}, T0),
    ]
    assert await inbox.list(u1, items[0].id, 10) == items[1:]
    assert await inbox.unread_count(u1) == 2
    read = await inbox.set_read(u1, items[1].id, T0 + 2 * M)
    assert read == replace(items[1], read_at=T0 + 2 * M)
    assert await inbox.set_read(u2, items[1].id, T0) is None  # not u2's item
    assert await inbox.unread_count(u1) == 1
    assert await inbox.mark_all_read(u1, T0 + 3 * M) == 1
    assert await inbox.unread_count(u1) == 0
    assert await inbox.unread_count(u2) == 1
    assert await inbox.set_read(u1, items[1].id, None) == replace(items[1], read_at=None)


async def test_rows_of_unknown_accounts_or_notifications_are_refused(backend: Backend) -> None:
    s = await scene(backend)
    live = await s.notification()
    ghost = replace(live, id=new_id())
    (made,) = [NewDelivery(new_id(), ghost.id, s.accounts[1].id, Medium.PUSH, "t",
                           Status.PENDING, T0)]  # fmt: skip
    with pytest.raises(Conflict):
        await (await s.store()).add_deliveries([made])
    nobody = replace(made, notification_id=live.id, account_id=new_id())
    with pytest.raises(Conflict):
        await (await s.store()).add_deliveries([nobody])
    with pytest.raises(Conflict):
        await (await s.store()).add_inbox(ghost, [s.accounts[1].id], T0)
    with pytest.raises(Conflict):
        await (await s.store()).add_inbox(live, [new_id()], T0)
    await backend.release()
    devices: PushDevices = on(backend, backend.unit(), MemoryPushDevices, PostgresPushDevices)
    with pytest.raises(Conflict):
        await devices.register(new_id(), "ios", "tok", T0)
