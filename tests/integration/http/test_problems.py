"""Every error is RFC 9457 problem+json, with a request id; 500s reveal nothing."""

from __future__ import annotations

from collections.abc import AsyncIterator

from dishka import Provider, Scope, provide
from litestar.testing import AsyncTestClient

from streamz.container import make_container
from streamz.core.channels.get_channel import GetChannel
from streamz.entrypoints.http.app import create_app
from streamz.settings import Settings
from tests.integration.conftest import Client

PROBLEM = "https://streamz.dev/problems/"


async def test_unknown_route_and_wrong_method(client: Client) -> None:
    missing = await client.get("/public/v1/nothing-here", headers={"x-request-id": "req-42"})
    assert missing.status_code == 404
    assert missing.json()["type"] == PROBLEM + "not-found"
    assert missing.json()["request_id"] == "req-42"
    assert missing.headers["x-request-id"] == "req-42"
    wrong = await client.delete("/public/v1/accounts/alice")
    assert wrong.status_code == 405
    assert wrong.json()["type"] == PROBLEM + "method-not-allowed"
    generated = await client.get("/health", headers={"x-request-id": "bad id with spaces"})
    assert generated.headers["x-request-id"] != "bad id with spaces"
    assert len(generated.headers["x-request-id"]) == 32


async def test_query_validation_has_field_paths(client: Client) -> None:
    response = await client.get("/public/v1/accounts/" + "x" * 65)
    assert response.status_code == 422
    problem = response.json()
    assert problem["type"] == PROBLEM + "validation"
    assert problem["errors"][0]["field"] == "path.identifier"


class Broken:
    async def __call__(self, request: object) -> object:
        raise RuntimeError("secret internals: password=hunter2")


class BrokenProvider(Provider):
    @provide(scope=Scope.REQUEST)
    async def get_channel(self) -> AsyncIterator[GetChannel]:
        yield Broken()  # type: ignore[misc]


async def test_unexpected_errors_are_500_without_internals(settings: Settings, clean: None) -> None:
    app = create_app(settings, make_container(settings, BrokenProvider()))
    async with AsyncTestClient(app) as client:
        response = await client.get("/public/v1/channels/alice")
    assert response.status_code == 500
    problem = response.json()
    assert problem["type"] == PROBLEM + "internal"
    assert "hunter2" not in response.text
    assert "RuntimeError" not in response.text
    assert problem["request_id"]


async def test_health_ready_and_openapi(client: Client) -> None:
    assert (await client.get("/health")).json() == {"status": "ok"}
    ready = await client.get("/ready")
    assert ready.status_code == 200
    assert ready.json()["checks"] == {"postgres": "ok", "redis": "ok", "typesense": "ok"}
    schema = (await client.get("/schema/openapi.json")).json()
    paths = schema["paths"]
    for path in (
        "/public/v1/accounts/{identifier}",
        "/private/v1/accounts/{identifier}",
        "/admin/v1/accounts/{identifier}",
        "/public/v1/channels/{identifier}",
        "/private/v1/me/tokens",
        "/admin/v1/accounts/{identifier}/role",
        "/internal/webhooks/ory/registration",
    ):
        assert path in paths, path
    assert {"session", "apiToken", "oryWebhookKey"} <= set(schema["components"]["securitySchemes"])


async def test_ready_reports_a_dead_dependency(settings: Settings, clean: None) -> None:
    """Typesense down degrades search only: still ready (tests/integration/metrics has the
    core dependencies' cases)."""
    from dataclasses import replace

    dead = replace(settings, search=replace(settings.search, url="http://127.0.0.1:9"))
    app = create_app(dead, make_container(dead))
    async with AsyncTestClient(app) as client:
        response = await client.get("/ready")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"]["typesense"].startswith("unavailable")
    assert response.json()["checks"]["postgres"] == "ok"
