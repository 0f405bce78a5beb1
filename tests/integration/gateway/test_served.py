"""`streamzctl serve` (the production server, granian by default, in a process of its own)
next to an in-process instance: the protocol works the same across both."""

from __future__ import annotations

import asyncio
import os
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from streamz.settings import Settings
from tests.fakes.ory import FakeOry
from tests.integration.conftest import ORY_KEY
from tests.integration.gateway.conftest import People
from tests.integration.gateway.support import PROBLEM, Client, Instance, free_port

pytestmark = pytest.mark.timeout(180)


@pytest.fixture
async def served(
    settings: Settings, ory: FakeOry, tmp_path: Path, clean: None
) -> AsyncIterator[str]:
    port = free_port()
    env = {
        **os.environ,
        "STREAMZ_DATABASE_URL": settings.database.url or "",
        "STREAMZ_REDIS_URL": settings.redis.url or "",
        "STREAMZ_TYPESENSE_URL": settings.search.url or "",
        "STREAMZ_TYPESENSE_API_KEY": settings.search.api_key or "",
        "STREAMZ_DATA_DIR": str(tmp_path),
        "STREAMZ_PORT": str(port),
        "STREAMZ_JWKS_URL": ory.jwks_url,
        "STREAMZ_JWT_ISSUER": ory.url,
        "STREAMZ_JWT_AUDIENCE": "streamz",
        "STREAMZ_ORY_WEBHOOK_KEY": ORY_KEY,
        "STREAMZ_LOG_LEVEL": "WARNING",
    }
    process = await asyncio.create_subprocess_exec(
        str(Path(sys.executable).parent / "streamzctl"), "serve", env=env
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        async with httpx.AsyncClient() as http:
            while True:
                assert process.returncode is None, "streamzctl serve exited"
                try:
                    if (await http.get(f"{url}/health", timeout=1)).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert time.monotonic() < deadline, "streamzctl serve did not start"
                await asyncio.sleep(0.2)
        yield f"ws://127.0.0.1:{port}/ws"
    finally:
        process.terminate()
        await asyncio.wait_for(process.wait(), 30)


async def test_the_served_gateway_and_an_in_process_one_share_rooms(
    served: str, a: Instance, people: People
) -> None:
    on_served = await Client.open(served, people.fan.token)
    welcome = await on_served.recv()
    assert welcome["principal"]["account_id"] == people.fan.account_id
    on_a = await Client.open(a.ws)
    await on_a.recv()
    topic = (await on_served.subscribe("chatroom:owner"))["topic"]
    await on_a.subscribe(topic)
    ack = await on_served.answer({"type": "send", "chatroom": "owner", "content": "from serve"})
    assert ack["type"] == "ack"
    assert (await on_a.event("chat.message_sent"))["data"]["content"] == "from serve"
    sent = await a.post(
        "/private/v1/channels/owner/chatroom/messages", {"content": "to serve"}, people.other.auth
    )
    assert sent.status_code == 201
    await on_served.until(lambda f: f.get("seq") == 2)
    assert on_served.seqs(topic) == [1, 2]
    malformed = await on_served.answer({"type": "dance"})
    assert malformed["problem"]["type"] == PROBLEM + "malformed-frame"
    await on_served.send("x" * 20000)
    too_large = await on_served.until(lambda f: f["type"] == "error" and "id" not in f)
    assert too_large["problem"]["type"] == PROBLEM + "frame-too-large"

    refused = await Client.open(served, "not-a-token")
    code, reason = await refused.closed()
    assert code == 4001
    assert reason.startswith("invalid-token")
