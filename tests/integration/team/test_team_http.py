"""Moderators, VIPs and OGs over HTTP: every operation on every tier where it exists."""

from __future__ import annotations

import json

import asyncpg
import pytest

from tests.fakes.ory import FakeOry
from tests.integration.conftest import Client, api_token
from tests.integration.team.helpers import PROBLEM, cast, give, written

SEGMENTS = ["vips", "ogs", "moderators"]


@pytest.mark.parametrize("segment", SEGMENTS)
async def test_public_tier_fetches_and_creates_only(
    client: Client, ory: FakeOry, db: asyncpg.Connection, segment: str
) -> None:
    team = await cast(client, ory, db)
    bearer = await api_token(client, team.owner, "moderation:write")
    base = f"/public/v1/channels/alice/{segment}"

    created = await client.post(base, json={"account": "bob"}, headers=bearer)
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["account"] == {"id": team.bob.account_id, "username": "bob"}
    assert body["granted_by"] == team.owner.account_id
    assert ("permissions" in body) is (segment == "moderators")

    listed = await client.get(base)  # anonymous reads
    assert listed.status_code == 200
    assert [m["account"]["username"] for m in listed.json()["data"]] == ["bob"]

    for method in ("DELETE", "PATCH"):
        absent = await client.request(method, f"{base}/bob", headers=bearer)
        assert absent.status_code in (404, 405), method  # no such operation on Public
    assert await db.fetchval("SELECT count(*) FROM channel_roles") == 1


@pytest.mark.parametrize("tier", ["private", "admin"])
@pytest.mark.parametrize("segment", SEGMENTS)
async def test_create_fetch_delete_on_private_and_admin(
    client: Client, ory: FakeOry, db: asyncpg.Connection, tier: str, segment: str
) -> None:
    team = await cast(client, ory, db)
    actor = team.owner if tier == "private" else team.staff
    base = f"/{tier}/v1/channels/alice/{segment}"

    for name in ("bob", team.carol.account_id):
        created = await client.post(
            base, json={"account": name, "reason": "helps"}, headers=actor.auth
        )
        assert created.status_code == 201, created.text
    page = await client.get(f"{base}?limit=1", headers=actor.auth)
    assert page.status_code == 200
    assert [m["account"]["username"] for m in page.json()["data"]] == ["carol"]
    rest = await client.get(f"{base}?limit=1&after={page.json()['next']}", headers=actor.auth)
    assert [m["account"]["username"] for m in rest.json()["data"]] == ["bob"]
    assert rest.json()["next"] is None

    removed = await client.delete(f"{base}/bob?reason=done", headers=actor.auth)
    assert removed.status_code == 200, removed.text
    assert removed.json()["account"]["username"] == "bob"
    role = {"vips": "vip", "ogs": "og", "moderators": "moderator"}[segment]
    rows = await db.fetch(
        "SELECT action, acting_as, reason, details->>'role' AS role FROM channel_audit_log"
        " ORDER BY id"
    )
    acting = "owner" if tier == "private" else "staff"
    assert [(r["action"], r["acting_as"], r["reason"], r["role"]) for r in rows] == [
        ("role.granted", acting, "helps", role),
        ("role.granted", acting, "helps", role),
        ("role.revoked", acting, "done", role),
    ]
    topics = await db.fetch("SELECT topic FROM outbox WHERE topic LIKE 'channel.role%' ORDER BY id")
    assert [t["topic"] for t in topics] == ["channel.role_granted"] * 2 + ["channel.role_revoked"]


@pytest.mark.parametrize("tier", ["private", "admin"])
async def test_moderator_permissions_on_create_and_patch(
    client: Client, ory: FakeOry, db: asyncpg.Connection, tier: str
) -> None:
    team = await cast(client, ory, db)
    actor = team.owner if tier == "private" else team.staff
    base = f"/{tier}/v1/channels/alice/moderators"
    default = await client.post(base, json={"account": "bob"}, headers=actor.auth)
    assert default.json()["permissions"] == ["ban", "delete_messages", "timeout"]
    chosen = await client.post(
        base, json={"account": "carol", "permissions": ["manage_roles"]}, headers=actor.auth
    )
    assert chosen.json()["permissions"] == ["manage_roles"]

    changed = await client.patch(
        f"{base}/bob", json={"permissions": ["ban", "manage_settings"]}, headers=actor.auth
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["permissions"] == ["ban", "manage_settings"]
    stored = await db.fetchval(
        "SELECT permissions FROM channel_roles WHERE account_id = $1::uuid", team.bob.account_id
    )
    assert sorted(stored) == ["ban", "manage_settings"]
    entry = await db.fetchrow(
        "SELECT action, details FROM channel_audit_log ORDER BY id DESC LIMIT 1"
    )
    assert entry is not None
    assert entry["action"] == "role.permissions_changed"
    assert json.loads(entry["details"])["to"] == ["ban", "manage_settings"]

    by_moderator = await client.patch(
        "/private/v1/channels/alice/moderators/bob",
        json={"permissions": []},
        headers=team.carol.auth,
    )
    assert by_moderator.status_code == 403


async def test_bad_input_answers_a_problem_and_writes_nothing(
    client: Client, ory: FakeOry, db: asyncpg.Connection
) -> None:
    team = await cast(client, ory, db)
    await give(client, team.owner, "vips", "bob")
    await give(client, team.owner, "moderators", "carol", permissions=["manage_roles"])
    owner, carol = team.owner.auth, team.carol.auth
    cases = [
        (
            "POST",
            "/private/v1/channels/nowhere/vips",
            {"account": "bob"},
            owner,
            404,
            "channel-not-found",
        ),
        (
            "POST",
            "/private/v1/channels/alice/vips",
            {"account": "nobody"},
            owner,
            404,
            "account-not-found",
        ),
        (
            "POST",
            "/private/v1/channels/alice/vips",
            {"account": "bob"},
            owner,
            409,
            "role-already-granted",
        ),
        (
            "POST",
            "/private/v1/channels/alice/ogs",
            {"account": "alice"},
            owner,
            422,
            "owner-cannot-hold-role",
        ),
        (
            "POST",
            "/private/v1/channels/alice/moderators",
            {"account": "bob"},
            carol,
            403,
            "forbidden",
        ),
        (
            "POST",
            "/private/v1/channels/alice/moderators",
            {"account": "bob", "permissions": ["fly"]},
            owner,
            422,
            "validation",
        ),
        (
            "POST",
            "/private/v1/channels/alice/vips",
            {"account": "bob", "permissions": ["ban"]},
            owner,
            422,
            "validation",
        ),
        ("DELETE", "/private/v1/channels/alice/ogs/bob", None, owner, 404, "role-not-found"),
        ("DELETE", "/private/v1/channels/alice/vips/nobody", None, owner, 404, "account-not-found"),
        ("DELETE", "/private/v1/channels/nowhere/vips/bob", None, owner, 404, "channel-not-found"),
        (
            "PATCH",
            "/private/v1/channels/alice/moderators/bob",
            {"permissions": []},
            owner,
            404,
            "role-not-found",
        ),
        (
            "PATCH",
            "/private/v1/channels/alice/moderators/carol",
            {"permissions": ["x"]},
            owner,
            422,
            "validation",
        ),
    ]
    before = await written(db)
    for method, path, body, headers, status, code in cases:
        response = await client.request(method, path, json=body, headers=headers)
        assert response.status_code == status, (method, path, response.text)
        assert response.json()["type"] == PROBLEM + code, (method, path)
    assert await written(db) == before
