"""Redis and PostgreSQL killed, restarted and frozen under a running API, gateway and worker.

A dependency down is a 503 problem (type ``unavailable``, ``Retry-After``), the same problem in
websocket error frames, and a warning line in the log: never a 500 or a traceback. After a
restart the first requests and jobs succeed (no stale pooled connection fails them). A frozen
Redis costs a chat send about a second (then 503) and a search nothing.
"""

from __future__ import annotations

import asyncio
import io
import signal
import time
from typing import Any

import httpx
import pytest
from redis.asyncio import Redis
from saq.job import Status
from saq.queue.redis import RedisQueue

from streamz.adapters.saq import QUEUE_NAME
from streamz.container import make_container
from streamz.entrypoints.worker.main import build_worker
from streamz.settings import Settings
from tests.fakes.ory import FakeOry
from tests.integration.faults.conftest import (
    PROBLEM,
    Servers,
    log_lines,
    register,
    registration,
)
from tests.integration.gateway.support import Client, Instance

pytestmark = pytest.mark.timeout(180)

ROOM = "/private/v1/channels/owner/chatroom/messages"
FOLLOW = "/private/v1/me/follows/channels/owner"
SEARCH = "/public/v1/search"


def assert_unavailable(response: httpx.Response) -> None:
    assert response.status_code == 503, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.headers["retry-after"] == "2"
    body = response.json()
    assert body["type"] == PROBLEM + "unavailable"
    assert body["status"] == 503
    assert body["retry_after"] == 2


def assert_frame_unavailable(frame: dict[str, Any]) -> None:
    assert frame["type"] == "error", frame
    problem = frame["problem"]
    assert problem["type"] == PROBLEM + "unavailable"
    assert problem["status"] == 503
    assert problem["retry_after"] == 2


def assert_outages_logged(log: io.StringIO, at_least: int) -> None:
    """One warning line per outage answered; no error line, no traceback."""
    lines = log_lines(log)
    assert [line for line in lines if line["level"] in {"error", "critical"}] == []
    assert "Traceback" not in log.getvalue()
    warnings = [line for line in lines if line["event"] == "dependency unavailable"]
    assert len(warnings) >= at_least
    assert all(line["level"] == "warning" for line in warnings)


async def send(http: httpx.AsyncClient, auth: dict[str, str], content: str) -> httpx.Response:
    return await http.post(ROOM, json={"content": content}, headers=auth)


async def signed_in(server: Instance, token: str) -> Client:
    client = await Client.open(server.ws, token)
    await client.until(lambda frame: frame["type"] == "welcome")
    return client


async def ws_send(client: Client, content: str) -> dict[str, Any]:
    return await client.answer({"type": "send", "chatroom": "owner", "content": content}, 10)


async def test_redis_down_chat_is_503_and_follows_and_registrations_go_on(
    server: Instance, http: httpx.AsyncClient, ory: FakeOry, servers: Servers, app_log: io.StringIO
) -> None:
    await register(http, ory, "owner")
    fan = await register(http, ory, "fan")
    socket = await signed_in(server, fan.token)
    try:
        with servers.down("redis"):
            # the chat limits live in Redis: nothing is admitted that they cannot check
            assert_unavailable(await send(http, fan.auth, "over http"))
            assert_frame_unavailable(await ws_send(socket, "over the socket"))
            # PostgreSQL alone suffices: their events wait in the outbox
            followed = await http.put(FOLLOW, headers=fan.auth)
            assert followed.status_code == 200, followed.text
            registered, _ = await registration(http, "newcomer")
            assert registered.status_code == 201, registered.text
            # search comes from Typesense; only the trending counts wait for Redis
            found = await http.get(SEARCH, params={"q": "owner"})
            assert found.status_code == 200, found.text
            assert_unavailable(await http.get(f"{SEARCH}/trending"))
        assert (await send(http, fan.auth, "back")).status_code == 201
        assert (await ws_send(socket, "back again"))["type"] == "ack"
    finally:
        await socket.close()
    assert_outages_logged(app_log, at_least=2)


async def test_postgres_down_is_503_everywhere(
    server: Instance, http: httpx.AsyncClient, ory: FakeOry, servers: Servers, app_log: io.StringIO
) -> None:
    await register(http, ory, "owner")
    fan = await register(http, ory, "fan")
    socket = await signed_in(server, fan.token)
    try:
        # its fast shutdown (what `pg_ctl stop -m fast` sends): every connection is cut, nothing
        # committed is lost (SIGQUIT would lose the last commits: these servers run with
        # synchronous_commit off)
        with servers.down("postgres", signal.SIGINT):
            assert_unavailable(await send(http, fan.auth, "over http"))
            assert_frame_unavailable(await ws_send(socket, "over the socket"))
            assert_unavailable(await http.put(FOLLOW, headers=fan.auth))
            registered, _ = await registration(http, "newcomer")
            assert_unavailable(registered)
            found = await http.get(SEARCH, params={"q": "owner"})  # Typesense only
            assert found.status_code == 200, found.text
        back = await send(http, fan.auth, "back")
        assert back.status_code == 201, back.text
        assert (await ws_send(socket, "back again"))["type"] == "ack"
        assert (await http.put(FOLLOW, headers=fan.auth)).status_code == 200
    finally:
        await socket.close()
    assert_outages_logged(app_log, at_least=4)


async def test_after_a_redis_restart_the_first_requests_succeed(
    server: Instance, http: httpx.AsyncClient, ory: FakeOry, servers: Servers, app_log: io.StringIO
) -> None:
    people = [await register(http, ory, name) for name in ("owner", "ann", "bob", "cat", "dan")]

    async def everyone(content: str) -> list[int]:
        answers = await asyncio.gather(*(send(http, p.auth, content) for p in people))
        return [a.status_code for a in answers]

    assert await everyone("fills the pool") == [201] * len(people)
    servers.kill("redis")  # and back at once: no request saw it down
    servers.restart()
    assert await everyone("first after the restart") == [201] * len(people)
    assert_outages_logged(app_log, at_least=0)


async def test_after_a_redis_restart_the_worker_runs_jobs_at_once(
    settings: Settings, clean: None, servers: Servers, app_log: io.StringIO
) -> None:
    container = make_container(settings)
    worker = build_worker(settings.redis.url or "", container, relay=False)
    worker.SIGNALS = []
    running = asyncio.create_task(worker.start())

    async def jobs(count: int) -> list[tuple[Status, int]]:
        # a queue of its own each time: only the worker's connections are from before
        queue = RedisQueue(Redis.from_url(settings.redis.url or ""), name=QUEUE_NAME)
        try:
            queued = [await queue.enqueue("relay_outbox", timeout=30) for _ in range(count)]
            done = []
            for job in queued:
                assert job is not None
                await job.refresh(until_complete=10)
                done.append((job.status, job.attempts))
            return done
        finally:
            await queue.disconnect()

    try:
        await swept(settings)  # SAQ's first sweep aborts jobs it sees half taken: let it pass
        assert await jobs(10) == [(Status.COMPLETE, 1)] * 10
        servers.kill("redis")
        servers.restart()
        await asyncio.sleep(1.5)  # its upkeep loops (every second) run before the next jobs
        assert await jobs(10) == [(Status.COMPLETE, 1)] * 10
    finally:
        await worker.stop()
        running.cancel()
        await container.close()
    assert_outages_logged(app_log, at_least=0)
    failed = [line for line in log_lines(app_log) if "failed" in str(line["event"]).lower()]
    assert failed == []  # not even as a warning: no stale connection failed a command


async def swept(settings: Settings) -> None:
    """Once the worker's first sweep of active jobs is done (it leaves a lock for a minute)."""
    client = Redis.from_url(settings.redis.url or "")
    try:
        deadline = time.monotonic() + 10
        while not await client.exists(f"saq:{QUEUE_NAME}:sweep"):
            assert time.monotonic() < deadline, "the worker did not sweep"
            await asyncio.sleep(0.05)
    finally:
        await client.aclose()


async def test_a_frozen_redis_fails_sends_fast_and_does_not_delay_search(
    server: Instance, http: httpx.AsyncClient, ory: FakeOry, servers: Servers, app_log: io.StringIO
) -> None:
    await register(http, ory, "owner")
    fan = await register(http, ory, "fan")
    socket = await signed_in(server, fan.token)
    assert (await http.get(SEARCH, params={"q": "owner"})).status_code == 200
    try:
        with servers.frozen("redis"):
            await asyncio.sleep(1.2)  # the trending counts are due for Redis on the next search

            started = time.monotonic()
            found = await http.get(SEARCH, params={"q": "owner"})
            took = time.monotonic() - started
            assert found.status_code == 200, found.text
            assert took < 1.5, f"search took {took:.2f} s"

            started = time.monotonic()
            assert_unavailable(await send(http, fan.auth, "over http"))
            took = time.monotonic() - started
            assert took < 2.0, f"send took {took:.2f} s"

            started = time.monotonic()
            assert_frame_unavailable(await ws_send(socket, "over the socket"))
            took = time.monotonic() - started
            assert took < 2.0, f"websocket send took {took:.2f} s"
        assert (await send(http, fan.auth, "thawed")).status_code == 201
    finally:
        await socket.close()
    assert_outages_logged(app_log, at_least=2)
