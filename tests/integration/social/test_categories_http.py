"""Categories: staff create them (Admin API, CLI); everyone reads them."""

from __future__ import annotations

import json

import asyncpg

from tests.fakes.ory import FakeOry
from tests.integration.conftest import Client, count, register
from tests.integration.social.support import PROBLEM, create_category
from tests.integration.test_cli import cli


async def test_staff_create_and_everyone_reads(
    client: Client, ory: FakeOry, db: asyncpg.Connection
) -> None:
    staff = await register(client, ory, "staff")
    made = await create_category(
        client, db, staff, "Pokémon Go", genres=["AR"], igdb_id=12, cover_url="https://x/c.png"
    )
    assert made["slug"] == "pokemon-go"
    assert (made["followers_count"], made["live_viewers"], made["igdb_id"]) == (0, 0, 12)
    await create_category(client, db, staff, "Chess", slug="chess-960")
    for tier in ("public", "private", "admin"):
        headers = {} if tier == "public" else staff.auth
        one = await client.get(f"/{tier}/v1/categories/POKEMON-GO", headers=headers)
        assert one.json() == made, tier
        by_id = await client.get(f"/{tier}/v1/categories/{made['id']}", headers=headers)
        assert by_id.json() == made
    page = (await client.get("/public/v1/categories", params={"limit": "1"})).json()
    assert [c["name"] for c in page["data"]] == ["Chess"]
    rest = (await client.get("/public/v1/categories", params={"after": page["next"]})).json()
    assert [c["name"] for c in rest["data"]] == ["Pokémon Go"]
    assert rest["next"] is None
    missing = await client.get("/public/v1/categories/nothing")
    assert missing.status_code == 404
    assert missing.json()["type"] == PROBLEM + "category-not-found"
    assert await db.fetchval("SELECT count(*) FROM outbox WHERE topic = 'category.created'") == 2


async def test_create_rejects_bad_input_and_non_staff(
    client: Client, ory: FakeOry, db: asyncpg.Connection
) -> None:
    staff = await register(client, ory, "staff")
    user = await register(client, ory, "user")
    await create_category(client, db, staff, "Chess", igdb_id=1)
    cases = [
        ({"name": "CHESS"}, 409, "category-slug-taken"),
        ({"name": "Other", "igdb_id": 1}, 409, "category-igdb-id-taken"),
        ({"name": "!!!"}, 422, "invalid"),
        ({"name": "x", "slug": "Not A Slug"}, 422, "validation"),
        ({"name": "x", "cover_url": "ftp://x"}, 422, "invalid"),
        ({"name": "x", "extra": 1}, 422, "validation"),
        ({"name": ""}, 422, "validation"),
    ]
    for payload, status, code in cases:
        response = await client.post("/admin/v1/categories", json=payload, headers=staff.auth)
        assert response.status_code == status, (payload, response.text)
        assert response.json()["type"] == PROBLEM + code, payload
    denied = await client.post("/admin/v1/categories", json={"name": "Go"}, headers=user.auth)
    assert denied.status_code == 403
    for tier in ("public", "private"):
        absent = await client.post(
            f"/{tier}/v1/categories", json={"name": "Go"}, headers=staff.auth
        )
        assert absent.status_code == 405, tier
    assert await count(db, "categories") == 1


def test_cli_creates_and_lists(env: dict[str, str], db: asyncpg.Connection) -> None:
    code, out, _ = cli("categories", "create", "Just Chatting", "--genre", "IRL", "--genre", "Talk")
    assert code == 0
    created = json.loads(out)
    assert (created["slug"], created["genres"]) == ("just-chatting", ["IRL", "Talk"])
    assert cli("categories", "create", "Art", "--slug", "art")[0] == 0
    code, _, err = cli("categories", "create", "ART")
    assert code == 1
    assert err.startswith("error: category-slug-taken")
    code, out, _ = cli("categories", "list")
    assert code == 0
    assert [c["name"] for c in json.loads(out)["data"]] == ["Art", "Just Chatting"]
