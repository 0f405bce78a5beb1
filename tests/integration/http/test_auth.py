"""Who may call what: sessions (JWKS from a fake Ory), staff, API tokens with scopes."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

import asyncpg
from litestar.testing import AsyncTestClient

from streamz.adapters.jwks.local_issuer import LocalIssuer
from streamz.container import make_container
from streamz.entrypoints.http.app import create_app
from streamz.settings import Settings
from tests.fakes.ory import FakeOry
from tests.integration.conftest import Client, api_token, count, make_staff, register

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
    from tempfile import mkdtemp

    user = await register(client, ory, "mallory")
    forger = LocalIssuer(Path(mkdtemp()) / "k.pem", issuer=ory.url, audience="streamz")
    forged = forger.issue(user.identity_id)
    response = await client.get("/private/v1/me", headers={"Authorization": f"Bearer {forged}"})
    assert response.status_code == 401
    assert response.json()["type"] == PROBLEM + "invalid-token"


async def test_session_tokens_must_be_meant_for_streamz(client: Client, ory: FakeOry) -> None:
    """The tokenizer's ``aud`` must be the configured audience: a token without one, or minted
    for another service by the same provider (same key, same issuer), is refused."""
    import jwt

    user = await register(client, ory, "oscar")
    now = int(time.time())
    claims = {"iss": ory.url, "sub": user.identity_id, "iat": now, "exp": now + 600}
    cases = {
        "no aud": claims,
        "another service": {**claims, "aud": "billing"},
        "other services": {**claims, "aud": ["billing", "analytics"]},
    }
    for name, body in cases.items():
        token = ory.sign(body)
        response = await client.get("/private/v1/me", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401, name
        assert response.json()["type"] == PROBLEM + "invalid-token", name
    assert jwt.decode(user.token, options={"verify_signature": False})["aud"] == "streamz"
    assert (await client.get("/private/v1/me", headers=user.auth)).status_code == 200


async def test_the_local_issuer_sets_and_requires_an_audience(
    settings: Settings, ory: FakeOry, clean: None, tmp_path: Path
) -> None:
    """Without a JWKS URL (the embedded default) tokens carry ``aud`` and must: the local
    issuer signs ``streamz``; one without it or for another audience is refused."""
    import jwt

    local = replace(
        settings,
        auth=replace(settings.auth, jwks_url=None, jwt_issuer=None, jwt_audience=None),
        data_dir=tmp_path / "data",
    )
    assert local.auth.local_issuer
    async with AsyncTestClient(create_app(local, make_container(local))) as client:
        user = await register(client, ory, "lou")
        issuer = LocalIssuer(
            local.data_dir / "jwt-signing-key.pem", issuer=local.auth.issuer, audience="streamz"
        )
        good = issuer.issue(user.identity_id)
        assert jwt.decode(good, options={"verify_signature": False})["aud"] == "streamz"
        ok = await client.get("/private/v1/me", headers={"Authorization": f"Bearer {good}"})
        assert ok.status_code == 200, ok.text
        key = (local.data_dir / "jwt-signing-key.pem").read_bytes()  # PEM: PyJWT loads it
        now = int(time.time())
        claims = {"iss": local.auth.issuer, "sub": user.identity_id, "iat": now, "exp": now + 600}
        for body in (claims, {**claims, "aud": "billing"}):
            token = jwt.encode(body, key, algorithm="ES256", headers={"kid": issuer.kid})
            response = await client.get(
                "/private/v1/me", headers={"Authorization": f"Bearer {token}"}
            )
            assert response.status_code == 401, body
            assert response.json()["type"] == PROBLEM + "invalid-token", body


async def test_a_staff_token_reads_emails_only_with_accounts_read(
    client: Client, ory: FakeOry, db: asyncpg.Connection
) -> None:
    """A staff account's API token is bounded by its scopes on reads as on writes."""
    await register(client, ory, "bob")
    boss = await register(client, ory, "boss")
    await make_staff(db, boss)
    writer = await api_token(client, boss, "chat:write")
    everything_else = await api_token(
        client, boss, "chat:write", "channel:write", "moderation:write", "stream:write"
    )
    reader = await api_token(client, boss, "accounts:read")
    for headers in (writer, everything_else):
        for name in ("bob", "boss"):
            response = await client.get(f"/public/v1/accounts/{name}", headers=headers)
            assert response.status_code == 200, response.text
            assert "email" not in response.json(), (name, headers)
    shown = await client.get("/public/v1/accounts/bob", headers=reader)
    assert shown.json()["email"] == "bob@example.com"
    session = await client.get("/admin/v1/accounts/bob", headers=boss.auth)
    assert session.json()["email"] == "bob@example.com"  # staff sessions keep it
    private = await client.get("/private/v1/accounts/bob", headers=boss.auth)
    assert private.json()["email"] == "bob@example.com"


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
    assert own.status_code == 200
    assert "email" not in own.json()  # a token reads emails only with accounts:read
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
