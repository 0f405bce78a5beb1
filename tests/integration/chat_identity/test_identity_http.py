"""Chat identities over HTTP: fetch on every tier, update on Private and Admin."""

from __future__ import annotations

import json
import uuid

import asyncpg

from streamz.core.chat.chat_identity.identities import derived_colour
from tests.fakes.ory import FakeOry
from tests.integration.conftest import Client, api_token, make_staff, register

from .helpers import PROBLEM, TIERS, kinds, path, written


async def test_fetch_on_every_tier(client: Client, ory: FakeOry, db: asyncpg.Connection) -> None:
    alice = await register(client, ory, "alice")
    bob = await register(client, ory, "bob")
    boss = await register(client, ory, "boss")
    await make_staff(db, boss)
    token = await api_token(client, bob, "chat:write")
    readers = {
        "/public/v1": [{}, token],  # anonymous, and an API token
        "/private/v1": [bob.auth],
        "/admin/v1": [boss.auth],
    }
    expected = {
        "account_id": alice.account_id,
        "username": "alice",
        "colour": derived_colour(uuid.UUID(alice.account_id)),
        "colour_chosen": False,
        "badges": [{"kind": "owner", "months": None, "image_url": None}],
    }
    for tier in TIERS:
        for headers in readers[tier]:
            for who in ("alice", "ALICE", alice.account_id):
                response = await client.get(path(tier, who), headers=headers)
                assert response.status_code == 200, response.text
                assert response.json() == expected
    staff_seen = (await client.get(path("/public/v1", "boss"))).json()
    assert kinds(staff_seen) == ["staff"]
    assert kinds((await client.get(path("/public/v1", "bob"))).json()) == []
    assert await written(db) == (0, 0, 0)


async def test_unknown_user_or_channel_is_404(client: Client, ory: FakeOry) -> None:
    await register(client, ory, "alice")
    for tier in TIERS[:1]:
        for who in ("ghost", str(uuid.uuid4())):
            response = await client.get(path(tier, who))
            assert response.status_code == 404
            assert response.headers["content-type"].startswith("application/problem+json")
            assert response.json()["type"] == PROBLEM + "account-not-found"
        response = await client.get(path(tier, "alice", channel="nowhere"))
        assert response.status_code == 404
        assert response.json()["type"] == PROBLEM + "channel-not-found"


async def test_the_account_updates_its_own_colour(
    client: Client, ory: FakeOry, db: asyncpg.Connection
) -> None:
    await register(client, ory, "alice")
    bob = await register(client, ory, "bob")
    await register(client, ory, "carol")
    await client.get(path("/public/v1", "bob"))  # cached before the change
    response = await client.patch(
        path("/private/v1", "bob"), json={"colour": "#1e90ff"}, headers=bob.auth
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["colour"], body["colour_chosen"], body["badges"]) == ("#1E90FF", True, [])
    assert (await client.get(path("/public/v1", "bob"))).json() == body
    other = (await client.get(path("/public/v1", "bob", channel="carol"))).json()
    assert (other["colour"], other["colour_chosen"]) == (
        derived_colour(uuid.UUID(bob.account_id)),
        False,
    )
    assert await written(db) == (1, 0, 1)  # not audited: not a moderation action
    row = await db.fetchrow(
        "SELECT c.slug, i.account_id, i.colour FROM chat_identity_colours i"
        " JOIN channels c ON c.id = i.channel_id"
    )
    assert row is not None
    assert (row["slug"], str(row["account_id"]), row["colour"]) == (
        "alice",
        bob.account_id,
        "#1E90FF",
    )
    event = await db.fetchrow(
        "SELECT key, payload FROM outbox WHERE topic = 'chat.identity_updated'"
    )
    assert event is not None
    channel_id = await db.fetchval("SELECT id FROM channels WHERE slug = 'alice'")
    assert event["key"] == str(channel_id)
    payload = json.loads(event["payload"])
    assert payload["channel_id"] == str(channel_id)
    assert payload["identity"] == body
    # null: back to the derived colour
    response = await client.patch(
        path("/private/v1", bob.account_id), json={"colour": None}, headers=bob.auth
    )
    assert response.status_code == 200, response.text
    assert response.json()["colour_chosen"] is False
    assert (await client.get(path("/public/v1", "bob"))).json()["colour_chosen"] is False
    assert await written(db) == (0, 0, 2)


async def test_only_the_account_itself_on_private(
    client: Client, ory: FakeOry, db: asyncpg.Connection
) -> None:
    alice = await register(client, ory, "alice")
    await register(client, ory, "bob")
    mallory = await register(client, ory, "mallory")
    await make_staff(db, mallory)  # staff too, but on the Private API
    before = await written(db)
    for who in (alice, mallory):
        response = await client.patch(
            path("/private/v1", "bob"), json={"colour": "#FFFFFF"}, headers=who.auth
        )
        assert response.status_code == 403
        assert response.json()["type"] == PROBLEM + "forbidden"
    response = await client.patch(path("/private/v1", "bob"), json={"colour": "#FFFFFF"})
    assert response.status_code == 401
    assert await written(db) == before


async def test_staff_updates_anyone_on_admin_audited(
    client: Client, ory: FakeOry, db: asyncpg.Connection
) -> None:
    await register(client, ory, "alice")
    bob = await register(client, ory, "bob")
    boss = await register(client, ory, "boss")
    await make_staff(db, boss)
    response = await client.patch(
        path("/admin/v1", "bob"), json={"colour": "#ABCDEF"}, headers=boss.auth
    )
    assert response.status_code == 200, response.text
    assert response.json()["colour"] == "#ABCDEF"
    entry = await db.fetchrow(
        "SELECT action, acting_as, actor_id, target_account_id, details FROM channel_audit_log"
    )
    assert entry is not None
    assert (entry["action"], entry["acting_as"]) == ("chat.identity_updated", "staff")
    assert (str(entry["actor_id"]), str(entry["target_account_id"])) == (
        boss.account_id,
        bob.account_id,
    )
    assert json.loads(entry["details"]) == {"colour": "#ABCDEF", "previous": None}
    # the same colour again: nothing more is written
    before = await written(db)
    again = await client.patch(
        path("/admin/v1", "bob"), json={"colour": "#abcdef"}, headers=boss.auth
    )
    assert again.status_code == 200
    assert await written(db) == before


async def test_no_update_on_the_public_api(
    client: Client, ory: FakeOry, db: asyncpg.Connection
) -> None:
    bob = await register(client, ory, "bob")
    await register(client, ory, "alice")
    token = await api_token(client, bob, "chat:write", "moderation:write", "channel:write")
    before = await written(db)
    response = await client.patch(
        path("/public/v1", "bob"), json={"colour": "#FFFFFF"}, headers=token
    )
    assert response.status_code == 405
    assert response.json()["type"] == PROBLEM + "method-not-allowed"
    assert await written(db) == before


async def test_bad_bodies_are_refused_and_write_nothing(
    client: Client, ory: FakeOry, db: asyncpg.Connection
) -> None:
    await register(client, ory, "alice")
    bob = await register(client, ory, "bob")
    before = await written(db)
    for colour in ("", "blue", "#FFF", "#GGGGGG", "1E90FF", "#1E90FF0"):
        response = await client.patch(
            path("/private/v1", "bob"), json={"colour": colour}, headers=bob.auth
        )
        assert response.status_code == 422, colour
        problem = response.json()
        assert problem["type"] == PROBLEM + "invalid"
        assert [e["field"] for e in problem["errors"]] == ["body.colour"]
    for body in ({}, {"colour": 7}, {"colour": "#FFFFFF", "extra": 1}, {"colour": "#" * 65}):
        response = await client.patch(path("/private/v1", "bob"), json=body, headers=bob.auth)
        assert response.status_code == 422, body
        assert response.json()["type"] == PROBLEM + "validation"
    response = await client.patch(
        path("/private/v1", "bob"),
        content=b"{not json",
        headers={**bob.auth, "content-type": "application/json"},
    )
    assert response.status_code == 400
    assert response.json()["type"] == PROBLEM + "malformed-body"
    for who, channel, code in (
        ("ghost", "alice", "account-not-found"),
        ("bob", "nowhere", "channel-not-found"),
    ):
        response = await client.patch(
            path("/private/v1", who, channel=channel), json={"colour": "#FFFFFF"}, headers=bob.auth
        )
        assert response.status_code == 404
        assert response.json()["type"] == PROBLEM + code
    assert await written(db) == before
