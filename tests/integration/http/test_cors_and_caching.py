"""CORS for browsers on other origins (Public API: STREAMZ_CORS_ORIGINS; Private and Admin APIs:
STREAMZ_PRIVATE_CORS_ORIGINS) and ``Cache-Control: no-store`` on private answers, through the
real app."""

from __future__ import annotations

from dataclasses import replace

import asyncpg
import httpx
import pytest

from streamz.settings import Settings
from tests.fakes.ory import FakeOry
from tests.integration.conftest import Client, _Apps, make_staff, register

APP = "https://app.example.com"  # a third-party web app, allowed on the Public API
OURS = "https://web.streamz.dev"  # our own web app, allowed on the Private and Admin APIs
STRANGER = "https://evil.example.net"
EXPOSED = {
    "x-request-id",
    "retry-after",
    "ratelimit",
    "ratelimit-policy",
    "idempotent-replayed",
    "location",
}


@pytest.fixture(scope="module")
def cors_settings(settings: Settings) -> Settings:
    http = replace(settings.http, cors_origins=(APP,), private_cors_origins=(OURS,))
    return replace(settings, http=http)


@pytest.fixture(scope="module")
def wildcard_settings(settings: Settings) -> Settings:
    return replace(settings, http=replace(settings.http, cors_origins=("*",)))


@pytest.fixture
async def cors_client(cors_settings: Settings, clean: None, apps: _Apps) -> Client:
    test_client = await apps.client(cors_settings)
    test_client.cookies.clear()
    return test_client


def exposed(headers: httpx.Headers) -> set[str]:
    value = headers.get("access-control-expose-headers", "")
    return {item.strip().lower() for item in value.split(",") if item.strip()}


async def test_an_allowed_origin_reads_public_answers_and_their_headers(
    cors_client: Client, ory: FakeOry
) -> None:
    await register(cors_client, ory, "alice")
    response = await cors_client.get("/public/v1/channels/alice", headers={"Origin": APP})
    assert response.status_code == 200, response.text
    assert response.headers["access-control-allow-origin"] == APP
    assert exposed(response.headers) == EXPOSED
    assert "Origin" in response.headers.get_list("vary")
    assert "access-control-allow-credentials" not in response.headers


async def test_problem_answers_carry_cors_headers_too(cors_client: Client) -> None:
    missing = await cors_client.get("/public/v1/channels/nobody", headers={"Origin": APP})
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("application/problem+json")
    assert missing.headers["access-control-allow-origin"] == APP
    assert "x-request-id" in exposed(missing.headers)
    # a refused credential on the Private API, from our web app
    refused = await cors_client.get(
        "/private/v1/me", headers={"Origin": OURS, "Authorization": "Bearer nonsense"}
    )
    assert refused.status_code == 401
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert refused.headers["access-control-allow-origin"] == OURS
    assert "ratelimit" in exposed(refused.headers)


async def test_other_origins_get_no_cors_headers(cors_client: Client, ory: FakeOry) -> None:
    await register(cors_client, ory, "alice")
    for path, origin in [
        ("/public/v1/channels/alice", STRANGER),
        ("/private/v1/me", STRANGER),
        ("/private/v1/me", APP),  # allowed on the Public API only
        ("/public/v1/channels/alice", OURS),  # allowed on the Private API only
    ]:
        response = await cors_client.get(path, headers={"Origin": origin})
        assert "access-control-allow-origin" not in response.headers, (path, origin)
        assert "access-control-expose-headers" not in response.headers, (path, origin)
        assert "Origin" in response.headers.get_list("vary"), (path, origin)


async def test_preflight_is_answered_for_allowed_origins_only(cors_client: Client) -> None:
    ask = {
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type, idempotency-key",
    }
    path = "/public/v1/channels/alice/chatroom/messages"
    allowed = await cors_client.options(path, headers={"Origin": APP, **ask})
    assert allowed.status_code == 204
    assert allowed.headers["access-control-allow-origin"] == APP
    methods = {m.strip() for m in allowed.headers["access-control-allow-methods"].split(",")}
    assert {"GET", "POST", "PUT", "PATCH", "DELETE"} <= methods
    headers = {
        h.strip().lower() for h in allowed.headers["access-control-allow-headers"].split(",")
    }
    assert {"authorization", "content-type", "idempotency-key"} <= headers
    assert int(allowed.headers["access-control-max-age"]) > 0
    assert allowed.headers["x-request-id"]
    # the Private API's preflight, from our web app, before any authentication
    private = await cors_client.options("/private/v1/me/tokens", headers={"Origin": OURS, **ask})
    assert private.status_code == 204
    assert private.headers["access-control-allow-origin"] == OURS
    for origin, where in [(STRANGER, path), (APP, "/private/v1/me/tokens")]:
        refused = await cors_client.options(where, headers={"Origin": origin, **ask})
        assert "access-control-allow-origin" not in refused.headers, (origin, where)
        assert "access-control-allow-methods" not in refused.headers, (origin, where)


async def test_without_origins_configured_nothing_changes(client: Client, ory: FakeOry) -> None:
    await register(client, ory, "alice")
    response = await client.get("/public/v1/channels/alice", headers={"Origin": APP})
    assert response.status_code == 200
    assert not any(name.startswith("access-control-") for name in response.headers)
    assert "Origin" not in response.headers.get_list("vary")


async def test_wildcard_allows_any_origin_on_the_public_api(
    wildcard_settings: Settings, clean: None, apps: _Apps
) -> None:
    client = await apps.client(wildcard_settings)
    response = await client.get("/public/v1/channels/nobody", headers={"Origin": STRANGER})
    assert response.headers["access-control-allow-origin"] == "*"
    assert "x-request-id" in exposed(response.headers)
    private = await client.get("/private/v1/me", headers={"Origin": STRANGER})
    assert "access-control-allow-origin" not in private.headers


async def test_private_and_admin_answers_are_never_stored(
    client: Client, ory: FakeOry, db: asyncpg.Connection
) -> None:
    alice = await register(client, ory, "alice")
    answers = {
        "private 200": await client.get("/private/v1/me", headers=alice.auth),
        "private 401": await client.get("/private/v1/me"),
        "token created": await client.post(
            "/private/v1/me/tokens",
            json={"name": "bot", "scopes": ["chat:write"]},
            headers=alice.auth,
        ),
        "tokens listed": await client.get("/private/v1/me/tokens", headers=alice.auth),
        "admin 403": await client.get("/admin/v1/accounts/alice", headers=alice.auth),
        "private unknown route": await client.get("/private/v1/nowhere", headers=alice.auth),
    }
    await make_staff(db, alice)
    answers["admin 200"] = await client.get("/admin/v1/accounts/alice", headers=alice.auth)
    expected = {
        "private 200": 200,
        "private 401": 401,
        "token created": 201,
        "tokens listed": 200,
        "admin 403": 403,
        "private unknown route": 404,
        "admin 200": 200,
    }
    assert {name: r.status_code for name, r in answers.items()} == expected
    for name, response in answers.items():
        assert response.headers.get_list("cache-control") == ["no-store"], name


async def test_public_reads_keep_their_caching_headers(client: Client, ory: FakeOry) -> None:
    await register(client, ory, "alice")
    for path in ["/public/v1/channels/alice", "/public/v1/channels/nobody"]:
        response = await client.get(path)
        assert response.status_code in {200, 404}
        assert "cache-control" not in response.headers, path
