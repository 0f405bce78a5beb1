"""Followed channels and categories through the Private API."""

from __future__ import annotations

import asyncpg

from tests.fakes.ory import FakeOry
from tests.integration.conftest import Client, count, register
from tests.integration.social.support import PROBLEM, create_category, followers, payloads, topics

CHANNELS = "/private/v1/me/follows/channels"
CATEGORIES = "/private/v1/me/follows/categories"


async def test_follow_check_list_unfollow_a_channel(
    client: Client, ory: FakeOry, db: asyncpg.Connection
) -> None:
    alice = await register(client, ory, "alice")
    bob = await register(client, ory, "bob")
    before = await client.get(f"{CHANNELS}/bob", headers=alice.auth)
    assert before.json() == {"following": False, "since": None}

    first = await client.put(f"{CHANNELS}/bob", headers=alice.auth)
    assert first.status_code == 200, first.text
    assert first.json()["following"] is True
    channel_id = await db.fetchval("SELECT id FROM channels WHERE slug = 'bob'")
    again = await client.put(f"{CHANNELS}/{channel_id}", headers=alice.auth)
    assert again.status_code == 200
    assert again.json() == first.json()
    assert await followers(db, "channels", "bob") == 1
    assert await count(db, "channel_follows") == 1
    [event] = await payloads(db, "channel.followed")
    assert event["follower_id"] == alice.account_id
    assert event["channel_id"] == str(channel_id)
    assert "followed_at" in event

    check = await client.get(f"{CHANNELS}/BOB", headers=alice.auth)
    assert check.json() == first.json()
    listed = (await client.get(CHANNELS, headers=alice.auth)).json()
    assert listed["next"] is None
    assert [f["channel"]["slug"] for f in listed["data"]] == ["bob"]
    assert listed["data"][0]["channel"]["followers_count"] == 1
    assert listed["data"][0]["followed_at"] == first.json()["since"]

    for _ in range(2):
        gone = await client.delete(f"{CHANNELS}/bob", headers=alice.auth)
        assert gone.status_code == 200
        assert gone.json() == {"following": False, "since": None}
    assert await followers(db, "channels", "bob") == 0
    assert await count(db, "channel_follows") == 0
    assert (await topics(db)).count("channel.unfollowed") == 1
    assert bob.username == "bob"


async def test_channel_follow_bad_input_writes_nothing(
    client: Client, ory: FakeOry, db: asyncpg.Connection
) -> None:
    alice = await register(client, ory, "alice")
    await register(client, ory, "bob")
    outbox = await count(db, "outbox")
    cases = [
        ("put", f"{CHANNELS}/alice", 409, "cannot-follow-self"),
        ("put", f"{CHANNELS}/nobody", 404, "channel-not-found"),
        ("delete", f"{CHANNELS}/nobody", 404, "channel-not-found"),
        ("get", f"{CHANNELS}/nobody", 404, "channel-not-found"),
        ("get", f"{CHANNELS}?after=%25%25", 422, "invalid"),
        ("get", f"{CHANNELS}?limit=0", 422, "validation"),
    ]
    for method, path, status, code in cases:
        response = await client.request(method, path, headers=alice.auth)
        assert response.status_code == status, (path, response.text)
        assert response.json()["type"] == PROBLEM + code, path
    assert await count(db, "channel_follows") == 0
    assert await count(db, "outbox") == outbox
    assert await followers(db, "channels", "alice") == 0


async def test_followed_channels_paginate_newest_first(client: Client, ory: FakeOry) -> None:
    alice = await register(client, ory, "alice")
    names = [f"streamer{i}" for i in range(5)]
    for name in names:
        await register(client, ory, name)
        assert (await client.put(f"{CHANNELS}/{name}", headers=alice.auth)).status_code == 200
    seen: list[str] = []
    cursor = None
    while True:
        params = {"limit": "2", **({"after": cursor} if cursor else {})}
        page = (await client.get(CHANNELS, params=params, headers=alice.auth)).json()
        seen += [f["channel"]["slug"] for f in page["data"]]
        cursor = page["next"]
        if cursor is None:
            break
    assert seen == names[::-1]


async def test_follow_a_category(client: Client, ory: FakeOry, db: asyncpg.Connection) -> None:
    alice = await register(client, ory, "alice")
    staff = await register(client, ory, "staff")
    chess = await create_category(client, db, staff, "Chess", genres=["Board"])
    await create_category(client, db, staff, "Go")
    for slug in ("chess", "go", "chess"):
        response = await client.put(f"{CATEGORIES}/{slug}", headers=alice.auth)
        assert response.status_code == 200
        assert response.json()["following"] is True
    assert await followers(db, "categories", "chess") == 1
    assert await count(db, "category_follows") == 2
    assert (await topics(db)).count("category.followed") == 2
    listed = (await client.get(CATEGORIES, headers=alice.auth)).json()
    assert [f["category"]["slug"] for f in listed["data"]] == ["go", "chess"]
    assert listed["data"][1]["category"]["genres"] == ["Board"]
    check = await client.get(f"{CATEGORIES}/{chess['id']}", headers=alice.auth)
    assert check.json()["following"] is True
    gone = await client.delete(f"{CATEGORIES}/chess", headers=alice.auth)
    assert gone.json() == {"following": False, "since": None}
    assert await followers(db, "categories", "chess") == 0
    assert (await topics(db)).count("category.unfollowed") == 1

    outbox = await count(db, "outbox")
    for method in ("put", "delete", "get"):
        missing = await client.request(method, f"{CATEGORIES}/nothing", headers=alice.auth)
        assert missing.status_code == 404
        assert missing.json()["type"] == PROBLEM + "category-not-found"
    assert await count(db, "category_follows") == 1
    assert await count(db, "outbox") == outbox
