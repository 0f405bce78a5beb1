"""Social links through HTTP on every tier: platform, URL rules, duplicates, limit, order."""

from __future__ import annotations

import asyncpg
import pytest

from tests.fakes.ory import FakeOry
from tests.integration.about.helpers import PROBLEM, written
from tests.integration.conftest import Client, api_token, make_staff, register


async def test_link_lifecycle_on_private_and_admin(
    client: Client, ory: FakeOry, db: asyncpg.Connection
) -> None:
    alice = await register(client, ory, "alice")
    boss = await register(client, ory, "boss")
    await make_staff(db, boss)
    base = "/private/v1/channels/alice/links"
    urls = ["https://www.youtube.com/@alice", "https://discord.gg/abc", "https://alice.example"]
    ids = []
    for url in urls:
        created = await client.post(base, json={"url": url, "label": "me"}, headers=alice.auth)
        assert created.status_code == 201, created.text
        ids.append(created.json()["id"])
    listed = (await client.get(base, headers=alice.auth)).json()["data"]
    assert [x["platform"] for x in listed] == ["youtube", "discord", "website"]

    patched = await client.patch(
        f"{base}/{ids[2]}", json={"url": "https://x.com/alice", "label": None}, headers=alice.auth
    )
    assert patched.status_code == 200, patched.text
    assert (patched.json()["platform"], patched.json()["label"]) == ("twitter", None)

    admin = "/admin/v1/channels/alice/links"
    order = [ids[1], ids[2], ids[0]]
    ordered = await client.put(f"{admin}/order", json={"ids": order}, headers=boss.auth)
    assert ordered.status_code == 200, ordered.text
    assert [x["id"] for x in ordered.json()["data"]] == order
    assert (await client.delete(f"{admin}/{ids[0]}", headers=boss.auth)).status_code == 204
    assert (
        await client.patch(f"{admin}/{ids[1]}", json={"label": "chat"}, headers=boss.auth)
    ).status_code == 200
    extra = await client.post(admin, json={"url": "https://kick.com/alice"}, headers=boss.auth)
    assert extra.status_code == 201
    public = (await client.get("/public/v1/channels/alice/links")).json()["data"]
    assert [x["platform"] for x in public] == ["discord", "twitter", "kick"]
    staff_rows = await db.fetch(
        "SELECT action FROM channel_audit_log WHERE acting_as = 'staff' ORDER BY id"
    )
    assert [r["action"] for r in staff_rows] == [
        "link.reordered",
        "link.deleted",
        "link.updated",
        "link.created",
    ]
    topics = await db.fetch("SELECT topic FROM outbox WHERE topic LIKE 'channel.%'")
    assert {r["topic"] for r in topics} == {"channel.links_updated"}
    assert len(topics) == 8


async def test_public_tier_reads_and_creates_only(
    client: Client, ory: FakeOry, db: asyncpg.Connection
) -> None:
    alice = await register(client, ory, "alice")
    token = await api_token(client, alice, "channel:write")
    base = "/public/v1/channels/alice/links"
    created = await client.post(base, json={"url": "https://github.com/alice"}, headers=token)
    assert created.status_code == 201, created.text
    assert created.json()["platform"] == "github"
    link_id = created.json()["id"]
    for method, path, body in (
        ("PATCH", f"{base}/{link_id}", {"label": "x"}),
        ("DELETE", f"{base}/{link_id}", None),
        ("PUT", f"{base}/order", {"ids": [link_id]}),
    ):
        response = await client.request(method, path, json=body, headers=token)
        assert response.status_code in (404, 405), (method, response.status_code)
    assert await db.fetchval("SELECT label FROM channel_social_links") is None


@pytest.mark.parametrize(
    "body",
    [
        {"url": "javascript:alert(1)"},
        {"url": "data:text/html,<b>x</b>"},
        {"url": "ftp://example.com/x"},
        {"url": "/relative"},
        {"url": "https://"},
        {"url": "https://example.com/" + "a" * 2048},
        {"url": ""},
        {"url": "https://example.com", "label": "l" * 51},
        {"label": "no url"},
    ],
)
async def test_bad_links_are_422_and_nothing_written(
    client: Client, ory: FakeOry, db: asyncpg.Connection, body: dict[str, str]
) -> None:
    alice = await register(client, ory, "alice")
    before = await written(db)
    response = await client.post("/private/v1/channels/alice/links", json=body, headers=alice.auth)
    assert response.status_code == 422, response.text
    assert response.json()["type"] in (PROBLEM + "invalid", PROBLEM + "validation")
    assert await written(db) == before


async def test_duplicates_limit_order_and_unknown_ids(
    client: Client, ory: FakeOry, db: asyncpg.Connection
) -> None:
    alice = await register(client, ory, "alice")
    bob = await register(client, ory, "bob")
    base = "/private/v1/channels/alice/links"
    ids = []
    for n in range(10):
        response = await client.post(
            base, json={"url": f"https://e.example/{n}"}, headers=alice.auth
        )
        ids.append(response.json()["id"])
    await client.delete(f"{base}/{ids.pop()}", headers=alice.auth)
    before = await written(db)
    duplicate = await client.post(base, json={"url": "HTTPS://E.example/0/"}, headers=alice.auth)
    assert duplicate.status_code == 409
    assert duplicate.json()["type"] == PROBLEM + "link-duplicate"
    moved = await client.patch(
        f"{base}/{ids[1]}", json={"url": "https://e.example/0"}, headers=alice.auth
    )
    assert moved.status_code == 409
    assert await written(db) == before
    assert (
        await client.post(base, json={"url": "https://e.example/9"}, headers=alice.auth)
    ).status_code == 201
    before = await written(db)
    over = await client.post(base, json={"url": "https://e.example/10"}, headers=alice.auth)
    assert over.status_code == 409
    assert over.json()["type"] == PROBLEM + "link-limit-reached"
    assert "10" in over.json()["detail"]
    foreign = (
        await client.post(
            "/private/v1/channels/bob/links", json={"url": "https://b.example"}, headers=bob.auth
        )
    ).json()["id"]
    before = await written(db)
    for bad in (ids, [*ids, foreign], [*ids, ids[0]]):
        response = await client.put(f"{base}/order", json={"ids": bad}, headers=alice.auth)
        assert response.status_code == 422
        assert response.json()["type"] == PROBLEM + "invalid-order"
    for method in ("PATCH", "DELETE"):
        body = {"label": "x"} if method == "PATCH" else None
        response = await client.request(method, f"{base}/{foreign}", json=body, headers=alice.auth)
        assert response.status_code == 404
        assert response.json()["type"] == PROBLEM + "link-not-found"
    missing = await client.get("/admin/v1/channels/nobody/links", headers=alice.auth)
    assert missing.status_code == 403  # the Admin API is for staff first
    assert (await client.get("/private/v1/channels/nobody/links", headers=alice.auth)).json()[
        "type"
    ] == PROBLEM + "channel-not-found"
    assert await written(db) == before
