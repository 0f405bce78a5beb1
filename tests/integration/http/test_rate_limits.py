"""The Public API limits each caller (token/account, else client address) per minute."""

from __future__ import annotations

from dataclasses import replace

from litestar.testing import AsyncTestClient

from streamz.container import make_container
from streamz.entrypoints.http.app import create_app
from streamz.settings import Settings
from tests.fakes.ory import FakeOry
from tests.integration.conftest import register

PROBLEM = "https://streamz.dev/problems/"


async def test_public_reads_are_limited_per_caller(
    settings: Settings, ory: FakeOry, clean: None
) -> None:
    limited = replace(settings, limits=replace(settings.limits, public_per_minute=3))
    app = create_app(limited, make_container(limited))
    async with AsyncTestClient(app) as client:
        alice = await register(client, ory, "alice")
        statuses = [(await client.get("/public/v1/channels/alice")).status_code for _ in range(3)]
        assert statuses == [200, 200, 200]
        blocked = await client.get("/public/v1/channels/alice")
        assert blocked.status_code == 429
        problem = blocked.json()
        assert problem["type"] == PROBLEM + "rate-limited"
        assert 1 <= int(blocked.headers["retry-after"]) <= 60
        assert problem["retry_after"] == int(blocked.headers["retry-after"])

        # a signed-in caller has a budget of its own, and other tiers are not limited here
        own = await client.get("/public/v1/channels/alice", headers=alice.auth)
        assert own.status_code == 200
        for _ in range(5):
            assert (await client.get("/private/v1/me", headers=alice.auth)).status_code == 200
