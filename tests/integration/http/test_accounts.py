"""Fetch accounts and channels by identifier on the Public, Private and Admin tiers."""

from __future__ import annotations

import uuid

import asyncpg

from tests.fakes.ory import FakeOry
from tests.integration.conftest import Client, make_staff, register

PROBLEM = "https://streamz.dev/problems/"


async def test_account_by_username_or_id_on_every_tier(
    client: Client,
    ory: FakeOry,
    db: asyncpg.Connection,
) -> None:
    alice = await register(client, ory, "alice")
    bob = await register(client, ory, "bob")
    await make_staff(db, bob)
    tiers = {"/public/v1": {}, "/private/v1": alice.auth, "/admin/v1": bob.auth}
    for prefix, headers in tiers.items():
        for identifier in ("alice", "ALICE", alice.account_id):
            response = await client.get(f"{prefix}/accounts/{identifier}", headers=headers)
            assert response.status_code == 200, (prefix, identifier)
            body = response.json()
            assert body["id"] == alice.account_id
            assert body["channel"]["slug"] == "alice"
            email_shown = prefix != "/public/v1"  # alice herself on Private, staff on Admin
            assert ("email" in body) is email_shown, prefix
    other = await client.get("/private/v1/accounts/bob", headers=alice.auth)
    assert "email" not in other.json()


async def test_channel_by_slug_or_id_on_every_tier(
    client: Client,
    ory: FakeOry,
    db: asyncpg.Connection,
) -> None:
    alice = await register(client, ory, "alice")
    await make_staff(db, alice)
    channel_id = str(await db.fetchval("SELECT id FROM channels"))
    for prefix, headers in {
        "/public/v1": {},
        "/private/v1": alice.auth,
        "/admin/v1": alice.auth,
    }.items():
        for identifier in ("alice", "Alice", channel_id):
            response = await client.get(f"{prefix}/channels/{identifier}", headers=headers)
            assert response.status_code == 200
            body = response.json()
            assert body["id"] == channel_id
            assert body["owner"] == {"id": alice.account_id, "username": "alice"}
            assert body["followers_count"] == 0
            assert body["is_live"] is False


async def test_unknown_identifiers_are_404_problems(
    client: Client,
    ory: FakeOry,
) -> None:
    for path, code in (
        ("/public/v1/accounts/nobody", "account-not-found"),
        (f"/public/v1/accounts/{uuid.uuid4()}", "account-not-found"),
        ("/public/v1/channels/nobody", "channel-not-found"),
        (f"/public/v1/channels/{uuid.uuid4()}", "channel-not-found"),
    ):
        response = await client.get(path)
        assert response.status_code == 404, path
        assert response.headers["content-type"].startswith("application/problem+json")
        problem = response.json()
        assert problem["type"] == PROBLEM + code
        assert problem["status"] == 404
        assert problem["instance"] == path


async def test_identifiers_postgres_cannot_store_are_invalid(client: Client) -> None:
    """A NUL byte reaches no rule in core; the Postgres adapter turns it into 422, not 500."""
    for path in ("/public/v1/channels/a%00b", "/public/v1/accounts/a%00b"):
        response = await client.get(path)
        assert response.status_code == 422, path
        assert response.json()["type"] == PROBLEM + "invalid"
