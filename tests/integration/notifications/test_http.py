"""Devices, the inbox, staff stats and one-click unsubscribe through the HTTP API."""

from __future__ import annotations

import uuid

import asyncpg

from streamz.adapters.templates.links import HmacUnsubscribeLinks
from streamz.container import make_container
from streamz.core.identity.entities import Principal
from streamz.core.notifications.expand import ExpandNotification, ExpandNotificationRequest
from streamz.core.notifications.trigger import TriggerNotifications, TriggerNotificationsRequest
from streamz.settings import Settings
from tests.fakes.ory import FakeOry
from tests.integration.conftest import Client, count, make_staff, register
from tests.integration.notifications.test_pipeline import live

PROBLEM = "https://streamz.dev/problems/"


async def test_devices_register_list_move_and_delete(
    client: Client, ory: FakeOry, db: asyncpg.Connection
) -> None:
    ann = await register(client, ory, "ann")
    bob = await register(client, ory, "bob")
    url = "/private/v1/me/devices"
    first = await client.post(url, json={"platform": "ios", "token": "tok-a"}, headers=ann.auth)
    assert first.status_code == 201, first.text
    await client.post(url, json={"platform": "web", "token": "tok-b"}, headers=ann.auth)
    listed = (await client.get(url, headers=ann.auth)).json()["data"]
    assert [d["platform"] for d in listed] == ["ios", "web"]
    assert "token" not in listed[0]  # tokens are write-only
    moved = await client.post(url, json={"platform": "ios", "token": "tok-a"}, headers=bob.auth)
    assert moved.json()["id"] == first.json()["id"]
    assert len((await client.get(url, headers=ann.auth)).json()["data"]) == 1
    gone = await client.delete(f"{url}/{first.json()['id']}", headers=ann.auth)
    assert gone.status_code == 404
    assert gone.json()["type"] == PROBLEM + "device-not-found"
    assert (await client.delete(f"{url}/{first.json()['id']}", headers=bob.auth)).status_code == 204
    bad = await client.post(url, json={"platform": "nokia", "token": "x"}, headers=ann.auth)
    assert bad.status_code == 422
    assert bad.json()["type"] == PROBLEM + "invalid"
    assert (await client.get(url)).status_code == 401
    assert await count(db, "push_devices") == 1


async def test_inbox_after_a_go_live(
    client: Client, ory: FakeOry, db: asyncpg.Connection, settings: Settings
) -> None:
    owner = await register(client, ory, "caster")
    fan = await register(client, ory, "fan")
    other = await register(client, ory, "other")
    assert (
        await client.put("/private/v1/me/follows/channels/caster", headers=fan.auth)
    ).status_code in (200, 201)
    channel = await db.fetchval("SELECT id FROM channels WHERE slug = 'caster'")
    container = make_container(settings)
    try:
        for title in ("one", "two"):
            event = live(channel)
            event.payload["title"] = title
            async with container() as request:
                trigger = await request.get(TriggerNotifications)
                [nid] = (
                    await trigger(TriggerNotificationsRequest(Principal.system(), [event]))
                ).created
            async with container() as request:
                expand = await request.get(ExpandNotification)
                await expand(ExpandNotificationRequest(Principal.system(), nid, None))
    finally:
        await container.close()
    url = "/private/v1/me/notifications"
    page = (await client.get(url, params={"limit": 1}, headers=fan.auth)).json()
    assert page["unread"] == 2
    assert page["next"] is not None
    assert page["data"][0]["data"]["title"] == "two"
    assert page["data"][0]["kind"] == "channel_live"
    rest = (await client.get(url, params={"after": page["next"]}, headers=fan.auth)).json()
    assert [i["data"]["title"] for i in rest["data"]] == ["one"]
    item = page["data"][0]["id"]
    read = await client.put(f"{url}/{item}/read", json={"read": True}, headers=fan.auth)
    assert read.status_code == 200
    assert read.json()["read_at"] is not None
    assert (await client.get(f"{url}/unread-count", headers=fan.auth)).json() == {"unread": 1}
    other_try = await client.put(f"{url}/{item}/read", json={"read": False}, headers=other.auth)
    assert other_try.status_code == 404
    assert (await client.post(f"{url}/read-all", headers=fan.auth)).json() == {"changed": 1}
    assert (await client.get(f"{url}/unread-count", headers=fan.auth)).json() == {"unread": 0}
    assert (await client.get(url, headers=owner.auth)).json()["data"] == []
    bad = await client.get(url, params={"after": "nope"}, headers=fan.auth)
    assert bad.status_code == 422


async def test_admin_stats_need_staff(client: Client, ory: FakeOry, db: asyncpg.Connection) -> None:
    user = await register(client, ory, "user")
    staff = await register(client, ory, "boss")
    await make_staff(db, staff)
    for path in ("/admin/v1/notifications/stats", "/admin/v1/notifications/dead-letters"):
        assert (await client.get(path, headers=user.auth)).status_code == 403
        assert (await client.get(path)).status_code == 401
        assert (await client.get(path, headers=staff.auth)).status_code == 200
    assert (
        await client.post("/admin/v1/notifications/dead-letters/retry", headers=user.auth)
    ).status_code == 403
    retried = await client.post("/admin/v1/notifications/dead-letters/retry", headers=staff.auth)
    assert retried.json() == {"queued": 0}
    missing = await client.get(f"/admin/v1/notifications/{uuid.uuid4()}", headers=staff.auth)
    assert missing.status_code == 404
    assert missing.json()["type"] == PROBLEM + "notification-not-found"


async def test_one_click_unsubscribe(
    client: Client, ory: FakeOry, db: asyncpg.Connection, settings: Settings
) -> None:
    fan = await register(client, ory, "fan")
    links = HmacUnsubscribeLinks(settings.unsubscribe_secret(), "http://x")
    token = links.token(uuid.UUID(fan.account_id), "email.subscription_events")
    done = await client.post(
        f"/unsubscribe/{token}",
        content=b"List-Unsubscribe=One-Click",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert done.status_code == 200, done.text
    assert done.json() == {"unsubscribed": "email.subscription_events"}
    prefs = await client.get("/private/v1/me/notification-preferences", headers=fan.auth)
    assert prefs.json()["settings"]["email"]["subscription_events"] is False
    forged = await client.post(f"/unsubscribe/{token[:-3]}xyz")
    assert forged.status_code == 422
    assert forged.json()["type"] == PROBLEM + "bad-unsubscribe-link"
