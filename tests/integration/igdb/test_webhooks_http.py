"""IGDB's webhooks through HTTP: create, update, delete, revive, merge, replays, bad input."""

from __future__ import annotations

import asyncio
import json
from dataclasses import replace
from typing import Any

import asyncpg
import pytest
from litestar.testing import AsyncTestClient

from streamz.container import make_container
from streamz.entrypoints.http.app import create_app
from streamz.settings import Settings
from tests.fakes.igdb import FakeIgdb, Game
from tests.fakes.ory import FakeOry
from tests.integration.conftest import Client, make_staff, register
from tests.integration.igdb.support import PROBLEM, events, row, written


def witcher_of(igdb: FakeIgdb) -> Game:
    return igdb.game(
        "The Witcher 3: Wild Hunt",
        image_id="co1wyy",
        genres=["Role-playing (RPG)", "Adventure"],
        alternative_names=["Wiedźmin 3: Dziki Gon"],
    )


async def test_create_then_update(client: Client, igdb: FakeIgdb, db: asyncpg.Connection) -> None:
    witcher = witcher_of(igdb)
    created = await igdb.create(witcher, expanded=True)
    assert created.status_code == 200, created.text
    body = created.json()
    assert (body["result"], body["changes"]) == ("created", [])
    record = await row(db, witcher.id)
    assert record["name"] == "The Witcher 3: Wild Hunt"
    assert record["slug"] == "the-witcher-3-wild-hunt"
    assert record["cover_url"] == witcher.cover_url
    assert record["genres"] == ["Role-playing (RPG)", "Adventure"]
    assert record["aliases"] == ["Wiedźmin 3: Dziki Gon"]
    assert record["igdb_updated_at"].timestamp() == witcher.updated_at
    assert body["category"]["id"] == str(record["id"])
    public = await client.get("/public/v1/categories/the-witcher-3-wild-hunt")
    assert public.status_code == 200
    assert (public.json()["igdb_id"], public.json()["cover_url"]) == (witcher.id, witcher.cover_url)

    # IGDB's update webhook sends ids only: the name changes, cover and genres stay
    renamed = igdb.change(witcher, name="The Witcher 3", slug="the-witcher-3")
    updated = await igdb.update(renamed)
    assert updated.status_code == 200, updated.text
    assert (updated.json()["result"], updated.json()["changes"]) == ("updated", ["name", "slug"])
    record = await row(db, witcher.id)
    assert (record["name"], record["slug"]) == ("The Witcher 3", "the-witcher-3")
    assert record["cover_url"] == witcher.cover_url
    assert record["genres"] == ["Role-playing (RPG)", "Adventure"]

    category_id = str(record["id"])
    assert await events(db) == [
        (
            "category.created",
            {
                "category_id": category_id,
                "igdb_id": witcher.id,
                "slug": "the-witcher-3-wild-hunt",
                "name": "The Witcher 3: Wild Hunt",
                "cover_url": witcher.cover_url,
                "genres": ["Role-playing (RPG)", "Adventure"],
                "aliases": ["Wiedźmin 3: Dziki Gon"],
                "source": "igdb",
            },
        ),
        (
            "category.updated",
            {
                "category_id": category_id,
                "igdb_id": witcher.id,
                "slug": "the-witcher-3",
                "name": "The Witcher 3",
                "cover_url": witcher.cover_url,
                "genres": ["Role-playing (RPG)", "Adventure"],
                "aliases": ["Wiedźmin 3: Dziki Gon"],
                "source": "igdb",
                "changes": ["name", "slug"],
            },
        ),
    ]


async def test_delete_then_revive(
    client: Client, igdb: FakeIgdb, ory: FakeOry, db: asyncpg.Connection
) -> None:
    witcher = witcher_of(igdb)
    await igdb.create(witcher, expanded=True)
    alice = await register(client, ory, "alice")
    slug = "the-witcher-3-wild-hunt"
    followed = await client.put(f"/private/v1/me/follows/categories/{slug}", headers=alice.auth)
    assert followed.status_code in {200, 201, 204}, followed.text

    deleted = await igdb.delete(witcher)
    assert deleted.status_code == 200, deleted.text
    assert deleted.json()["result"] == "deleted"
    assert (await row(db, witcher.id))["deleted_at"] is not None
    assert (await client.get(f"/public/v1/categories/{slug}")).status_code == 404
    listed = await client.get("/public/v1/categories")
    assert listed.json()["data"] == []
    follows = await client.get("/private/v1/me/follows/categories", headers=alice.auth)
    assert follows.json()["data"] == []

    before = await written(db)
    assert (await igdb.delete(witcher)).json()["result"] == "unchanged"
    assert (await igdb.update(witcher)).json()["result"] == "stale"  # a replay: stays deleted
    assert (await igdb.send("delete", {"id": witcher.id})).json()["result"] == "unchanged"
    assert await written(db) == before

    back = await igdb.update(igdb.change(witcher))
    assert back.json()["result"] == "updated"
    assert back.json()["changes"] == ["deleted_at"]
    assert (await row(db, witcher.id))["deleted_at"] is None
    again = await client.get(f"/public/v1/categories/{slug}")
    assert again.status_code == 200
    assert again.json()["followers_count"] == 1  # the row, and its follows, came back
    assert await db.fetchval("SELECT count(*) FROM categories") == 1
    category_id = back.json()["category"]["id"]
    assert [(topic, p["category_id"]) for topic, p in await events(db)] == [
        ("category.created", category_id),
        ("category.deleted", category_id),
        ("category.updated", category_id),
    ]
    assert (await events(db))[1][1] == {
        "category_id": category_id,
        "igdb_id": witcher.id,
        "slug": slug,
        "name": "The Witcher 3: Wild Hunt",
        "source": "igdb",
    }


async def test_replays_change_nothing(
    client: Client, igdb: FakeIgdb, db: asyncpg.Connection
) -> None:
    chess = igdb.game("Chess", image_id="co2abc", genres=["Board game"])
    assert (await igdb.create(chess, expanded=True)).json()["result"] == "created"
    stored = await row(db, chess.id)
    before = await written(db)
    for send in (igdb.create, igdb.update):
        for expanded in (True, False):
            replay = await send(chess, expanded=expanded)
            assert replay.status_code == 200
            assert replay.json()["result"] == "unchanged"
    assert await written(db) == before
    assert await row(db, chess.id) == stored
    newer = igdb.change(chess, name="Chess 960")
    assert (await igdb.update(newer)).json()["result"] == "updated"
    assert (await igdb.update(chess)).json()["result"] == "stale"  # older: ignored
    assert (await row(db, chess.id))["name"] == "Chess 960"
    unknown = await igdb.delete(igdb.game("Never seen"))
    assert (unknown.status_code, unknown.json()) == (
        200,
        {"result": "unknown", "category": None, "changes": []},
    )


async def test_merges_with_the_staff_category_of_the_same_slug(
    client: Client, igdb: FakeIgdb, ory: FakeOry, db: asyncpg.Connection
) -> None:
    staff = await register(client, ory, "staff")
    await make_staff(db, staff)
    made = await client.post(
        "/admin/v1/categories",
        json={"name": "Just Chess", "slug": "chess", "genres": ["Strategy"]},
        headers=staff.auth,
    )
    assert made.status_code == 201, made.text
    chess = igdb.game("Chess", slug="chess", image_id="co3", genres=["Board game"])
    merged = await igdb.create(chess, expanded=True)
    assert merged.json()["result"] == "updated"
    assert merged.json()["changes"] == ["igdb_id", "name", "cover_url", "genres"]
    assert merged.json()["category"]["id"] == made.json()["id"]
    assert await db.fetchval("SELECT count(*) FROM categories") == 1
    record = await row(db, chess.id)
    assert (record["name"], record["genres"]) == ("Chess", ["Board game"])
    # another game with that slug gets its id appended
    clone = igdb.game("Chess", slug="chess")
    second = await igdb.create(clone)
    assert second.json()["result"] == "created"
    assert second.json()["category"]["slug"] == f"chess-{clone.id}"


async def test_concurrent_deliveries_of_a_new_game_create_it_once(
    client: Client, igdb: FakeIgdb, db: asyncpg.Connection
) -> None:
    doom = igdb.game("Doom")
    responses = await asyncio.gather(*(igdb.create(doom) for _ in range(4)), igdb.update(doom))
    assert all(r.status_code == 200 for r in responses), [r.text for r in responses]
    assert sorted(r.json()["result"] for r in responses) == ["created"] + ["unchanged"] * 4
    assert await db.fetchval("SELECT count(*) FROM categories") == 1
    assert [t for t, _ in await events(db)] == ["category.created"]


async def test_a_wrong_or_missing_secret_is_refused(
    client: Client, igdb: FakeIgdb, db: asyncpg.Connection
) -> None:
    game = igdb.game("Tetris").unexpanded()
    for method in ("create", "update", "delete"):
        for secret in ("", "wrong", "test-igdb-webhook-secreT"):
            response = await igdb.send(method, game, secret=secret)
            assert response.status_code == 401, (method, secret)
            assert response.headers["content-type"].startswith("application/problem+json")
            assert response.json()["type"] == PROBLEM + "igdb-secret-invalid"
            assert "test-igdb" not in response.text
    malformed = await igdb.send("create", None, secret="wrong", raw=b"{not json")
    assert malformed.status_code == 401  # the secret is checked before the body
    assert await written(db) == (0, 0)


async def test_refused_when_no_secret_is_configured(
    settings: Settings, db: asyncpg.Connection
) -> None:
    """Not local mode (a JWKS URL) and no STREAMZ_IGDB_WEBHOOK_SECRET: every delivery is 401."""
    bare = replace(settings, igdb=replace(settings.igdb, webhook_secret=None))
    assert bare.auth.jwks_url is not None
    app = create_app(bare, make_container(bare))
    async with AsyncTestClient(app, base_url="http://127.0.0.1") as plain:
        fake = FakeIgdb(plain, "")
        for secret in ("", "anything"):
            response = await fake.send("create", fake.game("Tetris").unexpanded(), secret=secret)
            assert response.status_code == 401
            assert response.json()["type"] == PROBLEM + "igdb-secret-invalid"
    assert await written(db) == (0, 0)


GOOD: dict[str, Any] = {"id": 7, "name": "Chess"}


@pytest.mark.parametrize(
    ("method", "payload", "status", "code", "field"),
    [
        ("create", b"{not json", 400, "malformed-body", None),
        ("create", [GOOD], 422, "validation", None),
        ("create", {"name": "Chess"}, 422, "validation", "body.id"),
        ("create", {**GOOD, "id": "7"}, 422, "igdb-game-invalid", "body.id"),  # lenient shape
        ("create", {**GOOD, "id": 0}, 422, "validation", "body.id"),
        ("update", {"id": 7}, 422, "validation", "body.name"),
        ("update", {**GOOD, "name": ""}, 422, "validation", "body.name"),
        ("update", {**GOOD, "name": "   "}, 422, "igdb-game-invalid", "body.name"),
        ("create", {**GOOD, "cover": "co1"}, 422, "validation", "body.cover"),
        ("create", {**GOOD, "cover": {"image_id": "../etc"}}, 422, "igdb-game-invalid",
         "body.cover.image_id"),
        ("create", {**GOOD, "cover": {"url": "javascript:x"}}, 422, "igdb-game-invalid",
         "body.cover.url"),
        ("create", {**GOOD, "genres": "RPG"}, 422, "validation", "body.genres"),
        ("create", {**GOOD, "genres": [True]}, 422, "validation", None),
        ("update", {**GOOD, "updated_at": -5}, 422, "validation", "body.updated_at"),
        ("update", {**GOOD, "name": "Chess\u0000"}, 422, "invalid", None),
        ("delete", {"name": "Chess"}, 422, "validation", "body.id"),
        ("delete", {"id": True}, 422, "validation", "body.id"),
        ("delete", b"", 422, "validation", None),
    ],
)  # fmt: skip
async def test_malformed_payloads_write_nothing(
    client: Client,
    igdb: FakeIgdb,
    db: asyncpg.Connection,
    method: str,
    payload: object,
    status: int,
    code: str,
    field: str | None,
) -> None:
    raw = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    response = await igdb.send(method, None, raw=raw)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["type"] == PROBLEM + code
    if field is not None:
        assert field in [e["field"] for e in problem["errors"]], problem
    assert await written(db) == (0, 0)
