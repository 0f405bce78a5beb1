"""Stream info through HTTP: Private only (Public and Admin do not offer it), rules with a
problem type per field, propagation to the live livestream, `stream.updated`."""

from __future__ import annotations

import asyncpg
import pytest

from tests.fakes.ory import FakeOry
from tests.integration.conftest import Client, make_moderator, make_staff, register
from tests.integration.directory.helpers import (
    PROBLEM,
    add_category,
    add_stream,
    channel_id,
    events,
    written,
)

PATH = "/private/v1/channels/alice/stream"


async def test_read_update_and_propagate(
    client: Client, ory: FakeOry, db: asyncpg.Connection
) -> None:
    alice = await register(client, ory, "alice")
    bob = await register(client, ory, "bob")
    games = await add_category(db, "games")
    old = await add_stream(db, "alice", ended=True, minutes_ago=300, title="old one")
    live = await add_stream(db, "alice", viewers=12, title="before")
    fresh = await client.get(PATH, headers=bob.auth)  # any signed-in user may read
    assert fresh.status_code == 200, fresh.text
    body = fresh.json()
    assert (body["title"], body["tags"], body["language"], body["updated_at"]) == (
        "",
        [],
        "en",
        None,
    )
    assert body["live"]["id"] == str(live)
    response = await client.patch(
        PATH,
        json={
            "title": "  Any% runs  ",
            "category": "games",
            "tags": ["Speed Run", "PB", "speed_run"],
            "language": "pt-br",
            "mature": True,
        },
        headers=alice.auth,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["title"] == "Any% runs"
    assert body["category"] == {"id": str(games), "slug": "games", "name": "Games"}
    assert (body["tags"], body["language"], body["mature"]) == (
        ["speed-run", "pb"],
        "pt-BR",
        True,
    )
    assert body["updated_at"] is not None
    row = await db.fetchrow(
        "SELECT * FROM stream_info WHERE channel_id = $1", await channel_id(db, "alice")
    )
    assert row is not None
    assert (row["title"], row["category_id"], row["tags"], row["language"], row["mature"]) == (
        "Any% runs",
        games,
        ["speed-run", "pb"],
        "pt-BR",
        True,
    )
    streams = {r["id"]: r for r in await db.fetch("SELECT * FROM livestreams")}
    now = streams[live]
    assert (now["title"], now["category_id"], now["tags"], now["language"], now["mature"]) == (
        "Any% runs",
        games,
        ["speed-run", "pb"],
        "pt-BR",
        True,
    )
    assert (streams[old]["title"], streams[old]["category_id"]) == ("old one", None)
    (event,) = await events(db, "stream.updated")
    assert event["channel_id"] == str(await channel_id(db, "alice"))
    assert event["livestream_id"] == str(live)
    assert event["changed"] == ["title", "category_id", "tags", "language", "mature"]
    audit = await db.fetch("SELECT action, acting_as FROM channel_audit_log")
    assert [(r["action"], r["acting_as"]) for r in audit] == [("stream.info_updated", "owner")]
    # only the fields sent change; null clears the category
    response = await client.patch(PATH, json={"category": None}, headers=alice.auth)
    assert response.status_code == 200
    assert (response.json()["category"], response.json()["title"]) == (None, "Any% runs")
    assert len(await events(db, "stream.updated")) == 2
    # the same values again: nothing written
    before = await written(db)
    response = await client.patch(PATH, json={"title": "Any% runs"}, headers=alice.auth)
    assert response.status_code == 200
    assert await written(db) == before


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"title": "x" * 141}, 422, "stream-title-invalid"),
        ({"title": "line\nbreak"}, 422, "stream-title-invalid"),
        ({"tags": ["ok", "c++"]}, 422, "stream-tags-invalid"),
        ({"tags": [f"tag{n}" for n in range(11)]}, 422, "stream-tags-invalid"),
        ({"tags": ["x"]}, 422, "stream-tags-invalid"),
        ({"language": "english"}, 422, "stream-language-invalid"),
        ({"language": "en_US"}, 422, "stream-language-invalid"),
        ({"category": "nope"}, 422, "stream-category-unknown"),
        ({"category": "retired"}, 422, "stream-category-unknown"),
        ({"title": "x" * 141, "language": "?"}, 422, "stream-title-invalid"),
        ({"title": 5}, 422, "validation"),
        ({"mature": "yes"}, 422, "validation"),
        ({"tags": "solo"}, 422, "validation"),
        ({"colour": "red"}, 422, "validation"),
    ],
)
async def test_bad_input_is_a_problem_and_writes_nothing(
    client: Client,
    ory: FakeOry,
    db: asyncpg.Connection,
    body: dict[str, object],
    status: int,
    code: str,
) -> None:
    alice = await register(client, ory, "alice")
    await add_category(db, "retired", deleted=True)
    await add_stream(db, "alice", viewers=3)
    before = await written(db)
    response = await client.patch(PATH, json=body, headers=alice.auth)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["type"] == PROBLEM + code
    assert await written(db) == before


async def test_who_may_update_and_tiers(
    client: Client, ory: FakeOry, db: asyncpg.Connection
) -> None:
    alice = await register(client, ory, "alice")
    mod = await register(client, ory, "mod")
    weak = await register(client, ory, "weak")
    bob = await register(client, ory, "bob")
    boss = await register(client, ory, "boss")
    await make_staff(db, boss)
    await make_moderator(db, alice, mod, ["manage_settings"])
    await make_moderator(db, alice, weak, ["ban"])
    ok = await client.patch(PATH, json={"title": "by mod"}, headers=mod.auth)
    assert ok.status_code == 200, ok.text
    before = await written(db)
    for user, status in ((weak, 403), (bob, 403)):
        response = await client.patch(PATH, json={"title": "no"}, headers=user.auth)
        assert response.status_code == status
        assert response.json()["type"] == PROBLEM + "forbidden"
    assert (await client.patch(PATH, json={"title": "no"})).status_code == 401
    assert (await client.get(PATH)).status_code == 401
    missing = await client.get("/private/v1/channels/ghost/stream", headers=bob.auth)
    assert (missing.status_code, missing.json()["type"]) == (404, PROBLEM + "channel-not-found")
    # ⚫ on the Public and Admin APIs: not offered at all
    for tier, headers in (("/public/v1", {}), ("/admin/v1", boss.auth)):
        for method in ("GET", "PATCH"):
            response = await client.request(
                method, f"{tier}/channels/alice/stream", json={"title": "x"}, headers=headers
            )
            assert response.status_code in (404, 405), (tier, method, response.text)
    assert await written(db) == before
    audit = await db.fetch("SELECT acting_as FROM channel_audit_log")
    assert [r["acting_as"] for r in audit] == ["moderator"]
