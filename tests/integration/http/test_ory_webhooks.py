"""Ory registration and settings webhooks, through the HTTP entrypoint into Postgres."""

from __future__ import annotations

import json
import uuid
from typing import Any

import asyncpg

from streamz.entrypoints.http.auth import ORY_KEY_HEADER
from tests.fakes.ory import FakeOry
from tests.integration.conftest import ORY_KEY, Client, count, register

PROBLEM = "https://streamz.dev/problems/"
REGISTRATION = "/internal/webhooks/ory/registration"
SETTINGS = "/internal/webhooks/ory/settings"
KEY = {ORY_KEY_HEADER: ORY_KEY}
JSON_KEY = {**KEY, "content-type": "application/json"}


def raw(body: dict[str, Any]) -> bytes:
    """JSON with \\u escapes, as a client may send lone surrogates."""
    return json.dumps(body, ensure_ascii=True).encode()


def hook(identity_id: str, username: str, email: str) -> dict[str, Any]:
    return {
        "identity": {
            "id": identity_id,
            "schema_id": "default",
            "state": "active",
            "traits": {"username": username, "email": email},
        }
    }


async def nothing_written(db: asyncpg.Connection) -> None:
    for table in ("accounts", "channels", "chatrooms", "outbox"):
        assert await count(db, table) == 0, table


async def test_registration_creates_account_channel_chatroom_and_event(
    client: Client,
    db: asyncpg.Connection,
) -> None:
    identity = str(uuid.uuid4())
    response = await client.post(
        REGISTRATION, json=hook(identity, "Alice_1", "A@x.io"), headers=KEY
    )
    assert response.status_code == 201
    body = response.json()
    assert body["created"] is True
    account = await db.fetchrow("SELECT * FROM accounts WHERE identity_id = $1", identity)
    assert account is not None
    assert (account["username"], account["email"], account["role"]) == ("alice_1", "A@x.io", "user")
    assert str(account["id"]) == body["account_id"]
    channel = await db.fetchrow("SELECT * FROM channels WHERE account_id = $1", account["id"])
    assert channel is not None
    assert channel["slug"] == "alice_1"
    assert str(channel["id"]) == body["channel_id"]
    chatroom = await db.fetchrow("SELECT * FROM chatrooms WHERE channel_id = $1", channel["id"])
    assert chatroom is not None
    assert str(chatroom["id"]) == body["chatroom_id"]
    event = await db.fetchrow("SELECT topic, payload FROM outbox")
    assert event is not None
    assert event["topic"] == "account.registered"
    assert account["id"].version == 7


async def test_replaying_the_same_identity_changes_nothing(
    client: Client,
    db: asyncpg.Connection,
) -> None:
    identity = str(uuid.uuid4())
    first = await client.post(REGISTRATION, json=hook(identity, "bob", "b@x.io"), headers=KEY)
    again = await client.post(REGISTRATION, json=hook(identity, "bob", "b@x.io"), headers=KEY)
    assert first.status_code == again.status_code == 201
    assert again.json() == {**first.json(), "created": False}
    assert await count(db, "accounts") == 1
    assert await count(db, "outbox") == 1


async def test_wrong_or_missing_key_is_rejected_and_nothing_written(
    client: Client,
    db: asyncpg.Connection,
) -> None:
    body = hook(str(uuid.uuid4()), "carol", "c@x.io")
    for headers in ({}, {ORY_KEY_HEADER: "wrong"}):
        response = await client.post(REGISTRATION, json=body, headers=headers)
        assert response.status_code == 401
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.json()["type"] == PROBLEM + "unauthenticated"
    await nothing_written(db)


async def test_bad_usernames_are_rejected_with_field_paths(
    client: Client,
    db: asyncpg.Connection,
) -> None:
    for username in ("ab", "a" * 26, "bad-name", "émile", ""):
        response = await client.post(
            REGISTRATION, json=hook(str(uuid.uuid4()), username, "e@x.io"), headers=KEY
        )
        assert response.status_code == 422, username
        problem = response.json()
        assert problem["type"] == PROBLEM + "invalid"
        assert problem["errors"][0]["field"] == "username"
    bad_email = await client.post(
        REGISTRATION, json=hook(str(uuid.uuid4()), "dave", "not-an-email"), headers=KEY
    )
    assert bad_email.status_code == 422
    await nothing_written(db)


async def test_duplicate_username_is_a_conflict_case_insensitively(
    client: Client,
    db: asyncpg.Connection,
    ory: FakeOry,
) -> None:
    await register(client, ory, "erin")
    response = await client.post(
        REGISTRATION, json=hook(str(uuid.uuid4()), "ERIN", "other@x.io"), headers=KEY
    )
    assert response.status_code == 409
    assert response.json()["type"] == PROBLEM + "username-taken"
    assert await count(db, "accounts") == 1
    assert await count(db, "outbox") == 1


async def test_malformed_and_wrongly_shaped_bodies(
    client: Client,
    db: asyncpg.Connection,
) -> None:
    malformed = await client.post(
        REGISTRATION, content=b'{"identity": ', headers={**KEY, "content-type": "application/json"}
    )
    assert malformed.status_code == 400
    assert malformed.json()["type"] == PROBLEM + "malformed-body"
    missing = await client.post(REGISTRATION, json={"identity": {"id": "x"}}, headers=KEY)
    assert missing.status_code == 422
    assert missing.json()["type"] == PROBLEM + "validation"
    assert missing.json()["errors"][0]["field"].startswith("body")
    wrong_type = await client.post(REGISTRATION, json={"identity": 5}, headers=KEY)
    assert wrong_type.status_code == 422
    await nothing_written(db)


async def test_oversize_body_is_rejected(
    client: Client,
    db: asyncpg.Connection,
) -> None:
    body = hook(str(uuid.uuid4()), "frank", "f@x.io")
    body["identity"]["metadata_public"] = {"junk": "x" * 70_000}
    response = await client.post(REGISTRATION, json=body, headers=KEY)
    assert response.status_code == 413
    assert response.json()["type"] == PROBLEM + "body-too-large"
    await nothing_written(db)


async def test_settings_webhook_changes_email_and_emits_event(
    client: Client,
    db: asyncpg.Connection,
    ory: FakeOry,
) -> None:
    user = await register(client, ory, "grace", email="g@old.io")
    response = await client.post(
        SETTINGS, json=hook(user.identity_id, "grace", "g@new.io"), headers=KEY
    )
    assert response.status_code == 200
    assert response.json()["email"] == "g@new.io"
    assert await db.fetchval("SELECT email FROM accounts") == "g@new.io"
    topics = [r["topic"] for r in await db.fetch("SELECT topic FROM outbox ORDER BY id")]
    assert topics == ["account.registered", "account.email_changed"]
    same = await client.post(
        SETTINGS, json=hook(user.identity_id, "grace", "g@new.io"), headers=KEY
    )
    assert same.status_code == 200
    assert await count(db, "outbox") == 2


async def test_settings_webhook_rejects_username_change_and_unknown_identity(
    client: Client,
    db: asyncpg.Connection,
    ory: FakeOry,
) -> None:
    user = await register(client, ory, "heidi", email="h@x.io")
    renamed = await client.post(
        SETTINGS, json=hook(user.identity_id, "heidi2", "h@y.io"), headers=KEY
    )
    assert renamed.status_code == 422
    assert renamed.json()["type"] == PROBLEM + "username-immutable"
    unknown = await client.post(
        SETTINGS, json=hook(str(uuid.uuid4()), "zed", "z@x.io"), headers=KEY
    )
    assert unknown.status_code == 404
    assert unknown.json()["type"] == PROBLEM + "account-not-found"
    assert await db.fetchval("SELECT email FROM accounts") == "h@x.io"
    assert await count(db, "outbox") == 1


async def test_password_webhook_records_the_change_for_a_notice(
    client: Client, db: asyncpg.Connection, ory: FakeOry
) -> None:
    user = await register(client, ory, "ivan")
    password = "/internal/webhooks/ory/password"
    response = await client.post(password, json={"identity": {"id": user.identity_id}}, headers=KEY)
    assert response.status_code == 200
    assert response.json() == {"account_id": user.account_id}
    topics = [r["topic"] for r in await db.fetch("SELECT topic FROM outbox ORDER BY id")]
    assert topics == ["account.registered", "account.password_changed"]
    unknown = await client.post(password, json={"identity": {"id": "ghost"}}, headers=KEY)
    assert unknown.status_code == 404
    no_key = await client.post(password, json={"identity": {"id": user.identity_id}})
    assert no_key.status_code == 401
    assert await count(db, "outbox") == 2


async def test_unstorable_text_is_invalid_not_a_server_error(
    client: Client, db: asyncpg.Connection, ory: FakeOry
) -> None:
    """Found by schemathesis: NUL bytes must be 422 and lone surrogates 400, never 500."""
    user = await register(client, ory, "judy")
    for path in (SETTINGS, "/internal/webhooks/ory/password"):
        nul = await client.post(
            path, content=raw(hook("a\x00b", "judy", "j@x.io")), headers=JSON_KEY
        )
        assert nul.status_code == 422, (path, nul.text)
        surrogate = raw(hook("\udc4b", "judy", "j@x.io"))
        lone = await client.post(path, content=surrogate, headers=JSON_KEY)
        assert lone.status_code == 400, (path, lone.text)
        assert lone.json()["type"] == PROBLEM + "malformed-body"
    bad_email = await client.post(
        SETTINGS, content=raw(hook(user.identity_id, "judy", "j\x00@x.io")), headers=JSON_KEY
    )
    assert bad_email.status_code == 422
    assert await db.fetchval("SELECT email FROM accounts") == "judy@example.com"
