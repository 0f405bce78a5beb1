"""The API's /metrics: HTTP series by route template, chat sends accepted and refused (HTTP and
websocket, by problem type), websocket gauges; and /ready's readiness against dead servers."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import httpx
from litestar.testing import AsyncTestClient
from prometheus_client import values

from streamz.adapters.prometheus import multiprocess
from streamz.container import make_container
from streamz.entrypoints.http.app import create_app
from streamz.settings import Settings
from tests.fakes.ory import FakeOry
from tests.integration.conftest import Client, register
from tests.integration.gateway.support import Client as WsClient
from tests.integration.gateway.support import Instance
from tests.integration.metrics.support import value

ROOM = "/private/v1/channels/owner/chatroom"
CHANNEL_TEMPLATE = "/public/v1/channels/{identifier}"


def single_process() -> None:
    """The in-process app reports this process's default registry: no earlier test may have
    left prometheus_client's multiprocess mode (``PROMETHEUS_MULTIPROC_DIR``) switched on."""
    assert not multiprocess.active()
    assert values.ValueClass is values.MutexValue


async def scrape(client: Client) -> str:
    single_process()
    response = await client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return response.text


async def test_http_series_are_labelled_by_route_template(client: Client) -> None:
    # the registry is the process's: earlier tests of this process counted requests too, so
    # compare one series (the same labels) before and after
    missing = {"path": CHANNEL_TEMPLATE, "method": "GET", "status_code": "404"}
    unmatched = {"path": "unmatched", "method": "GET", "status_code": "404"}
    text = await scrape(client)
    requests = value(text, "streamz_http_requests_total", **missing)
    timed = value(text, "streamz_http_request_duration_seconds_count", **missing)
    stray = value(text, "streamz_http_requests_total", **unmatched)
    for name in ("nobody-a", "nobody-b"):
        assert (await client.get(f"/public/v1/channels/{name}")).status_code == 404
    text = await scrape(client)
    assert value(text, "streamz_http_requests_total", **missing) == requests + 2
    assert value(text, "streamz_http_request_duration_seconds_count", **missing) == timed + 2
    assert "nobody-a" not in text  # the raw path is never a label
    assert (await client.get("/no/such/path")).status_code == 404
    text = await scrape(client)
    assert value(text, "streamz_http_requests_total", **unmatched) == stray + 1
    assert "/no/such/path" not in text
    assert "# HELP streamz_http_requests_in_progress" in text


async def test_chat_sends_are_counted_accepted_and_refused_by_problem(
    client: Client, ory: FakeOry
) -> None:
    owner = await register(client, ory, "owner")
    fan = await register(client, ory, "fan")
    text = await scrape(client)
    accepted = value(text, "streamz_chat_messages_accepted_total", transport="http")
    refused = value(
        text,
        "streamz_chat_messages_refused_total",
        transport="http",
        problem="chat-followers-only",
    )
    sent = await client.post(f"{ROOM}/messages", json={"content": "hi"}, headers=fan.auth)
    assert sent.status_code == 201, sent.text
    changed = await client.patch(f"{ROOM}/settings", json={"followers_only": 0}, headers=owner.auth)
    assert changed.status_code == 200, changed.text
    denied = await client.post(f"{ROOM}/messages", json={"content": "hi"}, headers=fan.auth)
    assert denied.status_code == 403
    text = await scrape(client)
    assert value(text, "streamz_chat_messages_accepted_total", transport="http") == accepted + 1
    after = value(
        text,
        "streamz_chat_messages_refused_total",
        transport="http",
        problem="chat-followers-only",
    )
    assert after == refused + 1


async def test_websocket_gauges_and_sends(settings: Settings, client: Client, ory: FakeOry) -> None:
    await register(client, ory, "owner")
    fan = await register(client, ory, "fan")
    instance = await Instance(settings, name="metrics").start()
    http = httpx.AsyncClient(base_url=instance.url, timeout=10)
    try:
        text = (await http.get("/metrics")).text
        accepted = value(text, "streamz_chat_messages_accepted_total", transport="ws")
        refused = value(
            text, "streamz_chat_messages_refused_total", transport="ws", problem="invalid"
        )
        resumed = value(text, "streamz_ws_resumes_total", tier="memory")
        ws = await WsClient.open(instance.ws, fan.token)
        await ws.subscribe("chatroom:owner")
        ack = await ws.answer({"type": "send", "chatroom": "owner", "content": "hello"})
        assert ack["type"] == "ack", ack
        error = await ws.answer({"type": "send", "chatroom": "owner", "content": "   "})
        assert error["type"] == "error", error
        await ws.event("chat.message_sent")
        late = await WsClient.open(instance.ws)  # missed the message: caught up from memory
        await late.subscribe("chatroom:owner", resume_from=0)
        await late.event("chat.message_sent")
        await late.close()
        hub = await instance.hub()
        async with asyncio.timeout(10):
            while len(hub.connections) > 1:  # noqa: ASYNC110 - the server closes its side
                await asyncio.sleep(0.02)
        text = (await http.get("/metrics")).text
        assert value(text, "streamz_ws_resumes_total", tier="memory") == resumed + 1
        # this process's hubs (other tests' instances may still be open): at least this one
        assert value(text, "streamz_ws_connections", auth="signed_in") >= 1
        assert value(text, "streamz_ws_subscriptions", topic="chatroom") >= 1
        assert value(text, "streamz_ws_events_total", stage="delivered") >= 1
        assert value(text, "streamz_chat_messages_accepted_total", transport="ws") == accepted + 1
        after = value(
            text, "streamz_chat_messages_refused_total", transport="ws", problem="invalid"
        )
        assert after == refused + 1
        connected = value(text, "streamz_ws_connections", auth="signed_in")
        subscribed = value(text, "streamz_ws_subscriptions", topic="chatroom")
        await ws.close()
        async with asyncio.timeout(10):
            while hub.connections:  # noqa: ASYNC110 - the server side closes by itself
                await asyncio.sleep(0.02)
        text = (await http.get("/metrics")).text
        assert value(text, "streamz_ws_connections", auth="signed_in") == connected - 1
        assert value(text, "streamz_ws_subscriptions", topic="chatroom") == subscribed - 1
    finally:
        await http.aclose()
        await instance.stop()


async def _ready(settings: Settings, outage: str | None = None) -> httpx.Response:
    """/ready's answer; its ``metrics`` extension: a scrape after it (and after a GET of
    ``outage``, which must answer 503: ``errors`` is how much it added to the dependency
    errors)."""
    single_process()
    app = create_app(settings, make_container(settings))
    async with AsyncTestClient(app) as client:
        before = (await client.get("/metrics")).text
        response = await client.get("/ready")
        if outage is not None:
            assert (await client.get(outage)).status_code == 503
        metrics = await client.get("/metrics")
    assert metrics.status_code == 200
    response.extensions["metrics"] = metrics.text
    response.extensions["errors"] = {
        name: value(metrics.text, "streamz_dependency_errors_total", dependency=name)
        - value(before, "streamz_dependency_errors_total", dependency=name)
        for name in ("postgres", "redis", "typesense", "unknown")
    }
    return response


async def test_ready_with_typesense_down_is_degraded_not_unready(
    settings: Settings, clean: None
) -> None:
    dead = replace(settings, search=replace(settings.search, url="http://127.0.0.1:9"))
    response = await _ready(dead, outage="/public/v1/search?q=anything")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["postgres"] == "ok"
    assert body["checks"]["redis"] == "ok"
    assert body["checks"]["typesense"].startswith("unavailable")
    assert body["core"] == ["postgres", "redis"]
    text = response.extensions["metrics"]
    assert value(text, "streamz_dependency_up", dependency="typesense") == 0
    assert value(text, "streamz_dependency_up", dependency="postgres") == 1
    assert value(text, "streamz_dependency_up", dependency="redis") == 1
    assert response.extensions["errors"]["typesense"] == 1  # the search's 503, by dependency


async def test_ready_with_redis_down_is_503(settings: Settings, clean: None) -> None:
    dead = replace(settings, redis=replace(settings.redis, url="redis://127.0.0.1:9"))
    response = await _ready(dead)
    assert response.status_code == 503
    assert response.headers["retry-after"] == "2"
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["redis"].startswith("unavailable")
    assert body["checks"]["postgres"] == "ok"
    text = response.extensions["metrics"]
    assert value(text, "streamz_dependency_up", dependency="redis") == 0
    assert value(text, "streamz_probe_failed", probe="queue") == 1  # its gauges left out


async def test_ready_with_postgres_down_is_503(settings: Settings, clean: None) -> None:
    url = "postgresql+asyncpg://streamz:streamz@127.0.0.1:9/streamz"
    dead = replace(settings, database=replace(settings.database, url=url))
    response = await _ready(dead)
    assert response.status_code == 503
    assert response.headers["retry-after"] == "2"
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["postgres"].startswith("unavailable")
    text = response.extensions["metrics"]
    assert value(text, "streamz_dependency_up", dependency="postgres") == 0
    assert value(text, "streamz_probe_failed", probe="outbox") == 1
