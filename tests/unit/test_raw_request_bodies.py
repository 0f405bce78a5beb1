"""Handlers that decode the raw body themselves (``sent_body``) answer a body that cannot be
decoded (nested too deeply, not UTF-8, not JSON) with the 400 ``malformed-body`` problem, as
Litestar's own decoding does, never with a 500."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from litestar import Request, post
from litestar.testing import create_test_client

from streamz.entrypoints.http.chat.views import sent_body as chat_body
from streamz.entrypoints.http.igdb.views import sent_body as igdb_body
from streamz.entrypoints.http.problems import EXCEPTION_HANDLERS
from streamz.entrypoints.http.social.views import sent_body as social_body

MALFORMED = "https://streamz.dev/problems/malformed-body"
DECODERS = [
    pytest.param(chat_body, id="chat"),
    pytest.param(social_body, id="social"),
    pytest.param(igdb_body, id="igdb"),
]


@pytest.mark.parametrize("decode", DECODERS)
@pytest.mark.parametrize(
    ("body", "reason"),
    [
        pytest.param(b'{"a":' + b"[" * 20_000 + b"]" * 20_000 + b"}", "nested", id="deep"),
        pytest.param(b"[" * 20_000, "nested", id="deep-unclosed"),
        pytest.param(b'{"a":"\xff"}', "UTF-8", id="invalid-utf8"),
        pytest.param(b'{"a":', "", id="truncated"),
    ],
)
def test_undecodable_raw_body_is_a_400_problem(
    decode: Callable[[bytes], Any], body: bytes, reason: str
) -> None:
    @post("/raw", status_code=200)
    async def handler(request: Request[Any, Any, Any]) -> dict[str, Any]:
        return dict(decode(await request.body()))

    with create_test_client([handler], exception_handlers=EXCEPTION_HANDLERS) as client:
        response = client.post("/raw", content=body)
        ok = client.post("/raw", content=b'{"a": 1}')
    assert response.status_code == 400, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["type"] == MALFORMED
    assert reason in response.json()["detail"]
    assert (ok.status_code, ok.json()) == (200, {"a": 1})
