"""Livestream listings through HTTP: directory, category, channel, followed, recommended;
filters, sorts and keyset pages; tiers; the plans use the partial indexes."""

from __future__ import annotations

from typing import Any

import asyncpg
import pytest

from tests.fakes.ory import FakeOry
from tests.integration.conftest import Client, User, api_token, make_staff, register
from tests.integration.directory.helpers import (
    PROBLEM,
    add_category,
    add_stream,
    age_channel,
    follow,
    follow_category,
)

READ_TIERS = ("/public/v1", "/private/v1")
NAMES = ("ann", "ben", "cat", "dan", "eve", "fay")


async def walk(
    client: Client, path: str, params: dict[str, Any], headers: dict[str, str]
) -> list[str]:
    """Every page of a listing, following `next`; the channel slugs in order."""
    out: list[str] = []
    after = None
    for _ in range(30):
        query = {**params, **({"after": after} if after else {})}
        response = await client.get(path, params=query, headers=headers)
        assert response.status_code == 200, response.text
        body = response.json()
        out += [s["channel"]["slug"] for s in body["data"]]
        if body["next"] is None:
            return out
        after = body["next"]
    raise AssertionError("no last page")


@pytest.fixture
async def users(client: Client, ory: FakeOry, db: asyncpg.Connection) -> dict[str, User]:
    """Six channels with live streams (one ended), two categories."""
    users = {name: await register(client, ory, name) for name in NAMES}
    games = await add_category(db, "games")
    music = await add_category(db, "music")
    await add_stream(db, "ann", viewers=50, minutes_ago=30, category=games, tags=("fps", "pro"))
    await add_stream(db, "ben", viewers=50, minutes_ago=10, category=games, language="en-GB")
    await add_stream(db, "cat", viewers=900, minutes_ago=50, category=music, language="pt-BR")
    await add_stream(db, "dan", viewers=7, minutes_ago=5, tags=("fps",), mature=True)
    await add_stream(db, "eve", viewers=300, minutes_ago=20, category=games, language="de")
    await add_stream(db, "fay", viewers=1000, minutes_ago=90, ended=True)
    return users


async def test_directory_sorts_and_pages_on_both_tiers(
    client: Client, users: dict[str, User]
) -> None:
    by_viewers = ["cat", "eve", "ben", "ann", "dan"]  # ann/ben tie: the later id first
    newest = ["dan", "ben", "eve", "ann", "cat"]
    for tier in READ_TIERS:
        headers = users["ann"].auth if tier == "/private/v1" else {}
        path = f"{tier}/livestreams"
        assert await walk(client, path, {"limit": 2}, headers) == by_viewers
        assert await walk(client, path, {"limit": 3, "order": "asc"}, headers) == by_viewers[::-1]
        assert await walk(client, path, {"sort": "started_at", "limit": 1}, headers) == newest
        assert (
            await walk(client, path, {"sort": "started_at", "order": "asc", "limit": 4}, headers)
            == newest[::-1]
        )
    body = (await client.get("/public/v1/livestreams", params={"limit": 1})).json()
    (first,) = body["data"]
    assert first["channel"]["slug"] == "cat"
    assert first["category"]["slug"] == "music"
    assert (first["live"], first["ended_at"], first["viewers"], first["language"]) == (
        True,
        None,
        900,
        "pt-BR",
    )
    token = await api_token(client, users["ann"], "chat:write")  # reads need no scope
    assert await walk(client, "/public/v1/livestreams", {}, token) == by_viewers


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"category": "games"}, ["eve", "ben", "ann"]),
        ({"language": "en"}, ["ben", "ann", "dan"]),
        ({"language": "en-gb"}, ["ben"]),
        ({"language": "pt"}, ["cat"]),
        ({"tags": "FPS"}, ["ann", "dan"]),
        ({"tags": "fps,pro"}, ["ann"]),
        ({"mature": "true"}, ["dan"]),
        ({"mature": "false", "category": "games", "language": "en"}, ["ben", "ann"]),
        ({"tags": "nothing"}, []),
        ({"sort": "started_at", "category": "games"}, ["ben", "eve", "ann"]),
    ],
)
async def test_directory_filters(
    client: Client, users: dict[str, User], params: dict[str, Any], expected: list[str]
) -> None:
    for limit in (1, 50):
        got = await walk(client, "/public/v1/livestreams", {**params, "limit": limit}, {})
        assert got == expected


async def test_category_and_channel_listings(
    client: Client, users: dict[str, User], db: asyncpg.Connection
) -> None:
    path = "/public/v1/categories/games/livestreams"
    assert await walk(client, path, {"limit": 2}, {}) == ["eve", "ben", "ann"]
    assert await walk(client, path, {"language": "de"}, {}) == ["eve"]
    assert await walk(client, path, {"sort": "started_at", "order": "asc"}, {}) == [
        "ann",
        "eve",
        "ben",
    ]
    games_id = await db.fetchval("SELECT id FROM categories WHERE slug = 'games'")
    by_id = f"/private/v1/categories/{games_id}/livestreams"
    assert await walk(client, by_id, {}, users["ann"].auth) == ["eve", "ben", "ann"]
    await add_category(db, "retired", deleted=True)
    for missing in ("retired", "nothing"):
        response = await client.get(f"/public/v1/categories/{missing}/livestreams")
        assert (response.status_code, response.json()["type"]) == (
            404,
            PROBLEM + "category-not-found",
        )
    # a channel: its live stream, then the ended ones, newest first
    older = [await add_stream(db, "ann", ended=True, minutes_ago=m) for m in (500, 400)]
    ids: list[str] = []
    after = None
    while True:
        params: dict[str, Any] = {"limit": 2, **({"after": after} if after else {})}
        response = await client.get("/public/v1/channels/ann/livestreams", params=params)
        assert response.status_code == 200, response.text
        body = response.json()
        ids += [s["id"] for s in body["data"]]
        after = body["next"]
        if after is None:
            break
    live = await db.fetchval(
        "SELECT l.id FROM livestreams l JOIN channels c ON c.id = l.channel_id"
        " WHERE c.slug = 'ann' AND l.ended_at IS NULL"
    )
    assert ids == [str(live), str(older[1]), str(older[0])]
    ghost = await client.get("/public/v1/channels/ghost/livestreams")
    assert (ghost.status_code, ghost.json()["type"]) == (404, PROBLEM + "channel-not-found")


async def test_followed_livestreams_are_private(
    client: Client, ory: FakeOry, users: dict[str, User], db: asyncpg.Connection
) -> None:
    zed = await register(client, ory, "zed")
    for slug in ("ann", "cat", "fay"):
        await follow(db, zed.account_id, slug)
    path = "/private/v1/me/following/livestreams"
    assert await walk(client, path, {"limit": 1}, zed.auth) == ["cat", "ann"]  # fay ended
    assert await walk(client, path, {"tags": "fps"}, zed.auth) == ["ann"]
    assert await walk(client, path, {"sort": "started_at"}, zed.auth) == ["ann", "cat"]
    assert await walk(client, path, {}, users["ben"].auth) == []
    assert (await client.get(path)).status_code == 401
    token = await api_token(client, zed, "chat:write")  # reads need no scope
    public = "/public/v1/me/following/livestreams"
    assert await walk(client, public, {"limit": 1}, token) == ["cat", "ann"]
    assert (await client.get(public)).status_code == 401
    admin = await client.get("/admin/v1/me/following/livestreams", headers=zed.auth)
    assert admin.status_code in (404, 405), admin.text


async def recommended(
    client: Client, headers: dict[str, str], **params: Any
) -> tuple[list[str], dict[str, Any]]:
    response = await client.get(
        "/public/v1/livestreams/recommended", params=params, headers=headers
    )
    assert response.status_code == 200, response.text
    body = response.json()
    return [r["livestream"]["channel"]["slug"] for r in body["data"]], body


async def test_recommended_is_personal_and_deterministic(
    client: Client, ory: FakeOry, db: asyncpg.Connection
) -> None:
    names = ("viewer", "peer1", "peer2", "liked", "graph", "plain", "catfan", "newbie", "aleman")
    people = {n: await register(client, ory, n) for n in names}
    for n in names:
        if n != "newbie":
            await age_channel(db, n, days=365, followers=5000)
    cats = {n: await add_category(db, f"cat-{n}") for n in ("a", "b", "c", "d", "e", "f")}
    await add_stream(db, "liked", viewers=2000, category=cats["a"])
    await add_stream(db, "graph", viewers=20, category=cats["b"])
    await add_stream(db, "plain", viewers=20, category=cats["c"])
    await add_stream(db, "catfan", viewers=20, category=cats["d"])
    await add_stream(db, "newbie", viewers=20, category=cats["e"])
    await add_stream(db, "aleman", viewers=20, category=cats["f"], language="de")
    await add_stream(db, "viewer", viewers=20000)
    viewer = people["viewer"]
    await follow(db, viewer.account_id, "liked")
    for peer in ("peer1", "peer2"):
        await follow(db, people[peer].account_id, "liked")
        await follow(db, people[peer].account_id, "graph")
    await follow_category(db, viewer.account_id, cats["d"])
    token = await api_token(
        client, viewer, "chat:write"
    )  # the token's account gets the personal ranking
    mine, body = await recommended(client, token, seed=5)
    assert "liked" not in mine
    assert "viewer" not in mine
    assert mine.index("graph") < mine.index("plain")
    assert mine.index("catfan") < mine.index("plain")
    assert mine.index("newbie") < mine.index("plain")
    reasons = {r["livestream"]["channel"]["slug"]: r["reasons"] for r in body["data"]}
    assert "followed-by-similar-viewers" in reasons["graph"]
    assert "followed-category" in reasons["catfan"]
    assert "new-creator" in reasons["newbie"]
    scores = [r["score"] for r in body["data"]]
    assert scores == sorted(scores, reverse=True)
    again, body_again = await recommended(client, token, seed=5)
    assert (again, body_again) == (mine, body)
    private = await client.get(
        "/private/v1/livestreams/recommended", params={"seed": 5}, headers=viewer.auth
    )
    assert [r["livestream"]["channel"]["slug"] for r in private.json()["data"]] == mine
    # anonymous: popularity first (the gaps exceed the 0.1 that jitter can add), the followed
    # channel is back, Accept-Language counts
    anonymous, _ = await recommended(client, {}, seed=5)
    assert anonymous[:2] == ["viewer", "liked"]
    german, _ = await recommended(client, {"Accept-Language": "de-AT, en;q=0.5"}, seed=5)
    assert german.index("aleman") < german.index("plain")
    # pages: the cursor keeps the seed; walking gives the whole ranking
    walked: list[str] = []
    after = None
    while True:
        params: dict[str, Any] = {"limit": 2, **({"after": after} if after else {"seed": 5})}
        page, body = await recommended(client, token, **params)
        walked += page
        after = body["next"]
        if after is None:
            break
    assert walked == mine
    filtered, _ = await recommended(client, token, seed=5, category="cat-d")
    assert filtered == ["catfan"]


@pytest.mark.parametrize(
    ("path", "params", "code"),
    [
        ("/livestreams", {"sort": "title"}, "livestream-sort-invalid"),
        ("/livestreams", {"order": "sideways"}, "livestream-sort-invalid"),
        ("/livestreams", {"limit": 0}, "validation"),
        ("/livestreams", {"limit": 101}, "validation"),
        ("/livestreams", {"after": "not-a-cursor"}, "invalid"),
        ("/livestreams", {"language": "en_US"}, "stream-language-invalid"),
        ("/livestreams", {"tags": "c++"}, "stream-tags-invalid"),
        ("/livestreams", {"category": "nope"}, "stream-category-unknown"),
        ("/livestreams", {"mature": "perhaps"}, "validation"),
        ("/categories/games/livestreams", {"sort": "x"}, "livestream-sort-invalid"),
        ("/channels/ann/livestreams", {"after": "eA"}, "invalid"),
        ("/livestreams/recommended", {"seed": -1}, "validation"),
        ("/livestreams/recommended", {"after": "eA"}, "invalid"),
        ("/livestreams/recommended", {"tags": "!"}, "stream-tags-invalid"),
    ],
)
async def test_bad_queries_are_problems(
    client: Client, users: dict[str, User], path: str, params: dict[str, Any], code: str
) -> None:
    response = await client.get(f"/public/v1{path}", params=params)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["type"] == PROBLEM + code


async def test_a_cursor_is_bound_to_its_order(client: Client, users: dict[str, User]) -> None:
    first = (await client.get("/public/v1/livestreams", params={"limit": 1})).json()
    response = await client.get(
        "/public/v1/livestreams", params={"limit": 1, "sort": "started_at", "after": first["next"]}
    )
    assert (response.status_code, response.json()["type"]) == (422, PROBLEM + "invalid")


async def test_listings_are_not_on_the_admin_api(
    client: Client, ory: FakeOry, db: asyncpg.Connection
) -> None:
    boss = await register(client, ory, "boss")
    await make_staff(db, boss)
    for path in (
        "/livestreams",
        "/livestreams/recommended",
        "/categories/games/livestreams",
        "/channels/boss/livestreams",
    ):
        response = await client.get(f"/admin/v1{path}", headers=boss.auth)
        assert response.status_code in (404, 405), path
