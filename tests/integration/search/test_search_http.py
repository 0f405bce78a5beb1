"""Search through the HTTP API (Public and Private) against the real Typesense."""

from __future__ import annotations

import asyncpg

from streamz.settings import Settings
from tests.fakes.ory import FakeOry
from tests.integration.conftest import Client, register

from .conftest import add_category, go_live, go_offline, names, reconcile

PUBLIC = "/public/v1/search"


async def _world(client: Client, ory: FakeOry, db: asyncpg.Connection, settings: Settings) -> str:
    for name in ("gamerone", "gamertwo", "painter", "speedy"):
        await register(client, ory, name)
    chess = await add_category(db, "Chess", ["Schach"])
    await add_category(db, "Minecraft", ["MC"])
    await go_live(db, "gamertwo", "Blitz chess all night", category_id=chess, tags=["blitz"])
    await go_live(db, "speedy", "Any% speedrun", tags=["speedrun", "pb"], language="fr", viewers=9)
    await reconcile(settings)
    return chess


async def test_typos_prefixes_and_live_first(
    client: Client, ory: FakeOry, db: asyncpg.Connection, settings: Settings
) -> None:
    await _world(client, ory, db, settings)
    typo = (await client.get(f"{PUBLIC}/channels", params={"q": "paintr"})).json()
    assert names(typo) == ["painter"]
    prefix = (await client.get(f"{PUBLIC}/channels", params={"q": "gam"})).json()
    assert names(prefix) == ["gamertwo", "gamerone"]  # the live one first
    assert prefix["data"][0]["is_live"] is True
    assert "<mark>" in prefix["data"][0]["highlights"][0]["snippet"]
    categories = (await client.get(f"{PUBLIC}/categories", params={"q": "schach"})).json()
    assert names(categories, "name") == ["Chess"]


async def test_search_all_in_one_call(
    client: Client, ory: FakeOry, db: asyncpg.Connection, settings: Settings
) -> None:
    await _world(client, ory, db, settings)
    response = await client.get(PUBLIC, params={"q": "chess"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert names(body["categories"], "name") == ["Chess"]
    assert names(body["livestreams"], "channel_username") == ["gamertwo"]
    assert names(body["channels"]) == ["gamertwo"]  # by its category's name


async def test_filters_sort_and_pages(
    client: Client, ory: FakeOry, db: asyncpg.Connection, settings: Settings
) -> None:
    chess = await _world(client, ory, db, settings)
    live = (await client.get(f"{PUBLIC}/channels", params={"q": "", "live": "true"})).json()
    assert sorted(names(live)) == ["gamertwo", "speedy"]
    in_chess = (await client.get(f"{PUBLIC}/livestreams", params={"category": "chess"})).json()
    assert names(in_chess, "channel_username") == ["gamertwo"]
    by_id = (await client.get(f"{PUBLIC}/livestreams", params={"category": chess})).json()
    assert by_id["found"] == 1
    french = (await client.get(f"{PUBLIC}/livestreams", params={"language": "fr"})).json()
    assert names(french, "channel_username") == ["speedy"]
    tags = (await client.get(f"{PUBLIC}/livestreams", params={"tags": "speedrun,pb"})).json()
    assert names(tags, "channel_username") == ["speedy"]
    none = (await client.get(f"{PUBLIC}/livestreams", params={"tags": "speedrun,blitz"})).json()
    assert none["found"] == 0
    viewers = (await client.get(f"{PUBLIC}/channels", params={"sort": "viewers"})).json()
    assert names(viewers)[0] == "speedy"
    first = (await client.get(f"{PUBLIC}/channels", params={"limit": 3})).json()
    assert len(first["data"]) == 3
    assert first["next"] == "2"
    second = (await client.get(f"{PUBLIC}/channels", params={"limit": 3, "after": "2"})).json()
    assert len(second["data"]) == 1
    assert second["next"] is None
    assert not set(names(first)) & set(names(second))


async def test_deletes_leave_the_results(
    client: Client, ory: FakeOry, db: asyncpg.Connection, settings: Settings
) -> None:
    await _world(client, ory, db, settings)
    await go_offline(db, "speedy")
    await db.execute("UPDATE categories SET deleted_at = now() WHERE slug = 'minecraft'")
    await reconcile(settings)
    streams = (await client.get(f"{PUBLIC}/livestreams", params={"q": "speedrun"})).json()
    assert streams["found"] == 0
    categories = (await client.get(f"{PUBLIC}/categories", params={"q": "minecraft"})).json()
    assert categories["found"] == 0


async def test_suggest_trending_and_private_tier(
    client: Client, ory: FakeOry, db: asyncpg.Connection, settings: Settings
) -> None:
    await _world(client, ory, db, settings)
    suggest = (await client.get(f"{PUBLIC}/suggest", params={"q": "ga"})).json()
    assert [s["slug"] for s in suggest["data"]][:2] == ["gamertwo", "gamerone"]
    user = await register(client, ory, "searcher")
    for q in ("Chess", "chess", "painter"):
        response = await client.get("/private/v1/search", params={"q": q}, headers=user.auth)
        assert response.status_code == 200
    trending = (await client.get(f"{PUBLIC}/trending", params={"window": "day"})).json()
    assert trending["data"] == [{"query": "chess", "count": 2}, {"query": "painter", "count": 1}]


async def test_no_collections_yet_answers_empty(client: Client) -> None:
    response = await client.get(PUBLIC, params={"q": "anything"})
    assert response.status_code == 200, response.text
    assert [response.json()[k]["found"] for k in ("channels", "categories", "livestreams")] == [
        0,
        0,
        0,
    ]
    suggest = await client.get(f"{PUBLIC}/suggest", params={"q": "any"})
    assert suggest.json() == {"data": []}


async def test_bad_input_is_422(client: Client) -> None:
    response = await client.get(f"{PUBLIC}/channels", params={"q": "a", "sort": "newest"})
    assert response.status_code == 422
    assert response.json()["type"].endswith("/invalid")
    too_many = await client.get(PUBLIC, params={"q": "a", "limit": "500"})
    assert too_many.status_code in {400, 422}
    long = await client.get(f"{PUBLIC}/suggest", params={"q": "x" * 200})
    assert long.status_code == 422
