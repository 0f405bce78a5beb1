"""Bodies that cannot be decoded (deep nesting, invalid UTF-8) are a 400 problem, not a 500."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from dataclasses import replace

import asyncpg
import httpx
import pytest
from litestar.testing import AsyncTestClient

from streamz.container import make_container
from streamz.entrypoints.http.app import create_app
from streamz.entrypoints.http.auth import ORY_KEY_HEADER
from streamz.settings import Settings
from tests.fakes.ory import FakeOry
from tests.integration.conftest import ORY_KEY, Client, count, register

MALFORMED = "https://streamz.dev/problems/malformed-body"
MESSAGES = "/private/v1/channels/owner/chatroom/messages"
REGISTRATION = "/internal/webhooks/ory/registration"
HOSTILE = [
    pytest.param(b"[" * 20_000, id="deeply-nested"),
    pytest.param(b'{"content":"\xff"}', id="invalid-utf8"),
]


def assert_malformed(response: httpx.Response, console_log: io.StringIO) -> None:
    assert response.status_code == 400, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["type"] == MALFORMED
    lines = console_log.getvalue()
    console_log.seek(0)
    console_log.truncate()
    assert "unhandled error" not in lines
    assert "Traceback" not in lines
    assert lines.count("malformed body") == 1


@pytest.mark.parametrize("body", HOSTILE)
async def test_chat_message_body_that_cannot_be_decoded_is_400(
    client: Client,
    ory: FakeOry,
    db: asyncpg.Connection,
    body: bytes,
    console_log: io.StringIO,
) -> None:
    owner = await register(client, ory, "owner")
    response = await client.post(
        MESSAGES, content=body, headers={**owner.auth, "content-type": "application/json"}
    )
    assert_malformed(response, console_log)
    assert await count(db, "chat_messages") == 0


@pytest.mark.parametrize("body", HOSTILE)
async def test_ory_webhook_body_that_cannot_be_decoded_is_400(
    client: Client,
    db: asyncpg.Connection,
    body: bytes,
    console_log: io.StringIO,
) -> None:
    response = await client.post(
        REGISTRATION,
        content=body,
        headers={ORY_KEY_HEADER: ORY_KEY, "content-type": "application/json"},
    )
    assert_malformed(response, console_log)
    assert await count(db, "accounts") == 0


# Handlers that read the raw body themselves (``sent_body``) answer the same problem.
IGDB_SECRET = "test-igdb-webhook-secret"
RAW_BODY_ROUTES = [
    pytest.param("PATCH", "/private/v1/channels/owner/chatroom/settings", id="chat-settings"),
    pytest.param("PATCH", "/private/v1/me/notification-preferences", id="preferences"),
    pytest.param(
        "PATCH", "/private/v1/me/notification-preferences/channels/owner", id="channel-prefs"
    ),
    pytest.param("POST", "/internal/webhooks/igdb/create", id="igdb-create"),
    pytest.param("POST", "/internal/webhooks/igdb/update", id="igdb-update"),
    pytest.param("POST", "/internal/webhooks/igdb/delete", id="igdb-delete"),
]
RAW_HOSTILE = [
    *HOSTILE,
    pytest.param(b'{"a":' + b"[" * 20_000 + b"]" * 20_000 + b"}", id="deeply-nested-field"),
    pytest.param(b'{"a":"\xff"}', id="invalid-utf8-field"),
    pytest.param(b'{"id":1,"name":"\xff"}', id="invalid-utf8-known-field"),
]


@pytest.fixture
async def igdb_client(settings: Settings, clean: None) -> AsyncIterator[Client]:
    """The app with an IGDB webhook secret (the suite's settings have none)."""
    with_secret = replace(settings, igdb=replace(settings.igdb, webhook_secret=IGDB_SECRET))
    app = create_app(with_secret, make_container(with_secret))
    async with AsyncTestClient(app, base_url="http://127.0.0.1") as test_client:
        yield test_client


@pytest.mark.parametrize("body", RAW_HOSTILE)
@pytest.mark.parametrize(("method", "path"), RAW_BODY_ROUTES)
async def test_raw_body_routes_answer_undecodable_bodies_with_400(
    client: Client,
    igdb_client: Client,
    ory: FakeOry,
    db: asyncpg.Connection,
    method: str,
    path: str,
    body: bytes,
    console_log: io.StringIO,
) -> None:
    owner = await register(client, ory, "owner")
    settings_before = await db.fetch("SELECT * FROM chatroom_settings ORDER BY chatroom_id")
    if path.startswith("/internal/webhooks/igdb"):
        sender, headers = igdb_client, {"X-Secret": IGDB_SECRET}
    else:
        sender, headers = client, owner.auth
    console_log.seek(0)
    console_log.truncate()
    response = await sender.request(
        method, path, content=body, headers={**headers, "content-type": "application/json"}
    )
    assert_malformed(response, console_log)
    assert await db.fetch("SELECT * FROM chatroom_settings ORDER BY chatroom_id") == (
        settings_before
    )
    assert await count(db, "notification_preferences") == 0
    assert await count(db, "channel_notification_preferences") == 0
    assert await count(db, "categories") == 0
