"""Who may change chatroom settings and rules, through HTTP, on each tier."""

from __future__ import annotations

import asyncpg
import pytest

from tests.fakes.ory import FakeOry
from tests.integration.chat.helpers import PROBLEM, written
from tests.integration.conftest import Client, make_moderator, make_staff, register

CASES = [
    ("anonymous", "/private/v1", 401),
    ("anonymous", "/admin/v1", 401),
    ("other user", "/private/v1", 403),
    ("other user", "/admin/v1", 403),
    ("moderator without manage_settings", "/private/v1", 403),
    ("moderator with manage_settings", "/private/v1", 200),
    ("owner", "/private/v1", 200),
    ("owner", "/admin/v1", 403),
    ("staff", "/admin/v1", 200),
    ("staff", "/private/v1", 403),
]


@pytest.mark.parametrize(("who", "tier", "status"), CASES)
async def test_who_may_change_settings_and_rules(
    client: Client, ory: FakeOry, db: asyncpg.Connection, who: str, tier: str, status: int
) -> None:
    alice = await register(client, ory, "alice")
    other = await register(client, ory, "other")
    weak = await register(client, ory, "weak")
    mod = await register(client, ory, "mod")
    boss = await register(client, ory, "boss")
    await make_staff(db, boss)
    await make_moderator(db, alice, weak, ["ban", "timeout", "delete_messages"])
    await make_moderator(db, alice, mod, ["manage_settings"])
    headers = {
        "anonymous": {},
        "other user": other.auth,
        "moderator without manage_settings": weak.auth,
        "moderator with manage_settings": mod.auth,
        "owner": alice.auth,
        "staff": boss.auth,
    }[who]
    base = f"{tier}/channels/alice/chatroom"
    before = await written(db)
    settings = await client.patch(
        f"{base}/settings", json={"slow_mode_seconds": 30}, headers=headers
    )
    rules = await client.put(f"{base}/rules", json={"rules": ["Be kind"]}, headers=headers)
    cleared = await client.delete(f"{base}/rules", headers=headers)
    expected_clear = 204 if status == 200 else status
    assert (settings.status_code, rules.status_code, cleared.status_code) == (
        status,
        status,
        expected_clear,
    ), settings.text
    if status != 200:
        assert settings.json()["type"].startswith(PROBLEM)
        assert await written(db) == before
        return
    rows = await db.fetch("SELECT action, acting_as FROM channel_audit_log ORDER BY id")
    expected = {"staff": "staff", "moderator with manage_settings": "moderator"}.get(who, "owner")
    assert [(r["action"], r["acting_as"]) for r in rows] == [
        ("chat.settings_updated", expected),
        ("chat.rules_updated", expected),
        ("chat.rules_cleared", expected),
    ]
