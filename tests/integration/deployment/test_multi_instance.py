"""Streamz deployed as docs/deployment.md says: two API instances (`streamzctl serve`) and two
workers (`streamzctl worker`), separate processes sharing one configuration (the same STREAMZ_*
variables and data directory, so the same secrets) and the suite's PostgreSQL, Redis and
Typesense.

- a websocket client on instance A gets a chat message sent over HTTP to instance B;
- follows committed through both instances, with both workers relaying the outbox, give one
  `new_follower` notification per follow and the right follower count in the search index;
- a worker killed with SIGKILL in the middle of a burst of follows loses none of them.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import httpx
import pytest
from saq.queue.redis import RedisQueue

from streamz.adapters.redis.client import connect
from streamz.adapters.saq import QUEUE_NAME
from streamz.settings import Settings
from tests.fakes.ory import FakeOry
from tests.integration.conftest import Client as HttpClient
from tests.integration.conftest import User, register
from tests.integration.gateway.support import Client as WsClient
from tests.integration.gateway.support import free_port

pytestmark = pytest.mark.timeout(120)

STREAMZCTL = str(Path(sys.executable).parent / "streamzctl")
START_WITHIN = 90.0  # seconds, for four processes importing the stack at once on 2 cores
SETTLED_WITHIN = 40.0


@dataclass
class Deployment:
    apis: list[str]  # base URLs of instance A and B
    workers: list[subprocess.Popen[bytes]]
    start_worker: Callable[[], subprocess.Popen[bytes]]

    def ws(self, index: int) -> str:
        return self.apis[index].replace("http://", "ws://") + "/ws"


def _stop(processes: list[subprocess.Popen[bytes]]) -> None:
    """SIGTERM to each process group at once, SIGKILL to any still there 15 s later: no teardown
    waits longer."""
    for process in processes:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + 15
    for process in processes:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)


def _worker_ready(log: Path) -> bool:
    return log.exists() and "worker started" in log.read_text(errors="replace")


@pytest.fixture(scope="module")
def deployment(
    settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Deployment]:
    root = tmp_path_factory.mktemp("deployment")
    shared = {  # one configuration for every process: services, secrets (data dir), auth
        **os.environ,
        **settings.as_env(),
        "STREAMZ_DATA_DIR": str(root / "data"),
        "STREAMZ_LOG_LEVEL": "INFO",
        "STREAMZ_WORKERS": "1",
    }
    processes: list[subprocess.Popen[bytes]] = []

    def spawn(command: str, log: Path, **env: str) -> subprocess.Popen[bytes]:
        with log.open("wb") as out:
            process = subprocess.Popen(
                [STREAMZCTL, command],
                env={**shared, **env},
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: killed whole in teardown
            )
        processes.append(process)
        return process

    ports = [free_port(), free_port()]
    try:
        for name, port in zip("ab", ports, strict=True):
            spawn("serve", root / f"api-{name}.log", STREAMZ_PORT=str(port))
        workers = [spawn("worker", root / f"worker-{n}.log") for n in (1, 2)]
        more = iter(range(3, 100))
        apis = [f"http://127.0.0.1:{port}" for port in ports]
        deadline = time.monotonic() + START_WITHIN
        waiting = set(apis)
        while waiting or not all(_worker_ready(root / f"worker-{n}.log") for n in (1, 2)):
            for process in processes:
                assert process.poll() is None, f"{process.args!r} exited: see {root}"
            for api in list(waiting):
                with contextlib.suppress(httpx.TransportError):
                    if httpx.get(f"{api}/ready", timeout=2).status_code == 200:
                        waiting.discard(api)
            assert time.monotonic() < deadline, f"not started within {START_WITHIN} s: {root}"
            time.sleep(0.2)
        yield Deployment(apis, workers, lambda: spawn("worker", root / f"worker-{next(more)}.log"))
    finally:
        _stop(processes)


async def _eventually(what: str, check: Callable[[], Awaitable[bool]]) -> None:
    deadline = time.monotonic() + SETTLED_WITHIN
    while not await check():
        assert time.monotonic() < deadline, f"{what}: not within {SETTLED_WITHIN} s"
        await asyncio.sleep(0.2)


async def _follow(api: str, fan: User, channel: str) -> None:
    async with httpx.AsyncClient(base_url=api, timeout=10) as http:
        response = await http.put(f"/private/v1/me/follows/channels/{channel}", headers=fan.auth)
    assert response.status_code == 200, response.text


async def _followers_in_search(api: str, channel: str) -> int | None:
    async with httpx.AsyncClient(base_url=api, timeout=10) as http:
        response = await http.get("/public/v1/search/channels", params={"q": channel})
    if response.status_code != 200:
        return None
    for hit in response.json()["data"]:
        if hit["username"] == channel:
            return int(hit["followers"])
    return None


@dataclass(frozen=True)
class State:
    unpublished: int  # outbox rows not relayed yet
    followers_notified: int  # new_follower notifications
    expanded: int  # notifications expanded to their recipients
    inbox: int  # the owner's in-app notifications

    def settled(self, follows: int) -> bool:
        return self.unpublished == 0 and self.followers_notified == self.inbox == follows


async def _state(db: asyncpg.Connection, owner: User) -> State:
    return State(
        await db.fetchval("SELECT count(*) FROM outbox WHERE published_at IS NULL"),
        await db.fetchval("SELECT count(*) FROM notifications WHERE kind = 'new_follower'"),
        await db.fetchval("SELECT count(*) FROM notifications WHERE expanded_at IS NOT NULL"),
        await db.fetchval(
            "SELECT count(*) FROM inbox_notifications WHERE account_id = $1",
            uuid.UUID(owner.account_id),
        ),
    )


async def _settled(db: asyncpg.Connection, owner: User, follows: int) -> bool:
    return (await _state(db, owner)).settled(follows)


async def test_a_socket_on_a_gets_a_message_sent_to_b(
    deployment: Deployment, client: HttpClient, ory: FakeOry
) -> None:
    owner = await register(client, ory, "owner")
    fan = await register(client, ory, "fan")
    on_a = await WsClient.open(deployment.ws(0), fan.token)
    try:
        assert (await on_a.recv())["principal"]["kind"] == "user"
        topic = (await on_a.subscribe("chatroom:owner"))["topic"]
        async with httpx.AsyncClient(base_url=deployment.apis[1], timeout=10) as b:
            sent = await b.post(
                "/private/v1/channels/owner/chatroom/messages",
                json={"content": "sent to instance B"},
                headers=owner.auth,
            )
        assert sent.status_code == 201, sent.text
        event = await on_a.until(
            lambda f: f.get("type") == "event" and f.get("event") == "chat.message_sent", 10
        )
        assert event["topic"] == topic
        assert event["data"]["content"] == "sent to instance B"
        assert event["seq"] == sent.json()["seq"]
    finally:
        await on_a.close()


async def test_follows_through_both_instances_are_relayed_once_by_two_workers(
    deployment: Deployment, client: HttpClient, ory: FakeOry, db: asyncpg.Connection
) -> None:
    owner = await register(client, ory, "star")
    fans = [await register(client, ory, f"fan{n}") for n in range(10)]
    await asyncio.gather(
        *(_follow(deployment.apis[n % 2], fan, "star") for n, fan in enumerate(fans))
    )

    await _eventually("every follow notified", lambda: _settled(db, owner, len(fans)))
    events = await db.fetch(
        "SELECT event_id, count(*) AS n FROM notifications WHERE kind = 'new_follower'"
        " GROUP BY event_id"
    )
    assert len(events) == len(fans)
    assert {row["n"] for row in events} == {1}  # one notification per follow event
    await _eventually(
        "the search index counts every follower",
        lambda: _count_is(_followers_in_search(deployment.apis[0], "star"), len(fans)),
    )


async def _count_is(count: Awaitable[int | None], expected: int) -> bool:
    return await count == expected


async def test_a_worker_killed_mid_burst_loses_no_follow(
    deployment: Deployment,
    settings: Settings,
    client: HttpClient,
    ory: FakeOry,
    db: asyncpg.Connection,
) -> None:
    owner = await register(client, ory, "burst")
    fans = [await register(client, ory, f"burstfan{n}") for n in range(24)]
    first, rest = fans[:8], fans[8:]
    await asyncio.gather(
        *(_follow(deployment.apis[n % 2], f, "burst") for n, f in enumerate(first))
    )
    assert all(worker.poll() is None for worker in deployment.workers)
    killed = deployment.workers[0]
    os.killpg(killed.pid, signal.SIGKILL)  # mid-way: no cleanup of any kind
    killed.wait(timeout=10)
    await asyncio.gather(*(_follow(deployment.apis[n % 2], f, "burst") for n, f in enumerate(rest)))

    # A job the killed worker had taken stays in SAQ's active list until SAQ's sweep (once a
    # minute) retries it: at once if it had not started, past its timeout (120 s for event
    # consumers) if it had. The test retries at once a job still active 5 s after it first saw
    # it there (the live worker finishes these in milliseconds).
    queue = RedisQueue(connect(settings.redis.url or "", timeout=2.0), name=QUEUE_NAME)
    seen: dict[str, float] = {}  # active job id -> when the test first saw it there
    retried: list[str] = []
    try:

        async def settled() -> bool:
            if await _settled(db, owner, len(fans)):
                return True
            for job_id in await queue.redis.lrange(f"saq:{QUEUE_NAME}:active", 0, -1):
                name = job_id.decode() if isinstance(job_id, bytes) else job_id
                if time.monotonic() - seen.setdefault(name, time.monotonic()) < 5:
                    continue
                job = await queue.job(queue.job_key_from_id(name))
                if job is not None:
                    retried.append(job.function)
                    await queue.retry(job, error="its worker was killed")
                seen.pop(name)
            return False

        try:
            await _eventually("every follow notified after the kill", settled)
        except AssertionError as error:
            active = await queue.redis.lrange(f"saq:{QUEUE_NAME}:active", 0, -1)
            raise AssertionError(f"{error}: {await _state(db, owner)}, active {active}") from None
    finally:
        await queue.disconnect()
    notified = await db.fetchval(
        "SELECT count(DISTINCT event_id) FROM notifications WHERE kind = 'new_follower'"
    )
    assert notified == len(fans)
    assert deployment.workers[1].poll() is None  # the other worker did the rest
    deployment.workers[0] = deployment.start_worker()  # two again, for any test after this
    print(f"\njobs the killed worker held and that were retried: {retried or 'none'}")
