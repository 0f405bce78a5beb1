"""Bodies that cannot be decoded (deep nesting, invalid UTF-8) are a 400 problem, not a 500."""

from __future__ import annotations

import asyncpg
import httpx
import pytest

from streamz.entrypoints.http.auth import ORY_KEY_HEADER
from tests.fakes.ory import FakeOry
from tests.integration.conftest import ORY_KEY, Client, count, register

MALFORMED = "https://streamz.dev/problems/malformed-body"
MESSAGES = "/private/v1/channels/owner/chatroom/messages"
REGISTRATION = "/internal/webhooks/ory/registration"
HOSTILE = [
    pytest.param(b"[" * 20_000, id="deeply-nested"),
    pytest.param(b'{"content":"\xff"}', id="invalid-utf8"),
]


def assert_malformed(response: httpx.Response, capsys: pytest.CaptureFixture[str]) -> None:
    assert response.status_code == 400, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["type"] == MALFORMED
    logged = capsys.readouterr()
    lines = logged.out + logged.err
    assert "unhandled error" not in lines
    assert "Traceback" not in lines
    assert lines.count("malformed body") == 1


@pytest.mark.parametrize("body", HOSTILE)
async def test_chat_message_body_that_cannot_be_decoded_is_400(
    client: Client,
    ory: FakeOry,
    db: asyncpg.Connection,
    body: bytes,
    capsys: pytest.CaptureFixture[str],
) -> None:
    owner = await register(client, ory, "owner")
    response = await client.post(
        MESSAGES, content=body, headers={**owner.auth, "content-type": "application/json"}
    )
    assert_malformed(response, capsys)
    assert await count(db, "chat_messages") == 0


@pytest.mark.parametrize("body", HOSTILE)
async def test_ory_webhook_body_that_cannot_be_decoded_is_400(
    client: Client,
    db: asyncpg.Connection,
    body: bytes,
    capsys: pytest.CaptureFixture[str],
) -> None:
    response = await client.post(
        REGISTRATION,
        content=body,
        headers={ORY_KEY_HEADER: ORY_KEY, "content-type": "application/json"},
    )
    assert_malformed(response, capsys)
    assert await count(db, "accounts") == 0
