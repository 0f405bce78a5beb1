"""Devices, the in-app inbox, templates, one-click unsubscribe and the staff tools."""

from __future__ import annotations

import uuid

import pytest

from streamz.adapters.templates.renderer import JinjaNotificationRenderer
from streamz.core.errors import Forbidden, Invalid, Unauthenticated
from streamz.core.identity.entities import Role
from streamz.core.notifications.delivery_stats import DeliveryStatsRequest
from streamz.core.notifications.entities import Kind, NotificationPolicy, Status
from streamz.core.notifications.errors import DeviceNotFound, InboxItemNotFound
from streamz.core.notifications.list_devices import ListDevicesRequest
from streamz.core.notifications.list_inbox import ListInboxRequest
from streamz.core.notifications.mark_all_read import MarkAllReadRequest
from streamz.core.notifications.mark_read import MarkReadRequest
from streamz.core.notifications.notification_status import NotificationStatusRequest
from streamz.core.notifications.register_device import RegisterDeviceRequest
from streamz.core.notifications.retry_dead import RetryDeadRequest
from streamz.core.notifications.send_test_notification import SendTestRequest
from streamz.core.notifications.unregister_device import UnregisterDeviceRequest
from streamz.core.notifications.unsubscribe import BadUnsubscribeLink, UnsubscribeRequest
from streamz.core.shared.events import Event
from streamz.ports.notification_delivery import SendOutcome
from tests.unit.support import ANONYMOUS, SYSTEM, T0, fails, user

from .support import NotifyWorld, live_event

pytestmark = pytest.mark.anyio


async def test_devices_register_list_move_and_remove() -> None:
    world = NotifyWorld()
    ann, bob = await world.register("ann"), await world.register("bob")
    phone = await world.device(ann, "tok-1")
    await world.device(ann, "tok-2")
    again = await world.device(ann, "tok-1")  # same token, same account: one device
    assert again.id == phone.id
    listed = await world.list_devices()(ListDevicesRequest(user(ann)))
    assert [d.token for d in listed] == ["tok-1", "tok-2"]
    await world.device(bob, "tok-1")  # the phone changed hands
    assert [d.token for d in await world.list_devices()(ListDevicesRequest(user(ann)))] == ["tok-2"]
    assert [d.token for d in await world.list_devices()(ListDevicesRequest(user(bob)))] == ["tok-1"]
    await fails(
        world,
        world.unregister_device()(UnregisterDeviceRequest(user(ann), phone.id)),  # bob's now
        DeviceNotFound,
        "device-not-found",
    )
    await world.unregister_device()(UnregisterDeviceRequest(user(bob), phone.id))
    assert await world.list_devices()(ListDevicesRequest(user(bob))) == []


@pytest.mark.parametrize(("platform", "token"), [("nokia", "t"), ("ios", ""), ("web", "a b")])
async def test_bad_devices_are_invalid_and_write_nothing(platform: str, token: str) -> None:
    world = NotifyWorld()
    ann = await world.register("ann")
    await fails(
        world,
        world.register_device()(RegisterDeviceRequest(user(ann), platform, token)),
        Invalid,
        "invalid",
    )


async def test_devices_need_a_signed_in_user() -> None:
    world = NotifyWorld()
    with pytest.raises(Unauthenticated):
        await world.register_device()(RegisterDeviceRequest(ANONYMOUS, "ios", "t"))


async def test_inbox_lists_with_cursor_and_marks_read() -> None:
    world = NotifyWorld()
    owner = await world.register("caster")
    fan = await world.register("fan")
    other = await world.register("other")
    channel = await world.channel_of(owner)
    await world.follow(fan, channel)
    for i in range(3):
        await world.run_events(live_event(channel, title=f"s{i}"))
    await world.drain()
    first = await world.list_inbox()(ListInboxRequest(user(fan), limit=2))
    assert first.unread == 3
    assert len(first.items) == 2
    assert first.next is not None
    assert first.items[0].payload["title"] == "s2"  # newest first
    rest = await world.list_inbox()(ListInboxRequest(user(fan), limit=2, after=str(first.next)))
    assert [i.payload["title"] for i in rest.items] == ["s0"]
    assert rest.next is None
    item = await world.mark_read()(MarkReadRequest(user(fan), first.items[0].id))
    assert item.read_at == T0
    unread = await world.mark_read()(MarkReadRequest(user(fan), first.items[0].id, read=False))
    assert unread.read_at is None
    await fails(
        world,
        world.mark_read()(MarkReadRequest(user(other), first.items[0].id)),
        InboxItemNotFound,
        "notification-not-found",
    )
    assert await world.mark_all_read()(MarkAllReadRequest(user(fan))) == 3
    assert (await world.list_inbox()(ListInboxRequest(user(fan)))).unread == 0
    await fails(
        world, world.list_inbox()(ListInboxRequest(user(fan), after="nope")), Invalid, "invalid"
    )


def test_templates_per_locale_fall_back_to_english_and_escape_html() -> None:
    renderer = JinjaNotificationRenderer()
    payload = {"display_name": "Caster", "title": "Speedrun"}
    assert renderer.render(Kind.CHANNEL_LIVE, "push", "fr", payload).title == "Caster est en direct"
    assert renderer.render(Kind.CHANNEL_LIVE, "push", "fr-CA", payload).title == (
        "Caster est en direct"
    )
    assert renderer.render(Kind.CHANNEL_LIVE, "push", "de", payload).title == "Caster is live"
    mail = renderer.render(Kind.WELCOME, "email", "en", {"username": "<b>x</b>"})
    assert "&lt;b&gt;x&lt;/b&gt;" in mail.html
    assert mail.body == "Hi <b>x</b>, welcome to Streamz! Your channel is ready."
    moderation = renderer.render(Kind.MODERATION, "push", "fr", {"kind": "ban"})
    assert moderation.title == "You were banned"  # no French template: English


async def test_subscription_email_links_a_working_one_click_unsubscribe() -> None:
    world = NotifyWorld()
    owner = await world.register("caster", email="caster@example.com")
    fan = await world.register("fan")
    channel = str(await world.channel_of(owner))
    payload = {"channel_id": channel, "account_id": str(fan.id), "tier": 1, "months": 3}
    await world.run_events(Event("channel.subscribed", channel, payload, T0))
    await world.drain()
    [mail] = world.email.sent
    assert mail.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = mail.headers["List-Unsubscribe"].strip("<>")
    token = link.rsplit("/", 1)[1]
    done = await world.unsubscribe()(UnsubscribeRequest(ANONYMOUS, token))
    assert done.preference == "email.subscription_events"
    prefs = world.tables.table("notification_preferences")[owner.id]
    assert prefs == {"email.subscription_events": False}
    await world.run_events(Event("channel.subscribed", channel, payload, T0))
    await world.drain()
    assert len(world.email.sent) == 1  # no second mail; the push still goes (no device here)
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    await fails(
        world,
        world.unsubscribe()(UnsubscribeRequest(ANONYMOUS, forged)),
        BadUnsubscribeLink,
        "bad-unsubscribe-link",
    )


async def test_staff_tools_status_stats_retry_dead_and_send_test() -> None:
    world = NotifyWorld(NotificationPolicy(page_size=10, max_attempts=1))
    staff = await world.register("staff", role=Role.STAFF)
    owner = await world.register("caster")
    fan = await world.register("fan")
    await world.follow(fan, await world.channel_of(owner))
    await world.device(fan, "tok")
    world.push.script["tok"] = [SendOutcome.RETRY]
    [notification_id] = await world.run_events(live_event(await world.channel_of(owner)))
    await world.drain()
    progress = await world.status()(NotificationStatusRequest(user(staff), notification_id))
    assert progress.by_status == {"dead": 1}
    stats = await world.stats()(DeliveryStatsRequest(user(staff)))
    assert [(s.provider, s.status, s.count) for s in stats] == [("fcm", "dead", 1)]
    with pytest.raises(Forbidden):
        await world.status()(NotificationStatusRequest(user(fan), notification_id))
    with pytest.raises(Forbidden):
        await world.stats()(DeliveryStatsRequest(user(fan)))
    with pytest.raises(Forbidden):
        await world.retry_dead()(RetryDeadRequest(user(fan)))
    with pytest.raises(Forbidden):
        await world.send_test()(SendTestRequest(user(fan), "fan"))
    assert await world.retry_dead()(RetryDeadRequest(user(staff))) == 1
    await world.drain()
    assert {r.status for r in world.deliveries()} == {Status.SENT}
    test = await world.send_test()(SendTestRequest(SYSTEM, "fan"))
    await world.drain()
    assert world.push.sent[-1].title == "Test notification"
    assert world.email.sent[-1].to == "fan@example.com"
    assert test.kind is Kind.TEST
    assert isinstance(test.id, uuid.UUID)
