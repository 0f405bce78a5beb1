"""Who may write panels and links, through HTTP, on each tier."""

from __future__ import annotations

import asyncpg
import pytest

from tests.fakes.ory import FakeOry
from tests.integration.about.helpers import PROBLEM, written
from tests.integration.conftest import Client, api_token, make_moderator, make_staff, register

# (who, tier) -> expected status of a create and of an order change
CASES = [
    ("anonymous", "/public/v1", 401),
    ("anonymous", "/private/v1", 401),
    ("anonymous", "/admin/v1", 401),
    ("other user", "/private/v1", 403),
    ("other user", "/admin/v1", 403),
    ("moderator without manage_settings", "/private/v1", 403),
    ("moderator with manage_settings", "/private/v1", 201),
    ("owner", "/private/v1", 201),
    ("owner", "/public/v1", 201),
    ("owner", "/admin/v1", 403),
    ("staff", "/admin/v1", 201),
    ("staff", "/private/v1", 403),
    ("owner token with channel:write", "/public/v1", 201),
    ("owner token without channel:write", "/public/v1", 403),
    ("owner token with channel:write", "/private/v1", 401),
]


@pytest.mark.parametrize(("who", "tier", "status"), CASES)
async def test_who_may_write(
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
        "owner token with channel:write": await api_token(client, alice, "channel:write"),
        "owner token without channel:write": await api_token(client, alice, "chat:write"),
    }[who]
    before = await written(db)
    panel = await client.post(
        f"{tier}/channels/alice/panels", json={"title": "About"}, headers=headers
    )
    link = await client.post(
        f"{tier}/channels/alice/links", json={"url": "https://a.example"}, headers=headers
    )
    assert (panel.status_code, link.status_code) == (status, status), panel.text
    if status != 201:
        assert panel.json()["type"].startswith(PROBLEM)
        assert await written(db) == before
        return
    if tier != "/public/v1":
        order = await client.put(
            f"{tier}/channels/alice/panels/order",
            json={"ids": [panel.json()["id"]]},
            headers=headers,
        )
        assert order.status_code == 200
    acting = await db.fetch("SELECT DISTINCT acting_as FROM channel_audit_log")
    expected = {"staff": "staff", "moderator with manage_settings": "moderator"}.get(who, "owner")
    assert [r["acting_as"] for r in acting] == [expected]


async def test_moderator_without_the_permission_cannot_change_anything(
    client: Client, ory: FakeOry, db: asyncpg.Connection
) -> None:
    alice = await register(client, ory, "alice")
    weak = await register(client, ory, "weak")
    await make_moderator(db, alice, weak, ["ban"])
    panel = (
        await client.post(
            "/private/v1/channels/alice/panels", json={"title": "A"}, headers=alice.auth
        )
    ).json()["id"]
    before = await written(db)
    base = "/private/v1/channels/alice/panels"
    for method, path, body in (
        ("PATCH", f"{base}/{panel}", {"title": "x"}),
        ("PUT", f"{base}/order", {"ids": [panel]}),
        ("DELETE", f"{base}/{panel}", None),
    ):
        response = await client.request(method, path, json=body, headers=weak.auth)
        assert response.status_code == 403, method
        assert response.json()["type"] == PROBLEM + "forbidden"
    assert await written(db) == before
    reads = [
        await client.get(f"{t}/channels/alice/panels", headers=weak.auth)
        for t in ("/public/v1", "/private/v1")
    ]
    assert [r.status_code for r in reads] == [200, 200]
