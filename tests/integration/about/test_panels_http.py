"""Panels through HTTP on every tier, bad input, and the limit under concurrent creates."""

from __future__ import annotations

import asyncio
import json
import uuid

import asyncpg
import pytest

from streamz.core.channels.about.create_panel import CreatePanel, CreatePanelRequest
from streamz.core.channels.about.errors import PanelLimitReached
from streamz.core.identity.entities import Principal
from streamz.library import Streamz
from streamz.settings import Settings
from tests.fakes.ory import FakeOry
from tests.integration.about.helpers import PROBLEM, channel_id, written
from tests.integration.conftest import Client, api_token, make_staff, register


async def test_panel_lifecycle_on_private(
    client: Client, ory: FakeOry, db: asyncpg.Connection
) -> None:
    alice = await register(client, ory, "alice")
    base = "/private/v1/channels/alice/panels"
    ids = []
    for title in ("About", "Rules", "Schedule"):
        created = await client.post(
            base,
            json={"title": title, "body": "**hi**", "link_url": "https://a.example"},
            headers=alice.auth,
        )
        assert created.status_code == 201, created.text
        ids.append(created.json()["id"])
    assert created.json()["position"] == 2
    listed = await client.get(base, headers=alice.auth)
    assert [p["title"] for p in listed.json()["data"]] == ["About", "Rules", "Schedule"]

    patched = await client.patch(
        f"{base}/{ids[0]}", json={"title": "About me", "link_url": None}, headers=alice.auth
    )
    assert patched.status_code == 200, patched.text
    assert (patched.json()["title"], patched.json()["body"]) == ("About me", "**hi**")
    assert patched.json()["link_url"] is None

    order = [ids[2], ids[0], ids[1]]
    ordered = await client.put(f"{base}/order", json={"ids": order}, headers=alice.auth)
    assert ordered.status_code == 200, ordered.text
    assert [p["id"] for p in ordered.json()["data"]] == order
    assert [p["position"] for p in ordered.json()["data"]] == [0, 1, 2]

    deleted = await client.delete(f"{base}/{ids[1]}", headers=alice.auth)
    assert deleted.status_code == 204
    public = await client.get(f"/public/v1/channels/{await channel_id(db, alice)}/panels")
    assert [p["id"] for p in public.json()["data"]] == [ids[2], ids[0]]
    topics = await db.fetch("SELECT topic, payload FROM outbox WHERE topic LIKE 'channel.%'")
    assert [r["topic"] for r in topics] == ["channel.panels_updated"] * 6
    assert json.loads(topics[0]["payload"]) == {"channel_id": str(await channel_id(db, alice))}


async def test_admin_tier_acts_as_staff_with_an_audit_entry(
    client: Client, ory: FakeOry, db: asyncpg.Connection
) -> None:
    await register(client, ory, "alice")
    boss = await register(client, ory, "boss")
    await make_staff(db, boss)
    base = "/admin/v1/channels/alice/panels"
    created = await client.post(base, json={"title": "Staff note"}, headers=boss.auth)
    assert created.status_code == 201, created.text
    panel_id = created.json()["id"]
    assert (
        await client.patch(f"{base}/{panel_id}", json={"body": "x"}, headers=boss.auth)
    ).status_code == 200
    put = await client.put(f"{base}/order", json={"ids": [panel_id]}, headers=boss.auth)
    assert put.status_code == 200
    assert (await client.delete(f"{base}/{panel_id}", headers=boss.auth)).status_code == 204
    assert (await client.get(base, headers=boss.auth)).json() == {"data": []}
    rows = await db.fetch("SELECT action, acting_as, actor_id FROM channel_audit_log ORDER BY id")
    assert [r["action"] for r in rows] == [
        "panel.created",
        "panel.updated",
        "panel.reordered",
        "panel.deleted",
    ]
    assert {(r["acting_as"], str(r["actor_id"])) for r in rows} == {("staff", boss.account_id)}


async def test_public_tier_reads_and_creates_only(
    client: Client, ory: FakeOry, db: asyncpg.Connection
) -> None:
    alice = await register(client, ory, "alice")
    token = await api_token(client, alice, "channel:write")
    base = "/public/v1/channels/alice/panels"
    created = await client.post(base, json={"title": "From a bot"}, headers=token)
    assert created.status_code == 201, created.text
    panel_id = created.json()["id"]
    assert (await client.get(base)).json()["data"][0]["id"] == panel_id
    for method, path, body in (
        ("PATCH", f"{base}/{panel_id}", {"title": "x"}),
        ("DELETE", f"{base}/{panel_id}", None),
        ("PUT", f"{base}/order", {"ids": [panel_id]}),
    ):
        response = await client.request(method, path, json=body, headers=token)
        assert response.status_code in (404, 405), (method, response.status_code)
    assert (await db.fetchval("SELECT title FROM channel_panels")) == "From a bot"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": ""}, "body.title"),
        ({"title": "   "}, "body.title"),
        ({"title": "t" * 101}, "body.title"),
        ({"title": "ok", "body": "b" * 5001}, "body.body"),
        ({"title": "ok", "image_url": "javascript:alert(1)"}, "body.image_url"),
        ({"title": "ok", "link_url": "ftp://example.com"}, "body.link_url"),
        ({"title": "ok", "link_url": "https://x.io/" + "a" * 2048}, "body.link_url"),
        ({"body": "no title"}, "body.title"),
    ],
)
async def test_bad_panels_are_422_and_nothing_written(
    client: Client, ory: FakeOry, db: asyncpg.Connection, body: dict[str, str], field: str
) -> None:
    alice = await register(client, ory, "alice")
    before = await written(db)
    response = await client.post("/private/v1/channels/alice/panels", json=body, headers=alice.auth)
    assert response.status_code == 422, response.text
    assert response.json()["type"] in (PROBLEM + "invalid", PROBLEM + "validation")
    assert any(e["field"].startswith(field) for e in response.json()["errors"]), response.json()
    assert await written(db) == before


async def test_limit_order_and_unknown_ids(
    client: Client, ory: FakeOry, db: asyncpg.Connection
) -> None:
    alice = await register(client, ory, "alice")
    bob = await register(client, ory, "bob")
    base = "/private/v1/channels/alice/panels"
    ids = []
    for n in range(20):
        response = await client.post(base, json={"title": f"p{n}"}, headers=alice.auth)
        ids.append(response.json()["id"])
    before = await written(db)
    over = await client.post(base, json={"title": "21st"}, headers=alice.auth)
    assert over.status_code == 409
    assert over.json()["type"] == PROBLEM + "panel-limit-reached"
    assert "20" in over.json()["detail"]
    foreign = (
        await client.post("/private/v1/channels/bob/panels", json={"title": "b"}, headers=bob.auth)
    ).json()["id"]
    before = await written(db)
    for bad in (ids[:-1], [*ids, foreign], [*ids, ids[0]], [*ids[:-1], foreign], []):
        response = await client.put(f"{base}/order", json={"ids": bad}, headers=alice.auth)
        assert response.status_code == 422, response.text
        assert response.json()["type"] == PROBLEM + "invalid-order"
        assert response.json()["errors"][0]["field"] == "body.ids"
    for unknown in (foreign, str(uuid.uuid4())):
        patched = await client.patch(f"{base}/{unknown}", json={"title": "x"}, headers=alice.auth)
        deleted = await client.delete(f"{base}/{unknown}", headers=alice.auth)
        for response in (patched, deleted):
            assert response.status_code == 404
            assert response.json()["type"] == PROBLEM + "panel-not-found"
    missing = await client.post(
        "/private/v1/channels/nobody/panels", json={"title": "x"}, headers=alice.auth
    )
    assert missing.status_code == 404
    assert missing.json()["type"] == PROBLEM + "channel-not-found"
    assert (await client.get("/public/v1/channels/nobody/panels")).status_code == 404
    assert await written(db) == before
    order = await db.fetch("SELECT id FROM channel_panels WHERE title LIKE 'p%' ORDER BY position")
    assert [str(r["id"]) for r in order] == ids


async def test_the_limit_holds_under_concurrent_creates(
    client: Client, ory: FakeOry, settings: Settings, db: asyncpg.Connection
) -> None:
    await register(client, ory, "alice")
    async with Streamz.from_settings(settings) as streamz:

        async def create(n: int) -> bool:
            request = CreatePanelRequest(Principal.system(), "alice", f"p{n}")
            try:
                await streamz.call(CreatePanel, request)
            except PanelLimitReached:
                return False
            return True

        results = await asyncio.gather(*(create(n) for n in range(30)))
    assert results.count(True) == 20
    assert await db.fetchval("SELECT count(*) FROM channel_panels") == 20
    positions = await db.fetch("SELECT position FROM channel_panels ORDER BY position")
    assert [r["position"] for r in positions] == list(range(20))
