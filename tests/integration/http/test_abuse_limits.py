"""Abuse limits through a real server (uvicorn on loopback, as `streamzctl` runs it): client
addresses from X-Forwarded-For only via trusted proxies, the Private API and token creation
limits, and the IETF RateLimit headers on limited endpoints."""

from __future__ import annotations

import asyncio
import re
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import replace

import asyncpg
import httpx
import pytest

from streamz.entrypoints.http.auth import ORY_KEY_HEADER
from streamz.settings import Settings
from tests.fakes.ory import FakeOry
from tests.integration.conftest import ORY_KEY, User, count
from tests.integration.gateway.support import Instance

PROBLEM = "https://streamz.dev/problems/"
ITEM = re.compile(r'"(?P<name>[a-z-]+)"((?:;[a-z]+=\d+)+)')


@pytest.fixture
def limited(settings: Settings) -> Settings:
    """The session's services with small limits."""
    return replace(
        settings,
        limits=replace(
            settings.limits, public_per_minute=3, private_per_minute=3, api_tokens_per_hour=2
        ),
    )


async def _serve(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    instance = await Instance(settings, name="limits").start()
    try:
        async with httpx.AsyncClient(base_url=instance.url, timeout=10) as http:
            yield http
    finally:
        await instance.stop()


@pytest.fixture
async def http(limited: Settings, clean: None) -> AsyncIterator[httpx.AsyncClient]:
    async for client in _serve(limited):
        yield client


@pytest.fixture
async def behind_proxy(limited: Settings, clean: None) -> AsyncIterator[httpx.AsyncClient]:
    async for client in _serve(
        replace(limited, http=replace(limited.http, trusted_proxies=("127.0.0.1/32",)))
    ):
        yield client


async def fresh_window(seconds: int, need: float = 5.0) -> None:
    """Wait for the next fixed window if this one ends within ``need`` seconds."""
    left = seconds - time.time() % seconds
    if left < need:
        await asyncio.sleep(left + 0.05)


async def register(http: httpx.AsyncClient, ory: FakeOry, username: str) -> User:
    identity_id = str(uuid.uuid4())
    response = await http.post(
        "/internal/webhooks/ory/registration",
        json={
            "identity": {
                "id": identity_id,
                "schema_id": "default",
                "traits": {"username": username, "email": f"{username}@example.com"},
            }
        },
        headers={ORY_KEY_HEADER: ORY_KEY},
    )
    assert response.status_code == 201, response.text
    body = response.json()
    return User(identity_id, body["account_id"], username, ory.session_token(identity_id))


def limits(response: httpx.Response) -> dict[str, dict[str, int]]:
    """``RateLimit-Policy`` and ``RateLimit`` merged per policy name: q, w, r, t."""
    merged: dict[str, dict[str, int]] = {}
    for header in ("ratelimit-policy", "ratelimit"):
        value = response.headers.get(header)
        assert value is not None, f"no {header} header on {response.status_code}"
        for item in value.split(", "):
            match = ITEM.fullmatch(item)
            assert match is not None, item
            params = dict(p.split("=") for p in match.group(2).lstrip(";").split(";"))
            merged.setdefault(match["name"], {}).update({k: int(v) for k, v in params.items()})
    return merged


def assert_rate_limited(response: httpx.Response) -> None:
    assert response.status_code == 429, response.text
    assert response.json()["type"] == PROBLEM + "rate-limited"
    assert int(response.headers["retry-after"]) >= 1


async def test_rotating_forwarded_for_from_loopback_does_not_escape_the_limit(
    http: httpx.AsyncClient, ory: FakeOry
) -> None:
    await register(http, ory, "alice")
    await fresh_window(60)
    answers = [
        await http.get("/public/v1/channels/alice", headers={"X-Forwarded-For": f"198.51.100.{i}"})
        for i in range(4)
    ]
    assert [a.status_code for a in answers[:3]] == [200, 200, 200]
    assert_rate_limited(answers[3])  # one budget: the peer's (no proxy is trusted)
    assert [limits(a)["public"]["r"] for a in answers] == [2, 1, 0, 0]


async def test_forwarded_for_is_honoured_from_a_trusted_proxy(
    behind_proxy: httpx.AsyncClient, ory: FakeOry
) -> None:
    http = behind_proxy
    await register(http, ory, "alice")
    await fresh_window(60)

    async def read(forwarded: str) -> httpx.Response:
        return await http.get("/public/v1/channels/alice", headers={"X-Forwarded-For": forwarded})

    first = [(await read("203.0.113.7")).status_code for _ in range(3)]
    assert first == [200, 200, 200]
    assert_rate_limited(await read("203.0.113.7"))
    # what a client writes left of the address our proxy appended does not change who it is
    assert_rate_limited(await read("198.51.100.1, 203.0.113.7"))
    # another forwarded address has a budget of its own
    other = await read("203.0.113.8")
    assert other.status_code == 200
    assert limits(other)["public"]["r"] == 2
    # the proxy itself, forwarding nothing, too
    assert (await http.get("/public/v1/channels/alice")).status_code == 200


async def test_ratelimit_headers_on_a_normal_answer(http: httpx.AsyncClient, ory: FakeOry) -> None:
    alice = await register(http, ory, "alice")
    await fresh_window(60)
    public = await http.get("/public/v1/channels/alice")
    assert public.status_code == 200
    assert public.headers["ratelimit-policy"] == '"public";q=3;w=60'
    seen = limits(public)["public"]
    assert seen["r"] == 2
    assert 1 <= seen["t"] <= 60
    private = await http.get("/private/v1/me", headers=alice.auth)
    assert private.status_code == 200
    assert private.headers["ratelimit-policy"] == '"private";q=3;w=60'
    assert limits(private)["private"]["r"] == 2
    # not limited: no headers
    health = await http.get("/health")
    assert "ratelimit" not in health.headers


async def test_the_private_api_is_limited_per_account_and_per_address(
    http: httpx.AsyncClient, ory: FakeOry
) -> None:
    alice = await register(http, ory, "alice")
    bob = await register(http, ory, "bob")
    await fresh_window(60)
    answers = [await http.get("/private/v1/me", headers=alice.auth) for _ in range(4)]
    assert [a.status_code for a in answers[:3]] == [200, 200, 200]
    assert [limits(a)["private"]["r"] for a in answers] == [2, 1, 0, 0]
    blocked = answers[3]
    assert_rate_limited(blocked)
    assert limits(blocked)["private"]["t"] == int(blocked.headers["retry-after"])
    # another account from the same address is not affected
    assert (await http.get("/private/v1/me", headers=bob.auth)).status_code == 200
    # without a valid session: counted per address, 401 until the limit, then 429
    guesses = [
        await http.get("/private/v1/me", headers={"Authorization": f"Bearer guess-{i}"})
        for i in range(4)
    ]
    assert [g.status_code for g in guesses[:3]] == [401, 401, 401]
    assert limits(guesses[0])["private"]["r"] == 2
    assert_rate_limited(guesses[3])


async def test_token_creation_has_a_stricter_limit(
    http: httpx.AsyncClient, ory: FakeOry, db: asyncpg.Connection
) -> None:
    alice = await register(http, ory, "alice")
    await fresh_window(3600)
    await fresh_window(60)
    body = {"name": "bot", "scopes": ["chat:write"]}
    created = [
        await http.post("/private/v1/me/tokens", json=body, headers=alice.auth) for _ in range(2)
    ]
    assert [c.status_code for c in created] == [201, 201], created[-1].text
    seen = limits(created[1])
    assert seen["api-tokens"]["q"] == 2
    assert seen["api-tokens"]["w"] == 3600
    assert seen["api-tokens"]["r"] == 0
    assert seen["private"]["r"] == 1
    assert created[1].headers["ratelimit-policy"] == '"private";q=3;w=60, "api-tokens";q=2;w=3600'
    blocked = await http.post("/private/v1/me/tokens", json=body, headers=alice.auth)
    assert_rate_limited(blocked)
    assert "2 API tokens created an hour" in blocked.json()["detail"]
    assert 60 < int(blocked.headers["retry-after"]) <= 3600
    assert limits(blocked)["api-tokens"]["r"] == 0
    assert await count(db, "api_tokens") == 2  # nothing was created past the limit
    # other routes of the tier do not count against token creation
    listed = await http.get("/private/v1/me/tokens", headers=alice.auth)
    assert "api-tokens" not in limits(listed)
