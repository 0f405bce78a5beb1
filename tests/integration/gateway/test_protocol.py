"""The protocol's edges on a real server: authentication (header, query, first frame; 4001),
API tokens and their scopes, malformed and oversize frames (error frames, the connection
stays usable), heartbeats and the idle timeout (4008)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import pytest

from streamz.entrypoints.gateway.config import GatewayConfig
from streamz.settings import Settings
from tests.fakes.ory import FakeOry
from tests.integration.conftest import Client as HttpClient
from tests.integration.conftest import api_token
from tests.integration.gateway.conftest import People
from tests.integration.gateway.support import PROBLEM, Client, Instance


async def refused(client: Client) -> tuple[dict[str, object], int, str]:
    """The error frame, close code and reason of a refused connection."""
    code, reason = await client.closed()
    [error] = [f for f in client.frames if f["type"] == "error"]
    return error, code, reason


@pytest.mark.parametrize(
    ("headers", "query"),
    [
        ({"Authorization": "Bearer not-a-jwt"}, ""),
        ({"Authorization": "Basic dXNlcjpwYXNz"}, ""),
        ({}, "?token=not-a-jwt"),
        ({}, "?token=stz_unknown_token_value"),
    ],
)
async def test_bad_credentials_close_4001(a: Instance, headers: dict[str, str], query: str) -> None:
    client = await Client.open(a.ws, query=query, headers=headers)
    error, code, reason = await refused(client)
    assert code == 4001
    problem = error["problem"]
    assert isinstance(problem, dict)
    assert problem["status"] == 401
    assert str(problem["type"]).startswith(PROBLEM)
    assert reason.split(":")[0] in {"invalid-token", "unauthenticated"}
    assert (await a.hub()).counters.auth_failures >= 1


async def test_an_expired_session_closes_4001(a: Instance, people: People, ory: FakeOry) -> None:
    expired = ory.session_token(people.fan.identity_id, ttl=60, now=time.time() - 3600)
    error, code, _ = await refused(await Client.open(a.ws, expired))
    assert code == 4001
    problem = error["problem"]
    assert isinstance(problem, dict)
    assert problem["type"] == PROBLEM + "invalid-token"


async def test_auth_as_the_first_frame(a: Instance, people: People) -> None:
    client = await Client.open(a.ws)
    assert (await client.recv())["principal"]["kind"] == "anonymous"
    await client.subscribe("chatroom:owner")
    welcome = await client.answer({"type": "auth", "token": people.fan.token})
    assert welcome["type"] == "welcome"
    assert welcome["principal"] == {"kind": "user", "account_id": people.fan.account_id}
    sent = await client.answer({"type": "send", "chatroom": "owner", "content": "signed in"})
    assert sent["type"] == "ack"
    renewed = await client.answer({"type": "auth", "token": people.fan.token})
    assert renewed["type"] == "welcome"  # a fresh credential for the same account
    other = await client.answer({"type": "auth", "token": people.other.token})
    assert other["problem"]["type"] == PROBLEM + "already-authenticated"

    bad = await Client.open(a.ws)
    await bad.recv()
    await bad.send({"type": "auth", "id": "a1", "token": "forged"})
    error, code, _ = await refused(bad)
    assert code == 4001
    assert error["id"] == "a1"


async def test_api_tokens_and_their_scopes(a: Instance, people: People, client: HttpClient) -> None:
    writer = (await api_token(client, people.fan, "chat:write"))["Authorization"].split()[1]
    reader = (await api_token(client, people.fan, "channel:write"))["Authorization"].split()[1]
    bot = await Client.open(a.ws, query=f"?token={writer}")
    assert (await bot.recv())["principal"]["kind"] == "token"
    sent = await bot.answer({"type": "send", "chatroom": "owner", "content": "from a bot"})
    assert sent["type"] == "ack"
    unscoped = await Client.open(a.ws, reader)
    await unscoped.recv()
    refusal = await unscoped.answer({"type": "send", "chatroom": "owner", "content": "no"})
    assert refusal["problem"]["type"] == PROBLEM + "forbidden"
    assert refusal["problem"]["status"] == 403


async def test_malformed_and_oversize_frames_get_errors_and_the_connection_stays(
    a: Instance, people: People
) -> None:
    client = await Client.open(a.ws, people.fan.token)
    await client.recv()
    await client.subscribe("chatroom:owner")
    for bad in [
        "not json",
        '["a", "list"]',
        '{"type": "dance", "id": "d"}',
        '{"type": "send", "id": "s", "chatroom": "owner"}',
        '{"type": "subscribe", "id": "r", "topic": "chatroom:owner", "resume_from": "x"}',
    ]:
        await client.send(bad)
        error = await client.until(lambda f: f["type"] == "error")
        assert error["problem"]["type"] == PROBLEM + "malformed-frame"
        assert error["problem"]["status"] == 400
    assert [f.get("id") for f in client.frames if f["type"] == "error"] == [
        None, None, "d", "s", "r"]  # fmt: skip
    await client.connection.send(b'{"type": "ping"}')  # binary
    binary = await client.until(lambda f: f["type"] == "error")
    assert binary["problem"]["type"] == PROBLEM + "malformed-frame"

    huge = '{"type": "send", "id": "big", "chatroom": "owner", "content": "' + "x" * 17000 + '"}'
    await client.send(huge)
    too_large = await client.until(lambda f: f["type"] == "error")
    assert too_large["problem"]["type"] == PROBLEM + "frame-too-large"
    assert too_large["problem"]["status"] == 413
    # under the frame limit, the use case's own rules apply (500 characters), as over HTTP
    long = await client.answer({"type": "send", "chatroom": "owner", "content": "y" * 600})
    assert long["problem"]["type"] == PROBLEM + "invalid"
    assert long["problem"]["errors"][0]["field"] == "body.content"

    assert (await client.answer({"type": "ping"}))["type"] == "pong"
    ok = await client.answer({"type": "send", "chatroom": "owner", "content": "still here"})
    assert ok["type"] == "ack"
    assert ok["message"]["seq"] == 1  # nothing was written by the bad frames


@pytest.fixture
async def beating(settings: Settings, clean: None) -> AsyncIterator[Instance]:
    config = GatewayConfig(heartbeat_seconds=0.2, idle_timeout_seconds=0.8)
    instance = await Instance(settings, config, "beating").start()
    yield instance
    await instance.stop()


async def test_heartbeat_and_idle_timeout(beating: Instance) -> None:
    silent = await Client.open(beating.ws)
    answering = await Client.open(beating.ws)
    welcome = await answering.recv()
    assert welcome["heartbeat_seconds"] == 0.2
    assert welcome["idle_timeout_seconds"] == 0.8
    started = time.monotonic()

    async def answer_pings() -> None:
        while True:
            frame = await answering.recv(5)
            if frame["type"] == "ping":
                await answering.send({"type": "pong"})

    answering_task = asyncio.create_task(answer_pings())
    code, reason = await silent.closed(5)
    elapsed = time.monotonic() - started
    assert code == 4008
    assert reason == "idle-timeout"
    assert 0.6 < elapsed < 3
    assert any(f["type"] == "ping" for f in silent.frames)  # it was pinged, and did not answer
    await asyncio.sleep(0.8)  # the answering client outlives the idle timeout
    assert not answering_task.done()
    answering_task.cancel()
    assert sum(1 for f in answering.frames if f["type"] == "ping") >= 5
    assert (await beating.hub()).counters.idle_closes == 1
