"""Real gateway instances (uvicorn in this process, each its own app and container, sharing the
test PostgreSQL and Redis) and real websocket clients (the ``websockets`` library)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import uvicorn
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from streamz.container import make_container
from streamz.entrypoints.gateway.config import GatewayConfig
from streamz.entrypoints.gateway.hub import Hub
from streamz.entrypoints.gateway.socket import configure_gateway, hub_of
from streamz.entrypoints.http.app import create_app
from streamz.settings import Settings

PROBLEM = "https://streamz.dev/problems/"
FAST = GatewayConfig(
    heartbeat_seconds=25,
    idle_timeout_seconds=60,
    presence_seconds=0.3,
    presence_ttl_seconds=1.5,
    sample_seconds=1.0,
    stats_seconds=0.3,
    stats_ttl_seconds=1.5,
    close_timeout_seconds=2,
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class _Server(uvicorn.Server):
    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:  # the test process keeps its own handlers
        yield


class Instance:
    """One API + websocket server on a port of its own (uvicorn, in this event loop)."""

    def __init__(self, settings: Settings, config: GatewayConfig = FAST, name: str = "") -> None:
        self.settings = settings
        self.config = config
        self.name = name
        self.port = free_port()
        self._server: _Server | None = None
        self._task: asyncio.Task[None] | None = None
        self.app: Any = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws(self) -> str:
        return f"ws://127.0.0.1:{self.port}/ws"

    async def start(self) -> Instance:
        self.app = create_app(self.settings, make_container(self.settings))
        configure_gateway(self.app, self.config)
        config = uvicorn.Config(
            self.app,
            host="127.0.0.1",
            port=self.port,
            lifespan="on",
            log_config=None,
            access_log=False,
            ws_per_message_deflate=False,
            proxy_headers=False,  # as `streamzctl`: the app reads X-Forwarded-For (client_ip.py)
        )
        self._server = _Server(config)
        self._task = asyncio.create_task(self._server.serve())
        deadline = time.monotonic() + 20
        while not self._server.started:
            assert not self._task.done(), "the server did not start"
            assert time.monotonic() < deadline, "the server did not start in time"
            await asyncio.sleep(0.02)
        return self

    async def hub(self) -> Hub:
        return await hub_of(self.app)

    async def stop(self) -> None:
        if self._server is None or self._task is None:
            return
        self._server.should_exit = True
        done, _ = await asyncio.wait([self._task], timeout=30)
        if not done:  # say what is stuck
            for task in asyncio.all_tasks():
                task.print_stack(limit=3, file=sys.stderr)
            raise AssertionError(f"instance {self.name} did not stop in 30 s")
        self._server = None
        self._task = None

    async def restart(self) -> Instance:
        await self.stop()
        return await self.start()

    async def post(self, path: str, body: Any, headers: dict[str, str]) -> httpx.Response:
        async with httpx.AsyncClient(base_url=self.url, timeout=10) as http:
            return await http.post(path, json=body, headers=headers)


class Client:
    """A websocket client that keeps every frame it received, in order."""

    def __init__(self, connection: ClientConnection) -> None:
        self.connection = connection
        self.frames: list[dict[str, Any]] = []
        self._returned: set[int] = set()
        self._count = 0

    @classmethod
    async def open(
        cls,
        url: str,
        token: str | None = None,
        *,
        query: str = "",
        headers: dict[str, str] | None = None,
        max_queue: int | None = 64,
    ) -> Client:
        extra = dict(headers or {})
        if token is not None:
            extra["Authorization"] = f"Bearer {token}"
        connection = await connect(
            url + query,
            additional_headers=extra,
            max_queue=max_queue,
            compression=None,
            open_timeout=10,
        )
        return cls(connection)

    async def send(self, frame: dict[str, Any] | str) -> None:
        await self.connection.send(frame if isinstance(frame, str) else json.dumps(frame))

    def _next_id(self) -> str:
        self._count += 1
        return f"f{self._count}"

    async def recv(self, wait: float = 5.0) -> dict[str, Any]:
        raw = await asyncio.wait_for(self.connection.recv(), wait)
        frame: dict[str, Any] = json.loads(raw)
        self.frames.append(frame)
        return frame

    async def until(
        self, match: Callable[[dict[str, Any]], bool], wait: float = 5.0
    ) -> dict[str, Any]:
        """The first frame (kept already, or new) that ``match``es and was not returned yet."""
        deadline = time.monotonic() + wait
        checked = 0
        while True:
            while checked < len(self.frames):
                index, checked = checked, checked + 1
                if index not in self._returned and match(self.frames[index]):
                    self._returned.add(index)
                    return self.frames[index]
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no matching frame; got {self.frames[-5:]}")
            await self.recv(left)

    async def answer(self, frame: dict[str, Any], wait: float = 5.0) -> dict[str, Any]:
        """Send ``frame`` with a fresh id; its answer (ack/subscribed/error/welcome/pong)."""
        frame_id = self._next_id()
        await self.send({**frame, "id": frame_id})
        return await self.until(lambda f: f.get("id") == frame_id, wait)

    async def subscribe(self, topic: str, resume_from: int | None = None) -> dict[str, Any]:
        frame: dict[str, Any] = {"type": "subscribe", "topic": topic}
        if resume_from is not None:
            frame["resume_from"] = resume_from
        answer = await self.answer(frame)
        assert answer["type"] == "subscribed", answer
        return answer

    def events(self, name: str | None = None, topic: str | None = None) -> list[dict[str, Any]]:
        return [
            f
            for f in self.frames
            if f.get("type") == "event"
            and (name is None or f["event"] == name)
            and (topic is None or f["topic"] == topic)
        ]

    def seqs(self, topic: str | None = None) -> list[int]:
        return [f["seq"] for f in self.events(topic=topic) if f.get("durable")]

    async def event(self, name: str, wait: float = 5.0) -> dict[str, Any]:
        return await self.until(lambda f: f.get("type") == "event" and f["event"] == name, wait)

    async def drain(self, quiet: float = 0.3) -> None:
        """Receive until nothing comes for ``quiet`` seconds."""
        with contextlib.suppress(TimeoutError):
            while True:
                await self.recv(quiet)

    async def collect(self, seconds: float) -> None:
        """Receive (and keep) frames for ``seconds``."""
        deadline = time.monotonic() + seconds
        with contextlib.suppress(TimeoutError):
            while (left := deadline - time.monotonic()) > 0:
                await self.recv(left)

    async def closed(self, wait: float = 10.0) -> tuple[int, str]:
        """Read (and keep) frames until the server closes; its close code and reason."""
        deadline = time.monotonic() + wait
        received = None
        try:
            while time.monotonic() < deadline:
                await self.recv(deadline - time.monotonic())
        except ConnectionClosed as closed:
            received = closed.rcvd
        if received is None:
            raise AssertionError("the server did not close the connection with a close frame")
        return received.code, received.reason

    async def close(self) -> None:
        await self.connection.close()
