"""What requests put in the log: no terminal control characters, no unsubscribe tokens."""

from __future__ import annotations

import io

from tests.integration.conftest import Client


async def test_control_characters_in_a_url_are_escaped(
    client: Client, console_log: io.StringIO
) -> None:
    response = await client.get("/x%1b%5b2J%c2%9b")
    assert response.status_code == 404
    err = console_log.getvalue()
    assert "request" in err
    assert "\x1b" not in err
    assert "\u009b" not in err
    assert "/x\\x1b[2J\\x9b" in err


async def test_unsubscribe_tokens_are_not_logged(client: Client, console_log: io.StringIO) -> None:
    await client.get("/unsubscribe/c2VjcmV0LXRva2Vu.c2lnbmF0dXJl")
    err = console_log.getvalue()
    assert "/unsubscribe/[redacted]" in err
    assert "c2VjcmV0" not in err
