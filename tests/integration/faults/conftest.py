"""Fault tests: PostgreSQL, Redis and Typesense of their own (never the session's), which the
tests stop, kill, freeze and restart; the app's log captured."""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import signal
import socket
import subprocess
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from streamz.entrypoints import migrations
from streamz.entrypoints.http.auth import ORY_KEY_HEADER
from streamz.settings import (
    AuthSettings,
    DatabaseSettings,
    LogSettings,
    RedisSettings,
    SearchSettings,
    Settings,
)
from streamz_dev.localservices import LocalServices, ServiceUrls
from streamz_dev.localservices._process import pid_alive
from tests.fakes.ory import FakeOry
from tests.integration.conftest import ORY_KEY, captured_log
from tests.integration.gateway.support import Instance

PROBLEM = "https://streamz.dev/problems/"


class Servers:
    """The package's own servers, and what the tests do to them."""

    def __init__(self, local: LocalServices, urls: ServiceUrls) -> None:
        self.local = local
        self.urls = urls

    def pid(self, name: str) -> int:
        [status] = [s for s in self.local.status() if s.name == name]
        assert status.running, f"{name} is not running"
        assert status.pid is not None
        return status.pid

    def kill(self, name: str, sig: signal.Signals = signal.SIGKILL) -> None:
        """Send ``sig`` to the server and wait until it is gone (PostgreSQL: to the
        postmaster, whose fast shutdown is SIGINT)."""
        pid = self.pid(name)
        os.kill(pid, sig)
        deadline = time.monotonic() + 30
        while pid_alive(pid):  # every thread gone: its sockets are closed
            assert time.monotonic() < deadline, f"{name} did not die of {sig.name}"
            time.sleep(0.02)

    def restart(self) -> None:
        """Start whatever is not running, on the port it had."""
        down = {s.port for s in self.local.status() if not s.running and s.port is not None}
        before = _sockets_on(down)
        urls = self.local.start()
        assert urls == self.urls, (
            f"a server came back on another port; TCP sockets on its port {sorted(down)} before "
            f"the restart:\n{before}\nafter:\n{_sockets_on(down)}"
        )

    @contextlib.contextmanager
    def down(self, name: str, sig: signal.Signals = signal.SIGKILL) -> Iterator[None]:
        self.kill(name, sig)
        try:
            yield
        finally:
            self.restart()

    @contextlib.contextmanager
    def frozen(self, name: str) -> Iterator[None]:
        pid = self.pid(name)
        os.kill(pid, signal.SIGSTOP)
        try:
            yield
        finally:
            os.kill(pid, signal.SIGCONT)


def _sockets_on(ports: set[int]) -> str:
    """The ``ss -tanp`` lines of TCP sockets whose local port is one of ``ports``: who holds it."""
    try:
        listing = subprocess.run(
            ["ss", "-tanpH"], capture_output=True, text=True, timeout=5, check=False
        ).stdout
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"(ss: {error})"
    wanted = {str(port) for port in ports}
    lines = [
        line
        for line in listing.splitlines()
        if len(fields := line.split()) > 3 and fields[3].rpartition(":")[2] in wanted
    ]
    return "\n".join(lines) or "(none)"


def _quiet_ports(count: int) -> list[int]:
    """Free ports below the ephemeral range (32768 and up): while a server is down no client
    socket can be given its port (nor a client reconnecting to it connect to itself), so the
    server comes back on the same port."""
    ports: list[int] = []
    while len(ports) < count:
        port = random.randrange(20_000, 32_000)
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
        if port not in ports:
            ports.append(port)
    return ports


@pytest.fixture(scope="package")
def servers(workdir: Path) -> Iterator[Servers]:
    local = LocalServices(workdir / "fault-services", ephemeral=True, fixed_ports=False)
    # the ports it starts on (it keeps a service's previous port when that port is free)
    pg, redis, typesense, peering = _quiet_ports(4)
    services = {
        "postgres": {"port": pg},
        "redis": {"port": redis},
        "typesense": {"port": typesense, "peering_port": peering},
    }
    local.root.mkdir(parents=True, exist_ok=True)
    local.state_path.write_text(json.dumps({"services": services}))
    try:
        urls = local.start()
        assert f":{redis}/" in urls.redis_url, "the chosen ports were not used"
        migrations.upgrade(urls.database_url)
        yield Servers(local, urls)
    finally:
        local.stop()


@pytest.fixture(scope="package")
def settings(workdir: Path, servers: Servers, ory: FakeOry) -> Settings:
    """The suite's settings, on this package's servers."""
    urls = servers.urls
    return Settings(
        data_dir=workdir / "fault-data",
        database=DatabaseSettings(url=urls.database_url, pool_size=5),
        redis=RedisSettings(url=urls.redis_url),
        search=SearchSettings(url=urls.typesense_url, api_key=urls.typesense_api_key),
        auth=AuthSettings(
            jwks_url=ory.jwks_url,
            jwt_issuer=ory.url,
            jwt_audience="streamz",
            ory_webhook_key=ORY_KEY,
        ),
        log=LogSettings(json=True),
    )


@pytest.fixture
def app_log() -> Iterator[io.StringIO]:
    """The app's log (JSON lines, as in production), written here."""
    with captured_log(json=True) as written:
        yield written


@pytest.fixture
async def server(settings: Settings, clean: None) -> AsyncIterator[Instance]:
    """The API and the websocket gateway on a port of their own (uvicorn), on these servers."""
    instance = await Instance(settings, name="faults").start()
    yield instance
    await instance.stop()


@pytest.fixture
async def http(server: Instance) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=server.url, timeout=30) as client:
        yield client


@dataclass(frozen=True)
class Person:
    username: str
    token: str

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


async def registration(http: httpx.AsyncClient, username: str) -> tuple[httpx.Response, str]:
    """Ory's registration webhook for a new identity: the answer and the identity's id."""
    identity_id = str(uuid.uuid4())
    traits = {"username": username, "email": f"{username}@example.com"}
    response = await http.post(
        "/internal/webhooks/ory/registration",
        json={"identity": {"id": identity_id, "schema_id": "default", "traits": traits}},
        headers={ORY_KEY_HEADER: ORY_KEY},
    )
    return response, identity_id


async def register(http: httpx.AsyncClient, ory: FakeOry, username: str) -> Person:
    response, identity_id = await registration(http, username)
    assert response.status_code == 201, response.text
    return Person(username, ory.session_token(identity_id))


def log_lines(log: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in log.getvalue().splitlines() if line.startswith("{")]
