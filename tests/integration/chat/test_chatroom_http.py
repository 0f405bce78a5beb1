"""Chatrooms, their settings and rules through HTTP on every tier; bad input; events."""

from __future__ import annotations

import json
from typing import Any

import asyncpg
import pytest

from tests.fakes.ory import FakeOry
from tests.integration.about.helpers import channel_id
from tests.integration.chat.helpers import PROBLEM, TIERS, WRITE_TIERS, chatroom_id, written
from tests.integration.conftest import Client, make_staff, register

DEFAULTS = {
    "slow_mode_seconds": 0,
    "followers_only": None,
    "subscribers_only": False,
    "emote_only": False,
    "unique_chat": False,
    "min_account_age_minutes": 0,
    "verified_email_required": False,
    "non_moderator_delay_seconds": 0,
    "links_allowed": True,
    "rate_limit_messages": 20,
    "moderator_rate_limit_messages": 100,
    "rate_limit_window_seconds": 30,
}


@pytest.mark.parametrize("tier", TIERS)
async def test_chatroom_by_slug_id_and_chatroom_id(
    client: Client, ory: FakeOry, db: asyncpg.Connection, tier: str
) -> None:
    alice = await register(client, ory, "alice")
    boss = await register(client, ory, "boss")
    await make_staff(db, boss)
    headers = {"/public/v1": {}, "/private/v1": alice.auth, "/admin/v1": boss.auth}[tier]
    room, channel = await chatroom_id(db, alice), await channel_id(db, alice)
    bodies = []
    for path in (
        "/channels/alice/chatroom",
        "/channels/ALICE/chatroom",
        f"/channels/{channel}/chatroom",
        f"/chatrooms/{room}",
    ):
        response = await client.get(tier + path, headers=headers)
        assert response.status_code == 200, (path, response.text)
        bodies.append(response.json())
    assert all(body == bodies[0] for body in bodies)
    body = bodies[0]
    assert (body["id"], body["channel_id"], body["channel_slug"]) == (
        str(room),
        str(channel),
        "alice",
    )
    assert body["created_at"]
    assert (body["settings"], body["rules"], body["updated_at"]) == (DEFAULTS, [], None)

    settings = await client.get(f"{tier}/channels/alice/chatroom/settings", headers=headers)
    assert settings.status_code == 200
    assert settings.json()["settings"] == DEFAULTS
    assert settings.json()["chatroom_id"] == str(room)
    rules = await client.get(f"{tier}/channels/{channel}/chatroom/rules", headers=headers)
    assert rules.status_code == 200
    assert rules.json()["rules"] == []

    missing = await client.get(f"{tier}/channels/nobody/chatroom", headers=headers)
    assert missing.status_code == 404
    assert missing.json()["type"] == PROBLEM + "channel-not-found"
    unknown = await client.get(
        f"{tier}/chatrooms/0190f3a0-0000-7000-8000-000000000000", headers=headers
    )
    assert unknown.status_code == 404
    assert unknown.json()["type"] == PROBLEM + "chatroom-not-found"
    assert await written(db) == (0, 0, await db.fetchval("SELECT count(*) FROM outbox"))
    assert await db.fetchval("SELECT count(*) FROM chatroom_settings") == 0


@pytest.mark.parametrize("tier", WRITE_TIERS)
async def test_settings_and_rules_lifecycle(
    client: Client, ory: FakeOry, db: asyncpg.Connection, tier: str
) -> None:
    alice = await register(client, ory, "alice")
    boss = await register(client, ory, "boss")
    await make_staff(db, boss)
    headers = alice.auth if tier == "/private/v1" else boss.auth
    base = f"{tier}/channels/alice/chatroom"
    room, channel = str(await chatroom_id(db, alice)), str(await channel_id(db, alice))

    patched = await client.patch(
        f"{base}/settings",
        json={"slow_mode_seconds": 10, "followers_only": 60, "emote_only": True},
        headers=headers,
    )
    assert patched.status_code == 200, patched.text
    expected = {**DEFAULTS, "slow_mode_seconds": 10, "followers_only": 60, "emote_only": True}
    assert patched.json()["settings"] == expected
    patched = await client.patch(
        f"{base}/settings", json={"followers_only": None, "links_allowed": False}, headers=headers
    )
    expected = {**expected, "followers_only": None, "links_allowed": False}
    assert patched.json()["settings"] == expected
    assert (await client.get(f"/public/v1/chatrooms/{room}")).json()["settings"] == expected

    put = await client.put(
        f"{base}/rules", json={"rules": ["  Be kind ", "No spam"]}, headers=headers
    )
    assert put.status_code == 200, put.text
    assert put.json()["rules"] == ["Be kind", "No spam"]
    public = await client.get("/public/v1/channels/alice/chatroom/rules")
    assert public.json()["rules"] == ["Be kind", "No spam"]
    chatroom = (await client.get("/public/v1/channels/alice/chatroom")).json()
    assert (chatroom["settings"], chatroom["rules"]) == (expected, ["Be kind", "No spam"])

    cleared = await client.delete(f"{base}/rules", headers=headers)
    assert cleared.status_code == 204
    assert (await client.get(f"{base}/rules", headers=headers)).json()["rules"] == []
    assert (await client.get(f"{base}/settings", headers=headers)).json()["settings"] == expected

    events = await db.fetch(
        "SELECT topic, payload FROM outbox WHERE topic LIKE 'chatroom.%' ORDER BY id"
    )
    ids = {"chatroom_id": room, "channel_id": channel}
    assert [(r["topic"], json.loads(r["payload"])) for r in events] == [
        (
            "chatroom.settings_updated",
            {
                **ids,
                "changes": {"slow_mode_seconds": 10, "followers_only": 60, "emote_only": True},
                "seq": 1,
            },
        ),
        (
            "chatroom.settings_updated",
            {**ids, "changes": {"followers_only": None, "links_allowed": False}, "seq": 2},
        ),
        ("chatroom.rules_updated", {**ids, "rules": ["Be kind", "No spam"], "seq": 3}),
        ("chatroom.rules_updated", {**ids, "rules": [], "seq": 4}),
    ]
    audit = await db.fetch("SELECT action, acting_as, actor_id FROM channel_audit_log ORDER BY id")
    assert [r["action"] for r in audit] == [
        "chat.settings_updated",
        "chat.settings_updated",
        "chat.rules_updated",
        "chat.rules_cleared",
    ]
    actor = alice if tier == "/private/v1" else boss
    acting = "owner" if tier == "/private/v1" else "staff"
    assert {(r["acting_as"], str(r["actor_id"])) for r in audit} == {(acting, actor.account_id)}


async def test_public_tier_has_no_writes(
    client: Client, ory: FakeOry, db: asyncpg.Connection
) -> None:
    alice = await register(client, ory, "alice")
    before = await written(db)
    base = "/public/v1/channels/alice/chatroom"
    for method, path, body in (
        ("PATCH", f"{base}/settings", {"emote_only": True}),
        ("PUT", f"{base}/rules", {"rules": ["x"]}),
        ("DELETE", f"{base}/rules", None),
    ):
        response = await client.request(method, path, json=body, headers=alice.auth)
        assert response.status_code in (404, 405), (method, response.status_code)
    assert await written(db) == before


@pytest.mark.parametrize(
    ("method", "path", "body", "field"),
    [
        ("PATCH", "settings", {"colour": "red"}, "body.colour"),
        ("PATCH", "settings", {"slow_mode_seconds": 3601}, "body.slow_mode_seconds"),
        ("PATCH", "settings", {"slow_mode_seconds": -1}, "body.slow_mode_seconds"),
        ("PATCH", "settings", {"followers_only": 129_601}, "body.followers_only"),
        ("PATCH", "settings", {"min_account_age_minutes": 525_601}, "body.min_account_age"),
        ("PATCH", "settings", {"non_moderator_delay_seconds": 11}, "body.non_moderator_delay"),
        ("PATCH", "settings", {"emote_only": 1}, "body.emote_only"),
        ("PATCH", "settings", {"slow_mode_seconds": None}, "body.slow_mode_seconds"),
        ("PUT", "rules", {"rules": ["r"] * 21}, "body.rules"),
        ("PUT", "rules", {"rules": ["ok", ""]}, "body.rules"),
        ("PUT", "rules", {"rules": ["   "]}, "body.rules"),
        ("PUT", "rules", {"rules": ["x" * 501]}, "body.rules"),
        ("PUT", "rules", {"rules": ["ok"], "extra": 1}, "body.extra"),
        ("PUT", "rules", {}, "body.rules"),
    ],
)
async def test_bad_input_is_422_with_fields_and_nothing_written(
    client: Client,
    ory: FakeOry,
    db: asyncpg.Connection,
    method: str,
    path: str,
    body: dict[str, Any],
    field: str,
) -> None:
    alice = await register(client, ory, "alice")
    before = await written(db)
    response = await client.request(
        method, f"/private/v1/channels/alice/chatroom/{path}", json=body, headers=alice.auth
    )
    assert response.status_code == 422, response.text
    assert response.json()["type"] in (PROBLEM + "invalid", PROBLEM + "validation")
    assert any(e["field"].startswith(field) for e in response.json()["errors"]), response.json()
    assert await written(db) == before
