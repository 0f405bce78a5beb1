"""Who may call what: sessions (JWKS from a fake Ory), staff, API tokens with scopes."""

from __future__ import annotations

import time

import asyncpg

from tests.fakes.ory import FakeOry
from tests.integration.conftest import Client, count, make_staff, register

PROBLEM = "https://streamz.dev/problems/"


async def test_private_api_needs_a_valid_session(
    client: Client,
    ory: FakeOry,
) -> None:
    user = await register(client, ory, "alice")
    ok = await client.get("/private/v1/me", headers=user.auth)
    assert ok.status_code == 200
    assert ok.json()["username"] == "alice"
    assert ok.json()["email"] == "alice@example.com"

    missing = await client.get("/private/v1/me")
    assert missing.status_code == 401
    assert missing.json()["type"] == PROBLEM + "unauthenticated"
    assert missing.headers["www-authenticate"].startswith("Bearer")

    expired = ory.session_token(user.identity_id, ttl=60, now=time.time() - 3600)
    cases = {
        "Bearer not-a-jwt": "invalid-token",
        f"Bearer {expired}": "invalid-token",
        f"Bearer {user.token[:-4]}AAAA": "invalid-token",
        f"Basic {user.token}": "unauthenticated",
        f"Bearer {ory.session_token('identity-without-account')}": "unknown-identity",
    }
    for header, code in cases.items():
        response = await client.get("/private/v1/me", headers={"Authorization": header})
        assert response.status_code == 401, header
        assert response.json()["type"] == PROBLEM + code, header


async def test_tokens_from_another_issuer_are_rejected(
    client: Client,
    ory: FakeOry,
    tmp_path_factory: object,
) -> None:
    from pathlib import Path
    from tempfile import mkdtemp

    from streamz.adapters.jwks.local_issuer import LocalIssuer

    user = await register(client, ory, "mallory")
    forger = LocalIssuer(Path(mkdtemp()) / "k.pem", issuer=ory.url, audience="streamz")
    forged = forger.issue(user.identity_id)
    response = await client.get("/private/v1/me", headers={"Authorization": f"Bearer {forged}"})
    assert response.status_code == 401
    assert response.json()["type"] == PROBLEM + "invalid-token"


async def test_admin_api_is_for_staff_only(
    client: Client,
    ory: FakeOry,
    db: asyncpg.Connection,
) -> None:
    user = await register(client, ory, "bob")
    staff = await register(client, ory, "carol")
    await make_staff(db, staff)
    denied = await client.get("/admin/v1/accounts/bob", headers=user.auth)
    assert denied.status_code == 403
    assert denied.json()["type"] == PROBLEM + "forbidden"
    anonymous = await client.get("/admin/v1/accounts/bob")
    assert anonymous.status_code == 401
    allowed = await client.get("/admin/v1/accounts/bob", headers=staff.auth)
    assert allowed.status_code == 200
    assert allowed.json()["email"] == "bob@example.com"

    promoted = await client.put(
        "/admin/v1/accounts/bob/role", json={"role": "premium"}, headers=staff.auth
    )
    assert promoted.status_code == 200
    assert promoted.json()["role"] == "premium"
    assert await db.fetchval("SELECT role FROM accounts WHERE username = 'bob'") == "premium"
    bad_role = await client.put(
        "/admin/v1/accounts/bob/role", json={"role": "god"}, headers=staff.auth
    )
    assert bad_role.status_code == 422
    assert bad_role.json()["errors"][0]["field"].startswith("body")
    demote_self = await client.put(
        "/admin/v1/accounts/carol/role", json={"role": "user"}, headers=staff.auth
    )
    assert demote_self.status_code == 403
    by_user = await client.put(
        "/admin/v1/accounts/bob/role", json={"role": "staff"}, headers=user.auth
    )
    assert by_user.status_code == 403
    assert await db.fetchval("SELECT role FROM accounts WHERE username = 'bob'") == "premium"


async def test_api_token_lifecycle(
    client: Client,
    ory: FakeOry,
    db: asyncpg.Connection,
) -> None:
    user = await register(client, ory, "dave")
    created = await client.post(
        "/private/v1/me/tokens",
        json={"name": "bot", "scopes": ["chat:write", "chat:write"], "expires_in_days": 30},
        headers=user.auth,
    )
    assert created.status_code == 201
    body = created.json()
    secret = body["secret"]
    assert secret.startswith("stz_")
    assert body["token"]["scopes"] == ["chat:write"]
    stored = await db.fetchrow("SELECT token_hash, prefix FROM api_tokens")
    assert stored is not None
    assert secret not in stored["token_hash"]
    assert secret[4:].startswith(stored["prefix"])

    bearer = {"Authorization": f"Bearer {secret}"}
    await register(client, ory, "someone")
    public = await client.get("/public/v1/accounts/someone", headers=bearer)
    assert public.status_code == 200
    assert "email" not in public.json()
    own = await client.get("/public/v1/accounts/dave", headers=bearer)
    assert own.json()["email"] == "dave@example.com"
    on_private = await client.get("/private/v1/me", headers=bearer)
    assert on_private.status_code == 401
    assert on_private.json()["type"] == PROBLEM + "invalid-token"

    listed = await client.get("/private/v1/me/tokens", headers=user.auth)
    assert listed.status_code == 200
    assert [t["id"] for t in listed.json()["data"]] == [body["token"]["id"]]
    assert "secret" not in listed.json()["data"][0]

    revoked = await client.delete(f"/private/v1/me/tokens/{body['token']['id']}", headers=user.auth)
    assert revoked.status_code == 200
    assert revoked.json()["revoked_at"] is not None
    after = await client.get("/public/v1/accounts/dave", headers=bearer)
    assert after.status_code == 401


async def test_api_token_input_is_validated_and_nothing_written(
    client: Client,
    ory: FakeOry,
    db: asyncpg.Connection,
) -> None:
    user = await register(client, ory, "erin")
    bad = [
        ({"name": "", "scopes": ["chat:write"]}, "body.name"),
        ({"name": "x", "scopes": ["root"]}, "body.scopes"),
        ({"name": "x", "scopes": []}, "body.scopes"),
        ({"name": "x", "scopes": ["chat:write"], "expires_in_days": 0}, "body.expires_in_days"),
        ({"name": "x", "scopes": ["chat:write"], "admin": True}, "body.admin"),
        ({"name": 5, "scopes": ["chat:write"]}, "body.name"),
    ]
    for payload, field in bad:
        response = await client.post("/private/v1/me/tokens", json=payload, headers=user.auth)
        assert response.status_code == 422, payload
        fields = [e["field"] for e in response.json()["errors"]]
        assert any(f.startswith(field) for f in fields), response.json()
    other = await register(client, ory, "frank")
    created = await client.post(
        "/private/v1/me/tokens", json={"name": "x", "scopes": ["chat:write"]}, headers=user.auth
    )
    token_id = created.json()["token"]["id"]
    stolen = await client.delete(f"/private/v1/me/tokens/{token_id}", headers=other.auth)
    assert stolen.status_code == 404
    assert stolen.json()["type"] == PROBLEM + "token-not-found"
    assert await count(db, "api_tokens") == 1
    assert await db.fetchval("SELECT revoked_at FROM api_tokens") is None


async def test_api_tokens_paginate_newest_first(
    client: Client,
    ory: FakeOry,
) -> None:
    user = await register(client, ory, "grace")
    ids = []
    for i in range(5):
        response = await client.post(
            "/private/v1/me/tokens",
            json={"name": f"t{i}", "scopes": ["chat:write"]},
            headers=user.auth,
        )
        ids.append(response.json()["token"]["id"])
    seen: list[str] = []
    cursor = None
    while True:
        params = {"limit": "2", **({"after": cursor} if cursor else {})}
        page = (await client.get("/private/v1/me/tokens", params=params, headers=user.auth)).json()
        seen += [t["id"] for t in page["data"]]
        cursor = page["next"]
        if cursor is None:
            break
    assert seen == list(reversed(ids))
    bad = await client.get("/private/v1/me/tokens", params={"after": "%%%"}, headers=user.auth)
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "query.after"
    too_big = await client.get("/private/v1/me/tokens", params={"limit": "1000"}, headers=user.auth)
    assert too_big.status_code == 422
