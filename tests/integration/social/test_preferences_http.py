"""Notification preferences through the Private API."""

from __future__ import annotations

import json
from typing import Any

import asyncpg

from tests.fakes.ory import FakeOry
from tests.integration.conftest import Client, count, register
from tests.integration.social.support import PROBLEM

PREFS = "/private/v1/me/notification-preferences"
ON = {
    "channel_live": True,
    "new_follower": True,
    "mentions": True,
    "subscription_events": True,
    "marketing": False,
}


async def test_account_settings_default_then_partial_updates(
    client: Client, ory: FakeOry, db: asyncpg.Connection
) -> None:
    alice = await register(client, ory, "alice")
    defaults = await client.get(PREFS, headers=alice.auth)
    assert defaults.status_code == 200
    assert defaults.json() == {
        "settings": {"push": ON, "email": ON},
        "overrides": {"push": {}, "email": {}},
    }
    assert await count(db, "notification_preferences") == 0

    first = await client.patch(PREFS, json={"push": {"marketing": True}}, headers=alice.auth)
    assert first.status_code == 200, first.text
    second = await client.patch(PREFS, json={"email": {"mentions": False}}, headers=alice.auth)
    body = second.json()
    assert body["settings"]["push"] == {**ON, "marketing": True}
    assert body["settings"]["email"] == {**ON, "mentions": False}
    assert body["overrides"] == {"push": {"marketing": True}, "email": {"mentions": False}}
    assert (await client.get(PREFS, headers=alice.auth)).json() == body
    stored = await db.fetchval("SELECT settings::text FROM notification_preferences")
    assert json.loads(stored) == {"push.marketing": True, "email.mentions": False}


async def test_unknown_keys_are_rejected_and_nothing_written(
    client: Client, ory: FakeOry, db: asyncpg.Connection
) -> None:
    alice = await register(client, ory, "alice")
    await register(client, ory, "bob")
    bad: list[tuple[str, Any]] = [
        (PREFS, {"sms": {"mentions": True}}),
        (PREFS, {"push": {"likes": True}}),
        (PREFS, {"push": {"mentions": "yes"}}),
        (PREFS, {"push": {"mentions": None}}),
        (f"{PREFS}/channels/bob", {"push": {"marketing": False}}),
        (f"{PREFS}/channels/bob", {"email": {"nope": None}}),
    ]
    for path, payload in bad:
        response = await client.patch(path, json=payload, headers=alice.auth)
        assert response.status_code == 422, (payload, response.text)
        assert response.json()["type"] == PROBLEM + "validation", payload
        assert response.json()["errors"], payload
    for path in (PREFS, f"{PREFS}/channels/bob"):  # no lenient 0 -> false
        response = await client.patch(path, json={"push": {"mentions": 0}}, headers=alice.auth)
        assert response.status_code == 422
        assert response.json()["type"] == PROBLEM + "invalid"
        assert response.json()["errors"][0]["field"] == "body.push.mentions"
    for method in ("get", "patch", "delete"):
        kwargs: dict[str, Any] = {"json": {}} if method == "patch" else {}
        missing = await client.request(
            method, f"{PREFS}/channels/nobody", headers=alice.auth, **kwargs
        )
        assert missing.status_code == 404, method
        assert missing.json()["type"] == PROBLEM + "channel-not-found"
    assert await count(db, "notification_preferences") == 0
    assert await count(db, "channel_notification_preferences") == 0


async def test_channel_overrides(client: Client, ory: FakeOry, db: asyncpg.Connection) -> None:
    alice = await register(client, ory, "alice")
    await register(client, ory, "bob")
    await client.patch(PREFS, json={"push": {"channel_live": False}}, headers=alice.auth)
    inherited = (await client.get(f"{PREFS}/channels/bob", headers=alice.auth)).json()
    assert inherited["channel"]["slug"] == "bob"
    assert inherited["settings"]["push"] == {
        "channel_live": False,
        "mentions": True,
        "subscription_events": True,
    }
    assert inherited["overrides"] == {"push": {}, "email": {}}

    changed = await client.patch(
        f"{PREFS}/channels/BOB",
        json={"push": {"channel_live": True}, "email": {"mentions": False}},
        headers=alice.auth,
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["settings"]["push"]["channel_live"] is True
    assert changed.json()["settings"]["email"]["mentions"] is False
    one_cleared = await client.patch(
        f"{PREFS}/channels/bob", json={"push": {"channel_live": None}}, headers=alice.auth
    )
    assert one_cleared.json()["settings"]["push"]["channel_live"] is False
    assert one_cleared.json()["overrides"] == {"push": {}, "email": {"mentions": False}}
    assert await count(db, "channel_notification_preferences") == 1

    for _ in range(2):
        cleared = await client.delete(f"{PREFS}/channels/bob", headers=alice.auth)
        assert cleared.status_code == 200
        assert cleared.json()["overrides"] == {"push": {}, "email": {}}
        assert cleared.json()["settings"] == inherited["settings"]
    assert await count(db, "channel_notification_preferences") == 0
